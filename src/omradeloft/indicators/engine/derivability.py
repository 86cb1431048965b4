"""Which suppressed cells a system of additive equations lets anyone compute.

The published cells of a table are known, so each equation ``sum(coefficient * cell) = 0``
becomes ``A_S x_S = b`` over the suppressed cells alone (A_S: the equations restricted to
the suppressed columns, b: minus the published part). A suppressed cell x_j is determined
by the published ones iff some combination of the equations isolates it, i.e. iff the unit
vector e_j lies in the row space of A_S. With the singular value decomposition
A_S = U S V^T, the projection of e_j onto that row space has squared length
``sum(V[j, :rank] ** 2)``, which is 1 exactly when e_j lies in it.

A_S is block diagonal over the connected components of the graph joining each suppressed
cell to the equations it is in, so each component is decided on its own. Components are
small when suppression is sparse, and there may be thousands, so those of similar shape
are zero-padded to one shape (by at most a quarter) and decomposed together in one
stacked call (zero rows add nothing to a row space; a zero column is never in it, and
padding columns are ignored).

Framework-free (numpy, scipy).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

__all__ = ["determined_cells"]

# e_j in the row space has a projection of exactly 1; anything else falls short of 1 by far
# more than rounding (the entries are small integers).
_IN_ROW_SPACE = 1.0 - 1e-9
# Stacks of padded matrices are decomposed in chunks of at most this many entries.
_CHUNK_ENTRIES = 1 << 22


def determined_cells(
    member: np.ndarray,
    equation: np.ndarray,
    coefficient: np.ndarray,
    suppressed: np.ndarray,
    check: np.ndarray,
    focus: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Suppressed cells that the equations and the published cells determine.

    Args:
        member: int64 (m,) - the cell (row position) of each non-zero entry of A;
        equation: int64 (m,) - the equation of each entry (any ids);
        coefficient: float64 (m,) - the entry itself (+1 for a total, -1 for a part);
        suppressed: bool (n,) - the suppression pattern, n > every ``member``;
        check: bool (m,) - entries of the equations that call for a check: only the
            components holding one of them are decided, the rest count as not determined;
        focus: bool (n,), optional - decide only the components holding one of these cells
            (e.g. those a previous call's pattern did not have yet).

    Returns:
        ``(determined, component)``: bool (n,), and int64 (n,) with the component of every
        suppressed cell in a decided component (-1 elsewhere). Component numbers are
        arbitrary but the same for cells that share one.
    """
    n = len(suppressed)
    determined = np.zeros(n, dtype=bool)
    component = np.full(n, -1, dtype=np.int64)
    hidden = suppressed[member]
    if not (hidden & check).any():
        return determined, component
    rows, equations = member[hidden], equation[hidden]
    coefficients, flagged = coefficient[hidden], check[hidden]

    cells, cell_index = np.unique(rows, return_inverse=True)
    _, equation_index = np.unique(equations, return_inverse=True)
    nodes = len(cells) + int(equation_index.max()) + 1
    graph = coo_matrix(
        (np.ones(len(rows)), (cell_index, len(cells) + equation_index)), shape=(nodes, nodes)
    )
    _, labels = connected_components(graph, directed=False)
    label = labels[cell_index]
    wanted = np.unique(label[flagged])
    if focus is not None:
        wanted = np.intersect1d(wanted, label[focus[rows]])
    keep = np.isin(label, wanted)
    label, cell_index = label[keep], cell_index[keep]
    equation_index, coefficients = equation_index[keep], coefficients[keep]
    if not label.size:
        return determined, component

    # Every cell and every equation lies in one component: number them within it.
    column, columns = _local_numbers(cell_index, label)
    line, lines = _local_numbers(equation_index, label)
    components = np.unique(label)
    shape_rows = _padded(lines[components])
    shape_columns = _padded(columns[components])
    for r, c in sorted(set(zip(shape_rows.tolist(), shape_columns.tolist(), strict=True))):
        bucket = components[(shape_rows == r) & (shape_columns == c)]
        for start in range(0, len(bucket), max(1, _CHUNK_ENTRIES // (r * c))):
            chunk = bucket[start : start + max(1, _CHUNK_ENTRIES // (r * c))]
            slot = np.full(labels.max() + 1, -1, dtype=np.int64)
            slot[chunk] = np.arange(len(chunk))
            here = slot[label] >= 0
            stack = np.zeros((len(chunk), r, c))
            stack[slot[label[here]], line[here], column[here]] = coefficients[here]
            found = _in_row_space(stack)
            determined[cells[cell_index[here]]] = found[slot[label[here]], column[here]]
    component[cells[cell_index]] = label
    return determined, component


def _local_numbers(index: np.ndarray, label: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Number the distinct ``index`` values 0, 1, ... within their component.

    Returns the number of each entry, int64 (m,), and the count per component label,
    int64 (max label + 1,).
    """
    distinct = np.unique(index)
    owner = np.zeros(int(index.max()) + 1, dtype=np.int64)
    owner[index] = label
    owners = owner[distinct]
    order = np.argsort(owners, kind="stable")
    counts = np.bincount(owners, minlength=int(label.max()) + 1)
    starts = np.cumsum(counts) - counts
    number = np.zeros(int(index.max()) + 1, dtype=np.int64)
    number[distinct[order]] = np.arange(len(distinct)) - starts[owners[order]]
    return number[index], counts


def _padded(sizes: np.ndarray) -> np.ndarray:
    """Each size rounded up to a quarter of its power of two (at least 4), so that few shapes
    remain and none is padded by more than a quarter."""
    octave = 1 << np.floor(np.log2(np.maximum(sizes, 1))).astype(np.int64)
    step = np.maximum(4, octave // 4)
    padded: np.ndarray = -(-np.maximum(sizes, 1) // step) * step
    return padded


def _in_row_space(stack: np.ndarray) -> np.ndarray:
    """bool (b, k): whether each unit vector e_j lies in the row space of each (r, k)."""
    _, singular, vt = np.linalg.svd(stack, full_matrices=False)
    largest = singular.max(axis=1, initial=0.0)
    tolerance = largest * max(stack.shape[1:]) * np.finfo(np.float64).eps
    in_rank = singular > tolerance[:, None]
    inside: np.ndarray = ((vt**2) * in_rank[:, :, None]).sum(axis=1) > _IN_ROW_SPACE
    return inside
