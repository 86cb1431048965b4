"""Inference for synthetic controls: placebos in space and in time, leave-one-out, and a
pooled estimate for several treated units.

* Placebo in space (Abadie, Diamond & Hainmueller 2010, JASA 105(490); ADH 2015, AJPS
  59(2)): every donor in turn is analysed as if it had been treated, its synthetic control
  built from the other donors (never from the treated unit). Each unit's statistic is the
  ratio of its post- to pre-period RMSPE (ADH 2015), which needs no threshold for poor
  pre-period fits.
  The treated unit's p-value is its rank from the top among all units' ratios (ties count
  against it) divided by the number of units. ADH 2010 also exclude placebos whose
  pre-period MSPE exceeds k times the treated unit's (k = 20, 5, 2): `p_value_excluding(k)`.
* Leave-one-out (ADH 2015): refit without each donor that has a positive weight.
* Placebo in time (ADH 2015; Abadie 2021, JEL 59(2)): the treatment pretended to
  start earlier, with only the periods before the real treatment; the gap between the placebo
  and the real treatment should stay near zero.
* Several treated units (Cavallo, Galiani, Noy & Pantano 2013, REStat 95(5)): each treated
  unit is fitted from the common donor pool (never from another treated unit), the pooled
  estimate is the mean gap per period, and its statistic is the RMSPE ratio of that mean
  path. Its placebo distribution: the same statistic for the mean placebo gap of every set of
  as many donors as there are treated units — all sets when there are at most `max_sets`,
  otherwise `max_sets` sets drawn with a fixed seed. p = rank among treated + sets / (sets + 1).

Speed: the placebo fits share one prepared panel (the predictors standardised once over the
donors, which is the set of units of every placebo fit, and the regression-based start for V
computed once); inside each fit the inner solver is warm-started across the outer iterations.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from omradeloft.core.notices import Wordings

from .sc_inputs import Method, SyntheticControlInputError, check_inputs, show_label
from .synthetic_control import (
    OptimiserOptions,
    SyntheticControlResult,
    fit_in_panel,
    prepare_panel,
    synthetic_control,
)

WORDS = Wordings(
    {
        "placebo.period_not_before": "placebo period %(placebo)s is not a period before the "
        "treatment period %(treatment)s",
        "placebo.no_treated": "expected an outcome frame and at least one treated unit",
        "placebo.treated_donors": "treated units cannot be donors: %(units)s",
        "placebo.three_donors_placebo": "placebo inference needs at least 3 donors (each "
        "refit keeps 2); got %(count)s",
        "placebo.three_donors_leave_one_out": "leave-one-out needs at least 3 donors (each "
        "refit keeps 2); got %(count)s",
        "placebo.too_few_donors": "%(treated)s treated units but only %(donors)s donors; "
        "placebo sets need as many donors",
    }
)

__all__ = [
    "LeaveOneOutResult",
    "PlaceboInSpaceResult",
    "PooledResult",
    "leave_one_out",
    "placebo_in_space",
    "placebo_in_time",
    "pooled_synthetic_control",
]

POSITIVE_WEIGHT = 1e-6  # leave-one-out drops donors above this weight (the rest are ~0)
Progress = Callable[[int, int], None]  # called with (placebo fits done, placebo fits in all)


@dataclass(frozen=True, eq=False)
class PlaceboInSpaceResult:
    """The treated unit's fit against every donor's placebo fit.

    Attributes:
        fit: the treated unit's synthetic control.
        gaps: float64, index = period, columns = the treated unit, then each donor (its
            placebo gap: the donor minus its synthetic control from the other donors).
        placebo_weights: float64, index = placebo unit, columns = donors: each placebo's W
            (0 for the unit itself).
        pre_mspe: float64 by unit (columns of `gaps`): mean squared pre-period gap.
        ratios: float64 by unit: post-period RMSPE / pre-period RMSPE.
        rank: the treated unit's rank among `ratios`, 1 = largest (ties count against it).
        p_value: rank / number of units.
    """

    fit: SyntheticControlResult
    gaps: pd.DataFrame
    placebo_weights: pd.DataFrame
    pre_mspe: pd.Series
    ratios: pd.Series
    rank: int
    p_value: float

    def excluded_placebos(self, multiple: float) -> pd.Index:
        """The placebos whose pre-period MSPE exceeds `multiple` times the treated unit's."""
        excluded: pd.Index = self.pre_mspe.index[1:][
            self.pre_mspe.iloc[1:] > multiple * self.pre_mspe.iloc[0]
        ]
        return excluded

    def p_value_excluding(self, multiple: float) -> float:
        """The p-value among the treated unit and the placebos not excluded at `multiple`
        (ADH 2010 use 20, 5 and 2)."""
        kept = self.ratios.drop(self.excluded_placebos(multiple))
        return _rank(kept.to_numpy(), kept.iloc[0]) / len(kept)


