"""Runs an evaluation spec: loads its data, calls the engine and returns the result as
plain JSON-ready data (the shape `omradeloft evaluate` writes).

The result's keys, per method, are declared in `evaluation.results`.
"""

from collections.abc import Callable
from typing import Any, cast

import numpy as np

from omradeloft.evaluation.data import EvaluationData, load
from omradeloft.evaluation.did_inputs import did_panel
from omradeloft.evaluation.engine.did import DidInputError, twfe
from omradeloft.evaluation.engine.event_study import event_study
from omradeloft.evaluation.models import DataLevel
from omradeloft.evaluation.results import DidRunResult, RunResult
from omradeloft.evaluation.spec import EvaluationSpec, SpecError
from omradeloft.evaluation.synthetic import run_synthetic_control

Progress = Callable[[int, int], None]


def _number(value: float) -> float | None:
    return None if value is None or not np.isfinite(value) else float(value)


def _did(data: EvaluationData, spec: EvaluationSpec) -> DidRunResult:
    panel = did_panel(data, spec)
    try:
        result = twfe(panel, unit="unit", period="period", outcome="outcome", treated="treated")
    except DidInputError as error:
        raise SpecError([error.message]) from None
    out: DidRunResult = {
        "att": result.estimate,
        "se": result.std_error,
        "ci": [result.lower, result.upper],
        "p_value": result.p_value,
        "coefficients": {},
        "n_units": result.n_units,
        "n_periods": result.n_periods,
    }
    if spec.method == "event_study":
        # The window cannot reach further than the data: at most every period before the
        # start but the reference one, and every period after the start.
        start = data.periods.index(spec.treatment_period)
        leads = min(spec.leads, max(start - 1, 1))
        lags = min(spec.lags, max(len(data.periods) - start - 1, 0))
        try:
            study = event_study(
                panel,
                unit="unit",
                period="period",
                outcome="outcome",
                first_treated="first_treated",
                leads=leads,
                lags=lags,
            )
        except DidInputError as error:
            raise SpecError([error.message]) from None
        out["coefficients"] = {
            str(relative): [estimate, lower, upper]
            for relative, (estimate, lower, upper) in study.coefficients.items()
        }
        out["pretrend_p_value"] = study.pretrend.p_value if study.pretrend else None
        out["leads"], out["lags"] = leads, lags
    return out


def run(
    spec: EvaluationSpec,
    level: DataLevel = DataLevel.PUBLISHED,
    progress: Progress | None = None,
    data: EvaluationData | None = None,
) -> RunResult:
    """The result of `spec` on the data at `level` (or on `data`, already loaded at that
    level) as JSON-ready data; `SpecError` when the spec cannot be served."""
    data = data if data is not None else load(spec, level)
    result: RunResult = {
        "method": spec.method,
        "data_level": str(level),
        "outcome": spec.outcome,
        "treated": list(data.treated),
        "donors": list(data.donors),
        "treatment_period": spec.treatment_period,
        "area_names": data.area_names,
    }
    if spec.harmonise_to:
        result["harmonised_to"] = spec.harmonise_to.isoformat()
        result["harmonised_values"] = data.harmonised_values
    if spec.method == "synthetic_control":
        result = {**result, **run_synthetic_control(data, spec, progress)}
    else:
        result = {**result, **_did(data, spec)}
    return cast(RunResult, _clean(result))


def _clean(value: Any) -> Any:
    """NaN and infinities become null, numpy scalars plain numbers: valid JSON."""
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return _number(float(value))
    return value
