"""Event study: leads near zero and lags at the built-in effects on constructed data, the
pre-trend test rejecting a built-in pre-trend, binned endpoints, agreement with TWFE in the
one-lag case, and bad input refused with a clear message.

Plain tests without a database: the engine is framework-free.
"""

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from omradeloft.evaluation.engine.did import (
    CollinearDesignError,
    DidInputError,
    MissingColumnsError,
    TreatmentTimingError,
    twfe,
)
from omradeloft.evaluation.engine.event_study import event_study

YEARS = np.arange(2005, 2017)  # 12 periods


def panel(
    effect=lambda r: np.where(r >= 0, 1.0 + 0.5 * np.minimum(r, 2), 0.0), pretrend=0.0, seed=0
):
    """300 units over 2005-2016: cohorts first treated in 2009, 2011 and 2013 (60 units
    each) and 120 never treated. y = unit effect + period shock + effect(r) for treated
    units at relative period r = year - first year + pretrend * r before treatment
    + noise (sd 0.15). The default effect is 1, 1.5, then 2 from r = 2 on: constant beyond
    the windows used below, as binned endpoints assume."""
    rng = np.random.default_rng(seed)
    cohorts = np.repeat([2009.0, 2011.0, 2013.0, np.nan], [60, 60, 60, 120])
    units = len(cohorts)
    unit = np.repeat(np.arange(units), len(YEARS))
    year = np.tile(YEARS, units)
    first = cohorts[unit]
    relative = np.where(np.isnan(first), -1000, year - np.nan_to_num(first)).astype(int)
    treated_unit = ~np.isnan(first)
    outcome = (
        rng.normal(0, 1, units)[unit]
        + rng.normal(0, 1, len(YEARS))[year - YEARS[0]]
        + np.where(treated_unit, effect(relative), 0.0)
        + np.where(treated_unit & (relative < 0), pretrend * relative, 0.0)
        + rng.normal(0, 0.15, len(unit))
    )
    return pd.DataFrame({"unit": unit, "period": year, "outcome": outcome, "first_treated": first})


def test_event_study_leads_are_near_zero_and_lags_recover_the_dynamic_effect():
    result = event_study(panel(), leads=4, lags=3)
    assert result.relative_periods == (-4, -3, -2, 0, 1, 2, 3)
    for r in (-4, -3, -2):
        estimate, lower, upper = result.coefficients[r]
        assert abs(estimate) < 0.08
        assert lower < 0 < upper
    for r, truth in ((0, 1.0), (1, 1.5), (2, 2.0), (3, 2.0)):  # 3 is the bin r >= 3
        assert result.estimate(r) == pytest.approx(truth, abs=0.08)
    assert result.estimate(-1) == 0.0
    assert result.pretrend.p_value > 0.05
    assert (result.n_units, result.n_periods, result.n_obs, result.n_treated_units) == (
        300,
        12,
        3600,
        180,
    )


def test_event_study_pretrend_test_rejects_a_built_in_pre_trend():
    result = event_study(panel(pretrend=0.1), leads=8, lags=3)
    # Before treatment y rises 0.1 a period, so beta_r = 0.1 * (r + 1) relative to r = -1,
    # and every post-treatment coefficient is 0.1 above the effect.
    for r in range(-8, -1):
        assert result.estimate(r) == pytest.approx(0.1 * (r + 1), abs=0.08)
    assert result.estimate(0) == pytest.approx(1.1, abs=0.08)
    assert result.pretrend.p_value < 1e-6
    assert result.pretrend.df == 7
    assert result.pretrend.df_denominator == 299


def test_event_study_pretrend_statistic_is_the_cluster_robust_wald_f():
    result = event_study(panel(seed=5), leads=3, lags=2)
    leads = [-3, -2]
    b = np.array([result.estimate(r) for r in leads])
    positions = [result.relative_periods.index(r) for r in leads]
    v = result.covariance[np.ix_(positions, positions)]
    f = b @ np.linalg.solve(v, b) / 2
    assert result.pretrend.statistic == pytest.approx(f, rel=1e-10)
    assert result.pretrend.p_value == pytest.approx(stats.f.sf(f, 2, 299), rel=1e-10)


def test_event_study_with_one_lead_and_no_lag_is_twfe_on_the_post_indicator():
    frame = panel(effect=lambda r: np.where(r >= 0, 1.5, 0.0), seed=2)
    result = event_study(frame, leads=1, lags=0)
    frame["treated"] = frame["period"] >= frame["first_treated"]  # NaN compares False
    reference = twfe(frame)
    assert result.relative_periods == (0,)
    assert result.estimate(0) == pytest.approx(reference.estimate, rel=1e-12)
    assert result.std_errors[0] == pytest.approx(reference.std_error, rel=1e-12)
    assert result.coefficients[0][1:] == pytest.approx((reference.lower, reference.upper))
    assert result.pretrend is None


def test_event_study_reference_period_can_be_moved():
    result = event_study(panel(), leads=3, lags=2, reference=-3)
    assert result.relative_periods == (-2, -1, 0, 1, 2)
    assert result.estimate(-3) == 0.0
    assert result.estimate(1) == pytest.approx(1.5, abs=0.1)


def test_event_study_intervals_use_student_t_with_clusters_minus_one_df():
    result = event_study(panel(), leads=2, lags=1, alpha=0.1)
    estimate, lower, upper = result.coefficients[1]
    half = stats.t.ppf(0.95, 299) * result.std_errors[1]
    assert (lower, upper) == pytest.approx((estimate - half, estimate + half), rel=1e-12)


# --- bad input -----------------------------------------------------------------------------


def test_event_study_refuses_a_unit_with_two_first_treatment_periods():
    frame = panel()
    frame.loc[(frame["unit"] == 4) & (frame["period"] > 2010), "first_treated"] = 2012
    with pytest.raises(
        TreatmentTimingError,
        match=r"unit 4 has 2 first-treatment periods in column 'first_treated' \(2009, 2012\)",
    ):
        event_study(frame)


def test_event_study_names_a_relative_period_with_no_observation():
    with pytest.raises(
        DidInputError,
        match=r"no observation falls at relative period\(s\) -9; the treated units are "
        r"observed at relative periods -8\.\.7",
    ):
        event_study(panel(), leads=9, lags=2)


def test_event_study_refuses_a_reference_outside_the_window():
    with pytest.raises(DidInputError, match=r"reference -5 lies outside the window -4..2"):
        event_study(panel(), leads=4, lags=2, reference=-5)


def test_event_study_refuses_fractional_periods():
    frame = panel()
    frame["period"] = frame["period"] + 0.5
    with pytest.raises(DidInputError, match=r"'period' must hold whole numbers; it holds 2005.5"):
        event_study(frame)


def test_event_study_names_the_missing_columns():
    with pytest.raises(MissingColumnsError, match=r"no column 'first_treated'"):
        event_study(panel().drop(columns="first_treated"))


def test_event_study_without_never_treated_units_names_the_collinear_relative_period():
    frame = panel()
    frame = frame[frame["first_treated"].notna()]
    # Only the latest cohort separates calendar time from relative time, and with both
    # endpoints binned the design is collinear.
    with pytest.raises(CollinearDesignError, match=r"cannot be estimated: collinear"):
        event_study(frame, leads=8, lags=7)
