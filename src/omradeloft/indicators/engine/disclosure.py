"""Disclosure control for small-area statistics: primary and secondary cell suppression.

A *cell* is one statistic (numerator / denominator) for one indicator, period and area.
Areas form a hierarchy (municipality > district > subdistrict > basic unit), so a cell's
parent is the same statistic for the enclosing area. Indicators may add up too: the
population in age groups sums to the population in total, in every area and period.
Before anyone outside the analyst role sees a cell it must pass this module. The rules
follow the practice of Statistics Norway (SSB) for small-area tables: suppress small
counts, then choose complementary cells so that the small ones cannot be recovered from
the published totals.

Primary suppression (``t`` is the cell's threshold, 3 by default)
    A cell is suppressed when any of these hold:

    1. ``0 < numerator <= t`` - few people have the attribute (a zero is published:
       "nobody" is not a small count);
    2. ``denominator <= t`` (denominator present, zero included) - few people in the
       cell at all, so any rate describes identifiable people;
    3. ``0 < denominator - numerator <= t`` (both present) - nearly everybody has the
       attribute, so the few who do not are identifiable (attribute disclosure).

    A missing value (NaN) makes a rule that needs it false; a cell with neither numerator
    nor denominator is therefore never a primary cell.

Secondary (complementary) suppression
    For every parent with children in the frame the additive constraint
    ``parent = sum(children)`` holds, for the numerator and the denominator alike; a cell
    is suppressed as a whole. A suppressed cell is protected when no equation leaves it
    as the only unknown, so the engine enforces: in each family's equation (the parent
    counts as a member of its own family) the number of suppressed cells is 0 or at
    least 2. When a family has exactly one, its published member with the smallest
    numerator is suppressed too (ties: smallest denominator, then smallest cell id;
    missing values sort last), preferring children and taking the parent only when
    every child is already suppressed. A complement may break the equation one level up
    or down, so the engine sweeps the hierarchy one depth at a time (families whose
    parents share a depth share no cells, so each depth is one vectorised step),
    alternating top-down and bottom-up sweeps until a sweep changes nothing. Complements
    mostly travel down (children are preferred), which the first top-down sweep settles;
    a parent taken as a complement travels up, which the next bottom-up sweep settles.
    The result is deterministic and does not depend on the order of the input rows.

    In a tree hierarchy each cell is in at most two equations (as a child and as a
    parent), and the "0 or >= 2" condition is then sufficient: no suppressed cell is a
    linear combination of published cells through these equations. (The equations form
    a tree joined by the cells; from any suppressed cell a perturbation can be passed on
    to another suppressed member of each equation it reaches, never returning to an
    equation already balanced, until it ends in a cell of one equation only.) The tests
    check this with linear algebra on random trees.

Additive relations between items (indicators)
    Cells may carry an ``item`` (the indicator), and ``Relation(total, components)``
    declares that in every group and area the total's cell equals the sum of the
    components' cells. A period then holds a two-dimensional table: areas (a tree) by
    items (totals over their components, possibly nested, possibly in several
    breakdowns), and every cell is in up to four equations - as a child and as a parent
    in the area tree, as a component and as a total among the items. The relation
    equations join the sweep as further blocks (relations that share no item share no
    cells, so each such layer is one vectorised step; components are preferred to the
    total, smallest first, ties on the cell id and then the item).

    In two dimensions "0 or >= 2 per equation" is *not* sufficient: the equations now
    form cycles, and a suppressed cell can be isolated by a combination of equations
    (two 2x2 blocks of suppressed cells joined by one more cell leave that cell
    determined, although every row and column has two or more). So after the sweep the
    engine decides exactly, with linear algebra (`derivability`), whether a published
    cell set determines any suppressed cell: moving published cells to the right-hand
    side leaves ``A_S x_S = b``, and x_j is determined iff e_j is in the row space of
    A_S. While one is, the engine suppresses one more cell per offending component - the
    preferred (smallest) published member of the equations of its preferred determined
    cell - sweeps again and checks again; each round adds cells, so it ends. The exact
    check is done for the components of A_S that hold a relation equation only: any
    other component is made of one item's area equations, where the tree argument above
    already holds, and A_S is block diagonal over components. Should a cell be
    determined by the declared equations alone (two breakdowns of one total that differ
    in a single component say that this component is 0) no suppression can hide it, and
    the engine stops there.

    A relation equation is formed for an area and group only where the total's cell is
    in the frame and at least one component's cell is; absent components are treated
    as if they did not exist, which asks for more protection than needed, never less.

Limits - what this does *not* protect against
    - Exact recovery is prevented, bounds are not: non-negativity and the published
      totals still bound each suppressed cell (a published parent of 5 with two
      suppressed children tells that each child is between 0 and 5; a published total
      of 0 reveals that every suppressed child is 0). No interval/bounds (audit)
      protection is attempted.
    - Only the parent/children sums inside the frame and the declared relations are
      considered. Differencing across overlapping or differently drawn geographies (old
      and new area boundaries, postal codes, school catchments), across periods, across
      indicators that share a denominator or add up without a declared relation, or
      against other published tables is not controlled. Frames should hold everything
      published together, and derived tables need their own check.
    - The choice of complements is a greedy heuristic (smallest numerator first), not
      an optimisation of information loss.
    - Group disclosure is allowed by the rules above: a cell where nobody (numerator 0)
      or everybody (numerator == denominator) has the attribute is published.
    - Missing values are treated as published members of their family's equation; a
      family whose published members are incomplete may be protected more than needed,
      never less.

The sweep and the choice of complements live in `complements`, the exact check in
`derivability`. The engine is framework-free (numpy, pandas, scipy, stdlib). Callers adapt
ORM rows to a frame and apply the result before anything leaves the analyst role.
"""

