"""Secondary suppression: the additive equations of a frame and the choice of complements.

`disclosure` states the rules and adapts the input; this module lays out the equations
(area families and declared relations between items), sweeps them to a fixed point where
no equation has exactly one suppressed member, and - where relations make the table
two-dimensional - adds complements until linear algebra finds no suppressed cell
determined by the published ones. Arrays are row-aligned with the caller's frame.

Framework-free (numpy, pandas, scipy).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from omradeloft.indicators.engine.derivability import determined_cells

__all__ = [
    "Equations",
    "Sweep",
    "area_equations",
    "preference_ranks",
    "protect_exactly",
    "ranked_relations",
    "relation_equations",
]


def ranked_relations(
    relations: Sequence[Any], item_values: pd.Index
) -> list[tuple[int, list[int]]]:
    """Relations as (total rank, sorted component ranks) in a canonical order, without
    duplicates; an item the frame lacks has rank -1 and matches no row."""
    ranked = set()
    for relation in relations:
        components = set(relation.components)
        if not components:
            raise ValueError(f"the relation of total {relation.total!r} has no components")
        if relation.total in components:
            raise ValueError(f"the total {relation.total!r} is among its own components")
        total = int(item_values.get_indexer(pd.Index([relation.total]))[0])
        ranks = item_values.get_indexer(pd.Index(list(components)))
        ranked.add((total, tuple(sorted(int(r) for r in ranks))))
    return [(total, list(components)) for total, components in sorted(ranked)]


# --- equations -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Equations:
    """The additive equations of a frame, one entry per member of each equation.

    Attributes (all shape (m,)):
        member: int64 - row position of the member;
        equation: int64 - the equation's id (the parent's row for area families);
        is_total: int8 - 1 for the parent or total, 0 for a child or component;
        block: int64 - the sweep step; equations of one block share no rows;
        is_relation: bool - the equation joins items rather than areas.
    """

    member: np.ndarray
    equation: np.ndarray
    is_total: np.ndarray
    block: np.ndarray
    is_relation: np.ndarray

    @staticmethod
    def joined(parts: Sequence[Equations]) -> Equations:
        empty = Equations(
            member=np.zeros(0, dtype=np.int64),
            equation=np.zeros(0, dtype=np.int64),
            is_total=np.zeros(0, dtype=np.int8),
            block=np.zeros(0, dtype=np.int64),
            is_relation=np.zeros(0, dtype=bool),
        )
        fields = ("member", "equation", "is_total", "block", "is_relation")
        return Equations(
            **{name: np.concatenate([getattr(p, name) for p in (empty, *parts)]) for name in fields}
        )

    @property
    def coefficient(self) -> np.ndarray:
        """float64 (m,): +1 for the total, -1 for a part (total - sum(parts) = 0)."""
        return np.where(self.is_total == 1, 1.0, -1.0)


def area_equations(parent_row: np.ndarray, depth: np.ndarray) -> Equations:
    """parent = sum(children) for every parent with children; blocks by the parent's depth."""
    child_rows = np.flatnonzero(parent_row >= 0)
    parent_rows = np.unique(parent_row[child_rows])
    family = np.concatenate([parent_row[child_rows], parent_rows])
    return Equations(
        member=np.concatenate([child_rows, parent_rows]),
        equation=family,
        is_total=np.concatenate(
            [np.zeros(child_rows.size, dtype=np.int8), np.ones(parent_rows.size, dtype=np.int8)]
        ),
        block=depth[family],
        is_relation=np.zeros(family.size, dtype=bool),
    )


def relation_equations(
    relations: list[tuple[int, list[int]]],
    items: np.ndarray,
    group_codes: np.ndarray,
    cell_ids: np.ndarray,
    after: Equations,
) -> Equations:
    """total = sum(components) per relation, group and cell where the total is present with
    at least one component; ids follow the area equations', blocks come after theirs.

    Relations sharing no item share no cells, so they are packed greedily into layers, one
    sweep block each.
    """
    _, cell_codes = np.unique(cell_ids, return_inverse=True)
    place = group_codes.astype(np.int64) * (int(cell_codes.max(initial=0)) + 1) + cell_codes
    next_id = int(after.equation.max(initial=len(items) - 1)) + 1
    first_block = int(after.block.max(initial=-1)) + 1
    layers: list[set[int]] = []
    parts = []
    for total, components in relations:
        used = {total, *components}
        layer = next((k for k, taken in enumerate(layers) if not taken & used), len(layers))
        if layer == len(layers):
            layers.append(set())
        layers[layer] |= used
        rows = np.flatnonzero(np.isin(items, [total, *components]))
        is_total = items[rows] == total
        rows = rows[np.isin(place[rows], place[rows[is_total]])]
        keys, equation, size = np.unique(place[rows], return_inverse=True, return_counts=True)
        kept = size[equation] >= 2
        rows, equation = rows[kept], equation[kept]
        parts.append(
            Equations(
                member=rows,
                equation=next_id + equation,
                is_total=(items[rows] == total).astype(np.int8),
                block=np.full(rows.size, first_block + layer, dtype=np.int64),
                is_relation=np.ones(rows.size, dtype=bool),
            )
        )
        next_id += len(keys)
    return Equations.joined(parts)


# --- secondary suppression -----------------------------------------------------------------


