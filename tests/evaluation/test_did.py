"""Two-way fixed-effects difference in differences: a known effect recovered, the clustered
standard error checked against a dummy-variable regression with a hand-coded sandwich, the
2x2 case against the difference of means, and bad panels refused with a clear message.

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
    NoControlUnitsError,
    NonNumericColumnError,
    TreatmentTimingError,
    twfe,
)

# --- factories -----------------------------------------------------------------------------


def staggered_panel(units=40, periods=8, effect=2.0, noise=1.0, seed=0):
    """A balanced panel: a quarter of the units start treatment in period 3, a quarter in
    period 5, half never; y = unit effect + common trend + effect * treated + noise."""
    rng = np.random.default_rng(seed)
    unit = np.repeat(np.arange(units), periods)
    period = np.tile(np.arange(periods), units)
    start = np.select([np.arange(units) < units // 4, np.arange(units) < units // 2], [3, 5], 99)
    treated = period >= start[unit]
    outcome = (
        rng.normal(0, 2, units)[unit]
        + 0.4 * period
        + effect * treated
        + rng.normal(0, noise, units * periods)
    )
    return pd.DataFrame({"unit": unit, "period": period, "outcome": outcome, "treated": treated})


def lsdv_cluster_se(frame, regressors):
    """The same model by brute force: explicit unit and period dummies, numpy lstsq, and
    the CR1 sandwich summed cluster by cluster in a Python loop."""
    units = pd.get_dummies(frame["unit"]).to_numpy(float)
    periods = pd.get_dummies(frame["period"]).to_numpy(float)[:, 1:]
    x = np.column_stack([frame[regressors].to_numpy(float), units, periods])
    y = frame["outcome"].to_numpy(float)
    beta = np.linalg.lstsq(x, y, rcond=None)[0]
    residual = y - x @ beta
    bread = np.linalg.pinv(x.T @ x)
    meat = np.zeros((x.shape[1], x.shape[1]))
    for unit in frame["unit"].unique():
        rows = (frame["unit"] == unit).to_numpy()
        score = x[rows].T @ residual[rows]
        meat += np.outer(score, score)
    n, g = len(y), frame["unit"].nunique()
    k = len(regressors) + periods.shape[1]  # unit dummies are nested in the clusters
    covariance = g / (g - 1) * (n - 1) / (n - k) * bread @ meat @ bread
    return beta[: len(regressors)], np.sqrt(np.diag(covariance))[: len(regressors)]


# --- estimates -----------------------------------------------------------------------------


def test_twfe_recovers_a_constant_treatment_effect():
    result = twfe(staggered_panel(units=200, effect=2.0, noise=0.5))
    assert result.estimate == pytest.approx(2.0, abs=0.06)
    assert result.lower < 2.0 < result.upper
    assert (result.n_units, result.n_periods, result.n_obs) == (200, 8, 1600)
    assert result.n_treated_obs == 50 * 5 + 50 * 3


def test_twfe_finds_no_effect_when_there_is_none():
    result = twfe(staggered_panel(units=200, effect=0.0, noise=0.5))
    assert abs(result.estimate) < 3 * result.std_error
    assert result.p_value > 0.01


def test_twfe_matches_the_dummy_variable_regression_and_hand_coded_cluster_sandwich():
    frame = staggered_panel(units=12, periods=5, seed=3)
    frame["x"] = np.random.default_rng(4).normal(size=len(frame))
    frame["outcome"] += 0.7 * frame["x"]
    frame = frame.drop(index=[2, 17, 31]).reset_index(drop=True)  # unbalanced on purpose
    beta, se = lsdv_cluster_se(frame, ["treated", "x"])
    result = twfe(frame, covariates=["x"])
    assert result.estimate == pytest.approx(beta[0], rel=1e-10)
    assert result.std_error == pytest.approx(se[0], rel=1e-10)
    assert result.covariates["x"] == pytest.approx((beta[1], se[1]), rel=1e-10)
    assert result.n_obs == 57


def test_twfe_in_the_two_by_two_case_is_the_difference_of_mean_changes():
    frame = pd.DataFrame(
        {
            "unit": ["a", "a", "b", "b", "c", "c", "d", "d"],
            "period": [2019, 2020] * 4,
            "outcome": [10.0, 14.0, 12.0, 15.0, 9.0, 10.0, 11.0, 13.0],
            "treated": [False, True, False, True, False, False, False, False],
        }
    )
    # Treated units change by 4 and 3 (mean 3.5), controls by 1 and 2 (mean 1.5).
    result = twfe(frame)
    assert result.estimate == pytest.approx(2.0, abs=1e-12)
    assert result.df == 3


def test_twfe_interval_and_p_value_use_student_t_with_clusters_minus_one_df():
    result = twfe(staggered_panel(units=30), alpha=0.1)
    half = stats.t.ppf(0.95, 29) * result.std_error
    assert (result.lower, result.upper) == pytest.approx(
        (result.estimate - half, result.estimate + half), rel=1e-12
    )
    assert result.t_statistic == pytest.approx(result.estimate / result.std_error)
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(result.t_statistic), 29))


def test_twfe_accepts_zero_one_treatment_and_string_unit_ids_and_date_periods():
    frame = staggered_panel(units=20, periods=4)
    reference = twfe(frame)
    frame["treated"] = frame["treated"].astype(int)
    frame["unit"] = "kommune-" + frame["unit"].astype(str)
    frame["period"] = pd.to_datetime((2000 + frame["period"]).astype(str), format="%Y")
    result = twfe(frame)
    assert result.estimate == pytest.approx(reference.estimate, rel=1e-12)
    assert result.std_error == pytest.approx(reference.std_error, rel=1e-12)


# --- bad input -----------------------------------------------------------------------------


def test_twfe_names_the_missing_columns():
    frame = staggered_panel().drop(columns=["treated"])
    with pytest.raises(MissingColumnsError, match=r"no column 'treated', 'x'; it has 'unit'"):
        twfe(frame, covariates=["x"])


def test_twfe_refuses_a_non_numeric_outcome():
    frame = staggered_panel()
    frame["outcome"] = frame["outcome"].astype(str)
    frame.loc[3, "outcome"] = "n/a"
    with pytest.raises(
        NonNumericColumnError,
        match=r"the outcome column 'outcome' must hold numbers; it holds 'n/a'",
    ):
        twfe(frame)


def test_twfe_names_the_unit_period_with_a_missing_outcome():
    frame = staggered_panel()
    frame.loc[(frame["unit"] == 7) & (frame["period"] == 2), "outcome"] = np.nan
    with pytest.raises(DidInputError, match=r"missing or infinite for unit 7 in 2;"):
        twfe(frame)


def test_twfe_refuses_a_treatment_column_that_is_not_zero_or_one():
    frame = staggered_panel()
    frame["treated"] = frame["treated"].astype(int) * 2
    with pytest.raises(TreatmentTimingError, match=r"'treated' must be True/False .* holds 2"):
        twfe(frame)


def test_twfe_refuses_duplicate_unit_periods():
    frame = staggered_panel()
    frame = pd.concat([frame, frame.iloc[[5]]], ignore_index=True)
    with pytest.raises(DidInputError, match=r"unit 0 has 2 rows for period 5; expected one row"):
        twfe(frame)


def test_twfe_refuses_a_panel_where_nobody_is_treated():
    frame = staggered_panel()
    frame["treated"] = False
    with pytest.raises(NoControlUnitsError, match=r"'treated' is never true"):
        twfe(frame)


def test_twfe_names_a_covariate_absorbed_by_the_unit_effects():
    frame = staggered_panel()
    frame["region"] = frame["unit"] % 3  # constant within each unit
    with pytest.raises(CollinearDesignError, match=r"^region cannot be estimated: collinear"):
        twfe(frame, covariates=["region"])


def test_twfe_refuses_an_alpha_outside_zero_and_one():
    with pytest.raises(DidInputError, match=r"alpha must lie strictly between 0 and 1, not 5"):
        twfe(staggered_panel(), alpha=5)