@dataclass(frozen=True, eq=False)
class LeaveOneOutResult:
    """Refits without each donor that has a positive weight.

    Attributes:
        fit: the fit with every donor.
        refits: by dropped donor (in decreasing order of its weight), the fit without it.
        synthetic_paths: float64, index = period, columns = dropped donor: each refit's path.
    """

    fit: SyntheticControlResult
    refits: dict[Hashable, SyntheticControlResult]
    synthetic_paths: pd.DataFrame


@dataclass(frozen=True, eq=False)
class PooledResult:
    """Several treated units with a common treatment period.

    Attributes:
        fits: by treated unit, its synthetic control from the donor pool.
        unit_p_values: float64 by treated unit: its ratio's rank among itself and the donors'
            placebo ratios, divided by 1 + the number of donors.
        mean_gap: float64 by period: the mean of the treated units' gaps.
        rmspe_ratio: post/pre RMSPE of `mean_gap`.
        placebo_ratios: float64 (sets,): the same statistic for each placebo set's mean gap.
        exhaustive: True when every set of donors was used, False when they were sampled.
        p_value: (1 + number of placebo ratios >= rmspe_ratio) / (1 + number of sets).
    """

    fits: dict[Hashable, SyntheticControlResult]
    unit_p_values: pd.Series
    mean_gap: pd.Series
    rmspe_ratio: float
    placebo_ratios: np.ndarray
    exhaustive: bool
    p_value: float


def placebo_in_space(
    outcome: pd.DataFrame,
    treated: Hashable,
    *,
    treatment_period: Hashable,
    donors: Sequence[Hashable] | None = None,
    predictors: pd.DataFrame | None = None,
    method: Method = "classic",
    fit_periods: Sequence[Hashable] | None = None,
    options: OptimiserOptions | None = None,
    progress: Progress | None = None,
) -> PlaceboInSpaceResult:
    """Fit the treated unit and every donor as a placebo; rank the RMSPE ratios.

    Arguments as for `synthetic_control`; at least 3 donors are needed (each placebo needs
    2 donors of its own). `progress`, if given, is called after each placebo fit.
    """
    options = options or OptimiserOptions()
    pool = check_inputs(outcome, treated, donors, treatment_period, predictors, method, fit_periods)
    _need_three(pool, "placebo")
    units = pd.Index([treated, *pool])
    panel = prepare_panel(outcome, units, treatment_period, predictors, method, fit_periods)
    fit = fit_in_panel(panel, treated, pool, options)
    placebos = _placebo_fits(
        outcome, pool, treatment_period, predictors, method, fit_periods, options, progress
    )
    gaps = pd.DataFrame(
        np.column_stack([fit.gaps.to_numpy(), *(p.gaps.to_numpy() for p in placebos)]),
        index=outcome.columns,
        columns=units,
    )
    pre_mspe, ratios = _statistics(gaps.to_numpy(), panel.pre_count)
    weights = pd.DataFrame(0.0, index=pd.Index(pool), columns=pd.Index(pool))
    for unit, placebo in zip(pool, placebos, strict=True):
        weights.loc[unit, placebo.weights.index] = placebo.weights.to_numpy()
    rank = _rank(ratios, ratios[0])
    return PlaceboInSpaceResult(
        fit=fit,
        gaps=gaps,
        placebo_weights=weights,
        pre_mspe=pd.Series(pre_mspe, index=units, name="pre_mspe"),
        ratios=pd.Series(ratios, index=units, name="rmspe_ratio"),
        rank=rank,
        p_value=rank / len(units),
    )


