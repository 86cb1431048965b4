"""Synthetic control engine: the published Basque weights, known effects recovered, the
simplex solver's optimality, the three methods' arithmetic, and bad input refused.

Plain tests without a database: the engine is framework-free.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from omradeloft.evaluation.engine.synthetic_control import (
    OptimiserOptions,
    SyntheticControlInputError,
    simplex_donor_weights,
    synthetic_control,
)

BASQUE = "Basque Country (Pais Vasco)"
SPAIN = "Spain (Espana)"
SCHOOLING = ["school.illit", "school.prim", "school.med", "school.high", "school.post.high"]
SECTORS = [
    "sec.agriculture",
    "sec.energy",
    "sec.industry",
    "sec.construction",
    "sec.services.venta",
    "sec.services.nonventa",
]

# --- factories -----------------------------------------------------------------------------


def basque_inputs() -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """GDP per capita (regions x 1955-1997), the predictors of Abadie & Gardeazabal 2003 as in
    Synth's basque example (schooling and investment means 1964-1969, gdpcap mean 1960-1969,
    sector shares mean of 1961, 1963, ..., 1969, population density 1969) and the donors
    (every region but the Basque Country and Spain as a whole)."""
    panel = pd.read_csv(Path(__file__).parent / "data" / "basque.csv")
    panel["year"] = panel["year"].astype(int)
    outcome = panel.pivot(index="regionname", columns="year", values="gdpcap")

    def mean(variable: str, years: range | list[int]) -> pd.Series:
        wide = panel.pivot(index="regionname", columns="year", values=variable)
        return wide[list(years)].mean(axis=1)

    columns = {name: mean(name, range(1964, 1970)) for name in [*SCHOOLING, "invest"]}
    columns["gdpcap"] = mean("gdpcap", range(1960, 1970))
    columns |= {name: mean(name, range(1961, 1970, 2)) for name in SECTORS}
    columns["popdens"] = mean("popdens", [1969])
    donors = [region for region in outcome.index if region not in (BASQUE, SPAIN)]
    return outcome, pd.DataFrame(columns), donors


def constructed_panel(
    seed: int,
    true_weights: dict[str, float],
    donors: int = 10,
    periods: int = 30,
    treatment: int = 20,
    effect: float = 0.0,
    noise: float = 0.05,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Donors follow their own random walks; the treated unit is the convex combination
    `true_weights` of them plus noise, and + `effect` from period index `treatment` on.
    Predictors: 3 covariates, random for donors and the same combination for the treated
    unit, and the outcome in every third pre-period (ADH's lagged outcomes), which together
    pin the weights down."""
    rng = np.random.default_rng(seed)
    names = [f"d{j:02d}" for j in range(donors)]
    years = list(range(2000, 2000 + periods))
    paths = 10 + np.cumsum(rng.normal(0, 1, (donors, periods)), axis=1)
    weights = np.array([true_weights.get(name, 0.0) for name in names])
    treated = weights @ paths + rng.normal(0, noise, periods)
    treated[treatment:] += effect
    outcome = pd.DataFrame(np.vstack([treated, paths]), index=["treated", *names], columns=years)
    x = rng.normal(0, 1, (donors, 3))
    covariates = pd.DataFrame(
        np.vstack([weights @ x, x]), index=outcome.index, columns=["x0", "x1", "x2"]
    )
    lags = outcome.iloc[:, treatment - 1 :: -3].add_prefix("outcome ")
    return outcome, covariates.join(lags)


TRUE_WEIGHTS = {"d01": 0.5, "d04": 0.3, "d07": 0.2}


# --- the published Basque result -----------------------------------------------------------


@pytest.fixture(scope="module")
def basque_fit():
    outcome, predictors, donors = basque_inputs()
    return synthetic_control(
        outcome,
        BASQUE,
        treatment_period=1970,
        donors=donors,
        predictors=predictors,
        fit_periods=range(1960, 1970),
    )


def test_classic_method_reproduces_the_published_basque_weights(basque_fit):
    weights = basque_fit.weights
    assert weights["Cataluna"] == pytest.approx(0.8508, abs=0.01)
    assert weights["Madrid (Comunidad De)"] == pytest.approx(0.1492, abs=0.01)
    assert (weights.drop(["Cataluna", "Madrid (Comunidad De)"]) < 0.01).all()
    assert SPAIN not in weights.index


