"""The shape of an evaluation run's result, as the runner writes it to `EvaluationRun.result`.

Every key is optional: the stored JSON is read as written, and runs stored before a key
existed lack it (readers use `.get`). Numbers the engine could not compute are null. The
type checker checks every key a reader asks for against these declarations.
"""

from typing import Any, TypedDict, cast


class CommonResult(TypedDict, total=False):
    """What every method's result holds."""

    method: str
    data_level: str  # published, or unsuppressed (not for publication)
    outcome: str
    treated: list[str]
    donors: list[str]
    treatment_period: str
    area_names: dict[str, str]  # {code: name}
    harmonised_to: str  # YYYY-MM-DD, with the spec's `harmonise_to`
    harmonised_values: int  # how many values read were harmonised to that date
    p_value: float | None


class FitResult(TypedDict, total=False):
    """One synthetic control fit; paths are {period: value}."""

    weights: dict[str, float | None]  # {donor: weight}
    actual: dict[str, float | None]
    synthetic: dict[str, float | None]
    gaps: dict[str, float | None]
    pre_rmspe: float | None
    post_rmspe: float | None
    rmspe_ratio: float | None
    predictor_weights: dict[str, float | None]
    balance: list[dict[str, Any]]  # one record per predictor: treated, synthetic, donor mean


class SyntheticControlRunResult(CommonResult, FitResult, total=False):
    pre_periods: int  # how many periods came before the treatment
    fit_periods: list[str]  # the pre-periods V was chosen to fit
    # With placebos in space (one treated area):
    p_value_all_placebos: float | None
    placebo_gaps: dict[str, dict[str, float | None]]  # {donor: {period: gap}}
    placebo_ratios: dict[str, float | None]  # {donor: post/pre RMSPE ratio}
    excluded_placebos: list[str]
    leave_one_out: dict[str, dict[str, float | None]]  # {donor left out: synthetic path}
    # With several treated areas, each fitted on its own:
    per_area: dict[str, FitResult]
    unit_p_values: dict[str, float | None]


class DidRunResult(CommonResult, total=False):
    """Difference in differences; the event study adds its coefficients and pre-trend test."""

    att: float | None
    se: float | None
    ci: list[float | None]  # [lower, upper]
    n_units: int
    n_periods: int
    coefficients: dict[str, list[float | None]]  # {relative period: [estimate, lower, upper]}
    pretrend_p_value: float | None
    leads: int
    lags: int


class RunResult(SyntheticControlRunResult, DidRunResult, total=False):
    """A stored result of any method: readers that serve every method take this."""


def stored_result(value: object) -> RunResult:
    """`EvaluationRun.result` as a result: anything but a JSON object reads as empty."""
    return cast(RunResult, value) if isinstance(value, dict) else RunResult()
