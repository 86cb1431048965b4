"""Difference-in-differences by two-way fixed effects (TWFE), with standard errors clustered
by unit; and the panel checks and the clustered least-squares fit that the event study
(`event_study.py`) and the staggered estimator (`staggered.py`) share.

The model is the textbook two-way fixed-effects regression (e.g. Angrist & Pischke 2009,
ch. 5; Wooldridge 2010, ch. 10)

    y_it = alpha_i + lambda_t + tau * D_it + x_it' beta + e_it,

with a unit effect alpha_i, a period effect lambda_t and D_it = 1 while unit i is under
treatment in period t. tau is the ATT only under parallel trends and a constant effect;
with staggered adoption and effects that vary over time it is a weighted average with
possibly negative weights (Goodman-Bacon 2021), which is why `staggered.py` exists.

Arithmetic. The unit effects are removed by the within transformation (subtract each
unit's mean from every column), the period effects stay in as T - 1 dummies (demeaned in
the same way), so unbalanced panels are handled exactly (Frisch-Waugh-Lovell). The
coefficients come from a pivoted QR decomposition, which also names any regressor that the
fixed effects make redundant. The covariance is the cluster-robust sandwich (Liang & Zeger
1986; Cameron & Miller 2015) with the CR1 factor G/(G-1) * (N-1)/(N-K) used by Stata and
fixest: G clusters (units), N observations, K = slopes + T - 1 period effects; the unit
effects are nested in the clusters and not counted (fixest's default ``fixef.K="nested"``).
Intervals and tests use Student's t with G - 1 degrees of freedom.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import linalg, sparse, stats

from omradeloft.core.notices import Message, MessageError, Param, Wordings, listing

__all__ = [
    "CollinearDesignError",
    "DidInputError",
    "DidResult",
    "MissingColumnsError",
    "NoControlUnitsError",
    "NonNumericColumnError",
    "TreatmentTimingError",
    "WaldTest",
    "twfe",
]

EXAMPLES_SHOWN = 3  # bad rows quoted in an error message; the rest are counted

WORDS = Wordings(
    {
        "did.not_a_frame": "the panel must be a pandas DataFrame, not %(kind)s",
        "did.missing_columns": "the panel has no column %(missing)s; it has %(columns)s",
        "did.no_rows": "the panel has no rows",
        "did.empty_id": "column %(column)s is empty in %(rows)s",
        "did.unsortable_periods": "the values of column %(column)s cannot be sorted: %(error)s",
        "did.duplicate_rows": "unit %(unit)s has %(count)s rows for %(period_column)s "
        "%(period)s; expected one row per unit-period",
        "did.missing_column_values": "%(role)s %(column)s is missing or infinite for "
        "%(where)s; every unit-period needs a value",
        # Parts of the messages above, worded in the reader's language like them.
        "did.column.outcome": "the outcome column",
        "did.column.covariate": "the covariate column",
        "did.column.first_treated": "the first-treatment column",
        "did.rows": "row(s) %(rows)s",
        "did.unit_period": "unit %(unit)s in %(period)s",
        "did.and_more": "%(listed)s and %(more)s more",
        "did.never": "never",
        "did.periods_not_numbers": "column %(column)s must hold whole numbers (e.g. years) "
        "to count periods since treatment; it holds %(value)s",
        "did.periods_not_whole": "column %(column)s must hold whole numbers; it holds %(value)s",
        "did.two_first_periods": "unit %(unit)s has %(count)s first-treatment periods in "
        "column %(column)s (%(found)s); expected one value per unit (%(affected)s unit(s) "
        "affected)",
        "did.first_period_not_whole": "unit %(unit)s has first-treatment period %(value)s; "
        "expected a whole-number period",
        "did.never_treated": "column %(column)s is never true; TWFE needs both treated and "
        "untreated unit-periods",
        "did.always_treated": "column %(column)s is always true; TWFE needs both treated and "
        "untreated unit-periods",
        "did.one_cluster": "the panel has %(count)s unit; clustering needs at least two",
        "did.collinear": "%(names)s cannot be estimated: collinear with the other regressors "
        "and the unit and period effects (e.g. a regressor with no variation within units, "
        "or relative periods that coincide with calendar periods when no unit is untreated)",
        "did.too_few_observations": "%(observations)s observations cannot identify "
        "%(coefficients)s coefficients",
        "did.alpha": "alpha must lie strictly between 0 and 1, not %(value)s",
        "did.treatment_not_boolean": "the treatment column %(column)s must be True/False (or "
        "1/0); it holds %(values)s",
        "did.not_numbers": "%(role)s %(column)s must hold numbers; it holds %(value)s (dtype "
        "%(dtype)s)",
    }
)


class DidInputError(MessageError):
    """The panel cannot be used as given: duplicates, missing values, too few units."""


class MissingColumnsError(DidInputError):
    """A column the estimator needs is not in the panel."""


class NonNumericColumnError(DidInputError):
    """An outcome, covariate or period column holds values that are not numbers."""


class TreatmentTimingError(DidInputError):
    """Treatment timing is incoherent: a unit with two first-treatment periods, a
    treatment indicator that is not 0/1, first-treatment periods that are not whole."""


class NoControlUnitsError(DidInputError):
    """No unit can serve as a comparison: nobody is untreated where it is needed."""


class CollinearDesignError(DidInputError):
    """A regressor is a linear combination of the others and the fixed effects."""


@dataclass(frozen=True)
class WaldTest:
    """A joint test that several coefficients are all zero.

    Attributes:
        statistic: F (statistic / restrictions) when `df_denominator` is set, else chi2.
        df: the number of restrictions tested.
        df_denominator: the F denominator's degrees of freedom, or None for chi2.
        p_value: the probability of a statistic at least this large under the null.
    """

    statistic: float
    df: int
    df_denominator: int | None
    p_value: float


@dataclass(frozen=True)
class DidResult:
    """The TWFE estimate of the treatment coefficient, with inference clustered by unit.

    Attributes:
        estimate: tau, the coefficient on the treatment indicator (the ATT under
            parallel trends and a homogeneous effect).
        std_error: its CR1 cluster-robust standard error.
        lower, upper: the (1 - alpha) confidence interval, t with `df` degrees of freedom.
        t_statistic, p_value: the two-sided t test of tau = 0.
        df: G - 1, the degrees of freedom of the t distribution.
        alpha: one minus the confidence level.
        covariates: {name: (coefficient, standard error)} of each covariate given.
        n_units, n_periods, n_obs: the panel's size (units = clusters).
        n_treated_obs: unit-periods under treatment.
    """

    estimate: float
    std_error: float
    lower: float
    upper: float
    t_statistic: float
    p_value: float
    df: int
    alpha: float
    covariates: Mapping[str, tuple[float, float]]
    n_units: int
    n_periods: int
    n_obs: int
    n_treated_obs: int


@dataclass(frozen=True)
class PanelIndex:
    """Integer codes for the units and periods of a long panel (shared by the modules).

    unit_codes, period_codes: int arrays (n_obs,) into `units` and `periods`;
    `periods` is sorted ascending, `units` in order of first appearance.
    """

    unit_codes: np.ndarray
    period_codes: np.ndarray
    units: np.ndarray
    periods: np.ndarray


@dataclass(frozen=True)
class ClusteredFit:
    """Coefficients of a within-transformed regression and their CR1 covariance."""

    coefficients: np.ndarray  # (k,) in the order of the regressor names given
    covariance: np.ndarray  # (k, k)
    n_clusters: int


def twfe(
    panel: pd.DataFrame,
    unit: str = "unit",
    period: str = "period",
    outcome: str = "outcome",
    treated: str = "treated",
    covariates: Sequence[str] = (),
    alpha: float = 0.05,
) -> DidResult:
    """Estimate tau in y_it = alpha_i + lambda_t + tau * D_it + x_it' beta + e_it.

    Args:
        panel: long frame, one row per unit-period (unbalanced panels are fine).
            `unit`: any hashable id; `period`: any sortable value (int years, dates);
            `outcome`: float; `treated`: bool (or 0/1), True where the unit is under
            treatment in that period; each of `covariates`: float.
        alpha: one minus the confidence level of the interval.

    Raises:
        MissingColumnsError, NonNumericColumnError, TreatmentTimingError (treated not
        0/1), NoControlUnitsError (nobody or everybody treated), DidInputError
        (duplicates, missing values, fewer than two units), CollinearDesignError.
    """
    require_columns(panel, (unit, period, outcome, treated, *covariates))
    index = encode_panel(panel, unit, period)
    y = numeric_column(panel, outcome, "outcome", index)
    treatment = _indicator(panel[treated], treated)
    if not treatment.any() or treatment.all():
        code = "did.never_treated" if not treatment.any() else "did.always_treated"
        raise NoControlUnitsError(WORDS(code, column=repr(treated)))
    x = [numeric_column(panel, name, "covariate", index) for name in covariates]
    regressors = np.column_stack([treatment.astype(float), *x])
    fit = fit_clustered(y, regressors, (treated, *covariates), index)
    se = np.sqrt(np.diag(fit.covariance))
    df = fit.n_clusters - 1
    estimate, std_error = float(fit.coefficients[0]), float(se[0])
    lower, upper = t_interval(estimate, std_error, df, alpha)
    t_statistic = estimate / std_error
    return DidResult(
        estimate=estimate,
        std_error=std_error,
        lower=lower,
        upper=upper,
        t_statistic=t_statistic,
        p_value=float(2 * stats.t.sf(abs(t_statistic), df)),
        df=df,
        alpha=alpha,
        covariates={
            name: (float(fit.coefficients[j]), float(se[j]))
            for j, name in enumerate(covariates, start=1)
        },
        n_units=len(index.units),
        n_periods=len(index.periods),
        n_obs=len(y),
        n_treated_obs=int(treatment.sum()),
    )


# --- shared by event_study.py and staggered.py ----------------------------------------------


def require_columns(panel: pd.DataFrame, columns: Sequence[str]) -> None:
    """Raise MissingColumnsError naming every column of `columns` not in `panel`."""
    if not isinstance(panel, pd.DataFrame):
        raise DidInputError(WORDS("did.not_a_frame", kind=type(panel).__name__))
    missing = [c for c in dict.fromkeys(columns) if c not in panel.columns]
    if missing:
        raise MissingColumnsError(
            WORDS(
                "did.missing_columns",
                missing=", ".join(map(repr, missing)),
                columns=", ".join(map(repr, panel.columns)),
            )
        )
    if panel.empty:
        raise DidInputError(WORDS("did.no_rows"))


def encode_panel(panel: pd.DataFrame, unit: str, period: str) -> PanelIndex:
    """Code units and periods as integers; refuse missing ids and duplicate unit-periods."""
    for column in (unit, period):
        if panel[column].isna().any():
            rows = np.flatnonzero(panel[column].isna().to_numpy())
            raise DidInputError(WORDS("did.empty_id", column=repr(column), rows=_rows(rows)))
    unit_codes, units = pd.factorize(panel[unit], sort=False)
    try:
        period_codes, periods = pd.factorize(panel[period], sort=True)
    except TypeError as error:
        raise DidInputError(
            WORDS("did.unsortable_periods", column=repr(period), error=str(error))
        ) from None
    key = unit_codes.astype(np.int64) * len(periods) + period_codes
    duplicated = pd.Series(key).duplicated(keep=False).to_numpy()
    if duplicated.any():
        first = np.flatnonzero(duplicated)[0]
        raise DidInputError(
            WORDS(
                "did.duplicate_rows",
                unit=show(units[unit_codes[first]]),
                count=int((key == key[first]).sum()),
                period_column=period,
                period=show(periods[period_codes[first]]),
            )
        )
    return PanelIndex(unit_codes, period_codes, np.asarray(units), np.asarray(periods))


def numeric_column(panel: pd.DataFrame, column: str, role: str, index: PanelIndex) -> np.ndarray:
    """The column as finite float64 (n_obs,), or an error quoting the bad unit-periods.
    `role`: "outcome" or "covariate"."""
    role_words = WORDS(f"did.column.{role}")
    array = _as_float(panel[column], column, role_words)
    bad = np.flatnonzero(~np.isfinite(array))
    if bad.size:
        raise DidInputError(
            WORDS(
                "did.missing_column_values",
                role=role_words,
                column=repr(column),
                where=_unit_periods(bad, index),
            )
        )
    return array


def integer_periods(index: PanelIndex, period: str) -> np.ndarray:
    """The sorted periods as int64; event time t - g needs whole-number periods."""
    periods = index.periods
    if not pd.api.types.is_numeric_dtype(periods) or pd.api.types.is_bool_dtype(periods):
        raise NonNumericColumnError(
            WORDS("did.periods_not_numbers", column=repr(period), value=show(periods[0]))
        )
    whole = periods.astype(np.int64)
    if not np.array_equal(whole, periods):
        fractional = periods[whole != periods][0]
        raise NonNumericColumnError(
            WORDS("did.periods_not_whole", column=repr(period), value=show(fractional))
        )
    return whole


def first_treatment_by_unit(
    panel: pd.DataFrame, first_treated: str, index: PanelIndex
) -> np.ndarray:
    """Each unit's first treatment period, float (n_units,), NaN for never-treated units.

    The column must be constant within a unit (NaN/None meaning never treated) and hold
    whole numbers.
    """
    g = _as_float(panel[first_treated], first_treated, WORDS("did.column.first_treated"))
    # Never-treated is coded as +inf so that NaN never compares equal to itself here.
    coded = np.where(np.isnan(g), np.inf, g)
    n_units = len(index.units)
    lowest = np.full(n_units, np.inf)
    highest = np.full(n_units, -np.inf)
    np.minimum.at(lowest, index.unit_codes, coded)
    np.maximum.at(highest, index.unit_codes, coded)
    inconsistent = np.flatnonzero(lowest != highest)
    if inconsistent.size:
        u = inconsistent[0]
        found = [_period_label(v) for v in np.unique(coded[index.unit_codes == u])]
        raise TreatmentTimingError(
            WORDS(
                "did.two_first_periods",
                unit=show(index.units[u]),
                count=len(found),
                column=repr(first_treated),
                found=listing(found),
                affected=int(inconsistent.size),
            )
        )
    finite = np.isfinite(lowest)
    if not np.array_equal(lowest[finite], np.round(lowest[finite])):
        u = np.flatnonzero(finite & (lowest != np.round(lowest)))[0]
        raise TreatmentTimingError(
            WORDS("did.first_period_not_whole", unit=show(index.units[u]), value=show(lowest[u]))
        )
    return np.where(finite, lowest, np.nan)


def fit_clustered(
    y: np.ndarray, regressors: np.ndarray, names: Sequence[str], index: PanelIndex
) -> ClusteredFit:
    """OLS of y (n_obs,) on regressors (n_obs, p) with unit and period fixed effects and the
    CR1 covariance clustered by unit; coefficients are returned for the p regressors only."""
    n_obs = len(y)
    n_periods = len(index.periods)
    period_dummies = np.zeros((n_obs, n_periods - 1))
    later = index.period_codes > 0  # the first period is the omitted category
    period_dummies[np.flatnonzero(later), index.period_codes[later] - 1] = 1.0
    design = np.column_stack([regressors, period_dummies])
    labels = [*names, *(f"period {show(p)}" for p in index.periods[1:])]

    membership = sparse.csr_matrix(
        (np.ones(n_obs), (index.unit_codes, np.arange(n_obs))),
        shape=(len(index.units), n_obs),
    )
    counts = np.asarray(membership.sum(axis=1)).ravel()
    n_clusters = len(counts)
    if n_clusters < 2:
        raise DidInputError(WORDS("did.one_cluster", count=n_clusters))
    stacked = np.column_stack([y, design])
    within = stacked - (membership @ stacked / counts[:, None])[index.unit_codes]
    y_within, x_within = within[:, 0], within[:, 1:]

    q, r, pivot = linalg.qr(x_within, mode="economic", pivoting=True)
    diagonal = np.abs(np.diag(r))
    tolerance = diagonal[0] * max(x_within.shape) * np.finfo(float).eps if diagonal.size else 0
    rank = int((diagonal > tolerance).sum())
    k = x_within.shape[1]
    if rank < k:
        redundant = [labels[j] for j in pivot[rank:]]
        raise CollinearDesignError(WORDS("did.collinear", names=", ".join(redundant)))
    if n_obs <= k:
        raise DidInputError(WORDS("did.too_few_observations", observations=n_obs, coefficients=k))
    r_inverse = linalg.solve_triangular(r, np.eye(k))
    coefficients = np.empty(k)
    coefficients[pivot] = r_inverse @ (q.T @ y_within)
    bread = np.empty((k, k))
    bread[np.ix_(pivot, pivot)] = r_inverse @ r_inverse.T
    residuals = y_within - x_within @ coefficients
    cluster_scores = membership @ (x_within * residuals[:, None])  # (G, k)
    meat = cluster_scores.T @ cluster_scores
    correction = n_clusters / (n_clusters - 1) * (n_obs - 1) / (n_obs - k)
    covariance = correction * bread @ meat @ bread
    p = regressors.shape[1]
    return ClusteredFit(coefficients[:p], covariance[:p, :p], n_clusters)


def t_interval(estimate: float, std_error: float, df: int, alpha: float) -> tuple[float, float]:
    """The two-sided (1 - alpha) interval estimate -+ t_{1-alpha/2, df} * std_error."""
    if not 0 < alpha < 1:
        raise DidInputError(WORDS("did.alpha", value=repr(alpha)))
    half = float(stats.t.ppf(1 - alpha / 2, df)) * std_error
    return estimate - half, estimate + half


def _indicator(values: pd.Series, column: str) -> np.ndarray:
    """A bool array from a bool or 0/1 column; anything else is a TreatmentTimingError."""
    if pd.api.types.is_bool_dtype(values) and not values.isna().any():
        return values.to_numpy(dtype=bool)
    numeric = pd.to_numeric(values, errors="coerce")
    bad = ~numeric.isin([0, 1]).to_numpy()
    if bad.any():
        shown = ", ".join(show(v) for v in pd.unique(values[bad])[:EXAMPLES_SHOWN])
        raise TreatmentTimingError(
            WORDS("did.treatment_not_boolean", column=repr(column), values=shown)
        )
    treated: np.ndarray = numeric.to_numpy() == 1
    return treated


def _as_float(values: pd.Series, column: str, role: Message) -> np.ndarray:
    """float64 (n,) of a numeric column (NaN kept); text or bool is refused, not coerced."""
    if values.isna().all():
        return np.full(len(values), np.nan)
    if pd.api.types.is_bool_dtype(values) or not pd.api.types.is_numeric_dtype(values):
        failed = pd.to_numeric(values, errors="coerce").isna() & values.notna()
        example = values[failed].iloc[0] if failed.any() else values.dropna().iloc[0]
        raise NonNumericColumnError(
            WORDS(
                "did.not_numbers",
                role=role,
                column=repr(column),
                value=show(example),
                dtype=str(values.dtype),
            )
        )
    return values.to_numpy(dtype=float, na_value=np.nan)


def show(value: object) -> str:
    """A data value as a message quotes it: text in quotes, numbers and dates plain."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, str):
        return repr(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _examples(items: list[Param], total: int) -> Message:
    """The first items, and how many more there are."""
    listed = listing(items)
    return (
        WORDS("did.and_more", listed=listed, more=total - len(items))
        if total > len(items)
        else listed
    )


def _rows(rows: np.ndarray) -> Message:
    return WORDS("did.rows", rows=_examples([int(r) for r in rows[:EXAMPLES_SHOWN]], rows.size))


def _unit_periods(rows: np.ndarray, index: PanelIndex) -> Message:
    units = index.units[index.unit_codes[rows[:EXAMPLES_SHOWN]]]
    periods = index.periods[index.period_codes[rows[:EXAMPLES_SHOWN]]]
    shown: list[Param] = [
        WORDS("did.unit_period", unit=show(u), period=show(p))
        for u, p in zip(units, periods, strict=True)
    ]
    return _examples(shown, rows.size)


def _period_label(value: float) -> Param:
    return WORDS("did.never") if np.isinf(value) else f"{value:g}"
