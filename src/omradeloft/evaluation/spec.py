"""The evaluation spec, as `omradeloft evaluate SPEC.json` reads it:

    {"method": "synthetic_control" | "did" | "event_study",
     "outcome": "INDICATOR", "treated": ["AREA", ...],
     "donors": ["AREA", ...],                # optional: all other areas of the level
     "treatment_period": "1970",
     "predictors": [{"indicator": "CODE", "periods": ["1960", ...], "op": "mean"}],
     "placebo": true,                         # synthetic control: placebo-in-space
     "sc_method": "classic" | "standardised" | "outcome_lags",   # default: classic with
                                              # predictors, outcome_lags without
     "fit_periods": ["1960", ...],            # synthetic control: the pre-periods whose
                                              # outcome V is chosen to fit (Synth's
                                              # time.optimize.ssr); default every pre-period
     "leads": 4, "lags": 4,                   # event study
     "level": "subdistrict",                  # optional: when codes repeat across levels
     "harmonise_to": "2024-01-01"}            # optional: read every series on the areas in
                                              # use that day (see indicators.harmonising)

`parse_spec` checks the shape and lists every problem at once; whether the areas,
indicators and periods exist is checked against the data by `evaluation.data`.
"""

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from omradeloft.core.notices import Message
from omradeloft.core.problems import cell

METHODS = ("synthetic_control", "did", "event_study")
SC_METHODS = ("classic", "standardised", "outcome_lags")
PREDICTOR_OPS = ("mean",)
KNOWN_KEYS = frozenset(
    {
        "method",
        "outcome",
        "treated",
        "donors",
        "treatment_period",
        "predictors",
        "placebo",
        "sc_method",
        "fit_periods",
        "leads",
        "lags",
        "level",
        "harmonise_to",
    }
)


class SpecError(ValueError):
    """The spec is malformed, or the run cannot use its data; `problems` lists each one in
    English, `messages` as given: an engine's `Message` (worded for the reader when shown)
    or text."""

    def __init__(self, problems: list[str | Message]) -> None:
        self.messages = problems
        self.problems = [str(problem) for problem in problems]
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True)
class Predictor:
    indicator: str
    periods: tuple[str, ...]
    op: str = "mean"

    @property
    def name(self) -> str:
        """How the predictor is named in balance tables: indicator and period range."""
        span = (
            self.periods[0] if len(self.periods) == 1 else f"{self.periods[0]}–{self.periods[-1]}"
        )
        return f"{self.indicator} ({self.op} {span})"


@dataclass(frozen=True)
class EvaluationSpec:
    method: str
    outcome: str
    treated: tuple[str, ...]
    treatment_period: str
    donors: tuple[str, ...] | None = None
    predictors: tuple[Predictor, ...] = ()
    placebo: bool = True
    sc_method: str = "classic"
    fit_periods: tuple[str, ...] | None = None
    leads: int = 4
    lags: int = 4
    level: str | None = None
    harmonise_to: datetime.date | None = None


def _codes(value: Any, key: str, problems: list[str], *, required: bool) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{key!r} must be a non-empty list of area codes (strings)")
        return ()
    duplicates = sorted({v for v in value if value.count(v) > 1})
    if duplicates:
        problems.append(f"{key!r} names {', '.join(duplicates)} more than once")
    return tuple(dict.fromkeys(value))