from __future__ import annotations

import numbers
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from omradeloft.indicators.engine.complements import (
    Equations,
    Sweep,
    area_equations,
    preference_ranks,
    protect_exactly,
    ranked_relations,
    relation_equations,
)

__all__ = [
    "PRIMARY",
    "PUBLISHED",
    "REQUIRED_COLUMNS",
    "SECONDARY",
    "Relation",
    "SuppressionResult",
    "primary_mask",
    "suppress",
]

PUBLISHED = "published"
PRIMARY = "primary"
SECONDARY = "secondary"

REQUIRED_COLUMNS = ("cell", "parent", "group", "numerator", "denominator")


@dataclass(frozen=True)
class Relation:
    """Items that add up to another in every group and cell: total = sum(components).

    Items are values of the frame's ``item`` column, e.g. indicator ids: the population
    aged 0-5, 6-15, ... adds up to the population in total.
    """

    total: Hashable
    components: tuple[Hashable, ...]


@dataclass(frozen=True, eq=False)
class SuppressionResult:
    """Which cells of a frame are withheld, row-aligned with the frame given to `suppress`.

    Attributes:
        primary: bool ndarray, shape (n,) - the cell itself is too small (see module rules).
        secondary: bool ndarray, shape (n,) - a complement, withheld to protect other cells;
            never overlaps ``primary``.
        suppressed: bool ndarray, shape (n,) - ``primary | secondary``.

    The arrays are read-only.
    """

    primary: np.ndarray
    secondary: np.ndarray
    suppressed: np.ndarray = field(init=False)

    def __post_init__(self) -> None:
        primary = np.array(self.primary, dtype=bool)
        secondary = np.array(self.secondary, dtype=bool)
        if primary.ndim != 1 or primary.shape != secondary.shape:
            raise ValueError("primary and secondary must be 1-d boolean arrays of equal length")
        if (primary & secondary).any():
            raise ValueError("a cell cannot be both a primary and a secondary suppression")
        suppressed = primary | secondary
        for name, array in (
            ("primary", primary),
            ("secondary", secondary),
            ("suppressed", suppressed),
        ):
            array.flags.writeable = False
            object.__setattr__(self, name, array)

    def __len__(self) -> int:
        return len(self.primary)

    @property
    def status(self) -> np.ndarray:
        """Object ndarray, shape (n,): "published", "primary" or "secondary" per row."""
        status = np.full(len(self.primary), PUBLISHED, dtype=object)
        status[self.primary] = PRIMARY
        status[self.secondary] = SECONDARY
        return status

    def with_status(self, cells: pd.DataFrame, column: str = "status") -> pd.DataFrame:
        """A copy of ``cells`` (the frame given to `suppress`) with a status column added."""
        if len(cells) != len(self.primary):
            raise ValueError(
                f"the frame has {len(cells)} rows but the result covers {len(self.primary)}"
            )
        return cells.assign(**{column: self.status})


