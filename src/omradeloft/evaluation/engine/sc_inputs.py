"""Checks of synthetic-control input: units, periods, values and predictors, each refusal
naming what is wrong, where, and what was expected."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

__all__ = [
    "METHODS",
    "Method",
    "SyntheticControlInputError",
    "check_inputs",
    "describe",
    "plain_label",
    "show_label",
]

Method = Literal["classic", "standardised", "outcome_lags"]
METHODS: tuple[Method, ...] = ("classic", "standardised", "outcome_lags")


class SyntheticControlInputError(ValueError):
    """The outcome, units, periods or predictors cannot give a synthetic control."""


def plain_label(label: Hashable) -> Hashable:
    """A unit or period label as a Python value: 2005 rather than np.int64(2005)."""
    return label.item() if isinstance(label, np.generic) else label


def show_label(label: Hashable) -> str:
    return repr(plain_label(label))


def describe(labels: Sequence[Hashable], limit: int = 5) -> str:
    shown = ", ".join(show_label(label) for label in list(labels)[:limit])
    return shown + (f" and {len(labels) - limit} more" if len(labels) > limit else "")


def check_inputs(
    outcome: pd.DataFrame,
    treated: Hashable,
    donors: Sequence[Hashable] | None,
    treatment_period: Hashable,
    predictors: pd.DataFrame | None,
    method: str,
    fit_periods: Sequence[Hashable] | None,
) -> tuple[Hashable, ...]:
    """Refuse input that cannot give a synthetic control; return the donor pool."""
    if method not in METHODS:
        raise SyntheticControlInputError(
            f"method {method!r} is unknown; expected one of {', '.join(METHODS)}"
        )
    pool = _check_units(outcome, treated, donors)
    _check_periods(outcome.columns, treatment_period, fit_periods)
    units = [treated, *pool]
    first, last = show_label(outcome.columns[0]), show_label(outcome.columns[-1])
    expected = f"every period from {first} to {last} for the treated unit and every donor"
    _check_values(outcome.loc[units], "outcome", expected, treated)
    if method == "outcome_lags" and predictors is not None:
        raise SyntheticControlInputError(
            "method 'outcome_lags' builds its predictors from the pre-period outcomes; pass "
            "predictors=None or choose 'classic' / 'standardised'"
        )
    if method != "outcome_lags":
        _check_predictors(predictors, units, method)
    return pool


def _check_units(
    outcome: pd.DataFrame, treated: Hashable, donors: Sequence[Hashable] | None
) -> tuple[Hashable, ...]:
    fail = SyntheticControlInputError
    if not isinstance(outcome, pd.DataFrame):
        raise fail(f"outcome must be a DataFrame (units x periods), not {type(outcome)}")
    if not outcome.index.is_unique or not outcome.columns.is_unique:
        raise fail(
            "outcome has a unit or a period twice; expected one row per unit and "
            "one column per period"
        )
    if not outcome.columns.is_monotonic_increasing:
        raise fail("outcome's periods (columns) are not in increasing order; sort them")
    known = f"(units: {describe(outcome.index)})"
    if treated not in outcome.index:
        raise fail(f"treated unit {show_label(treated)} is not in the outcome {known}")
    pool = (
        tuple(unit for unit in outcome.index if unit != treated)
        if donors is None
        else tuple(donors)
    )
    unknown = pd.Index(pool)[~pd.Index(pool).isin(outcome.index)]
    if len(unknown):
        raise fail(f"donor {describe(unknown)} is not in the outcome {known}")
    if treated in pool or len(set(pool)) != len(pool):
        raise fail(
            f"the donor pool must list other units than the treated unit "
            f"{show_label(treated)}, each once; got {describe(pool)}"
        )
    if len(pool) < 2:
        raise fail(f"a synthetic control needs at least 2 donors; got {len(pool)}")
    return pool


def _check_periods(
    periods: pd.Index, treatment_period: Hashable, fit_periods: Sequence[Hashable] | None
) -> None:
    fail = SyntheticControlInputError
    treatment = show_label(treatment_period)
    if treatment_period not in periods:
        raise fail(
            f"treatment period {treatment} is not one of the outcome's periods "
            f"({show_label(periods[0])} to {show_label(periods[-1])})"
        )
    pre = periods[: periods.get_loc(treatment_period)]
    if len(pre) < 2:
        raise fail(
            f"treatment period {treatment} leaves {len(pre)} pre-period(s); at least 2 are needed"
        )
    if fit_periods is not None and (
        any(period not in pre for period in fit_periods) or len(set(fit_periods)) < 2
    ):
        raise fail(
            f"fit periods must be at least 2 distinct pre-periods ({show_label(pre[0])} "
            f"to {show_label(pre[-1])}); got {describe(list(fit_periods))}"
        )


def _check_predictors(predictors: pd.DataFrame | None, units: list[Hashable], method: str) -> None:
    fail = SyntheticControlInputError
    if predictors is None:
        raise fail(f"method {method!r} needs predictors (a units x predictors frame)")
    if not isinstance(predictors, pd.DataFrame) or predictors.shape[1] == 0:
        raise fail("predictors must be a DataFrame with at least one predictor column")
    absent = pd.Index(units)[~pd.Index(units).isin(predictors.index)]
    if len(absent):
        raise fail(
            f"predictors missing for unit {describe(absent)}; every unit used (the "
            "treated unit and each donor) needs a row"
        )
    if not predictors.index.is_unique:
        raise fail("predictors have a unit twice; expected one row per unit")
    expected = "every predictor for the treated unit and every donor"
    _check_values(predictors.loc[units], "predictors", expected, units[0])


def _check_values(frame: pd.DataFrame, what: str, expected: str, treated: Hashable) -> None:
    """Every value a number; the first unit with gaps is named with its periods/predictors."""
    try:
        values = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise SyntheticControlInputError(f"{what} must be numbers: {error}") from error
    rows, columns = np.nonzero(~np.isfinite(values))
    if rows.size:
        unit = frame.index[rows[0]]
        role = "treated unit" if unit == treated else "donor"
        labels = [frame.columns[column] for column in columns[rows == rows[0]]]
        noun = "outcome for" if what == "outcome" else "value for predictor"
        others = rows.size - len(labels)
        more = f" (and {others} more missing for other units)" if others else ""
        raise SyntheticControlInputError(
            f"{role} {show_label(unit)} has no {noun} {describe(labels)}{more}; the "
            f"synthetic control needs {expected}"
        )
