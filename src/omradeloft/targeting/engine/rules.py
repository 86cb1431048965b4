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
compared: which areas entered, which left, and why. A reason is data, not text (the pages
word it, in the reader's language, and decide what the reader may see of its number):
    {"kind": "rank", "rank": 3, "top": 10}
    {"kind": "decile", "decile": 1, "rank": 3}
    {"kind": "score", "score": 71.2, "bound": "at_least", "limit": 60.0}
    {"kind": "criterion" | "population", "indicator": "not_employed_30_59", "value": 45.0,
     "bound": "at_least" | "at_most", "limit": 40.0, "suppressed": false}
"suppressed" records whether the value had been withheld by disclosure control when the
rule was applied (values given without a ``suppressed`` column count as published).

Disclosure control: a criteria rule decides on every value, suppressed ones included, so
that a small area is judged on its real figures. A page may then say that a criterion was
met on a withheld value, never the value. The residual risk is that the decision itself
tells that the withheld value met the bound (for example at least 40 %): that is what a
public list of selected areas means, and it is documented with the rule pages.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, cast

import pandas as pd

INDEX_KINDS = ("top_n", "top_decile", "score_threshold")
KINDS = (*INDEX_KINDS, "criteria")


class RuleError(ValueError):
    """A rule that cannot be applied; the message says which parameter and why."""


@dataclass(frozen=True)
class Selection:
    """selected: area (str), period (str), reasons (list[dict], see the module
    documentation) for every selected area."""

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
        reasons = [[{"kind": "rank", "rank": int(r), "top": n}] for r in chosen["rank"]]
    elif kind == "top_decile":
        deciles = int(params["deciles"])
        chosen = scores[scores["decile"] <= deciles]
        reasons = [
            [{"kind": "decile", "decile": int(d), "rank": int(r)}]
            for d, r in zip(chosen["decile"], chosen["rank"], strict=True)
        ]
    else:
        threshold = float(params["threshold"])
        chosen = scores[scores["score"] >= threshold]
        reasons = [
            [{"kind": "score", "score": float(s), "bound": "at_least", "limit": threshold}]
            for s in chosen["score"]
        ]
    selected = chosen[["area", "period"]].assign(
        reasons=pd.Series(reasons, dtype=object).to_numpy()
    )
    return Selection(selected.reset_index(drop=True))


def select_by_criteria(params: Mapping[str, Any], values: pd.DataFrame) -> Selection:
    """values: area, period, indicator, value (long), optionally suppressed (bool)."""
    check("criteria", params)
    values = values.assign(
        suppressed=values["suppressed"].astype(bool) if "suppressed" in values else False
    )
    keys = ["area", "period"]
    wide = values.pivot_table(index=keys, columns="indicator", values="value", aggfunc="first")
    hidden = values.pivot_table(
        index=keys, columns="indicator", values="suppressed", aggfunc="first"
    ).reindex(wide.index)
    tests = [
        ("criterion", *_criterion(criterion, f"criteria[{i + 1}]"))
        for i, criterion in enumerate(params["criteria"])
    ]
    met = pd.DataFrame(
        {
            i: _meets(wide, indicator, bound, limit)
            for i, (_, indicator, bound, limit) in enumerate(tests)
        },
        index=wide.index,
    )
    chosen = met.sum(axis=1) >= int(params["min_met"])
    if params.get("population"):
        population = ("population", *_criterion(params["population"], "population"))
        chosen &= _meets(wide, *population[1:])
        tests.insert(0, population)
        met.insert(0, "population", True)
    rows = []
    for key in wide.index[chosen.to_numpy()]:
        reasons = [
            {
                "kind": kind,
                "indicator": indicator,
                # pandas-stubs type a cell as any scalar; the pivoted values are numbers.
                "value": float(cast(float, wide.at[key, indicator])),
                "bound": bound,
                "limit": limit,
                "suppressed": bool(hidden.at[key, indicator]),
            }
            for (kind, indicator, bound, limit), column in zip(tests, met.columns, strict=True)
            if met.at[key, column]
        ]
        rows.append({"area": key[0], "period": key[1], "reasons": reasons})
    return Selection(pd.DataFrame(rows, columns=["area", "period", "reasons"]))


def _meets(wide: pd.DataFrame, indicator: str, bound: str, limit: float) -> pd.Series:
    """Whether each area-period's value of `indicator` is within the bound (False if none)."""
    column = wide.get(indicator, pd.Series(float("nan"), index=wide.index))
    return (column >= limit if bound == "at_least" else column <= limit).fillna(False)


_REASON_KEYS = {
    "rank": ("rank", "top"),
    "decile": ("decile", "rank"),
    "score": ("score", "bound", "limit"),
    "criterion": ("indicator", "value", "bound", "limit", "suppressed"),
    "population": ("indicator", "value", "bound", "limit", "suppressed"),
    "text": ("text",),
}


def reason_problems(reasons: Any) -> list[str]:
    """What is wrong with a list of stored reasons ([] when nothing): each must be an
    object of a known kind with that kind's keys. "text" holds a reason stored before
    reasons were data that could not be read back."""
    if not isinstance(reasons, list):
        return ["reasons: expected a list"]
    problems = []
    for i, reason in enumerate(reasons, 1):
        kind = reason.get("kind") if isinstance(reason, Mapping) else None
        if kind not in _REASON_KEYS:
            problems.append(
                f"reasons[{i}]: expected an object whose kind is one of " + ", ".join(_REASON_KEYS)
            )
            continue
        lacking = [key for key in _REASON_KEYS[kind] if key not in reason]
        if lacking:
            problems.append(f"reasons[{i}] ({kind}): lacks {', '.join(lacking)}")
    return problems


def compare(before: pd.DataFrame, after: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Areas that entered (in `after` only, with their reasons) and left (with the reasons
    they were selected for before). Both frames: area, reasons."""
    entered = after[~after["area"].isin(before["area"])]
    left = before[~before["area"].isin(after["area"])]
    return entered.reset_index(drop=True), left.reset_index(drop=True)
