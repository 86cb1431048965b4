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

Inner problem: W(V) is a least-squares problem on the simplex, solved exactly by a primal
active-set method (the NNLS method of Lawson & Hanson 1974, ch. 23, with the sum-to-one row
kept as an equality constraint): on the set P of positive weights solve the KKT system
[H_P 1; 1' 0][w_P; mu] = [c_P; 1] with H = X0' V X0 and c = X0' V X1, step back to
feasibility when a weight would go negative, and add the donor with the most negative
reduced gradient (H w - c + mu)_j until none is negative. Solutions are exact to rounding
(KKT residuals ~1e-12), warm-started from the previous V's weights inside the outer loop.

Gradient of MSPE(V): with P fixed, differentiating the KKT system in v_m gives
K [dw_P; dmu] = [X0_mP' e_m; 0], e = X1 - X0 W. With y = K^-1 [dMSPE/dw_P; 0] (K is
symmetric), dMSPE/dv_m = (X0_mP y_P) e_m, for all m in one matrix product.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd
from scipy.optimize import minimize

# Public API. placebo.py also uses check_inputs, prepare_panel, fit_in_panel and show_label.
__all__ = [
    "METHODS",
    "Method",
    "OptimiserOptions",
    "SyntheticControlInputError",
    "SyntheticControlResult",
    "simplex_donor_weights",
    "synthetic_control",
]

Method = Literal["classic", "standardised", "outcome_lags"]
METHODS: tuple[Method, ...] = ("classic", "standardised", "outcome_lags")
_KKT_TOLERANCE = 1e-12  # on the reduced gradient, after scaling the QP to max |entry| = 1
_OUTER_TOLERANCE = 1e-10  # SLSQP's goal for the scaled fit MSPE
_STEPS_PER_DONOR = 50  # active-set steps allowed per donor before declaring a cycle


class SyntheticControlInputError(ValueError):
    """The outcome, units, periods or predictors cannot give a synthetic control."""


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


def plain_label(label: Hashable) -> Hashable:
    """A unit or period label as a Python value: 2005 rather than np.int64(2005)."""
    return label.item() if isinstance(label, np.generic) else label


def show_label(label: Hashable) -> str:
    return repr(plain_label(label))


def _describe(labels: Sequence[Hashable], limit: int = 5) -> str:
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
    known = f"(units: {_describe(outcome.index)})"
    if treated not in outcome.index:
        raise fail(f"treated unit {show_label(treated)} is not in the outcome {known}")
    pool = (
        tuple(unit for unit in outcome.index if unit != treated)
        if donors is None
        else tuple(donors)
    )
    unknown = pd.Index(pool)[~pd.Index(pool).isin(outcome.index)]
    if len(unknown):
        raise fail(f"donor {_describe(unknown)} is not in the outcome {known}")
    if treated in pool or len(set(pool)) != len(pool):
        raise fail(
            f"the donor pool must list other units than the treated unit "
            f"{show_label(treated)}, each once; got {_describe(pool)}"
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
            f"to {show_label(pre[-1])}); got {_describe(list(fit_periods))}"
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
            f"predictors missing for unit {_describe(absent)}; every unit used (the "
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
            f"{role} {show_label(unit)} has no {noun} {_describe(labels)}{more}; the "
            f"synthetic control needs {expected}"
        )


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
    fit_positions = (
        np.arange(pre_count)
        if fit_periods is None
        else np.unique(periods.get_indexer(pd.Index(fit_periods).unique()))
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
                f"predictor {_describe(flat)} has the same value for every unit in "
                f"{_describe(units)}; it cannot tell donors apart: drop it"
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


def simplex_donor_weights(
    donor_predictors: np.ndarray, treated_predictors: np.ndarray, predictor_weights: np.ndarray
) -> np.ndarray:
    """W = argmin (x1 - X0 w)' diag(v) (x1 - X0 w) over w >= 0, sum w = 1, exactly.

    Args:
        donor_predictors: X0, float64 (predictors, donors).
        treated_predictors: x1, float64 (predictors,).
        predictor_weights: v, float64 (predictors,), >= 0.
    Returns:
        w, float64 (donors,).
    """
    # Subtracting the donors' mean from every predictor changes no residual (sum w = 1) and
    # keeps H well conditioned when predictors sit far from zero (outcome levels).
    centre = donor_predictors.mean(axis=1)
    x0, x1 = donor_predictors - centre[:, None], treated_predictors - centre
    weighted = x0.T * predictor_weights
    return _simplex_qp(weighted @ x0, weighted @ x1)


def _solve_bordered(h: np.ndarray, top: np.ndarray, bottom: float) -> np.ndarray:
    """Solve [[H, 1], [1', 0]] x = [top; bottom], the KKT system of the sum-to-one constraint
    (least-norm when it is singular, e.g. two donors with identical predictors)."""
    n = len(h)
    kkt = np.zeros((n + 1, n + 1))
    kkt[:n, :n], kkt[:n, n], kkt[n, :n] = h, 1.0, 1.0
    rhs = np.append(top, bottom)
    try:
        return np.linalg.solve(kkt, rhs)
    except np.linalg.LinAlgError:
        return np.linalg.lstsq(kkt, rhs, rcond=None)[0]


def _simplex_qp(h: np.ndarray, c: np.ndarray, start: np.ndarray | None = None) -> np.ndarray:
    """argmin 1/2 w'Hw - c'w over the simplex by the primal active-set method described in
    the module documentation, from `start` (any point of the simplex) or the best vertex."""
    scale = max(float(np.abs(h).max()), float(np.abs(c).max()), np.finfo(float).tiny)
    h, c = h / scale, c / scale
    n = len(c)
    if start is None:
        w = np.zeros(n)
        w[np.argmin(0.5 * np.diag(h) - c)] = 1.0
    else:
        w = start.copy()
    free = w > 0
    for _ in range(_STEPS_PER_DONOR * (n + 1)):
        index = np.flatnonzero(free)
        solution = _solve_bordered(h[index][:, index], c[index], 1.0)
        z, multiplier = solution[:-1], solution[-1]
        if z.min() > 0:
            w = np.zeros(n)
            w[index] = z
            reduced = h @ w - c + multiplier
            reduced[index] = np.inf
            entering = int(np.argmin(reduced))
            if reduced[entering] >= -_KKT_TOLERANCE:
                return w
            free[entering] = True
        else:
            # Move from w towards z until the first weight reaches 0; it leaves the set.
            current, blocking = w[index], z <= 0
            steps = current[blocking] / (current[blocking] - z[blocking])
            step = steps.min()
            w[index] = np.maximum(current + step * (z - current), 0.0)
            leaving = index[blocking][steps <= step]
            w[leaving], free[leaving] = 0.0, False
    raise RuntimeError(f"the simplex least-squares solver cycled on {n} donors")


def fit_in_panel(
    panel: PreparedPanel,
    treated: Hashable,
    donors: Sequence[Hashable],
    options: OptimiserOptions,
) -> SyntheticControlResult:
    """Fit `treated` from `donors`, both units of `panel`."""
    treated_row = panel.units.get_loc(treated)
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
        w = _simplex_qp(h, weighted @ treated_x, last_w[0])
        last_w[0] = w
        residual = treated_z - donor_z @ w
        free = np.flatnonzero(w > 0)
        d_mspe_dw = -2.0 / len(residual) * (donor_z[:, free].T @ residual)
        y = _solve_bordered(h[free][:, free], d_mspe_dw, 0.0)[:-1]
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
        weights=pd.Series(w, index=pd.Index(donors), name="weight"),
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