def test_classic_method_reaches_synths_fit_mspe_on_basque(basque_fit):
    # Synth's loss.v for the published weights: mean squared gap 1960-1969.
    assert basque_fit.fit_mspe == pytest.approx(0.0088645, abs=2e-6)
    assert basque_fit.predictor_weights.sum() == pytest.approx(1.0)
    assert (basque_fit.predictor_weights >= 0).all()


def test_basque_gap_after_1970_is_negative_as_published(basque_fit):
    # Abadie & Gardeazabal: per-capita GDP about 10 percentage points below the synthetic
    # Basque Country in the late 1980s and 1990s.
    late = basque_fit.gaps.loc[1985:1997] / basque_fit.synthetic_path.loc[1985:1997]
    assert late.mean() == pytest.approx(-0.10, abs=0.03)
    assert basque_fit.rmspe_ratio > 5


def test_random_starts_never_fit_worse_and_repeat_with_the_same_seed(basque_fit):
    outcome, predictors, donors = basque_inputs()
    arguments = {
        "treatment_period": 1970,
        "donors": donors,
        "predictors": predictors,
        "fit_periods": range(1960, 1970),
        "options": OptimiserOptions(random_starts=4, seed=7),
    }
    first = synthetic_control(outcome, BASQUE, **arguments)
    second = synthetic_control(outcome, BASQUE, **arguments)
    assert first.fit_mspe <= basque_fit.fit_mspe + 1e-12
    pd.testing.assert_series_equal(first.weights, second.weights)


# --- known effects -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["classic", "standardised", "outcome_lags"])
def test_a_known_effect_and_the_true_weights_are_recovered(method):
    outcome, predictors = constructed_panel(seed=3, true_weights=TRUE_WEIGHTS, effect=5.0)
    fit = synthetic_control(
        outcome,
        "treated",
        treatment_period=2020,
        predictors=None if method == "outcome_lags" else predictors,
        method=method,
    )
    expected = pd.Series(TRUE_WEIGHTS).reindex(fit.weights.index, fill_value=0.0)
    assert (fit.weights - expected).abs().max() < 0.05
    assert fit.gaps.loc[2020:].mean() == pytest.approx(5.0, abs=0.25)
    assert fit.gaps.loc[:2019].abs().mean() < 0.1
    assert fit.rmspe_ratio > 20


def test_without_an_effect_the_post_period_gap_stays_near_zero():
    outcome, predictors = constructed_panel(seed=5, true_weights=TRUE_WEIGHTS)
    fit = synthetic_control(outcome, "treated", treatment_period=2020, predictors=predictors)
    assert abs(fit.gaps.loc[2020:].mean()) < 0.25


def test_result_tables_follow_from_the_weights():
    outcome, predictors = constructed_panel(seed=4, true_weights=TRUE_WEIGHTS, effect=2.0)
    fit = synthetic_control(outcome, "treated", treatment_period=2020, predictors=predictors)
    donors = fit.weights.index
    np.testing.assert_allclose(fit.synthetic_path, fit.weights @ outcome.loc[donors])
    np.testing.assert_allclose(fit.gaps, outcome.loc["treated"] - fit.synthetic_path)
    np.testing.assert_allclose(fit.balance["synthetic"], fit.weights @ predictors.loc[donors])
    np.testing.assert_allclose(fit.balance["donor_mean"], predictors.loc[donors].mean())
    np.testing.assert_allclose(fit.balance["treated"], predictors.loc["treated"])
    pre, post = fit.gaps.loc[:2019], fit.gaps.loc[2020:]
    assert fit.pre_rmspe == pytest.approx(np.sqrt(np.mean(pre**2)))
    assert fit.post_rmspe == pytest.approx(np.sqrt(np.mean(post**2)))
    assert fit.rmspe_ratio == pytest.approx(fit.post_rmspe / fit.pre_rmspe)
    assert fit.treatment_period == 2020
    assert list(fit.gaps.index) == list(outcome.columns)


def test_standardised_method_uses_equal_v_on_predictors_scaled_by_their_spread():
    outcome, predictors = constructed_panel(seed=6, true_weights=TRUE_WEIGHTS)
    fit = synthetic_control(
        outcome, "treated", treatment_period=2020, predictors=predictors, method="standardised"
    )
    scaled = predictors / predictors.std(ddof=1)
    donors = fit.weights.index
    expected = simplex_donor_weights(
        scaled.loc[donors].to_numpy().T,
        scaled.loc["treated"].to_numpy(),
        np.full(len(scaled.columns), 1 / len(scaled.columns)),
    )
    np.testing.assert_allclose(fit.weights, expected, atol=1e-12)
    np.testing.assert_allclose(fit.predictor_weights, 1 / len(scaled.columns))


