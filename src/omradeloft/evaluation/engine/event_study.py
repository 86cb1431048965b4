"""Event study: leads and lags of treatment in a two-way fixed-effects regression, with a
joint pre-trend test.

The model (e.g. Freyaldenhoven et al. 2021; Schmidheiny & Siegloch 2023 on binning) is

    y_it = alpha_i + lambda_t + sum_{r != reference} beta_r * 1[binned(t - g_i) = r] + e_it,

where g_i is unit i's first treatment period and r runs from -leads to lags. Relative
periods beyond the window are binned into its endpoints (r <= -leads counts as -leads,
r >= lags as lags), so the endpoint coefficients are averages over everything further out
and the effects are not forced to zero outside the window. Never-treated units have all
indicators 0 and anchor the period effects. beta_reference is normalised to 0, so each
beta_r is the change relative to the reference period (by default the one before
treatment).

The fit, with unit and period effects and CR1 standard errors clustered by unit, is the
one `twfe` uses (`did.fit_clustered`). Parallel pre-trends imply beta_r = 0 for every lead
r < 0; the pre-trend test is the cluster-robust Wald test of that joint null,
W = b' V^{-1} b / q against F(q, G - 1) (q leads, G units), the F form that Stata's
``test`` and fixest's ``wald`` report after clustered estimation. A large p-value is no
proof of parallel trends (Roth 2022): the test has little power against smooth trends.

With staggered adoption and heterogeneous effects these coefficients mix effects across
cohorts (Sun & Abraham 2021); `staggered.callaway_santanna` avoids that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from omradeloft.core.notices import Wordings

from .did import (
    DidInputError,
    WaldTest,
    encode_panel,
    first_treatment_by_unit,
    fit_clustered,
    integer_periods,
    numeric_column,
    require_columns,
    t_interval,
)

__all__ = ["EventStudyResult", "event_study"]

WORDS = Wordings(
    {
        "event_study.no_treated_unit": "column %(column)s names no treated unit; all are NaN",
        "event_study.empty_periods": "no observation falls at relative period(s) %(empty)s; "
        "the treated units are observed at relative periods %(span)s, so choose leads and "
        "lags within that range",
        "event_study.not_integer": "%(name)s must be an integer, not %(value)s",
        "event_study.bad_window": "leads must be >= 1 and lags >= 0 (got leads=%(leads)s, "
        "lags=%(lags)s); the window runs from -leads to lags",
        "event_study.reference_outside": "reference %(reference)s lies outside the window "
        "%(first)s..%(last)s; the omitted period must be one of the estimated relative periods",
    }
)


@dataclass(frozen=True)
class EventStudyResult:
    """Coefficients by period relative to first treatment, and the pre-trend test.

    Attributes:
        coefficients: {relative period r: (estimate, lower, upper)} for every r in
            -leads..lags except the reference, sorted by r; the interval is (1 - alpha)
            with t(G - 1). The endpoints -leads and lags are bins.
        std_errors: {r: CR1 standard error clustered by unit}.
        covariance: (len(relative_periods), len(relative_periods)) covariance of the
            estimates, rows and columns in the order of `relative_periods`.
        relative_periods: the estimated r, ascending.
        reference: the omitted relative period (its coefficient is 0 by construction).
        pretrend: the joint F test that every lead (r < 0) is 0, or None without leads.
        leads, lags, alpha: as given.
        n_units, n_periods, n_obs: the panel's size; n_treated_units: units ever treated.
    """

    coefficients: Mapping[int, tuple[float, float, float]]
    std_errors: Mapping[int, float]
    covariance: np.ndarray = field(compare=False, repr=False)
    relative_periods: tuple[int, ...] = ()
    reference: int = -1
    pretrend: WaldTest | None = None
    leads: int = 0
    lags: int = 0
    alpha: float = 0.05
    n_units: int = 0
    n_periods: int = 0
    n_obs: int = 0
    n_treated_units: int = 0

    def estimate(self, relative_period: int) -> float:
        """beta_r for r = relative_period; 0.0 for the reference period."""
        if relative_period == self.reference:
            return 0.0
        return self.coefficients[relative_period][0]


def event_study(
    panel: pd.DataFrame,
    unit: str = "unit",
    period: str = "period",
    outcome: str = "outcome",
    first_treated: str = "first_treated",
    leads: int = 4,
    lags: int = 4,
    reference: int = -1,
    covariates: Sequence[str] = (),
    alpha: float = 0.05,
) -> EventStudyResult:
    """Estimate leads and lags of treatment with unit and period fixed effects.

    Args:
        panel: long frame, one row per unit-period (unbalanced panels are fine).
            `unit`: any hashable id; `period`: whole numbers (e.g. years; relative period
            r = period - first treatment, in these units); `outcome`: float;
            `first_treated`: the unit's first treatment period, the same on every row of
            the unit, NaN/None for never-treated units; each of `covariates`: float.
        leads: the earliest relative period estimated is -leads (earlier ones binned in).
        lags: the latest relative period estimated is lags (later ones binned in).
        reference: the omitted relative period, within -leads..lags.
        alpha: one minus the confidence level of the intervals.

    Raises:
        MissingColumnsError, NonNumericColumnError, TreatmentTimingError (a unit with two
        first-treatment periods), DidInputError (bad window, a relative period with no
        observation, duplicates, missing values), CollinearDesignError (e.g. no
        never-treated units and no other way to separate relative and calendar time).
    """
    window = _window(leads, lags, reference)
    require_columns(panel, (unit, period, outcome, first_treated, *covariates))
    index = encode_panel(panel, unit, period)
    periods = integer_periods(index, period)
    y = numeric_column(panel, outcome, "outcome", index)
    x = [numeric_column(panel, name, "covariate", index) for name in covariates]
    first = first_treatment_by_unit(panel, first_treated, index)
    ever_treated = ~np.isnan(first)
    if not ever_treated.any():
        raise DidInputError(WORDS("event_study.no_treated_unit", column=repr(first_treated)))

    observed_first = first[index.unit_codes]
    treated_rows = ~np.isnan(observed_first)
    relative = np.zeros(len(y), dtype=np.int64)
    relative[treated_rows] = periods[index.period_codes[treated_rows]] - observed_first[
        treated_rows
    ].astype(np.int64)
    binned = np.clip(relative, -leads, lags)
    estimated = [r for r in window if r != reference]
    # One indicator column per estimated relative period; never-treated rows stay 0.
    indicators = (binned[:, None] == np.asarray(estimated)[None, :]) & treated_rows[:, None]
    empty = [r for r, hits in zip(estimated, indicators.sum(axis=0), strict=True) if not hits]
    if empty:
        span = f"{relative[treated_rows].min()}..{relative[treated_rows].max()}"
        raise DidInputError(
            WORDS("event_study.empty_periods", empty=", ".join(map(str, empty)), span=span)
        )
    names = [f"relative period {r}" for r in estimated]
    regressors = np.column_stack([indicators.astype(float), *x])
    fit = fit_clustered(y, regressors, (*names, *covariates), index)
    k = len(estimated)
    beta, covariance = fit.coefficients[:k], fit.covariance[:k, :k]
    se = np.sqrt(np.diag(covariance))
    df = fit.n_clusters - 1
    coefficients: dict[int, tuple[float, float, float]] = {}
    for r, b, s in zip(estimated, beta, se, strict=True):
        coefficients[r] = (float(b), *t_interval(float(b), float(s), df, alpha))
    lead_positions = [j for j, r in enumerate(estimated) if r < 0]
    return EventStudyResult(
        coefficients=coefficients,
        std_errors={r: float(s) for r, s in zip(estimated, se, strict=True)},
        covariance=covariance,
        relative_periods=tuple(estimated),
        reference=reference,
        pretrend=_joint_f_test(beta, covariance, lead_positions, df),
        leads=leads,
        lags=lags,
        alpha=alpha,
        n_units=len(index.units),
        n_periods=len(index.periods),
        n_obs=len(y),
        n_treated_units=int(ever_treated.sum()),
    )


def _window(leads: int, lags: int, reference: int) -> range:
    """-leads..lags, after checking that the arguments make a window with the reference."""
    for name, value in (("leads", leads), ("lags", lags), ("reference", reference)):
        if isinstance(value, bool) or not isinstance(value, int | np.integer):
            raise DidInputError(WORDS("event_study.not_integer", name=name, value=repr(value)))
    if leads < 1 or lags < 0:
        raise DidInputError(WORDS("event_study.bad_window", leads=int(leads), lags=int(lags)))
    if not -leads <= reference <= lags:
        raise DidInputError(
            WORDS(
                "event_study.reference_outside",
                reference=int(reference),
                first=int(-leads),
                last=int(lags),
            )
        )
    return range(-leads, lags + 1)


def _joint_f_test(
    beta: np.ndarray, covariance: np.ndarray, positions: Sequence[int], df: int
) -> WaldTest | None:
    """W = b' V^{-1} b / q for the coefficients at `positions`, against F(q, df); None
    without leads or when their covariance is zero."""
    if not positions:
        return None
    b = beta[positions]
    v = covariance[np.ix_(positions, positions)]
    # A singular V (e.g. fewer clusters than leads) tests only the identified directions:
    # the Moore-Penrose inverse with its rank as the numerator degrees of freedom.
    q = int(np.linalg.matrix_rank(v))
    if q == 0:
        return None
    statistic = float(b @ np.linalg.pinv(v) @ b) / q
    return WaldTest(statistic, q, df, float(stats.f.sf(statistic, q, df)))
