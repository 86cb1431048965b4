"""Express a series observed on changing areas in one area version (the areas in use at a date).

Counts move with the share of the old area that went to the new one; rates are recomputed
from harmonised numerators and denominators, never averaged. A value on a target area is
given only when every area feeding it that was in use in the period has an observation.

An area that ended before the date is followed forward through its changes (a split divides
it by share, a merge adds it whole); an area that began after the date is followed back to
the single area it came from (a merged area cannot be divided again: nothing says how).
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd


@dataclass(frozen=True)
class Harmonised:
    """`values`: area_id (int64, a target area), period (str), float64 numerator, denominator,
    value, bool `harmonised` (True where the value was moved from other areas or divided),
    bool `suppressed` (True where any value it rests on was suppressed).
    `problems`: one sentence per (target, period) that could not be given, and why."""

    values: pd.DataFrame
    problems: list[str] = field(default_factory=list)


def weights_to_targets(
    areas: pd.DataFrame, changes: pd.DataFrame, date: pd.Timestamp, targets: set[int]
) -> pd.DataFrame:
    """source_id, target_id, weight (float64) for every area that maps onto the targets.

    areas: index area id, columns `valid_from`, `valid_to` (datetime64, NaT when open).
    changes: old_id, new_id (int64), share (float64), one row per line of a change table.
    """
    forward: dict[int, list[tuple[int, float]]] = {}
    back: dict[int, list[int]] = {}
    for old, new, share in changes[["old_id", "new_id", "share"]].itertuples(index=False):
        forward.setdefault(int(old), []).append((int(new), float(share)))
        back.setdefault(int(new), []).append(int(old))
    memo: dict[int, dict[int, float]] = {}

    def resolve(area: int, visiting: frozenset[int]) -> dict[int, float]:
        if area in targets:
            return {area: 1.0}
        if area in memo:
            return memo[area]
        if area in visiting or area not in areas.index:
            return {}
        # The columns are datetime64, so a cell is a Timestamp or NaT (open), never else.
        valid_to, valid_from = areas.at[area, "valid_to"], areas.at[area, "valid_from"]
        ended = isinstance(valid_to, pd.Timestamp) and valid_to < date
        began = isinstance(valid_from, pd.Timestamp) and valid_from > date
        result: dict[int, float] = {}
        if ended:
            for new, share in forward.get(area, []):
                for target, weight in resolve(new, visiting | {area}).items():
                    result[target] = result.get(target, 0.0) + share * weight
        elif began and len(back.get(area, [])) == 1:
            result = dict(resolve(back[area][0], visiting | {area}))
        memo[area] = result
        return result

    rows = [
        (int(area), target, weight)
        for area in areas.index
        for target, weight in resolve(int(area), frozenset()).items()
        if weight > 0
    ]
    return pd.DataFrame(rows, columns=["source_id", "target_id", "weight"]).astype(
        {"source_id": "int64", "target_id": "int64", "weight": "float64"}
    )


def harmonise(
    observed: pd.DataFrame,
    weights: pd.DataFrame,
    areas: pd.DataFrame,
    *,
    method: str,
    scale: float,
) -> Harmonised:
    """The series on the target areas of `weights`.

    observed: area_id (int64), period (str), period_start / period_end (datetime64),
        float64 numerator, denominator, value; optionally bool `suppressed`.
    weights: from `weights_to_targets`. areas: as there, plus `code` for the messages.
    method: "sum" (counts: values move by weight) or "ratio" (numerators and denominators
        move by weight, the value is their quotient times `scale`).
    """
    columns = ["area_id", "period", "numerator", "denominator", "value", "harmonised", "suppressed"]
    if observed.empty or weights.empty:
        return Harmonised(pd.DataFrame(columns=columns))
    periods = observed[["period", "period_start", "period_end"]].drop_duplicates("period")
    # Which sources should feed each (target, period): those in use in the period.
    expected = weights.merge(periods, how="cross").join(
        areas[["valid_from", "valid_to"]], on="source_id"
    )
    in_use = (
        expected["valid_from"].isna() | (expected["valid_from"] <= expected["period_end"])
    ) & (expected["valid_to"].isna() | (expected["valid_to"] >= expected["period_start"]))
    feeds = expected.loc[in_use, ["source_id", "target_id", "weight", "period"]].merge(
        observed.assign(suppressed=observed.get("suppressed", False))[
            ["area_id", "period", "numerator", "denominator", "value", "suppressed"]
        ],
        left_on=["source_id", "period"],
        right_on=["area_id", "period"],
        how="left",
    )
    feeds["suppressed"] = feeds["suppressed"].astype("boolean").fillna(False).astype(bool)
    feeds["present"] = feeds["value"].notna() | feeds["numerator"].notna()
    feeds["moved"] = (feeds["source_id"] != feeds["target_id"]) | (feeds["weight"] != 1.0)
    feeds["counted"] = feeds["numerator"].notna() & feeds["denominator"].notna()
    feeds["w_value"] = feeds["value"] * feeds["weight"]
    feeds["w_numerator"] = feeds["numerator"] * feeds["weight"]
    feeds["w_denominator"] = feeds["denominator"] * feeds["weight"]
    grouped = feeds.groupby(["target_id", "period"], sort=True)
    totals = grouped.agg(
        sources=("source_id", "size"),
        present=("present", "sum"),
        counted=("counted", "sum"),
        moved=("moved", "any"),
        value=("w_value", "sum"),
        numerator=("w_numerator", "sum"),
        denominator=("w_denominator", "sum"),
        single_value=("value", "first"),
        suppressed=("suppressed", "any"),
    ).reset_index()
    any_present = totals["present"] > 0
    complete = totals["present"] == totals["sources"]
    problems: list[str] = []
    code = areas["code"]
    gaps = totals.loc[any_present & ~complete, ["target_id", "period"]]
    for target_id, period in gaps.itertuples(index=False, name=None):
        missing = feeds[
            (feeds["target_id"] == target_id) & (feeds["period"] == period) & ~feeds["present"]
        ]["source_id"]
        problems.append(
            f"{code[target_id]} {period}: no value from "
            f"{', '.join(sorted(code[missing].tolist()))}, which fed it then"
        )
    totals = totals[any_present & complete].copy()
    if method == "ratio":
        whole = totals["counted"] == totals["sources"]
        passes = ~totals["moved"] & (totals["sources"] == 1)
        unsplittable = totals.loc[~whole & ~passes, ["target_id", "period"]]
        for target_id, period in unsplittable.itertuples(index=False, name=None):
            problems.append(
                f"{code[target_id]} {period}: a rate without numerator and "
                "denominator cannot be split or combined across a boundary change"
            )
        denominator = totals["denominator"].where(totals["denominator"] != 0)
        totals["value"] = np.where(
            whole, totals["numerator"] / denominator * scale, totals["single_value"]
        )
        totals.loc[~whole, ["numerator", "denominator"]] = np.nan
        totals = totals[whole | passes]
    else:
        totals["numerator"] = np.nan
        totals["denominator"] = np.nan
    values = totals.rename(columns={"target_id": "area_id", "moved": "harmonised"})[columns]
    return Harmonised(values.reset_index(drop=True), problems)
