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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from omradeloft.core.notices import Message, Wordings
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


WORDS = Wordings(
    {
        "spec.codes_list": "%(key)s must be a non-empty list of area codes (strings)",
        "spec.codes_repeated": "%(key)s names %(codes)s more than once",
        "spec.predictors_list": "'predictors' must be a list of {indicator, periods, op}",
        "spec.predictor_object": "predictor %(n)s must be an object with indicator, periods and op",
        "spec.predictor_indicator": "predictor %(n)s: 'indicator' must be an indicator code",
        "spec.predictor_periods": "predictor %(n)s: 'periods' must be a non-empty list of "
        "periods (strings)",
        "spec.predictor_op": "predictor %(n)s: 'op' is %(op)s; expected one of %(ops)s",
        "spec.predictor_keys": "predictor %(n)s: unknown key(s) %(keys)s",
        "spec.fit_periods_method": "'fit_periods' applies to synthetic_control only",
        "spec.fit_periods_list": "'fit_periods' must be a list of at least 2 periods, e.g. "
        '["2010", ...]',
        "spec.fit_periods_repeated": "'fit_periods' names %(periods)s more than once",
        "spec.count": "%(key)s must be a whole number of periods, 0 or more; got %(value)s",
        "spec.date": "%(key)s is %(value)s; expected a date YYYY-MM-DD (the day whose areas "
        "the series are read on)",
        "spec.not_an_object": "the spec must be a JSON object",
        "spec.unknown_keys": "unknown key(s) %(keys)s; expected some of %(known)s",
        "spec.method": "'method' is %(method)s; expected one of %(methods)s",
        "spec.outcome": "'outcome' must be an indicator code",
        "spec.treated_and_donor": "%(codes)s cannot be both treated and a donor",
        "spec.treatment_period": "'treatment_period' must be a period, e.g. \"2017\"",
        "spec.placebo": "'placebo' must be true or false, not %(value)s",
        "spec.sc_method": "'sc_method' is %(method)s; expected one of %(methods)s",
        "spec.level": "'level' must be an area level code, e.g. \"subdistrict\"",
    }
)


class SpecError(ValueError):
    """The spec is malformed, or the run cannot use its data; `problems` lists each one in
    English, `messages` as given: an engine's `Message` (worded for the reader when shown)
    or text."""

    def __init__(self, problems: Sequence[str | Message]) -> None:
        self.messages = list(problems)
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


def _codes(
    value: Any, key: str, problems: list[str | Message], *, required: bool
) -> tuple[str, ...]:
    if value is None and not required:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and v for v in value):
        problems.append(WORDS("spec.codes_list", key=repr(key)))
        return ()
    duplicates = sorted({v for v in value if value.count(v) > 1})
    if duplicates:
        problems.append(WORDS("spec.codes_repeated", key=repr(key), codes=", ".join(duplicates)))
    return tuple(dict.fromkeys(value))


