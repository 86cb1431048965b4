"""Checks of synthetic-control input: units, periods, values and predictors, each refusal
naming what is wrong, where, and what was expected."""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from omradeloft.core.notices import Message, MessageError, Wordings, listing

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


WORDS = Wordings(
    {
        "sc.and_more": "%(listed)s and %(more)s more",
        "sc.unknown_method": "method %(method)s is unknown; expected one of %(methods)s",
        "sc.lags_with_predictors": (
            "method 'outcome_lags' builds its predictors from the pre-period outcomes; pass "
            "predictors=None or choose 'classic' / 'standardised'"
        ),
        "sc.not_a_frame": "outcome must be a DataFrame (units x periods), not %(kind)s",
        "sc.duplicate_labels": (
            "outcome has a unit or a period twice; expected one row per unit and one column "
            "per period"
        ),
        "sc.unsorted_periods": (
            "outcome's periods (columns) are not in increasing order; sort them"
        ),
        "sc.unknown_treated": ("treated unit %(unit)s is not in the outcome (units: %(units)s)"),
        "sc.unknown_donor": "donor %(donors)s is not in the outcome (units: %(units)s)",
        "sc.bad_pool": (
            "the donor pool must list other units than the treated unit %(unit)s, each "
            "once; got %(pool)s"
        ),
        "sc.too_few_donors": "a synthetic control needs at least 2 donors; got %(count)s",
        "sc.unknown_treatment_period": (
            "treatment period %(period)s is not one of the outcome's periods (%(first)s to "
            "%(last)s)"
        ),
        "sc.too_few_pre_periods": (
            "treatment period %(period)s leaves %(count)s pre-period(s); at least 2 are needed"
        ),
        "sc.bad_fit_periods": (
            "fit periods must be at least 2 distinct pre-periods (%(first)s to %(last)s); "
            "got %(periods)s"
        ),
        "sc.no_predictors": "method %(method)s needs predictors (a units x predictors frame)",
        "sc.bad_predictors": ("predictors must be a DataFrame with at least one predictor column"),
        "sc.missing_predictor_rows": (
            "predictors missing for unit %(units)s; every unit used (the treated unit and "
            "each donor) needs a row"
        ),
        "sc.duplicate_predictor_rows": ("predictors have a unit twice; expected one row per unit"),
        "sc.not_numbers": "%(what)s must be numbers: %(error)s",
        "sc.outcome_gap_treated": (
            "treated unit %(unit)s has no outcome for %(labels)s; the synthetic control "
            "needs every period from %(first)s to %(last)s for the treated unit and every "
            "donor"
        ),
        "sc.outcome_gap_treated_more": (
            "treated unit %(unit)s has no outcome for %(labels)s (and %(others)s more "
            "missing for other units); the synthetic control needs every period from "
            "%(first)s to %(last)s for the treated unit and every donor"
        ),
        "sc.outcome_gap_donor": (
            "donor %(unit)s has no outcome for %(labels)s; the synthetic control needs "
            "every period from %(first)s to %(last)s for the treated unit and every donor"
        ),
        "sc.outcome_gap_donor_more": (
            "donor %(unit)s has no outcome for %(labels)s (and %(others)s more missing for "
            "other units); the synthetic control needs every period from %(first)s to "
            "%(last)s for the treated unit and every donor"
        ),
        "sc.predictor_gap_treated": (
            "treated unit %(unit)s has no value for predictor %(labels)s; the synthetic "
            "control needs every predictor for the treated unit and every donor"
        ),
        "sc.predictor_gap_treated_more": (
            "treated unit %(unit)s has no value for predictor %(labels)s (and %(others)s "
            "more missing for other units); the synthetic control needs every predictor for "
            "the treated unit and every donor"
        ),
        "sc.predictor_gap_donor": (
            "donor %(unit)s has no value for predictor %(labels)s; the synthetic control "
            "needs every predictor for the treated unit and every donor"
        ),
        "sc.predictor_gap_donor_more": (
            "donor %(unit)s has no value for predictor %(labels)s (and %(others)s more "
            "missing for other units); the synthetic control needs every predictor for the "
            "treated unit and every donor"
        ),
    }
)


class SyntheticControlInputError(MessageError):
    """The outcome, units, periods or predictors cannot give a synthetic control."""


def plain_label(label: Hashable) -> Hashable:
    """A unit or period label as a Python value: 2005 rather than np.int64(2005)."""
    return label.item() if isinstance(label, np.generic) else label


def show_label(label: Hashable) -> str:
    return repr(plain_label(label))


