"""Derive values for larger areas from the areas inside them.

Rates are never averaged: a parent's value is the sum of its children's numerators over
the sum of their denominators (times the unit's scale); counts are summed. A parent is
derived for a period only when every one of its children has a value for that period, and
a value imported for the parent itself always wins over a derived one.
"""

from dataclasses import dataclass

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Hierarchy:
    """`parent`: Series child area id -> parent area id (int64); `depth`: area id -> depth
    (0 for the top). Children are processed from the deepest level up."""

    parent: pd.Series
    depth: pd.Series


def derive_parents(
    observed: pd.DataFrame, hierarchy: Hierarchy, *, method: str, scale: float
) -> pd.DataFrame:
    """Values for every parent area that lacks an observed one.

    observed: one row per (area_id int64, period str) with float64 `numerator`,
        `denominator`, `value` and bool `is_provisional`.
    method: "ratio" (sum numerators / sum denominators * scale) or "sum" (sum of values).
    Returns rows in the same shape for the derived parents only.
    """
    columns = ["area_id", "period", "numerator", "denominator", "value", "is_provisional"]
    if observed.empty or method not in {"ratio", "sum"}:
        return pd.DataFrame(columns=columns)
    children_count = hierarchy.parent.value_counts()
    known = observed[columns].copy()
    derived_parts = []
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
        complete = totals["children"].to_numpy() == totals["area_id"].map(children_count).to_numpy()
        totals = totals[complete & totals["value"].notna()]
        already = pd.MultiIndex.from_frame(known[["area_id", "period"]])
        new = ~pd.MultiIndex.from_frame(totals[["area_id", "period"]]).isin(already)
        fresh = totals.loc[new, columns]
        derived_parts.append(fresh)
        known = pd.concat([known, fresh], ignore_index=True)
    if not derived_parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(derived_parts, ignore_index=True)
