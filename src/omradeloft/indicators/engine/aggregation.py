"""Derive values for larger areas from the areas inside them.

Rates are never averaged: a parent's value is the sum of its children's numerators over
the sum of their denominators (times the unit's scale); counts are summed. A parent is
derived for a period only when every one of its children in use in that period has a value
for it (a subdistrict retired by a boundary change is not missing from the years after), and
a value imported for the parent itself always wins over a derived one.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd

from omradeloft.indicators.engine.periods import period_bounds


@dataclass(frozen=True)
class Hierarchy:
    """`parent`: Series child area id -> parent area id (int64); `depth`: area id -> depth
    (0 for the top). Children are processed from the deepest level up. `valid_from` and
    `valid_to` (area id -> datetime64, NaT when open; None: every area always in use) say
    which children a parent has in each period."""

    parent: pd.Series
    depth: pd.Series
    valid_from: pd.Series | None = None
    valid_to: pd.Series | None = None


def _children_in_use(hierarchy: Hierarchy, periods: np.ndarray, periodicity: str) -> pd.Series:
    """(parent id, period) -> how many children the parent has in use in that period."""
    children = pd.DataFrame(
        {"parent_id": hierarchy.parent.to_numpy(), "child": hierarchy.parent.index}
    )
    if hierarchy.valid_from is None or hierarchy.valid_to is None:
        counts = children.groupby("parent_id").size()
        pairs = pd.MultiIndex.from_product([counts.index, periods], names=["parent_id", "period"])
        return pd.Series(np.repeat(counts.to_numpy(), len(periods)), index=pairs)
    children["valid_from"] = hierarchy.valid_from.reindex(children["child"]).to_numpy()
    children["valid_to"] = hierarchy.valid_to.reindex(children["child"]).to_numpy()
    period = pd.Series(periods, dtype=object)
    start, end = period_bounds(period, pd.Series(periodicity, index=period.index))
    cross = children.merge(
        pd.DataFrame({"period": period, "start": start, "end": end}), how="cross"
    )
    in_use = (cross["valid_from"].isna() | (cross["valid_from"] <= cross["end"])) & (
        cross["valid_to"].isna() | (cross["valid_to"] >= cross["start"])
    )
    return cross[in_use].groupby(["parent_id", "period"]).size()


def derive_parents(
    observed: pd.DataFrame,
    hierarchy: Hierarchy,
    *,
    method: str,
    scale: float,
    periodicity: str = "annual",
    outside: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Values for every parent area that lacks an observed one.

    observed: one row per (area_id int64, period str) with float64 `numerator`,
        `denominator`, `value` and bool `is_provisional`.
    method: "ratio" (sum numerators / sum denominators * scale) or "sum" (sum of values).
    periodicity: of the periods ("annual", "quarterly", "monthly"), to match them with the
        children's validity.
    outside: sums of rows for codes outside the register, one row per (area_id, period) of
        the parent they belong to, with float64 `numerator`, `denominator`, `value`; added
        into that parent's total when it is derived (from all its children).
    Returns rows in the same shape for the derived parents only.
    """
    columns = ["area_id", "period", "numerator", "denominator", "value", "is_provisional"]
    if observed.empty or method not in {"ratio", "sum"}:
        return pd.DataFrame(columns=columns)
    children_count = _children_in_use(hierarchy, observed["period"].unique(), periodicity)
    known = observed[columns].copy()
    derived_parts: list[pd.DataFrame] = []
    for depth in sorted(hierarchy.depth.unique(), reverse=True):
        level_areas = hierarchy.depth.index[hierarchy.depth.to_numpy() == depth]
        rows = known[known["area_id"].isin(level_areas)].copy()
        rows["parent_id"] = rows["area_id"].map(hierarchy.parent)
        rows = rows.dropna(subset=["parent_id"])
        if rows.empty:
            continue
        rows["parent_id"] = rows["parent_id"].astype("int64")
        totals = rows.groupby(["parent_id", "period"]).agg(
            numerator=("numerator", "sum"),
            numerators=("numerator", "count"),
            denominator=("denominator", "sum"),
            denominators=("denominator", "count"),
            value=("value", "sum"),
            values=("value", "count"),
            is_provisional=("is_provisional", "any"),
            children=("area_id", "size"),
        )
        if outside is not None and not outside.empty:
            totals = _add_outside(totals, outside)
        if method == "ratio":
            # A child without numerator or denominator leaves the parent underived.
            whole = (totals["numerators"] == totals["children"]) & (
                totals["denominators"] == totals["children"]
            )
            denominator = totals["denominator"].where(totals["denominator"] != 0)
            totals["value"] = (totals["numerator"] / denominator * scale).where(whole)
        else:
            totals["value"] = totals["value"].where(totals["values"] == totals["children"])
            totals["numerator"] = np.nan
            totals["denominator"] = np.nan
        totals = totals.reset_index().rename(columns={"parent_id": "area_id"})
        expected = children_count.reindex(
            pd.MultiIndex.from_frame(totals[["area_id", "period"]])
        ).to_numpy()
        complete = totals["children"].to_numpy() == expected
        totals = totals[complete & totals["value"].notna()]
        already = pd.MultiIndex.from_frame(known[["area_id", "period"]])
        new = ~pd.MultiIndex.from_frame(totals[["area_id", "period"]]).isin(already)
        fresh = totals.loc[new, columns]
        derived_parts.append(fresh)
        known = pd.concat([known, fresh], ignore_index=True)
    if not derived_parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(derived_parts, ignore_index=True)


def _add_outside(totals: pd.DataFrame, outside: pd.DataFrame) -> pd.DataFrame:
    """Add the outside rows' sums into the totals of their parents (only those present: a
    parent none of whose children have values stays underived). A sum missing on the outside
    rows leaves the parent's sum missing, so that a ratio is not computed from half a total."""
    extra = outside.groupby(["area_id", "period"])[["numerator", "denominator", "value"]].sum(
        min_count=1
    )
    extra.index = extra.index.set_names(["parent_id", "period"])
    extra = extra.reindex(totals.index)
    has = extra.notna().any(axis=1)
    totals = totals.copy()
    for column in ("numerator", "denominator", "value"):
        added = totals[column] + extra[column]
        totals[column] = totals[column].where(~has, added)
    return totals
