"""Synthetic control inference: placebos in space (rank p-values, ADH's exclusion of poor
pre-period fits), leave-one-out, placebos in time, and the pooled estimate for several
treated units.

Plain tests without a database: the engine is framework-free.
"""

import math

import numpy as np
import pandas as pd
import pytest

from omradeloft.evaluation.engine.placebo import (
    leave_one_out,
    placebo_in_space,
    placebo_in_time,
    pooled_synthetic_control,
)
from omradeloft.evaluation.engine.synthetic_control import (
    SyntheticControlInputError,
    synthetic_control,
)
from tests.evaluation.test_synthetic_control import (
    BASQUE,
    TRUE_WEIGHTS,
    basque_inputs,
    constructed_panel,
)

# --- factories -----------------------------------------------------------------------------


def exchangeable_panel(seed: int, units: int = 10, periods: int = 30) -> tuple:
    """Units drawn alike from a three-factor model (no treatment anywhere): which one is
    called treated is arbitrary, so its placebo rank should be uniform. Predictors: the
    loadings measured with noise, and the outcome in four pre-periods."""
    rng = np.random.default_rng(seed)
    names = ["treated", *(f"u{i:02d}" for i in range(1, units))]
    factors = np.cumsum(rng.normal(0, 1, (3, periods)), axis=1)
    loadings = rng.uniform(0, 1, (units, 3))
    values = loadings @ factors + rng.normal(0, 0.3, (units, periods))
    outcome = pd.DataFrame(values, index=names, columns=range(2000, 2000 + periods))
    covariates = pd.DataFrame(
        loadings + rng.normal(0, 0.1, loadings.shape), index=names, columns=["a", "b", "c"]
    )
    return outcome, covariates.join(outcome[[2004, 2009, 2014, 2019]].add_prefix("y"))


def several_treated_panel(seed: int, treated: int = 3, donors: int = 8, effect: float = 5.0):
    """Donors on their own random walks; each treated unit a random convex combination of
    three donors plus noise, + `effect` from 2020 (of 2000-2029) on."""
    rng = np.random.default_rng(seed)
    paths = 10 + np.cumsum(rng.normal(0, 1, (donors, 30)), axis=1)
    rows = []
    for _ in range(treated):
        weights = np.zeros(donors)
        weights[rng.choice(donors, 3, replace=False)] = rng.dirichlet(np.ones(3))
        rows.append(weights @ paths + rng.normal(0, 0.05, 30) + effect * (np.arange(30) >= 20))
    names = [f"t{i}" for i in range(treated)] + [f"d{j:02d}" for j in range(donors)]
    return pd.DataFrame(np.vstack([*rows, paths]), index=names, columns=range(2000, 2030))


@pytest.fixture(scope="module")
def basque_placebos():
    outcome, predictors, donors = basque_inputs()
    return placebo_in_space(
        outcome,
        BASQUE,
        treatment_period=1970,
        donors=donors,
        predictors=predictors,
        fit_periods=range(1960, 1970),
    )


# --- placebo in space ----------------------------------------------------------------------


def test_basque_p_value_is_the_treated_ratios_rank_among_all_regions(basque_placebos):
    ratios = basque_placebos.ratios
    assert list(ratios.index[:1]) == [BASQUE]
    assert len(ratios) == 17  # the Basque Country and its 16 donors, not Spain
    assert basque_placebos.rank == int((ratios >= ratios[BASQUE]).sum())
    assert basque_placebos.p_value == pytest.approx(basque_placebos.rank / 17)
    assert basque_placebos.fit.weights["Cataluna"] == pytest.approx(0.8508, abs=0.01)
    pd.testing.assert_series_equal(
        basque_placebos.gaps[BASQUE], basque_placebos.fit.gaps, check_names=False
    )