def _predictors(value: Any, problems: list[str]) -> tuple[Predictor, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append("'predictors' must be a list of {indicator, periods, op}")
        return ()
    found = []
    for n, item in enumerate(value, start=1):
        where = f"predictor {n}"
        if not isinstance(item, Mapping):
            problems.append(f"{where} must be an object with indicator, periods and op")
            continue
        indicator, periods, op = item.get("indicator"), item.get("periods"), item.get("op", "mean")
        if not isinstance(indicator, str) or not indicator:
            problems.append(f"{where}: 'indicator' must be an indicator code")
        if (
            not isinstance(periods, list)
            or not periods
            or not all(isinstance(p, str) for p in periods)
        ):
            problems.append(f"{where}: 'periods' must be a non-empty list of periods (strings)")
        if op not in PREDICTOR_OPS:
            problems.append(f"{where}: 'op' is {op!r}; expected one of {', '.join(PREDICTOR_OPS)}")
        unknown = set(item) - {"indicator", "periods", "op"}
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        if isinstance(indicator, str) and isinstance(periods, list):
            found.append(Predictor(indicator, tuple(sorted(set(map(str, periods)))), op))
    return tuple(found)


def _fit_periods(value: Any, method: Any, problems: list[str]) -> tuple[str, ...] | None:
    """The spec's fit periods as strings (numbers allowed, as for the treatment period)."""
    if value is None:
        return None
    if method != "synthetic_control":
        problems.append("'fit_periods' applies to synthetic_control only")
        return None
    if not isinstance(value, list) or not all(
        isinstance(p, str | int) and not isinstance(p, bool) and str(p) for p in value
    ):
        value = []
    periods = [str(p) for p in value]
    if len(periods) < 2:
        problems.append("'fit_periods' must be a list of at least 2 periods, e.g. [\"2010\", ...]")
        return None
    duplicates = sorted({p for p in periods if periods.count(p) > 1})
    if duplicates:
        problems.append(f"'fit_periods' names {', '.join(duplicates)} more than once")
        return None
    return tuple(periods)


def _count(value: Any, key: str, default: int, problems: list[str]) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(f"{key!r} must be a whole number of periods, 0 or more; got {value!r}")
        return default
    return value


def _date(value: Any, key: str, problems: list[str]) -> datetime.date | None:
    """A date written YYYY-MM-DD (and only so: ISO's week and compact forms read as other
    things to a person)."""
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(
        f"{key!r} is {cell(str(value))}; expected a date YYYY-MM-DD (the day whose areas the "
        "series are read on)"
    )
    return None


def parse_spec(raw: Any) -> EvaluationSpec:
    """An `EvaluationSpec` from decoded JSON, or `SpecError` listing every problem."""
    if not isinstance(raw, Mapping):
        raise SpecError(["the spec must be a JSON object"])
    problems: list[str] = []
    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        problems.append(
            f"unknown key(s) {', '.join(sorted(unknown))}; expected some of "
            f"{', '.join(sorted(KNOWN_KEYS))}"
        )
    method = raw.get("method")
    if method not in METHODS:
        problems.append(f"'method' is {method!r}; expected one of {', '.join(METHODS)}")
    outcome = raw.get("outcome")
    if not isinstance(outcome, str) or not outcome:
        problems.append("'outcome' must be an indicator code")
    treated = _codes(raw.get("treated"), "treated", problems, required=True)
    donors = _codes(raw.get("donors"), "donors", problems, required=False)
    both = sorted(set(treated) & set(donors))
    if both:
        problems.append(f"{', '.join(both)} cannot be both treated and a donor")
    period = raw.get("treatment_period")
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if not isinstance(period, str) or not period:
        problems.append("'treatment_period' must be a period, e.g. \"2017\"")
    placebo = raw.get("placebo", True)
    if not isinstance(placebo, bool):
        problems.append(f"'placebo' must be true or false, not {placebo!r}")
    predictors = _predictors(raw.get("predictors"), problems)
    # Without predictors the pre-period outcomes themselves are what the donors must match.
    sc_method = raw.get("sc_method", "classic" if predictors else "outcome_lags")
    if sc_method not in SC_METHODS:
        problems.append(f"'sc_method' is {sc_method!r}; expected one of {', '.join(SC_METHODS)}")
    fit_periods = _fit_periods(raw.get("fit_periods"), method, problems)
    leads = _count(raw.get("leads"), "leads", 4, problems)
    lags = _count(raw.get("lags"), "lags", 4, problems)
    level = raw.get("level")
    if level is not None and (not isinstance(level, str) or not level):
        problems.append("'level' must be an area level code, e.g. \"subdistrict\"")
    harmonise_to = _date(raw.get("harmonise_to"), "harmonise_to", problems)
    if problems:
        raise SpecError(problems)
    return EvaluationSpec(
        method=method,
        outcome=outcome,
        treated=treated,
        treatment_period=period,
        donors=donors or None,
        predictors=predictors,
        placebo=placebo,
        sc_method=sc_method,
        fit_periods=fit_periods,
        leads=leads,
        lags=lags,
        level=level,
        harmonise_to=harmonise_to,
    )