def suppress(
    cells: pd.DataFrame,
    *,
    threshold: int | float | pd.Series | np.ndarray = 3,
    relations: Sequence[Relation] = (),
) -> SuppressionResult:
    """Primary and secondary suppression for a frame of cells in an area hierarchy.

    Args:
        cells: one row per cell, any index, with columns

            - ``cell``: int - cell (area) id, unique within its group and item (globally
              unique ids are fine too);
            - ``parent``: int, nullable - id of the parent cell in the same group and item,
              or -1 / <NA> / NaN when the parent is not in the frame;
            - ``group``: hashable - independent tables (e.g. one per period, or per
              indicator and period); a parent is looked up in its child's group;
            - ``item``: int or str, optional (required with ``relations``) - the indicator
              of the cell; cells of different items are separate area trees, joined only by
              ``relations``;
            - ``numerator``: float, may be NaN - the count with the attribute;
            - ``denominator``: float, may be NaN - the population counted in.

            Other columns are ignored.
        threshold: a non-negative number for every cell, or a per-row threshold (e.g. per
            indicator): a Series aligned to ``cells`` by index, or an array of length n.
        relations: totals and the items that add up to them, in every group and cell (see
            the module docstring); items the frame lacks are ignored.

    Returns:
        `SuppressionResult` with bool ndarrays of shape (n,) in the row order of ``cells``.

    Raises:
        ValueError: missing columns, a duplicate cell id in a group (and item), a parent id
            not in the frame, a cycle in the parent links, non-numeric values, a bad
            threshold or a relation without components or with its total among them.
    """
    missing = [column for column in REQUIRED_COLUMNS if column not in cells.columns]
    if relations and "item" not in cells.columns:
        missing.append("item")
    if missing:
        raise ValueError(f"cells lack the column(s) {', '.join(missing)}")
    numerator = _float_column(cells, "numerator")
    denominator = _float_column(cells, "denominator")
    limit = _thresholds(threshold, cells)
    primary = primary_mask(numerator, denominator, limit)

    cell_ids = _cell_ids(cells)
    items, item_values = _items(cells)
    group_codes = pd.factorize(cells["group"], use_na_sentinel=False)[0]
    parent_row = _parent_rows(cells, group_codes, items, cell_ids)
    depth = _depths(parent_row, cell_ids)
    equations = area_equations(parent_row, depth)
    if relations:
        assert items is not None  # relations require the item column, checked above
        ranked = ranked_relations(relations, item_values)
        equations = Equations.joined(
            [equations, relation_equations(ranked, items, group_codes, cell_ids, equations)]
        )
    sweep = Sweep(equations, numerator, denominator, cell_ids, items)
    suppressed = sweep.run(primary)
    if relations:
        assert items is not None  # as above
        preference = preference_ranks(numerator, denominator, cell_ids, items)
        suppressed = protect_exactly(suppressed, sweep, equations, preference)
    return SuppressionResult(primary=primary, secondary=suppressed & ~primary)


def primary_mask(
    numerator: np.ndarray, denominator: np.ndarray, threshold: np.ndarray | float
) -> np.ndarray:
    """The primary rules alone: float arrays of shape (n,) (NaN = missing) -> bool (n,)."""
    numerator = np.asarray(numerator, dtype=np.float64)
    denominator = np.asarray(denominator, dtype=np.float64)
    # Comparisons with NaN are False, so a missing value switches its rules off.
    few_with = (numerator > 0) & (numerator <= threshold)
    few_in = denominator <= threshold
    remainder = denominator - numerator
    few_without = (remainder > 0) & (remainder <= threshold)
    primary: np.ndarray = few_with | few_in | few_without
    return primary


# --- input adaptation ----------------------------------------------------------------------


def _float_column(cells: pd.DataFrame, column: str) -> np.ndarray:
    try:
        values = pd.to_numeric(cells[column], errors="raise")
    except (TypeError, ValueError) as error:
        raise ValueError(f"column {column!r} must be numeric: {error}") from error
    return values.to_numpy(dtype=np.float64, na_value=np.nan)


def _thresholds(threshold: int | float | pd.Series | np.ndarray, cells: pd.DataFrame) -> np.ndarray:
    n = len(cells)
    if isinstance(threshold, pd.Series):
        if not threshold.index.equals(cells.index):
            if not threshold.index.is_unique:
                raise ValueError("a threshold Series must have a unique index")
            threshold = threshold.reindex(cells.index)
        values = pd.to_numeric(threshold, errors="coerce").to_numpy(np.float64, na_value=np.nan)
    elif isinstance(threshold, numbers.Real) and not isinstance(threshold, bool):
        values = np.full(n, float(threshold))
    else:
        try:
            values = np.asarray(threshold, dtype=np.float64)
        except (TypeError, ValueError) as error:
            raise ValueError(f"threshold must be a number or a Series: {error}") from error
        if values.shape != (n,):
            raise ValueError(f"threshold has shape {values.shape}, expected ({n},)")
    if np.isnan(values).any():
        raise ValueError("threshold is missing (or not numeric) for some rows")
    if (values < 0).any():
        raise ValueError("threshold must be non-negative")
    return values