def describe(labels: Sequence[Hashable] | pd.Index, limit: int = 5) -> Message:
    listed = listing([show_label(label) for label in list(labels)[:limit]])
    if len(labels) > limit:
        return WORDS("sc.and_more", listed=listed, more=len(labels) - limit)
    return listed


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
            WORDS("sc.unknown_method", method=repr(method), methods=", ".join(METHODS))
        )
    pool = _check_units(outcome, treated, donors)
    _check_periods(outcome.columns, treatment_period, fit_periods)
    units = [treated, *pool]
    first, last = show_label(outcome.columns[0]), show_label(outcome.columns[-1])
    _check_values(outcome.loc[units], "outcome", treated, {"first": first, "last": last})
    if method == "outcome_lags" and predictors is not None:
        raise SyntheticControlInputError(WORDS("sc.lags_with_predictors"))
    if method != "outcome_lags":
        _check_predictors(predictors, units, method)
    return pool


def _check_units(
    outcome: pd.DataFrame, treated: Hashable, donors: Sequence[Hashable] | None
) -> tuple[Hashable, ...]:
    fail = SyntheticControlInputError
    if not isinstance(outcome, pd.DataFrame):
        raise fail(WORDS("sc.not_a_frame", kind=str(type(outcome))))
    if not outcome.index.is_unique or not outcome.columns.is_unique:
        raise fail(WORDS("sc.duplicate_labels"))
    if not outcome.columns.is_monotonic_increasing:
        raise fail(WORDS("sc.unsorted_periods"))
    known = describe(outcome.index)
    if treated not in outcome.index:
        raise fail(WORDS("sc.unknown_treated", unit=show_label(treated), units=known))
    pool = (
        tuple(unit for unit in outcome.index if unit != treated)
        if donors is None
        else tuple(donors)
    )
    unknown = pd.Index(pool)[~pd.Index(pool).isin(outcome.index)]
    if len(unknown):
        raise fail(WORDS("sc.unknown_donor", donors=describe(unknown), units=known))
    if treated in pool or len(set(pool)) != len(pool):
        raise fail(WORDS("sc.bad_pool", unit=show_label(treated), pool=describe(pool)))
    if len(pool) < 2:
        raise fail(WORDS("sc.too_few_donors", count=len(pool)))
    return pool


def _check_periods(
    periods: pd.Index, treatment_period: Hashable, fit_periods: Sequence[Hashable] | None
) -> None:
    fail = SyntheticControlInputError
    treatment = show_label(treatment_period)
    if treatment_period not in periods:
        raise fail(
            WORDS(
                "sc.unknown_treatment_period",
                period=treatment,
                first=show_label(periods[0]),
                last=show_label(periods[-1]),
            )
        )
    pre = periods[: periods.get_loc(treatment_period)]
    if len(pre) < 2:
        raise fail(WORDS("sc.too_few_pre_periods", period=treatment, count=len(pre)))
    if fit_periods is not None and (
        any(period not in pre for period in fit_periods) or len(set(fit_periods)) < 2
    ):
        raise fail(
            WORDS(
                "sc.bad_fit_periods",
                first=show_label(pre[0]),
                last=show_label(pre[-1]),
                periods=describe(list(fit_periods)),
            )
        )


def _check_predictors(predictors: pd.DataFrame | None, units: list[Hashable], method: str) -> None:
    fail = SyntheticControlInputError
    if predictors is None:
        raise fail(WORDS("sc.no_predictors", method=repr(method)))
    if not isinstance(predictors, pd.DataFrame) or predictors.shape[1] == 0:
        raise fail(WORDS("sc.bad_predictors"))
    absent = pd.Index(units)[~pd.Index(units).isin(predictors.index)]
    if len(absent):
        raise fail(WORDS("sc.missing_predictor_rows", units=describe(absent)))
    if not predictors.index.is_unique:
        raise fail(WORDS("sc.duplicate_predictor_rows"))
    _check_values(predictors.loc[units], "predictors", units[0], {})


def _check_values(frame: pd.DataFrame, what: str, treated: Hashable, span: dict[str, str]) -> None:
    """Every value a number; the first unit with gaps is named with its periods/predictors."""
    try:
        values = frame.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise SyntheticControlInputError(
            WORDS("sc.not_numbers", what=what, error=str(error))
        ) from error
    rows, columns = np.nonzero(~np.isfinite(values))
    if rows.size:
        unit = frame.index[rows[0]]
        labels = [frame.columns[column] for column in columns[rows == rows[0]]]
        others = rows.size - len(labels)
        code = "sc.{}_gap_{}{}".format(
            "outcome" if what == "outcome" else "predictor",
            "treated" if unit == treated else "donor",
            "_more" if others else "",
        )
        raise SyntheticControlInputError(
            WORDS(code, unit=show_label(unit), labels=describe(labels), others=others, **span)
        )