def test_each_placebo_is_that_donors_fit_from_the_other_donors(basque_placebos):
    outcome, predictors, donors = basque_inputs()
    others = [region for region in donors if region != "Cataluna"]
    direct = synthetic_control(
        outcome,
        "Cataluna",
        treatment_period=1970,
        donors=others,
        predictors=predictors,
        fit_periods=range(1960, 1970),
    )
    np.testing.assert_allclose(basque_placebos.gaps["Cataluna"], direct.gaps, atol=1e-9)
    np.testing.assert_allclose(
        basque_placebos.placebo_weights.loc["Cataluna", others], direct.weights, atol=1e-9
    )
    assert basque_placebos.ratios["Cataluna"] == pytest.approx(direct.rmspe_ratio)


def test_the_treated_unit_is_never_in_a_placebo_donor_pool(basque_placebos):
    weights = basque_placebos.placebo_weights
    assert BASQUE not in weights.columns
    assert BASQUE not in weights.index
    assert (np.diag(weights.loc[weights.columns]) == 0).all()
    np.testing.assert_allclose(weights.sum(axis=1), 1.0)


def test_excluding_poor_pre_period_fits_ranks_among_the_good_fits_only(basque_placebos):
    pre, ratios = basque_placebos.pre_mspe, basque_placebos.ratios
    for multiple in (20, 5, 2):
        kept = ratios[pre <= multiple * pre[BASQUE]]
        expected = (kept >= ratios[BASQUE]).sum() / len(kept)
        assert basque_placebos.p_value_excluding(multiple) == pytest.approx(expected)
    assert basque_placebos.p_value_excluding(1e9) == basque_placebos.p_value
    assert list(basque_placebos.excluded_placebos(20)) == list(pre.index[pre > 20 * pre[BASQUE]])
    # Madrid's pre-period fit is over 100 times worse than the Basque Country's.
    assert pre["Madrid (Comunidad De)"] > 20 * pre[BASQUE]


