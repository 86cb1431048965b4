"""Synthetic control (Abadie & Gardeazabal 2003; Abadie, Diamond & Hainmueller 2010, 2015).

The treated unit's untreated path is estimated by a weighted average of donor units, with
weights W on the simplex (w_j >= 0, sum w_j = 1) chosen so the donors reproduce the treated
unit's predictors: W(V) = argmin (X1 - X0 W)' V (X1 - X0 W) for a diagonal V >= 0. The gap
treated - synthetic after the treatment period is the estimated effect.

Methods for V:

* "classic" (ADH 2010/2015, the R package Synth): predictors are divided by their standard
  deviation across the treated unit and the donors; V (on the simplex) minimises the MSPE of
  the outcome over the fit periods, MSPE(V) = mean_t (Z1_t - Z0_t W(V))^2. The outer problem is
  not convex. Like Synth, it starts from equal V and from the regression-based V (the diagonal
  of B B', B the coefficients of the fit-period outcomes regressed on the scaled predictors
  across units) and keeps the better end point; both are refined with SLSQP (bounds
  0 <= v <= 1; MSPE(V) does not change with the scale of V) on the exact gradient of
  MSPE(V) (implicit differentiation of W(V), below). L-BFGS-B reaches the same points, but
  in SciPy 1.18 its cost per iteration swings a hundredfold with BLAS threading.
  `OptimiserOptions.random_starts` adds seeded Dirichlet starts, which often find a lower
  MSPE than published fits, with other weights (Basque data: 30 random starts reach 0.0043
  with Baleares among the donors, against 0.0089 for the published Cataluña 0.85 / Madrid
  0.15); the default keeps Synth's two starts, which reproduce the published fits.
* "standardised": the predictors divided by their standard deviation, V equal.
* "outcome_lags": the predictors are the fit-period outcomes themselves, V equal, so W
  minimises the fit-period MSPE directly.

Inner problem: W(V) is solved exactly by `simplex.simplex_qp`, warm-started from the previous
V's weights inside the outer loop.

Gradient of MSPE(V): with P fixed, differentiating the KKT system in v_m gives
K [dw_P; dmu] = [X0_mP' e_m; 0], e = X1 - X0 W. With y = K^-1 [dMSPE/dw_P; 0] (K is
symmetric), dMSPE/dv_m = (X0_mP y_P) e_m, for all m in one matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from omradeloft.core.notices import Wordings

from .sc_inputs import (
    METHODS,
    Method,
    SyntheticControlInputError,
    check_inputs,
    describe,
    plain_label,
)
from .simplex import simplex_donor_weights, simplex_qp, solve_bordered

# Public API; placebo.py also uses prepare_panel and fit_in_panel.
WORDS = Wordings(
    {
        "sc.flat_predictor": "predictor %(predictors)s has the same value for every unit in "
        "%(units)s; it cannot tell donors apart: drop it",
    }
)

__all__ = [
    "METHODS",
    "Method",
    "OptimiserOptions",
    "SyntheticControlInputError",
    "SyntheticControlResult",
    "simplex_donor_weights",
    "synthetic_control",
]

_OUTER_TOLERANCE = 1e-10  # SLSQP's goal for the scaled fit MSPE


@dataclass(frozen=True)
class OptimiserOptions:
    """Outer optimisation of V (classic method only).

    Attributes:
        max_iterations: SLSQP iterations per start.
        random_starts: seeded Dirichlet(1) starts tried after the equal and regression-based
            ones; the lowest fit MSPE wins (0 reproduces Synth's choice of starts).
        seed: seed of the random starts: the same seed gives the same result.
    """

    max_iterations: int = 1000
    random_starts: int = 0
    seed: int = 0


@dataclass(frozen=True, eq=False)
class SyntheticControlResult:
    """One synthetic control.

    Attributes:
        treated, treatment_period, method: as given.
        weights: float64 by donor (in the order given), >= 0, summing to 1: W.
        predictor_weights: float64 by predictor, >= 0, summing to 1: the diagonal of V.
        balance: float64, index = predictor, columns treated, synthetic (the donors' values
            weighted by W) and donor_mean, all in the predictors' own units.
        treated_path, synthetic_path, gaps: float64 by period (every period of the outcome);
            gaps = treated_path - synthetic_path.
        fit_mspe: mean squared gap over the fit periods (Synth's loss.v).
        pre_rmspe, post_rmspe: root mean squared gap before / from the treatment period.
        rmspe_ratio: post_rmspe / pre_rmspe (ADH 2010's test statistic; inf for a perfect fit).
    """

    treated: Hashable
    treatment_period: Hashable
    method: Method
    weights: pd.Series
    predictor_weights: pd.Series
    balance: pd.DataFrame
    treated_path: pd.Series
    synthetic_path: pd.Series
    gaps: pd.Series
    fit_mspe: float
    pre_rmspe: float
    post_rmspe: float
    rmspe_ratio: float


@dataclass(frozen=True, eq=False)
class PreparedPanel:
    """Validated arrays over one set of units, shared by every fit among them (placebos).

    Rows of `outcome`, `predictors` and `scaled` follow `units`. `scaled` divides each
    predictor by its standard deviation across exactly these units (Synth standardises over
    the treated unit and its donors, which for every placebo is the same set: the donors).
    `regression_v` is Synth's regression-based start for V (classic only; None when the
    regression explains nothing).
    """

    units: pd.Index
    periods: pd.Index
    pre_count: int
    fit_positions: np.ndarray
    outcome: np.ndarray
    predictor_names: pd.Index
    predictors: np.ndarray
    scaled: np.ndarray
    method: Method
    regression_v: np.ndarray | None


def synthetic_control(
    outcome: pd.DataFrame,
    treated: Hashable,
    *,
    treatment_period: Hashable,
    donors: Sequence[Hashable] | None = None,
    predictors: pd.DataFrame | None = None,
    method: Method = "classic",
    fit_periods: Sequence[Hashable] | None = None,
    options: OptimiserOptions | None = None,
) -> SyntheticControlResult:
    """Fit a synthetic control for `treated` from `donors`.

    Args:
        outcome: float, index = unit, columns = periods in increasing order. The treated unit
            and every donor need a value in every column (trim the columns to what you use).
        treated: the treated unit (an index label of `outcome`).
        treatment_period: the first treated period (a column of `outcome`); at least two
            periods must come before it.
        donors: the donor pool; default every other unit of `outcome`.
        predictors: float, index = unit, columns = predictor names, already aggregated over
            the pre-period (e.g. means of 1964-1969). Required by "classic" and "standardised",
            refused by "outcome_lags".
        method: "classic", "standardised" or "outcome_lags" (see the module documentation).
        fit_periods: pre-periods whose outcome the classic V is chosen to fit, and the lags
            of "outcome_lags" (Synth's time.optimize.ssr); default every pre-period.
        options: the outer optimiser's settings (classic only).

    Raises:
        SyntheticControlInputError: with what is wrong, where, and what was expected.
    """
    donor_units = check_inputs(
        outcome, treated, donors, treatment_period, predictors, method, fit_periods
    )
    units = pd.Index([treated, *donor_units])
    panel = prepare_panel(outcome, units, treatment_period, predictors, method, fit_periods)
    return fit_in_panel(panel, treated, donor_units, options or OptimiserOptions())


def prepare_panel(
    outcome: pd.DataFrame,
    units: pd.Index,
    treatment_period: Hashable,
    predictors: pd.DataFrame | None,
    method: Method,
    fit_periods: Sequence[Hashable] | None,
) -> PreparedPanel:
    """Arrays for fits among `units` (input already passed `check_inputs`)."""
    periods = outcome.columns
    pre_count = periods.get_loc(treatment_period)
    assert isinstance(pre_count, int)  # check_inputs refuses duplicate periods
    fit_positions = (
        np.arange(pre_count)
        if fit_periods is None
        else np.unique(periods.get_indexer(pd.Index(list(fit_periods)).unique()))
    )
    values = outcome.loc[units].to_numpy(dtype=np.float64)
    if method == "outcome_lags":
        names, raw = periods[fit_positions], values[:, fit_positions]
        scaled = raw
    else:
        assert predictors is not None  # check_inputs refuses None for these methods
        names, raw = predictors.columns, predictors.loc[units].to_numpy(dtype=np.float64)
        spread = raw.std(axis=0, ddof=1)
        flat = names[~(spread > 0)]
        if len(flat):
            raise SyntheticControlInputError(
                WORDS("sc.flat_predictor", predictors=describe(flat), units=describe(units))
            )
        scaled = raw / spread
    regression_v = _regression_v(scaled, values[:, fit_positions]) if method == "classic" else None
    return PreparedPanel(
        units, periods, pre_count, fit_positions, values, names, raw, scaled, method, regression_v
    )


def _regression_v(scaled: np.ndarray, fit_outcome: np.ndarray) -> np.ndarray | None:
    """Synth's second start: regress each fit-period outcome on the scaled predictors across
    units (with an intercept; least-norm when there are too few units), V_m = sum_t B_mt^2."""
    design = np.column_stack([np.ones(len(scaled)), scaled])
    coefficients = np.linalg.lstsq(design, fit_outcome, rcond=None)[0][1:]
    v = np.square(coefficients).sum(axis=1)
    total = v.sum()
    return v / total if np.isfinite(total) and total > 0 else None


def fit_in_panel(
    panel: PreparedPanel,
    treated: Hashable,
    donors: Sequence[Hashable],
    options: OptimiserOptions,
) -> SyntheticControlResult:
    """Fit `treated` from `donors`, both units of `panel`."""
    treated_row = panel.units.get_loc(treated)
    assert isinstance(treated_row, int)  # check_inputs refuses duplicate units
    donor_rows = panel.units.get_indexer(pd.Index(donors))
    donor_x, treated_x = panel.scaled[donor_rows].T, panel.scaled[treated_row]
    centre = donor_x.mean(axis=1)  # conditioning, as in simplex_donor_weights
    donor_x, treated_x = donor_x - centre[:, None], treated_x - centre
    k = len(panel.predictor_names)
    if panel.method == "classic":
        fit = panel.fit_positions
        v = _classic_v(
            donor_x,
            treated_x,
            panel.outcome[donor_rows][:, fit].T,
            panel.outcome[treated_row, fit],
            panel.regression_v,
            options,
        )
    else:
        v = np.full(k, 1.0 / k)
    w = simplex_donor_weights(donor_x, treated_x, v)
    return _result(panel, treated, donors, treated_row, donor_rows, v, w)


def _classic_v(
    donor_x: np.ndarray,
    treated_x: np.ndarray,
    donor_z: np.ndarray,
    treated_z: np.ndarray,
    regression_v: np.ndarray | None,
    options: OptimiserOptions,
) -> np.ndarray:
    """V on the simplex minimising the fit-period MSPE, from Synth's starts (+ random ones).

    donor_x (k, J) and treated_x (k,) are the scaled, centred predictors; donor_z (T, J) and
    treated_z (T,) the fit-period outcomes. Returns v (k,), summing to 1.
    """
    k = len(treated_x)
    # Outcomes in units of their spread, so SLSQP's tolerance means the same everywhere.
    spread = float(np.std(np.append(donor_z.ravel(), treated_z))) or 1.0
    donor_z, treated_z = donor_z / spread, treated_z / spread
    last_w: list[np.ndarray | None] = [None]  # warm start for the next inner solve

    def mspe_and_gradient(v: np.ndarray) -> tuple[float, np.ndarray]:
        weighted = donor_x.T * v
        h = weighted @ donor_x
        w = simplex_qp(h, weighted @ treated_x, last_w[0])
        last_w[0] = w
        residual = treated_z - donor_z @ w
        free = np.flatnonzero(w > 0)
        d_mspe_dw = -2.0 / len(residual) * (donor_z[:, free].T @ residual)
        y = solve_bordered(h[free][:, free], d_mspe_dw, 0.0)[:-1]
        mismatch = treated_x - donor_x @ w
        return float(residual @ residual) / len(residual), (donor_x[:, free] @ y) * mismatch

    rng = np.random.default_rng(options.seed)
    starts = [np.full(k, 1.0 / k)]
    starts += [] if regression_v is None else [regression_v]
    starts += list(rng.dirichlet(np.ones(k), size=options.random_starts))
    best_v, best_mspe = starts[0], math.inf
    for start in starts:
        found = minimize(
            mspe_and_gradient,
            start,
            jac=True,
            method="SLSQP",
            bounds=[(0.0, 1.0)] * k,
            options={"maxiter": options.max_iterations, "ftol": _OUTER_TOLERANCE},
        )
        total = found.x.sum()
        v = found.x / total if total > 0 else starts[0]
        last_w[0] = None  # judge every end point by the cold solve that the final fit uses
        mspe, _ = mspe_and_gradient(v)
        if mspe < best_mspe:  # strictly: ties keep the earlier start, as Synth does
            best_v, best_mspe = v, mspe
    return best_v


def _result(
    panel: PreparedPanel,
    treated: Hashable,
    donors: Sequence[Hashable],
    treated_row: int,
    donor_rows: np.ndarray,
    v: np.ndarray,
    w: np.ndarray,
) -> SyntheticControlResult:
    treated_path = panel.outcome[treated_row]
    synthetic_path = w @ panel.outcome[donor_rows]
    gaps = treated_path - synthetic_path
    pre_rmspe = float(np.sqrt(np.mean(np.square(gaps[: panel.pre_count]))))
    post_rmspe = float(np.sqrt(np.mean(np.square(gaps[panel.pre_count :]))))
    balance = pd.DataFrame(
        {
            "treated": panel.predictors[treated_row],
            "synthetic": w @ panel.predictors[donor_rows],
            "donor_mean": panel.predictors[donor_rows].mean(axis=0),
        },
        index=panel.predictor_names,
    )
    return SyntheticControlResult(
        treated=treated,
        treatment_period=plain_label(panel.periods[panel.pre_count]),
        method=panel.method,
        weights=pd.Series(w, index=pd.Index(list(donors)), name="weight"),
        predictor_weights=pd.Series(v, index=panel.predictor_names, name="v"),
        balance=balance,
        treated_path=pd.Series(treated_path, index=panel.periods, name="treated"),
        synthetic_path=pd.Series(synthetic_path, index=panel.periods, name="synthetic"),
        gaps=pd.Series(gaps, index=panel.periods, name="gap"),
        fit_mspe=float(np.mean(np.square(gaps[panel.fit_positions]))),
        pre_rmspe=pre_rmspe,
        post_rmspe=post_rmspe,
        rmspe_ratio=post_rmspe / pre_rmspe if pre_rmspe > 0 else math.inf,
    )