def test_outcome_lags_method_minimises_the_fit_period_mspe():
    outcome, _ = constructed_panel(seed=8, true_weights=TRUE_WEIGHTS, noise=0.5)
    fit = synthetic_control(
        outcome,
        "treated",
        treatment_period=2020,
        method="outcome_lags",
        fit_periods=range(2005, 2020),
    )
    lags = outcome.loc[:, 2005:2019]
    reference = _slsqp_weights(lags.drop(index="treated").to_numpy().T, lags.loc["treated"])
    reference_mspe = np.mean((lags.loc["treated"] - reference @ lags.drop(index="treated")) ** 2)
    assert fit.fit_mspe <= reference_mspe + 1e-10
    assert list(fit.predictor_weights.index) == list(range(2005, 2020))


# --- the simplex least-squares solver ------------------------------------------------------


def _slsqp_weights(x0: np.ndarray, x1: np.ndarray) -> np.ndarray:
    donors = x0.shape[1]
    found = minimize(
        lambda w: np.sum((x1 - x0 @ w) ** 2),
        np.full(donors, 1 / donors),
        jac=lambda w: -2 * x0.T @ (x1 - x0 @ w),
        method="SLSQP",
        bounds=[(0, 1)] * donors,
        constraints=[
            {"type": "eq", "fun": lambda w: w.sum() - 1, "jac": lambda w: np.ones(donors)}
        ],
        options={"ftol": 1e-15, "maxiter": 1000},
    )
    return found.x


def test_solver_returns_the_exact_combination_when_the_treated_unit_is_inside_the_hull():
    x0 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    weights = simplex_donor_weights(x0, x0 @ np.array([0.2, 0.3, 0.5]), np.ones(2))
    np.testing.assert_allclose(weights, [0.2, 0.3, 0.5], atol=1e-12)


def test_solver_projects_a_treated_unit_outside_the_hull_onto_the_nearest_face():
    x0 = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    np.testing.assert_allclose(
        simplex_donor_weights(x0, np.array([1.0, 1.0]), np.ones(2)), [0, 0.5, 0.5], atol=1e-12
    )
    # Weighting the second predictor 3 times as much moves the projection towards donor 2.
    np.testing.assert_allclose(
        simplex_donor_weights(x0, np.array([1.0, 1.0]), np.array([1.0, 3.0])),
        [0, 0.25, 0.75],
        atol=1e-12,
    )


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    predictors=st.integers(1, 12),
    donors=st.integers(2, 30),
    duplicate=st.booleans(),
    offset=st.sampled_from([0.0, 1e4]),
)
def test_solver_weights_are_on_the_simplex_and_optimal(seed, predictors, donors, duplicate, offset):
    rng = np.random.default_rng(seed)
    x0 = rng.normal(size=(predictors, donors)) + offset
    if duplicate:  # two identical donors: the solution is not unique, any optimum will do
        x0[:, -1] = x0[:, 0]
    x1 = rng.normal(size=predictors) * rng.uniform(0.1, 3) + offset
    v = rng.uniform(0, 1, predictors)
    weights = simplex_donor_weights(x0, x1, v)
    assert weights.min() >= 0
    assert weights.sum() == pytest.approx(1.0, abs=1e-12)
    # KKT: the gradient is equal on the donors used and no smaller elsewhere.
    gradient = -2 * (x0.T * v) @ (x1 - x0 @ weights)
    scale = 1e-8 * max(1.0, np.abs(gradient).max())
    used = weights > 1e-9
    level = gradient[used].mean()
    assert np.abs(gradient[used] - level).max() < scale + 1e-6 * abs(offset)
    assert gradient[~used].min(initial=np.inf) >= level - scale - 1e-6 * abs(offset)
    scaled = np.sqrt(v)[:, None] * x0
    reference = np.clip(_slsqp_weights(scaled, np.sqrt(v) * x1), 0, None)
    reference /= reference.sum()  # SLSQP's own answer may sit just off the simplex
    loss = np.sum(v * (x1 - x0 @ weights) ** 2)
    assert loss <= np.sum(v * (x1 - x0 @ reference) ** 2) + 1e-9 * max(1.0, loss)


