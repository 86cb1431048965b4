"""Which suppressed cells the published ones determine: a dense check by linear algebra.

Written apart from the engine (which decides the same question component by component),
so that tests can hold the engine to it. Cells are rows of a frame with the columns cell,
parent (-1 for none), group and item; relations are the engine's `Relation`s.
"""

import numpy as np


def equations(cells, relations):
    """Every additive equation of the frame as {row position: coefficient}: per item and
    group, parent - sum(children); per relation, group and area, total - sum(components)."""
    position = {
        (g, c, i): k
        for k, (g, c, i) in enumerate(
            zip(cells["group"], cells["cell"], cells["item"], strict=True)
        )
    }
    found = {}
    for (g, _, i), k in position.items():
        parent = cells["parent"].iloc[k]
        if parent != -1 and (g, parent, i) in position:
            row = found.setdefault(("area", g, parent, i), {position[(g, parent, i)]: 1.0})
            row[k] = -1.0
    for number, relation in enumerate(relations):
        for (g, c, i), k in position.items():
            total = position.get((g, c, relation.total))
            if i in relation.components and total is not None:
                row = found.setdefault(("relation", number, g, c), {total: 1.0})
                row[k] = -1.0
    return list(found.values())


def derivable(cells, relations, suppressed):
    """Row positions of suppressed cells that the published cells determine.

    Published cells move to the right-hand side, leaving A_S x_S = b with one column per
    suppressed cell. x_j is determined iff e_j lies in the row space of A_S, i.e. iff the
    projection of e_j onto that row space is e_j itself.
    """
    hidden = np.flatnonzero(suppressed)
    column = {k: n for n, k in enumerate(hidden)}
    rows = []
    for equation in equations(cells, relations):
        row = np.zeros(len(hidden))
        for k, coefficient in equation.items():
            if k in column:
                row[column[k]] = coefficient
        if row.any():
            rows.append(row)
    if not rows:
        return set()
    _, singular, vt = np.linalg.svd(np.array(rows), full_matrices=False)
    rank = int((singular > 1e-9 * singular.max()).sum())
    projection = (vt[:rank] ** 2).sum(axis=0)
    return {int(hidden[n]) for n in np.flatnonzero(projection > 1 - 1e-9)}


def lone_members(cells, relations, suppressed):
    """Equations with exactly one suppressed member."""
    return [
        equation
        for equation in equations(cells, relations)
        if sum(bool(suppressed[k]) for k in equation) == 1
    ]