def _integral(values: pd.Series, column: str) -> np.ndarray:
    """Integer ids from an int, float or nullable column without missing values."""
    try:
        numeric = pd.to_numeric(values, errors="raise").to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise ValueError(f"column {column!r} must hold integer ids: {error}") from error
    if len(numeric) and not np.array_equal(numeric, np.round(numeric)):
        raise ValueError(f"column {column!r} must hold integer ids")
    integers = pd.to_numeric(values).to_numpy(dtype=np.int64)
    return integers


def _cell_ids(cells: pd.DataFrame) -> np.ndarray:
    if cells["cell"].isna().any():
        raise ValueError("column 'cell' must not have missing values")
    return _integral(cells["cell"], "cell")


def _items(cells: pd.DataFrame) -> tuple[np.ndarray | None, pd.Index]:
    """The rank of each row's item among the sorted items (int64 (n,)), and those items;
    (None, empty) without an item column. Ranks, not first appearances, so that ties
    between items break the same way whatever the row order."""
    if "item" not in cells.columns:
        return None, pd.Index([])
    if cells["item"].isna().any():
        raise ValueError("column 'item' must not have missing values")
    try:
        ranks, values = pd.factorize(cells["item"], sort=True)
    except TypeError as error:
        raise ValueError(f"column 'item' must hold ids of one kind: {error}") from error
    return ranks.astype(np.int64), pd.Index(values)


def _parent_rows(
    cells: pd.DataFrame, group_codes: np.ndarray, items: np.ndarray | None, cell_ids: np.ndarray
) -> np.ndarray:
    """Row position of each row's parent, -1 when it has none: int64 (n,)."""
    n = len(cells)
    tables = group_codes if items is None else group_codes * (int(items.max(initial=0)) + 1) + items
    keys = pd.MultiIndex.from_arrays([tables, cell_ids])
    if not keys.is_unique:
        duplicated = keys.duplicated(keep="first")
        first = np.flatnonzero(duplicated)[0]
        raise ValueError(
            f"cell id {cell_ids[first]} occurs more than once in group "
            f"{cells['group'].iloc[first]!r}{_item_of(cells, first)}"
        )
    parent = cells["parent"]
    has_parent = parent.notna().to_numpy(copy=True)
    parent_ids = np.full(n, -1, dtype=np.int64)
    parent_ids[has_parent] = _integral(parent[has_parent], "parent")
    has_parent &= parent_ids != -1
    parent_row = np.full(n, -1, dtype=np.int64)
    if has_parent.any():
        found = keys.get_indexer(
            pd.MultiIndex.from_arrays([tables[has_parent], parent_ids[has_parent]])
        )
        if (found < 0).any():
            orphan = np.flatnonzero(has_parent)[np.flatnonzero(found < 0)[0]]
            raise ValueError(
                f"parent {parent_ids[orphan]} of cell {cell_ids[orphan]} is not in group "
                f"{cells['group'].iloc[orphan]!r}{_item_of(cells, orphan)}; use -1 or <NA> "
                "for a parent outside the frame"
            )
        parent_row[has_parent] = found
    return parent_row


def _item_of(cells: pd.DataFrame, row: int) -> str:
    return f" for item {cells['item'].iloc[row]!r}" if "item" in cells.columns else ""


def _depths(parent_row: np.ndarray, cell_ids: np.ndarray) -> np.ndarray:
    """Distance of every row from its root by pointer doubling: int64 (n,).

    Each step doubles the jump, so a hierarchy of depth d takes about log2(d) steps; a
    pointer that is still inside the frame after enough steps for any tree is a cycle.
    """
    n = len(parent_row)
    hops = (parent_row >= 0).astype(np.int64)
    target = parent_row.copy()
    for _ in range(max(n, 1).bit_length() + 1):
        moving = target >= 0
        if not moving.any():
            return hops
        via = target[moving]
        hops[moving] += hops[via]  # hops[via] is read before this step's writes (copy).
        target[moving] = target[via]
    cyclic = np.flatnonzero(target >= 0)[0]
    raise ValueError(f"the parent links of cell {cell_ids[cyclic]} form a cycle")