def test_weights_of_every_fit_lie_on_the_simplex():
    for seed in range(5):
        outcome, predictors = constructed_panel(seed=seed, true_weights=TRUE_WEIGHTS, noise=1.0)
        for method in ("classic", "standardised", "outcome_lags"):
            fit = synthetic_control(
                outcome,
                "treated",
                treatment_period=2020,
                predictors=None if method == "outcome_lags" else predictors,
                method=method,
            )
            assert (fit.weights >= 0).all()
            assert fit.weights.sum() == pytest.approx(1.0, abs=1e-12)
            assert fit.predictor_weights.sum() == pytest.approx(1.0, abs=1e-12)


# --- bad input -----------------------------------------------------------------------------


def _fit(outcome, given_predictors, **changes):
    arguments = {"treatment_period": 2020, "predictors": given_predictors} | changes
    treated = arguments.pop("treated", "treated")
    return synthetic_control(outcome, treated, **arguments)


@pytest.fixture
def panel():
    return constructed_panel(seed=1, true_weights=TRUE_WEIGHTS, donors=6)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"treated": "Atlantis"}, r"treated unit 'Atlantis' is not in the outcome"),
        ({"donors": ["d01", "Atlantis"]}, r"donor 'Atlantis' is not in the outcome"),
        ({"donors": ["d01"]}, r"at least 2 donors; got 1"),
        ({"donors": ["d01", "treated"]}, r"other units than the treated unit 'treated'"),
        ({"donors": ["d01", "d01", "d02"]}, r"each once"),
        (
            {"treatment_period": 2050},
            r"treatment period 2050 is not one of the outcome's periods \(2000 to 2029\)",
        ),
        ({"treatment_period": 2001}, r"leaves 1 pre-period\(s\); at least 2 are needed"),
        ({"fit_periods": [2018, 2021]}, r"fit periods must be at least 2 distinct pre-periods"),
        ({"method": "magic"}, r"method 'magic' is unknown"),
        ({"predictors": None}, r"method 'classic' needs predictors"),
        ({"method": "outcome_lags"}, r"'outcome_lags' builds its predictors"),
    ],
)
def test_bad_arguments_are_refused_with_a_clear_message(panel, changes, message):
    outcome, predictors = panel
    with pytest.raises(SyntheticControlInputError, match=message):
        _fit(outcome, predictors, **changes)


def test_a_missing_treated_outcome_is_named_with_its_period(panel):
    outcome, predictors = panel
    outcome.loc["treated", 2005] = np.nan
    with pytest.raises(
        SyntheticControlInputError,
        match=r"treated unit 'treated' has no outcome for 2005; the synthetic control needs "
        r"every period from 2000 to 2029",
    ):
        _fit(outcome, predictors)


def test_a_missing_donor_outcome_is_named_with_its_periods(panel):
    outcome, predictors = panel
    outcome.loc["d03", [2021, 2022]] = np.nan
    with pytest.raises(SyntheticControlInputError, match=r"donor 'd03' has no outcome for 2021, "):
        _fit(outcome, predictors)
    # A unit outside the donor pool may have gaps.
    assert _fit(outcome, predictors, donors=["d00", "d01", "d02"]).weights.size == 3


def test_missing_predictors_are_named_by_unit_and_predictor(panel):
    outcome, predictors = panel
    with pytest.raises(SyntheticControlInputError, match=r"predictors missing for unit 'd05'"):
        _fit(outcome, predictors.drop(index="d05"))
    predictors.loc["d02", "x1"] = np.nan
    with pytest.raises(SyntheticControlInputError, match=r"donor 'd02' has no value for predictor"):
        _fit(outcome, predictors)


def test_a_predictor_without_spread_is_refused(panel):
    outcome, predictors = panel
    predictors["x0"] = 1.0
    with pytest.raises(SyntheticControlInputError, match=r"predictor 'x0' has the same value"):
        _fit(outcome, predictors)


def test_text_and_unsorted_periods_are_refused(panel):
    outcome, predictors = panel
    with pytest.raises(SyntheticControlInputError, match=r"not in increasing order"):
        _fit(outcome[outcome.columns[::-1]], predictors)
    outcome = outcome.astype(object)
    outcome.loc["d02", 2003] = "n/a"
    with pytest.raises(SyntheticControlInputError, match=r"outcome must be numbers"):
        _fit(outcome, predictors)