def leave_one_out(
    outcome: pd.DataFrame,
    treated: Hashable,
    *,
    treatment_period: Hashable,
    donors: Sequence[Hashable] | None = None,
    predictors: pd.DataFrame | None = None,
    method: Method = "classic",
    fit_periods: Sequence[Hashable] | None = None,
    options: OptimiserOptions | None = None,
) -> LeaveOneOutResult:
    """Refit without each donor whose weight exceeds POSITIVE_WEIGHT (arguments as for
    `synthetic_control`; at least 3 donors, so that 2 remain)."""
    pool = check_inputs(outcome, treated, donors, treatment_period, predictors, method, fit_periods)
    _need_three(pool, "leave_one_out")
    arguments: dict[str, Any] = {
        "treatment_period": treatment_period,
        "predictors": predictors,
        "method": method,
        "fit_periods": fit_periods,
        "options": options,
    }
    fit = synthetic_control(outcome, treated, donors=pool, **arguments)
    dropped = fit.weights[fit.weights > POSITIVE_WEIGHT].sort_values(ascending=False).index
    refits = {
        unit: synthetic_control(
            outcome, treated, donors=[d for d in pool if d != unit], **arguments
        )
        for unit in dropped
    }
    paths = pd.DataFrame(
        {unit: refit.synthetic_path for unit, refit in refits.items()}, index=outcome.columns
    )
    return LeaveOneOutResult(fit=fit, refits=refits, synthetic_paths=paths)


def placebo_in_time(
    outcome: pd.DataFrame,
    treated: Hashable,
    *,
    treatment_period: Hashable,
    placebo_period: Hashable,
    donors: Sequence[Hashable] | None = None,
    predictors: pd.DataFrame | None = None,
    method: Method = "classic",
    fit_periods: Sequence[Hashable] | None = None,
    options: OptimiserOptions | None = None,
) -> SyntheticControlResult:
    """The fit as if treatment had started at `placebo_period`, using only the periods before
    the real `treatment_period`: its gaps from the placebo period on should be near zero.

    `predictors` must be measured before `placebo_period` (e.g. means over the years before
    it): the engine cannot re-aggregate them. `fit_periods` must lie before the placebo
    period; default every period before it.
    """
    check_inputs(outcome, treated, donors, treatment_period, predictors, method, fit_periods)
    periods = outcome.columns
    real_start = periods.get_loc(treatment_period)
    if placebo_period not in periods[:real_start]:
        raise SyntheticControlInputError(
            WORDS(
                "placebo.period_not_before",
                placebo=show_label(placebo_period),
                treatment=show_label(treatment_period),
            )
        )
    return synthetic_control(
        outcome.iloc[:, :real_start],
        treated,
        treatment_period=placebo_period,
        donors=donors,
        predictors=predictors,
        method=method,
        fit_periods=fit_periods,
        options=options,
    )