def _predictors(value: Any, problems: list[str | Message]) -> tuple[Predictor, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        problems.append(WORDS("spec.predictors_list"))
        return ()
    found = []
    for n, item in enumerate(value, start=1):
        if not isinstance(item, Mapping):
            problems.append(WORDS("spec.predictor_object", n=n))
            continue
        indicator, periods, op = item.get("indicator"), item.get("periods"), item.get("op", "mean")
        if not isinstance(indicator, str) or not indicator:
            problems.append(WORDS("spec.predictor_indicator", n=n))
        if (
            not isinstance(periods, list)
            or not periods
            or not all(isinstance(p, str) for p in periods)
        ):
            problems.append(WORDS("spec.predictor_periods", n=n))
        if op not in PREDICTOR_OPS:
            problems.append(
                WORDS("spec.predictor_op", n=n, op=repr(op), ops=", ".join(PREDICTOR_OPS))
            )
        unknown = set(item) - {"indicator", "periods", "op"}
        if unknown:
            problems.append(WORDS("spec.predictor_keys", n=n, keys=", ".join(sorted(unknown))))
        if isinstance(indicator, str) and isinstance(periods, list):
            found.append(Predictor(indicator, tuple(sorted(set(map(str, periods)))), op))
    return tuple(found)


def _fit_periods(value: Any, method: Any, problems: list[str | Message]) -> tuple[str, ...] | None:
    """The spec's fit periods as strings (numbers allowed, as for the treatment period)."""
    if value is None:
        return None
    if method != "synthetic_control":
        problems.append(WORDS("spec.fit_periods_method"))
        return None
    if not isinstance(value, list) or not all(
        isinstance(p, str | int) and not isinstance(p, bool) and str(p) for p in value
    ):
        value = []
    periods = [str(p) for p in value]
    if len(periods) < 2:
        problems.append(WORDS("spec.fit_periods_list"))
        return None
    duplicates = sorted({p for p in periods if periods.count(p) > 1})
    if duplicates:
        problems.append(WORDS("spec.fit_periods_repeated", periods=", ".join(duplicates)))
        return None
    return tuple(periods)


def _count(value: Any, key: str, default: int, problems: list[str | Message]) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(WORDS("spec.count", key=repr(key), value=repr(value)))
        return default
    return value


def _date(value: Any, key: str, problems: list[str | Message]) -> datetime.date | None:
    """A date written YYYY-MM-DD (and only so: ISO's week and compact forms read as other
    things to a person)."""
    if value is None:
        return None
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.date.fromisoformat(value)
        except ValueError:
            pass
    problems.append(WORDS("spec.date", key=repr(key), value=cell(str(value))))
    return None


def parse_spec(raw: Any) -> EvaluationSpec:
    """An `EvaluationSpec` from decoded JSON, or `SpecError` listing every problem."""
    if not isinstance(raw, Mapping):
        raise SpecError([WORDS("spec.not_an_object")])
    problems: list[str | Message] = []
    unknown = set(raw) - KNOWN_KEYS
    if unknown:
        problems.append(
            WORDS(
                "spec.unknown_keys",
                keys=", ".join(sorted(unknown)),
                known=", ".join(sorted(KNOWN_KEYS)),
            )
        )
    method = raw.get("method")
    if method not in METHODS:
        problems.append(WORDS("spec.method", method=repr(method), methods=", ".join(METHODS)))
    outcome = raw.get("outcome")
    if not isinstance(outcome, str) or not outcome:
        problems.append(WORDS("spec.outcome"))
    treated = _codes(raw.get("treated"), "treated", problems, required=True)
    donors = _codes(raw.get("donors"), "donors", problems, required=False)
    both = sorted(set(treated) & set(donors))
    if both:
        problems.append(WORDS("spec.treated_and_donor", codes=", ".join(both)))
    period = raw.get("treatment_period")
    if isinstance(period, int) and not isinstance(period, bool):
        period = str(period)
    if not isinstance(period, str) or not period:
        problems.append(WORDS("spec.treatment_period"))
    placebo = raw.get("placebo", True)
    if not isinstance(placebo, bool):
        problems.append(WORDS("spec.placebo", value=repr(placebo)))
    predictors = _predictors(raw.get("predictors"), problems)
    # Without predictors the pre-period outcomes themselves are what the donors must match.
    sc_method = raw.get("sc_method", "classic" if predictors else "outcome_lags")
    if sc_method not in SC_METHODS:
        problems.append(
            WORDS("spec.sc_method", method=repr(sc_method), methods=", ".join(SC_METHODS))
        )
    fit_periods = _fit_periods(raw.get("fit_periods"), method, problems)
    leads = _count(raw.get("leads"), "leads", 4, problems)
    lags = _count(raw.get("lags"), "lags", 4, problems)
    level = raw.get("level")
    if level is not None and (not isinstance(level, str) or not level):
        problems.append(WORDS("spec.level"))
    harmonise_to = _date(raw.get("harmonise_to"), "harmonise_to", problems)
    if problems:
        raise SpecError(problems)
    # Without problems these were checked to be non-empty text above.
    assert isinstance(method, str)
    assert isinstance(outcome, str)
    assert isinstance(period, str)
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
