"""Classification rules: which areas count as deprived, and why.

A rule is data. Index rules read an index's scores:
    top_n            {"n": 10}: the n areas ranked most deprived
    top_decile       {"deciles": 1}: areas in the most deprived decile(s)
    score_threshold  {"threshold": 60.0}: areas scoring at or above it
A criteria rule reads indicator values directly, like Denmark's list of vulnerable areas
('udsatte boligområder': at least 1,000 residents and at least 2 of 4 criteria):
    criteria         {"population": {"indicator": "population_total", "at_least": 1000},
                      "criteria": [{"indicator": "not_employed_30_59", "at_least": 40}, ...],
                      "min_met": 2}
Every selected area comes with its reasons, so that a list can be explained and two periods
compared: which areas entered, which left, and why.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

INDEX_KINDS = ("top_n", "top_decile", "score_threshold")
KINDS = (*INDEX_KINDS, "criteria")


class RuleError(ValueError):
    """A rule that cannot be applied; the message says which parameter and why."""


@dataclass(frozen=True)
class Selection:
    """selected: area (str), period (str), reasons (list[str]) for every selected area."""

    selected: pd.DataFrame


def _number(params: Mapping[str, Any], key: str, *, whole: bool = False) -> float:
    value = params.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise RuleError(f"{key}: expected a number, got {value!r}")
    if whole and (value != int(value) or value < 1):
        raise RuleError(f"{key}: expected a whole number of at least 1, got {value!r}")
    return float(value)


def check(kind: str, params: Mapping[str, Any]) -> None:
    """Raise RuleError unless `params` fit `kind`."""
    if kind not in KINDS:
        raise RuleError(f"unknown rule kind {kind!r}; expected one of {', '.join(KINDS)}")
    if kind == "top_n":
        _number(params, "n", whole=True)
    elif kind == "top_decile":
        deciles = _number(params, "deciles", whole=True)
        if deciles > 10:
            raise RuleError(f"deciles: at most 10, got {deciles:g}")
    elif kind == "score_threshold":
        _number(params, "threshold")
    else:
        criteria = params.get("criteria")
        if not isinstance(criteria, list) or not criteria:
            raise RuleError("criteria: expected a non-empty list of criteria")
        for i, criterion in enumerate(criteria, 1):
            _criterion(criterion, f"criteria[{i}]")
        min_met = _number(params, "min_met", whole=True)
        if min_met > len(criteria):
            raise RuleError(f"min_met: {min_met:g} is more than the {len(criteria)} criteria")
        if params.get("population") is not None:
            _criterion(params["population"], "population")


def _criterion(criterion: Any, where: str) -> tuple[str, str, float]:
    if not isinstance(criterion, Mapping) or not criterion.get("indicator"):
        raise RuleError(f"{where}: expected {{'indicator': ..., 'at_least' or 'at_most': ...}}")
    bounds = [key for key in ("at_least", "at_most") if key in criterion]
    if len(bounds) != 1:
        raise RuleError(f"{where}: give exactly one of at_least and at_most")
    return str(criterion["indicator"]), bounds[0], _number(criterion, bounds[0])


def criteria_indicators(params: Mapping[str, Any]) -> list[str]:
    """The indicators a criteria rule reads."""
    found = [str(c["indicator"]) for c in params.get("criteria", [])]
    if params.get("population"):
        found.append(str(params["population"]["indicator"]))
    return found


def select_by_index(kind: str, params: Mapping[str, Any], scores: pd.DataFrame) -> Selection:
    """scores: area, period, score, rank, decile (one row per area and period)."""
    check(kind, params)
    if kind == "top_n":
        n = int(params["n"])
        chosen = scores[scores["rank"] <= n]
        reasons = pd.Series([[f"rank {r} of the top {n}"] for r in chosen["rank"]], dtype=object)
    elif kind == "top_decile":
        deciles = int(params["deciles"])
        chosen = scores[scores["decile"] <= deciles]
        reasons = pd.Series(
            [
                [f"decile {d} (rank {r})"]
                for d, r in zip(chosen["decile"], chosen["rank"], strict=True)
            ],
            index=chosen.index,
            dtype=object,
        )
    else:
        threshold = float(params["threshold"])
        chosen = scores[scores["score"] >= threshold]
        reasons = pd.Series(
            [[f"score {s:.1f} >= {threshold:g}"] for s in chosen["score"]], dtype=object
        )
    selected = chosen[["area", "period"]].assign(reasons=reasons.to_numpy())
    return Selection(selected.reset_index(drop=True))


def select_by_criteria(params: Mapping[str, Any], values: pd.DataFrame) -> Selection:
    """values: area, period, indicator, value (long)."""
    check("criteria", params)
    wide = values.pivot_table(
        index=["area", "period"], columns="indicator", values="value", aggfunc="first"
    )
    met = pd.DataFrame(index=wide.index)
    notes = pd.DataFrame(index=wide.index)
    for i, criterion in enumerate(params["criteria"]):
        indicator, bound, limit = _criterion(criterion, f"criteria[{i + 1}]")
        column = wide.get(indicator, pd.Series(float("nan"), index=wide.index))
        ok = column >= limit if bound == "at_least" else column <= limit
        sign = ">=" if bound == "at_least" else "<="
        met[i] = ok.fillna(False)
        notes[i] = column.map(lambda v, n=indicator, s=sign, x=limit: f"{n} {v:.1f} {s} {x:g}")
    chosen = met.sum(axis=1) >= int(params["min_met"])
    population_note = None
    if params.get("population"):
        indicator, bound, limit = _criterion(params["population"], "population")
        column = wide.get(indicator, pd.Series(float("nan"), index=wide.index))
        big = (column >= limit if bound == "at_least" else column <= limit).fillna(False)
        chosen &= big
        population_note = column.map(lambda v: f"{indicator} {v:,.0f}")
    rows = []
    for key in wide.index[chosen.to_numpy()]:
        reasons = [notes.at[key, i] for i in met.columns if met.at[key, i]]
        if population_note is not None:
            reasons.insert(0, population_note[key])
        rows.append({"area": key[0], "period": key[1], "reasons": reasons})
    return Selection(pd.DataFrame(rows, columns=["area", "period", "reasons"]))


def compare(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas that entered (in `after` only, with their reasons) and left (with the reasons
    they were selected for before). Both frames: area, reasons."""
    entered = after[~after["area"].isin(before["area"])]
    left = before[~before["area"].isin(after["area"])]
    return entered.reset_index(drop=True), left.reset_index(drop=True)