def pooled_synthetic_control(
    outcome: pd.DataFrame,
    treated: Sequence[Hashable],
    *,
    treatment_period: Hashable,
    donors: Sequence[Hashable] | None = None,
    predictors: pd.DataFrame | None = None,
    method: Method = "classic",
    fit_periods: Sequence[Hashable] | None = None,
    options: OptimiserOptions | None = None,
    max_sets: int = 10_000,
    seed: int = 0,
    progress: Progress | None = None,
) -> PooledResult:
    """Per-unit fits and the pooled mean gap for several treated units, with placebo sets of
    donors as its reference distribution (see the module documentation).

    `treated` lists distinct units; `donors` defaults to every unit not treated. Other
    arguments as for `synthetic_control`; at least 3 donors are needed. `progress`, if
    given, is called after each placebo fit.
    """
    options = options or OptimiserOptions()
    treated_units = list(dict.fromkeys(treated))
    if not treated_units or not isinstance(outcome, pd.DataFrame):
        raise SyntheticControlInputError(WORDS("placebo.no_treated"))
    if donors is None:
        donors = [unit for unit in outcome.index if unit not in treated_units]
    overlap = [unit for unit in donors if unit in treated_units]
    if overlap:
        raise SyntheticControlInputError(WORDS("placebo.treated_donors", units=str(overlap)))
    pools = [
        check_inputs(outcome, unit, donors, treatment_period, predictors, method, fit_periods)
        for unit in treated_units
    ]
    pool = pools[0]  # the same for every treated unit
    _need_three(pool, "placebo")
    sets, exhaustive = _donor_sets(len(pool), len(treated_units), max_sets, seed)
    fits = {
        unit: fit_in_panel(
            prepare_panel(
                outcome, pd.Index([unit, *pool]), treatment_period, predictors, method, fit_periods
            ),
            unit,
            pool,
            options,
        )
        for unit in treated_units
    }
    placebos = _placebo_fits(
        outcome, pool, treatment_period, predictors, method, fit_periods, options, progress
    )
    pre_count = outcome.columns.get_loc(treatment_period)
    assert isinstance(pre_count, int)  # check_inputs refuses duplicate periods
    placebo_gaps = np.column_stack([p.gaps.to_numpy() for p in placebos])  # (periods, donors)
    _, placebo_unit_ratios = _statistics(placebo_gaps, pre_count)
    unit_p_values = pd.Series(
        {
            unit: _rank(np.append(placebo_unit_ratios, fit.rmspe_ratio), fit.rmspe_ratio)
            / (len(pool) + 1)
            for unit, fit in fits.items()
        },
        name="p_value",
    )
    mean_gap = np.mean([fit.gaps.to_numpy() for fit in fits.values()], axis=0)
    _, set_ratios = _statistics(placebo_gaps[:, sets].mean(axis=2), pre_count)
    _, (ratio,) = _statistics(mean_gap[:, None], pre_count)
    return PooledResult(
        fits=fits,
        unit_p_values=unit_p_values,
        mean_gap=pd.Series(mean_gap, index=outcome.columns, name="mean_gap"),
        rmspe_ratio=float(ratio),
        placebo_ratios=set_ratios,
        exhaustive=exhaustive,
        p_value=(1 + int(np.sum(set_ratios >= ratio))) / (1 + len(set_ratios)),
    )


def _need_three(pool: Sequence[Hashable], analysis: str) -> None:
    if len(pool) < 3:
        raise SyntheticControlInputError(WORDS(f"placebo.three_donors_{analysis}", count=len(pool)))


def _placebo_fits(
    outcome: pd.DataFrame,
    pool: Sequence[Hashable],
    treatment_period: Hashable,
    predictors: pd.DataFrame | None,
    method: Method,
    fit_periods: Sequence[Hashable] | None,
    options: OptimiserOptions,
    progress: Progress | None,
) -> list[SyntheticControlResult]:
    """Each donor fitted from the other donors, all in one panel over the donors."""
    panel = prepare_panel(
        outcome, pd.Index(pool), treatment_period, predictors, method, fit_periods
    )
    fits = []
    for unit in pool:
        fits.append(fit_in_panel(panel, unit, [other for other in pool if other != unit], options))
        if progress is not None:
            progress(len(fits), len(pool))
    return fits


def _statistics(gaps: np.ndarray, pre_count: int) -> tuple[np.ndarray, np.ndarray]:
    """Pre-period MSPE and post/pre RMSPE ratio of each column of gaps (periods, paths)."""
    pre = np.mean(np.square(gaps[:pre_count]), axis=0)
    post = np.mean(np.square(gaps[pre_count:]), axis=0)
    ratio = np.sqrt(np.divide(post, pre, out=np.full_like(post, math.inf), where=pre > 0))
    return pre, ratio


def _rank(ratios: np.ndarray, value: float) -> int:
    """Rank of `value` among `ratios` (which contain it) from the top; ties count against."""
    return int(np.sum(ratios >= value))


def _donor_sets(donors: int, size: int, max_sets: int, seed: int) -> tuple[np.ndarray, bool]:
    """(sets, size) donor positions: every combination, or `max_sets` random ones."""
    if size > donors:
        raise SyntheticControlInputError(
            WORDS("placebo.too_few_donors", treated=size, donors=donors)
        )
    if math.comb(donors, size) <= max_sets:
        return np.array(list(itertools.combinations(range(donors), size))), True
    rng = np.random.default_rng(seed)
    return np.argsort(rng.random((max_sets, donors)), axis=1)[:, :size], False
