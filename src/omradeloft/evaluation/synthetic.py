"""The synthetic-control part of an evaluation run: one treated area with placebos in
space and leave-one-out refits, or several treated areas each on their own plus a pooled
estimate. Returns the JSON-ready pieces of RESULT (see `runner`)."""

from collections.abc import Callable
from typing import Any, Literal, cast

import pandas as pd

from omradeloft.evaluation.data import EvaluationData
from omradeloft.evaluation.engine.placebo import (
    leave_one_out,
    placebo_in_space,
    pooled_synthetic_control,
)
from omradeloft.evaluation.engine.synthetic_control import (
    SyntheticControlInputError,
    SyntheticControlResult,
    synthetic_control,
)
from omradeloft.evaluation.results import FitResult, RunResult
from omradeloft.evaluation.spec import EvaluationSpec, SpecError

# ADH (2010): placebos fitting more than this many times worse than the treated area
# before treatment say little about it; they are listed and left out of the p-value.
POOR_FIT_MULTIPLE = 5.0


# Typed as stored: the runner writes a NaN as null.
def _series(values: pd.Series) -> dict[str, float | None]:
    return {str(key): float(value) for key, value in values.items()}


def _fit_periods(data: EvaluationData, spec: EvaluationSpec) -> list[str]:
    """The pre-periods whose outcome the classic V is chosen to fit (Synth's
    time.optimize.ssr), in the data's order: the spec's `fit_periods`, by default every
    pre-period, as in most published uses (Abadie, Diamond & Hainmueller 2010, 2015)."""
    pre = data.periods[: data.periods.index(spec.treatment_period)]
    return [p for p in pre if spec.fit_periods is None or p in spec.fit_periods]


def _fit(result: SyntheticControlResult) -> FitResult:
    balance = result.balance.reset_index(names="predictor")
    return {
        "weights": _series(result.weights),
        "actual": _series(result.treated_path),
        "synthetic": _series(result.synthetic_path),
        "gaps": _series(result.gaps),
        "pre_rmspe": result.pre_rmspe,
        "post_rmspe": result.post_rmspe,
        "rmspe_ratio": result.rmspe_ratio,
        "predictor_weights": _series(result.predictor_weights),
        "balance": cast(list[dict[str, Any]], balance.to_dict(orient="records")),
    }


def run_synthetic_control(
    data: EvaluationData, spec: EvaluationSpec, progress: Callable[[int, int], None] | None
) -> RunResult:
    fit_periods = _fit_periods(data, spec)
    arguments = {
        "outcome": data.outcome,
        "treatment_period": spec.treatment_period,
        "donors": list(data.donors),
        "predictors": data.predictors,
        "method": spec.sc_method,
        "fit_periods": fit_periods,
    }
    pre_periods = sum(1 for p in data.periods if p < spec.treatment_period)
    common: RunResult = {
        "pre_periods": pre_periods,
        "fit_periods": fit_periods,
        "p_value": None,
    }
    try:
        if len(data.treated) > 1:
            return {**common, **_pooled(data, spec, arguments, progress)}
        treated = data.treated[0]
        if not spec.placebo:
            return {
                **common,
                **_fit(synthetic_control(data.outcome, treated, **_no_outcome(arguments))),
            }
        placebos = placebo_in_space(
            data.outcome, treated, progress=progress, **_no_outcome(arguments)
        )
        refits = leave_one_out(data.outcome, treated, **_no_outcome(arguments))
    except SyntheticControlInputError as error:
        raise SpecError([error.message]) from None
    excluded = placebos.excluded_placebos(POOR_FIT_MULTIPLE)
    return {
        **common,
        **_fit(placebos.fit),
        "p_value": placebos.p_value_excluding(POOR_FIT_MULTIPLE),
        "p_value_all_placebos": placebos.p_value,
        "placebo_gaps": {
            str(unit): _series(placebos.gaps[unit]) for unit in placebos.gaps.columns[1:]
        },
        "placebo_ratios": _series(placebos.ratios.iloc[1:]),
        "excluded_placebos": [str(unit) for unit in excluded],
        "leave_one_out": {
            str(unit): _series(refits.synthetic_paths[unit])
            for unit in refits.synthetic_paths.columns
        },
    }


def _no_outcome(arguments: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in arguments.items() if key != "outcome"}


def _mean_path(per_area: dict[str, FitResult], key: Literal["actual", "synthetic"]) -> pd.Series:
    return pd.DataFrame({unit: pd.Series(fit[key]) for unit, fit in per_area.items()}).mean(axis=1)


def _pooled(
    data: EvaluationData,
    spec: EvaluationSpec,
    arguments: dict[str, Any],
    progress: Callable[[int, int], None] | None,
) -> RunResult:
    """Several treated areas: each fitted on its own, the mean gap across them, and a
    placebo p-value for that mean (Cavallo et al. 2013)."""
    pooled = pooled_synthetic_control(
        data.outcome, list(data.treated), progress=progress, **_no_outcome(arguments)
    )
    per_area = {str(unit): _fit(fit) for unit, fit in pooled.fits.items()}
    actual, synthetic = _mean_path(per_area, "actual"), _mean_path(per_area, "synthetic")
    pre = [p for p in data.periods if p < spec.treatment_period]
    post = [p for p in data.periods if p >= spec.treatment_period]
    gaps = actual - synthetic
    return {
        "weights": {
            unit: sum(f["weights"].get(unit) or 0.0 for f in per_area.values()) / len(per_area)
            for unit in data.donors
        },
        "actual": _series(actual),
        "synthetic": _series(synthetic),
        "gaps": _series(gaps),
        "pre_rmspe": float((gaps[pre] ** 2).mean() ** 0.5),
        "post_rmspe": float((gaps[post] ** 2).mean() ** 0.5),
        "rmspe_ratio": pooled.rmspe_ratio,
        "p_value": pooled.p_value,
        "per_area": per_area,
        "unit_p_values": _series(pooled.unit_p_values),
    }