class Sweep:
    """Grows a suppression pattern until no equation has exactly one suppressed member.

    The members of all equations are laid out once, sorted by (block, equation, parts
    before the total, numerator, denominator, cell id, item), so each equation is one
    contiguous segment, the equations of one block are one contiguous run, and the first
    published member of a segment is the complement the rules ask for.
    """

    def __init__(
        self,
        equations: Equations,
        numerator: np.ndarray,
        denominator: np.ndarray,
        cell_ids: np.ndarray,
        items: np.ndarray | None,
    ) -> None:
        member = equations.member
        numerator_key = np.where(np.isnan(numerator), np.inf, numerator)[member]
        denominator_key = np.where(np.isnan(denominator), np.inf, denominator)[member]
        keys = [
            cell_ids[member],
            denominator_key,
            numerator_key,
            equations.is_total,
            equations.equation,
            equations.block,
        ]
        if items is not None:
            keys.insert(0, items[member])
        order = np.lexsort(keys)
        self.member = member[order]
        equation, block = equations.equation[order], equations.block[order]

        # Segment (equation) boundaries and, per block, its members and segments.
        new_equation = np.r_[True, equation[1:] != equation[:-1]]
        segment = np.cumsum(new_equation) - 1  # segment number of every member
        segment_start = np.flatnonzero(new_equation)
        block_edges = np.flatnonzero(np.r_[True, block[1:] != block[:-1], True])
        self.blocks: list[tuple[int, int, np.ndarray, np.ndarray]] = []
        if not member.size:
            return
        for lo, hi in itertools.pairwise(block_edges):
            first_segment, last_segment = segment[lo], segment[hi - 1] + 1
            starts = segment_start[first_segment:last_segment] - lo
            self.blocks.append((int(lo), int(hi), starts, segment[lo:hi] - first_segment))

    def run(self, start: np.ndarray) -> np.ndarray:
        """A copy of ``start`` (bool (n,)) with complements added to a fixed point."""
        suppressed = start.copy()
        member = self.member
        changed, sweep = bool(self.blocks), 0
        while changed:  # each sweep only adds suppressions, so this terminates
            changed = False
            blocks = self.blocks if sweep % 2 == 0 else self.blocks[::-1]  # down, then up, ...
            sweep += 1
            for lo, hi, starts, local_segment in blocks:
                rows = member[lo:hi]
                hidden = suppressed[rows]
                lonely = np.add.reduceat(hidden.astype(np.int64), starts) == 1
                if not lonely.any():
                    continue
                candidates = np.flatnonzero(~hidden & lonely[local_segment])
                # A lonely equation always has a published member: it has >= 2, 1 hidden.
                candidate_segment = local_segment[candidates]
                first = candidates[np.r_[True, candidate_segment[1:] != candidate_segment[:-1]]]
                suppressed[rows[first]] = True
                changed = True
        return suppressed


def preference_ranks(
    numerator: np.ndarray, denominator: np.ndarray, cell_ids: np.ndarray, items: np.ndarray
) -> np.ndarray:
    """int64 (n,): each row's place when choosing a complement - smallest numerator, then
    denominator (missing values last), then cell id and item."""
    order = np.lexsort(
        (
            items,
            cell_ids,
            np.where(np.isnan(denominator), np.inf, denominator),
            np.where(np.isnan(numerator), np.inf, numerator),
        )
    )
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order))
    return rank


def protect_exactly(
    suppressed: np.ndarray, sweep: Sweep, equations: Equations, preference: np.ndarray
) -> np.ndarray:
    """Suppress more until no suppressed cell is determined by the published ones (see the
    module docstring): one complement per offending component a round, then a sweep. A
    component none of whose cells changed is as it was, so only changed ones are checked
    again."""
    coefficient = equations.coefficient
    focus = None
    while True:
        determined, component = determined_cells(
            equations.member,
            equations.equation,
            coefficient,
            suppressed,
            equations.is_relation,
            focus,
        )
        if not determined.any():
            return suppressed
        extra = _complements(determined, component, suppressed, equations, preference)
        if extra.size == 0:
            return suppressed  # determined by the equations alone: nothing can hide it
        grown = suppressed.copy()
        grown[extra] = True
        grown = sweep.run(grown)
        focus, suppressed = grown & ~suppressed, grown


def _complements(
    determined: np.ndarray,
    component: np.ndarray,
    suppressed: np.ndarray,
    equations: Equations,
    preference: np.ndarray,
) -> np.ndarray:
    """Rows to suppress next, one per component with a determined cell: the preferred
    published member of the equations of the preferred determined cell that has one.
    Each component chooses from its own cells only, so the choice does not depend on the
    order of the components."""
    member, equation = equations.member, equations.equation
    near = np.isin(equation, equation[determined[member]])
    entries = pd.DataFrame({"row": member[near], "equation": equation[near]})
    pairs = entries[determined[entries["row"]]].merge(
        entries[~suppressed[entries["row"]]], on="equation", suffixes=("", "_open")
    )
    if pairs.empty:
        return np.zeros(0, dtype=np.int64)
    pairs = pairs.assign(
        component=component[pairs["row"]],
        rank=preference[pairs["row"]],
        rank_open=preference[pairs["row_open"]],
    )
    chosen = pairs.sort_values(["component", "rank", "rank_open"]).drop_duplicates("component")
    return np.unique(chosen["row_open"].to_numpy(dtype=np.int64))
