"""Staggered adoption: group-time average treatment effects ATT(g, t) and their
aggregations, after Callaway & Sant'Anna (2021), "Difference-in-differences with multiple
time periods", Journal of Econometrics 225(2), 200-230, as implemented by the R package
did (``att_gt`` without covariates, ``bstrap=FALSE``; ``aggte`` types "simple" and
"dynamic").

A group g is the set of units first treated in period g. For every group and every
period t (from the second period on) ATT(g, t) is the 2x2 difference in differences

    ATT(g, t) = mean_{G=g}(Y_t - Y_b) - mean_{C}(Y_t - Y_b),

with base period b = g - 1 - anticipation for t >= g (post-treatment, "long differences")
and b = t - 1 for t < g (the "varying" base period of did: pre-treatment cells are
placebo short differences). The comparison group C is the never-treated units, or with
control="not_yet_treated" the units not treated by t + anticipation (never-treated
included, group g excluded). Without covariates did's doubly robust estimator reduces to
exactly this difference of means.

Inference uses influence functions. For n units in the panel, n_g of them in group g and
n_C in the comparison group, unit i's influence on ATT(g, t) is

    psi_i = n/n_g * (dY_i - mean_g dY)   for i in group g,
    psi_i = -n/n_C * (dY_i - mean_C dY)  for i in the comparison group, 0 otherwise,

and Var(ATT) = sum_i psi_i^2 / n^2, Cov likewise (did's V = Psi'Psi/n, se = sqrt(V/n)).
An aggregate sum_k w_k ATT_k with weights w_k = P(G = g_k) / sum_j P(G = g_j) (group
shares) has influence sum_k w_k psi_k plus the term from estimating the shares (did's
``wif``): for unit i, sum_k ATT_k [(1[G_i = g_k] - p_k)/S - p_k sum_j (1[G_i = g_j] - p_j)/S^2]
with S = sum_k p_k. "simple" averages the post-treatment cells (t >= g) so; "dynamic"
averages the cells with the same event time e = t - g, and its overall effect is the plain
mean of the e >= 0 effects. Intervals are pointwise normal. The pre-trend test is did's
Wald test that all pre-treatment ATT(g, t) are 0: W = a' V^{-1} a against chi2(#cells).

Units first treated in or before the first period (+ anticipation) have no base period
and are dropped, as in did; units first treated after the last period + anticipation are
untreated throughout the panel and count as never treated. With control="not_yet_treated"
and no never-treated unit the latest cohort is only a comparison group, as in did, and
cells with no comparison unit at all are skipped and listed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np
import pandas as pd
from scipy import stats

from omradeloft.core.notices import Wordings

from .did import (
    DidInputError,
    NoControlUnitsError,
    PanelIndex,
    WaldTest,
    encode_panel,
    first_treatment_by_unit,
    integer_periods,
    numeric_column,
    require_columns,
    show,
)

WORDS = Wordings(
    {
        "staggered.control": "control must be one of %(choices)s, not %(value)s",
        "staggered.anticipation": "anticipation must be a whole number >= 0, not %(value)s",
        "staggered.alpha": "alpha must lie strictly between 0 and 1, not %(value)s",
        "staggered.no_never_treated": "no unit is never treated (column %(column)s is never "
        "NaN/None, or only for units treated after the panel ends), so "
        "control='never_treated' has no comparison group; use control='not_yet_treated'",
        "staggered.no_group": "no group can be estimated: after dropping the units treated "
        "from %(first)s (the first period, which leaves no base period) there is no treated "
        "group with a comparison group (never treated, or a later cohort)",
        "staggered.no_post_comparison": "no post-treatment ATT(g, t) has a comparison group: "
        "every unit is treated by the time any group is; control='not_yet_treated' needs "
        "units treated later or never",
        "staggered.unbalanced": "unit %(unit)s has no row for %(period_column)s %(period)s; "
        "the panel must be balanced, every %(unit_column)s in every one of the %(periods)s "
        "periods (%(incomplete)s unit(s) incomplete)",
    }
)

__all__ = [
    "CONTROL_GROUPS",
    "AggregateEffect",
    "GroupTimeEffect",
    "StaggeredResult",
    "callaway_santanna",
]

CONTROL_GROUPS = ("never_treated", "not_yet_treated")


@dataclass(frozen=True)
class GroupTimeEffect:
    """ATT(g, t): the effect in period t on the units first treated in period g."""

    group: int
    period: int
    base_period: int
    estimate: float
    std_error: float
    lower: float
    upper: float
    n_treated: int
    n_control: int

    @property
    def post(self) -> bool:
        """True for a treatment effect (t >= g), False for a pre-treatment placebo."""
        return self.period >= self.group


class _Cell(NamedTuple):
    """One estimated ATT(g, t) before inference."""

    group: int
    period: int
    base_period: int
    estimate: float
    n_treated: int
    n_control: int


@dataclass(frozen=True)
class AggregateEffect:
    """A weighted average of ATT(g, t) cells with its influence-function standard error
    and pointwise (1 - alpha) normal interval."""

    estimate: float
    std_error: float
    lower: float
    upper: float


@dataclass(frozen=True)
class StaggeredResult:
    """ATT(g, t) for every estimable cell and their aggregations.

    Attributes:
        group_time: the cells, sorted by group then period.
        simple: the group-size weighted average of the post-treatment cells (t >= g).
        dynamic: {event time e = t - g: group-size weighted average of the cells at e},
            negative e being pre-treatment placebos.
        dynamic_overall: the mean of the dynamic effects for e >= 0.
        pretrend: the chi2 Wald test that every pre-treatment cell is 0, or None when
            there is none or their covariance is singular.
        influence: (n_units, len(group_time)) influence functions psi, rows in the order
            of `units`, for further aggregation (Var = Psi'Psi / n_units^2).
        units: the unit ids used, after dropping the ones treated from the first period.
        dropped_units: ids of units treated in or before the first period (+ anticipation).
        skipped: (g, t) cells without any comparison unit (not-yet-treated control only).
        control, anticipation, alpha: as given.
        groups, periods: the treatment groups estimated and the panel's periods, ascending
            (without never-treated units the latest cohort only serves as a comparison).
    """

    group_time: tuple[GroupTimeEffect, ...]
    simple: AggregateEffect
    dynamic: Mapping[int, AggregateEffect]
    dynamic_overall: AggregateEffect
    pretrend: WaldTest | None
    influence: np.ndarray = field(compare=False, repr=False)
    units: tuple[object, ...] = field(default=(), repr=False)
    dropped_units: tuple[object, ...] = ()
    skipped: tuple[tuple[int, int], ...] = ()
    control: str = "never_treated"
    anticipation: int = 0
    alpha: float = 0.05
    groups: tuple[int, ...] = ()
    periods: tuple[int, ...] = ()

    def att(self, group: int, period: int) -> GroupTimeEffect:
        """The cell ATT(group, period); KeyError if it was not estimated."""
        for cell in self.group_time:
            if cell.group == group and cell.period == period:
                return cell
        raise KeyError(f"no ATT({group}, {period}) was estimated")


def callaway_santanna(
    panel: pd.DataFrame,
    unit: str = "unit",
    period: str = "period",
    outcome: str = "outcome",
    first_treated: str = "first_treated",
    control: str = "never_treated",
    anticipation: int = 0,
    alpha: float = 0.05,
) -> StaggeredResult:
    """Estimate every ATT(g, t) by 2x2 difference in differences, and aggregate them.

    Args:
        panel: long frame, one row per unit-period, balanced (every unit in every
            period). `unit`: any hashable id; `period`: whole numbers (e.g. years);
            `outcome`: float; `first_treated`: the unit's first treatment period, the same
            on every row of the unit, NaN/None for never-treated units.
        control: "never_treated" or "not_yet_treated" (see the module docstring).
        anticipation: periods before g in which units may already react; the base period
            moves back by as many.
        alpha: one minus the confidence level of the intervals.

    Raises:
        MissingColumnsError, NonNumericColumnError, TreatmentTimingError (a unit with two
        first-treatment periods), NoControlUnitsError (no never-treated unit for
        control="never_treated", no comparison for any cell), DidInputError (unbalanced
        panel, missing values, duplicates, bad arguments).
    """
    if control not in CONTROL_GROUPS:
        raise DidInputError(
            WORDS("staggered.control", choices=str(CONTROL_GROUPS), value=repr(control))
        )
    if isinstance(anticipation, bool) or not isinstance(anticipation, int) or anticipation < 0:
        raise DidInputError(WORDS("staggered.anticipation", value=repr(anticipation)))
    if not 0 < alpha < 1:
        raise DidInputError(WORDS("staggered.alpha", value=repr(alpha)))
    require_columns(panel, (unit, period, outcome, first_treated))
    index = encode_panel(panel, unit, period)
    periods = integer_periods(index, period)
    y = numeric_column(panel, outcome, "outcome", index)
    first = first_treatment_by_unit(panel, first_treated, index)
    wide = _balanced_outcomes(y, index, unit, period)

    # Untreated throughout the panel (anticipation included): never treated here.
    first[first > periods[-1] + anticipation] = np.nan
    no_base_period = first - anticipation <= periods[0]
    kept = ~no_base_period
    wide, first, units = wide[kept], first[kept], index.units[kept]
    never = np.isnan(first)
    if control == "never_treated" and not never.any():
        raise NoControlUnitsError(WORDS("staggered.no_never_treated", column=repr(first_treated)))
    groups = np.unique(first[~never]).astype(np.int64)
    if not never.any():
        # As did does: without never-treated units the latest cohort is the comparison group
        # of last resort (while not yet treated), not a group of its own.
        groups = groups[:-1]
    if groups.size == 0:
        raise NoControlUnitsError(WORDS("staggered.no_group", first=str(periods[0])))

    cells, cell_influence, skipped = _group_time_cells(
        wide, first, groups, periods, control, anticipation
    )
    if not any(c.period >= c.group for c in cells):
        raise NoControlUnitsError(WORDS("staggered.no_post_comparison"))
    n = len(units)
    influence = np.column_stack(cell_influence)
    estimates = np.array([c.estimate for c in cells])
    std_errors = np.sqrt((influence**2).sum(axis=0)) / n
    z = float(stats.norm.ppf(1 - alpha / 2))
    half_widths = z * std_errors
    group_time = tuple(
        GroupTimeEffect(
            group=c.group,
            period=c.period,
            base_period=c.base_period,
            estimate=c.estimate,
            std_error=float(se),
            lower=c.estimate - float(h),
            upper=c.estimate + float(h),
            n_treated=c.n_treated,
            n_control=c.n_control,
        )
        for c, se, h in zip(cells, std_errors, half_widths, strict=True)
    )
    cell_groups = np.array([c.group for c in cells])
    cell_periods = np.array([c.period for c in cells])
    group_share = (first[:, None] == cell_groups[None, :]).mean(axis=0)  # P(G = g) per cell

    def aggregate(selected: np.ndarray) -> tuple[AggregateEffect, np.ndarray]:
        estimate, psi = _weighted_by_group_size(
            estimates[selected],
            influence[:, selected],
            group_share[selected],
            cell_groups[selected],
            first,
        )
        return _effect(estimate, psi, z), psi

    simple, _ = aggregate(cell_periods >= cell_groups)
    event_times = cell_periods - cell_groups
    dynamic: dict[int, AggregateEffect] = {}
    dynamic_psi: dict[int, np.ndarray] = {}
    for e in np.unique(event_times):
        dynamic[int(e)], dynamic_psi[int(e)] = aggregate(event_times == e)
    after = [e for e in dynamic if e >= 0]
    overall_psi = np.mean([dynamic_psi[e] for e in after], axis=0)
    overall = float(np.mean([dynamic[e].estimate for e in after]))
    return StaggeredResult(
        group_time=group_time,
        simple=simple,
        dynamic=dynamic,
        dynamic_overall=_effect(overall, overall_psi, z),
        pretrend=_pretrend_test(estimates, influence, cell_periods < cell_groups),
        influence=influence,
        units=tuple(units.tolist()),
        dropped_units=tuple(index.units[no_base_period].tolist()),
        skipped=tuple(skipped),
        control=control,
        anticipation=anticipation,
        alpha=alpha,
        groups=tuple(int(g) for g in groups),
        periods=tuple(int(p) for p in periods),
    )


def _balanced_outcomes(y: np.ndarray, index: PanelIndex, unit: str, period: str) -> np.ndarray:
    """The outcome as an (n_units, n_periods) matrix; every unit must have every period."""
    n_units, n_periods = len(index.units), len(index.periods)
    counts = np.bincount(index.unit_codes, minlength=n_units)
    if (counts != n_periods).any():
        u = int(np.flatnonzero(counts != n_periods)[0])
        seen = index.period_codes[index.unit_codes == u]
        absent = index.periods[np.setdiff1d(np.arange(n_periods), seen)[0]]
        raise DidInputError(
            WORDS(
                "staggered.unbalanced",
                unit=show(index.units[u]),
                period_column=period,
                period=show(absent),
                unit_column=unit,
                periods=n_periods,
                incomplete=int((counts != n_periods).sum()),
            )
        )
    wide = np.empty((n_units, n_periods))
    wide[index.unit_codes, index.period_codes] = y
    return wide


def _group_time_cells(
    wide: np.ndarray,
    first: np.ndarray,
    groups: np.ndarray,
    periods: np.ndarray,
    control: str,
    anticipation: int,
) -> tuple[list[_Cell], list[np.ndarray], list[tuple[int, int]]]:
    """Every estimable cell with its influence column psi (n_units,), and the (g, t) cells
    skipped for want of a comparison unit."""
    n = wide.shape[0]
    never = np.isnan(first)
    cells, influence, skipped = [], [], []
    for g in groups:
        treated = first == g
        # Last period with p + anticipation < g: the base of every post-treatment cell.
        long_base = int(np.flatnonzero(periods + anticipation < g)[-1])
        for current in range(1, len(periods)):
            t = int(periods[current])
            base = long_base if g <= t else current - 1
            if control == "never_treated":
                comparison = never
            else:  # np.nan > x is False: never-treated units enter through `never`
                comparison = never | ((first > t + anticipation) & ~treated)
            if not comparison.any():
                skipped.append((int(g), t))
                continue
            change = wide[:, current] - wide[:, base]
            treated_mean = change[treated].mean()
            comparison_mean = change[comparison].mean()
            psi = np.zeros(n)
            psi[treated] = n / treated.sum() * (change[treated] - treated_mean)
            psi[comparison] = -n / comparison.sum() * (change[comparison] - comparison_mean)
            cells.append(
                _Cell(
                    int(g),
                    t,
                    int(periods[base]),
                    float(treated_mean - comparison_mean),
                    int(treated.sum()),
                    int(comparison.sum()),
                )
            )
            influence.append(psi)
    return cells, influence, skipped


def _weighted_by_group_size(
    att: np.ndarray,
    psi: np.ndarray,
    share: np.ndarray,
    cell_groups: np.ndarray,
    first: np.ndarray,
) -> tuple[float, np.ndarray]:
    """sum_k w_k ATT_k with w_k = p_k / S, and its influence function (n_units,), including
    did's `wif` term for the estimated group shares p_k (see the module docstring)."""
    total = share.sum()
    weights = share / total
    # centred[i, k] = 1[G_i = g_k] - p_k: each unit's influence on the share p_k.
    centred = (first[:, None] == cell_groups[None, :]) - share[None, :]
    share_influence = centred / total - np.outer(centred.sum(axis=1), share / total**2)
    return float(weights @ att), psi @ weights + share_influence @ att


def _effect(estimate: float, psi: np.ndarray, z: float) -> AggregateEffect:
    se = float(np.sqrt((psi**2).sum()) / len(psi))
    return AggregateEffect(estimate, se, estimate - z * se, estimate + z * se)


def _pretrend_test(att: np.ndarray, psi: np.ndarray, pre: np.ndarray) -> WaldTest | None:
    """did's pre-test: W = a' V^{-1} a over the pre-treatment cells, V = Psi'Psi / n^2,
    against chi2 with as many degrees of freedom as cells; None if V is singular."""
    if not pre.any():
        return None
    a = att[pre]
    n = psi.shape[0]
    v = psi[:, pre].T @ psi[:, pre] / n**2
    if np.linalg.cond(v) > 1 / np.finfo(float).eps:
        return None
    statistic = float(a @ np.linalg.solve(v, a))
    q = int(pre.sum())
    return WaldTest(statistic, q, None, float(stats.chi2.sf(statistic, q)))