def test_a_large_known_effect_ranks_first_and_progress_is_reported_per_placebo():
    outcome, predictors = constructed_panel(seed=3, true_weights=TRUE_WEIGHTS, effect=5.0)
    calls = []
    result = placebo_in_space(
        outcome,
        "treated",
        treatment_period=2020,
        predictors=predictors,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert result.rank == 1
    assert result.p_value == pytest.approx(1 / 11)
    assert calls == [(done, 10) for done in range(1, 11)]


def test_without_an_effect_p_values_are_not_concentrated_at_the_top():
    def p_value(seed: int) -> float:
        outcome, predictors = exchangeable_panel(seed)
        return placebo_in_space(
            outcome, "treated", treatment_period=2020, predictors=predictors
        ).p_value

    p_values = np.array([p_value(seed) for seed in range(40)])
    assert np.mean(p_values <= 0.1) < 0.25  # 0.1 expected under the null
    assert 0.3 < p_values.mean() < 0.7  # 0.55 expected for ranks uniform on 1..10


def test_placebos_need_three_donors():
    outcome, predictors = constructed_panel(seed=1, true_weights={"d00": 0.5, "d01": 0.5})
    with pytest.raises(SyntheticControlInputError, match=r"at least 3 donors .* got 2"):
        placebo_in_space(
            outcome,
            "treated",
            treatment_period=2020,
            donors=["d00", "d01"],
            predictors=predictors,
        )


# --- leave-one-out -------------------------------------------------------------------------


def test_leave_one_out_refits_without_each_donor_that_has_weight():
    outcome, predictors, donors = basque_inputs()
    result = leave_one_out(
        outcome,
        BASQUE,
        treatment_period=1970,
        donors=donors,
        predictors=predictors,
        fit_periods=range(1960, 1970),
    )
    assert list(result.refits) == ["Cataluna", "Madrid (Comunidad De)"]
    for dropped, refit in result.refits.items():
        assert dropped not in refit.weights.index
        assert len(refit.weights) == 15
        pd.testing.assert_series_equal(
            result.synthetic_paths[dropped], refit.synthetic_path, check_names=False
        )
    # Without Cataluña the synthetic Basque Country still tracks it before 1970.
    assert result.refits["Cataluna"].pre_rmspe < 0.2
    assert list(result.synthetic_paths.index) == list(outcome.columns)


# --- placebo in time -----------------------------------------------------------------------


def test_a_placebo_treatment_before_the_real_one_shows_no_effect():
    outcome, _ = constructed_panel(seed=3, true_weights=TRUE_WEIGHTS, effect=5.0)
    real = synthetic_control(outcome, "treated", treatment_period=2020, method="outcome_lags")
    placebo = placebo_in_time(
        outcome,
        "treated",
        treatment_period=2020,
        placebo_period=2013,
        method="outcome_lags",
    )
    assert list(placebo.gaps.index) == list(range(2000, 2020))  # nothing from 2020 on
    assert abs(placebo.gaps.loc[2013:].mean()) < 0.25
    assert real.gaps.loc[2020:].mean() == pytest.approx(5.0, abs=0.25)


def test_a_placebo_period_must_come_before_the_treatment():
    outcome, _ = constructed_panel(seed=3, true_weights=TRUE_WEIGHTS)
    with pytest.raises(
        SyntheticControlInputError,
        match=r"placebo period 2024 is not a period before the treatment period 2020",
    ):
        placebo_in_time(
            outcome, "treated", treatment_period=2020, placebo_period=2024, method="outcome_lags"
        )
    with pytest.raises(
        SyntheticControlInputError, match=r"placebo period 1990 is not a period before"
    ):
        placebo_in_time(
            outcome, "treated", treatment_period=2020, placebo_period=1990, method="outcome_lags"
        )


# --- several treated units -----------------------------------------------------------------


def test_pooled_effect_of_several_treated_units_is_recovered_and_significant():
    outcome = several_treated_panel(seed=2)
    result = pooled_synthetic_control(
        outcome, ["t0", "t1", "t2"], treatment_period=2020, method="outcome_lags"
    )
    assert set(result.fits) == {"t0", "t1", "t2"}
    for fit in result.fits.values():
        assert not set(fit.weights.index) & {"t0", "t1", "t2"}
    np.testing.assert_allclose(
        result.mean_gap, np.mean([fit.gaps for fit in result.fits.values()], axis=0)
    )
    assert result.mean_gap.loc[2020:].mean() == pytest.approx(5.0, abs=0.25)
    assert result.exhaustive
    assert len(result.placebo_ratios) == math.comb(8, 3)
    assert result.p_value == pytest.approx(1 / (1 + math.comb(8, 3)))
    np.testing.assert_allclose(result.unit_p_values, 1 / 9)


def test_pooled_placebo_sets_are_sampled_reproducibly_when_there_are_too_many():
    outcome = several_treated_panel(seed=4, effect=0.0)
    arguments = {"treatment_period": 2020, "method": "outcome_lags", "max_sets": 20, "seed": 3}
    first = pooled_synthetic_control(outcome, ["t0", "t1", "t2"], **arguments)
    second = pooled_synthetic_control(outcome, ["t0", "t1", "t2"], **arguments)
    assert not first.exhaustive
    assert len(first.placebo_ratios) == 20
    np.testing.assert_array_equal(first.placebo_ratios, second.placebo_ratios)
    rank = 1 + np.sum(first.placebo_ratios >= first.rmspe_ratio)
    assert first.p_value == pytest.approx(rank / 21)


def test_pooled_treated_units_cannot_be_donors():
    outcome = several_treated_panel(seed=2)
    with pytest.raises(SyntheticControlInputError, match=r"treated units cannot be donors"):
        pooled_synthetic_control(
            outcome,
            ["t0", "t1"],
            treatment_period=2020,
            donors=["t1", "d00", "d01", "d02"],
            method="outcome_lags",
        )
