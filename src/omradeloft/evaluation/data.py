"""From an evaluation spec to the frames the engine takes: areas, outcome and predictor
values from the database, with every missing piece named."""

from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.core.notices import Message, Wordings
from omradeloft.evaluation.harmonised_inputs import harmonised_frame
from omradeloft.evaluation.models import DataLevel
from omradeloft.evaluation.spec import EvaluationSpec, SpecError
from omradeloft.indicators.harmonising import areas_in_use
from omradeloft.indicators.models import Indicator, Observation


@dataclass(frozen=True)
class EvaluationData:
    """outcome: float64 (units x periods), index = area codes, columns = the outcome's
    periods in order, NaN where there is no value. predictors: float64 (units x
    predictors) or None. periods: the outcome's periods in order. harmonised_values: how
    many of the values read were harmonised to the spec's `harmonise_to` (0 without it)."""

    outcome: pd.DataFrame
    predictors: pd.DataFrame | None
    treated: tuple[str, ...]
    donors: tuple[str, ...]
    periods: tuple[str, ...]
    area_names: dict[str, str]
    harmonised_values: int = 0


def _observations(level: DataLevel, indicators: list[Indicator], areas: list[Area]):
    rows = Observation.objects.filter(indicator__in=indicators, area__in=areas)
    if level != DataLevel.UNSUPPRESSED:
        rows = rows.public()
    return rows.values_list("indicator__code", "area__code", "period", "value")


WORDS = Wordings(
    {
        "data.unknown_areas": "unknown area code(s): %(codes)s",
        "data.unknown_areas_on_level": "unknown area code(s) on level %(level)s: %(codes)s",
        "data.code_on_levels": "area code %(code)s exists on several levels (%(levels)s); "
        'add "level"',
        "data.treated_levels": "the treated areas must all be on one level",
        "data.areas_not_in_use": "area(s) not in use on %(date)s, the date the series are "
        "harmonised to: %(codes)s",
        "data.unknown_indicators": "unknown indicator(s): %(codes)s",
        "data.no_outcome_values": "the outcome %(outcome)s has no values for these areas",
        "data.treatment_period_absent": "treatment period %(period)s is not among the "
        "outcome's periods (%(first)s–%(last)s)",
        "data.treatment_period_first": "treatment period %(period)s is the first period with "
        "data; the comparison needs periods before it",
        "data.fit_periods_absent": "fit period(s) %(periods)s are not among the outcome's "
        "periods (%(first)s–%(last)s)",
        "data.fit_periods_late": "fit period(s) %(periods)s are not before the treatment "
        "period %(treatment)s",
        "data.predictor_no_values": "predictor %(predictor)s: no values in any of its periods "
        "(%(periods)s)",
        "data.predictor_lacking": "predictor %(predictor)s: no value for area(s) %(areas)s",
        "data.predictor_lacking_more": "predictor %(predictor)s: no value for area(s) "
        "%(areas)s and %(more)s more",
    }
)


def _areas(spec: EvaluationSpec, problems: list[Message]) -> tuple[list[Area], list[Area]]:
    named = [*spec.treated, *(spec.donors or ())]
    found = Area.objects.filter(code__in=named).select_related("level")
    if spec.level:
        found = found.filter(level__code=spec.level)
    by_code: dict[str, list[Area]] = defaultdict(list)
    for area in found:
        by_code[area.code].append(area)
    unknown = [code for code in named if code not in by_code]
    if unknown:
        codes = ", ".join(unknown)
        problems.append(
            WORDS("data.unknown_areas_on_level", level=repr(spec.level), codes=codes)
            if spec.level
            else WORDS("data.unknown_areas", codes=codes)
        )
    repeated = {code: areas for code, areas in by_code.items() if len(areas) > 1}
    for code, areas in repeated.items():
        levels = ", ".join(a.level.code for a in areas)
        problems.append(WORDS("data.code_on_levels", code=code, levels=levels))
    if problems:
        return [], []
    treated = [by_code[code][0] for code in spec.treated]
    treated_levels = {area.level_id for area in treated}
    if len(treated_levels) > 1:
        problems.append(WORDS("data.treated_levels"))
        return [], []
    pool = Area.objects.filter(level_id__in=treated_levels)
    if spec.harmonise_to:
        # The series are read on the areas in use that day, and only those can take part.
        pool = pool.filter(areas_in_use(treated[0].level, spec.harmonise_to))
        in_use = set(pool.filter(code__in=named).values_list("code", flat=True))
        gone = [code for code in named if code not in in_use]
        if gone:
            problems.append(
                WORDS(
                    "data.areas_not_in_use",
                    date=spec.harmonise_to.isoformat(),
                    codes=", ".join(gone),
                )
            )
            return [], []
    if spec.donors:
        donors = [by_code[code][0] for code in spec.donors]
    else:
        donors = list(pool.exclude(pk__in=[a.pk for a in treated]))
    return treated, donors


def load(spec: EvaluationSpec, level: DataLevel = DataLevel.PUBLISHED) -> EvaluationData:
    """The spec's data at `level`, or `SpecError` naming what does not exist. Who may read
    unsuppressed values is decided by the caller (`services.start_runs`, `evaluate`)."""
    problems: list[Message] = []
    codes = {spec.outcome, *(p.indicator for p in spec.predictors)}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    missing = sorted(codes - set(indicators))
    if missing:
        problems.append(WORDS("data.unknown_indicators", codes=", ".join(missing)))
    treated, donors = _areas(spec, problems)
    if problems:
        raise SpecError(problems)
    areas = [*treated, *donors]
    harmonised = 0
    if spec.harmonise_to:
        frame, harmonised = harmonised_frame(
            list(indicators.values()), areas, spec.harmonise_to, level
        )
    else:
        frame = pd.DataFrame(
            list(_observations(level, list(indicators.values()), areas)),
            columns=["indicator", "area", "period", "value"],
        )
    values = frame[frame["indicator"] == spec.outcome]
    if values.empty:
        raise SpecError([WORDS("data.no_outcome_values", outcome=spec.outcome)])
    outcome = values.pivot(index="area", columns="period", values="value").astype(float)
    periods = tuple(sorted(outcome.columns))
    outcome = outcome.reindex(index=[a.code for a in areas], columns=list(periods))
    if not spec.donors:
        # The default pool is every other area of the level: keep those with a full series.
        complete = outcome.loc[[a.code for a in donors]].notna().all(axis=1)
        donors = [a for a in donors if complete[a.code]]
        areas = [*treated, *donors]
        outcome = outcome.loc[[a.code for a in areas]]
    if spec.treatment_period not in periods:
        problems.append(
            WORDS(
                "data.treatment_period_absent",
                period=spec.treatment_period,
                first=periods[0],
                last=periods[-1],
            )
        )
    elif spec.treatment_period == periods[0]:
        problems.append(WORDS("data.treatment_period_first", period=spec.treatment_period))
    else:
        _check_fit_periods(spec, periods, problems)
    predictors = _predictors(spec, frame, [a.code for a in areas], problems)
    if problems:
        raise SpecError(problems)
    return EvaluationData(
        outcome=outcome,
        predictors=predictors,
        treated=tuple(a.code for a in treated),
        donors=tuple(a.code for a in donors),
        periods=periods,
        area_names={a.code: a.name for a in areas},
        harmonised_values=harmonised,
    )


def _check_fit_periods(
    spec: EvaluationSpec, periods: tuple[str, ...], problems: list[Message]
) -> None:
    """Each fit period must be an outcome period before the treatment period."""
    if spec.fit_periods is None:
        return
    absent = [p for p in spec.fit_periods if p not in periods]
    if absent:
        problems.append(
            WORDS(
                "data.fit_periods_absent",
                periods=", ".join(absent),
                first=periods[0],
                last=periods[-1],
            )
        )
    after = periods[periods.index(spec.treatment_period) :]
    late = [p for p in spec.fit_periods if p in after]
    if late:
        problems.append(
            WORDS(
                "data.fit_periods_late",
                periods=", ".join(late),
                treatment=spec.treatment_period,
            )
        )


def _predictors(
    spec: EvaluationSpec, frame: pd.DataFrame, units: list[str], problems: list[Message]
) -> pd.DataFrame | None:
    """Each predictor's mean over its periods, ignoring periods without a value (as the
    Synth package's dataprep does); a unit with no value in any of them is an error."""
    if not spec.predictors:
        return None
    columns = {}
    for predictor in spec.predictors:
        rows = frame[
            (frame["indicator"] == predictor.indicator) & frame["period"].isin(predictor.periods)
        ]
        absent = sorted(set(predictor.periods) - set(rows["period"]))
        if len(absent) == len(predictor.periods):
            problems.append(
                WORDS(
                    "data.predictor_no_values",
                    predictor=predictor.name,
                    periods=", ".join(predictor.periods),
                )
            )
            continue
        means = rows.groupby("area")["value"].mean().reindex(units)
        lacking = [unit for unit, value in means.items() if np.isnan(value)]
        if lacking:
            areas = ", ".join(str(unit) for unit in lacking[:10])  # area codes
            problems.append(
                WORDS(
                    "data.predictor_lacking_more",
                    predictor=predictor.name,
                    areas=areas,
                    more=len(lacking) - 10,
                )
                if len(lacking) > 10
                else WORDS("data.predictor_lacking", predictor=predictor.name, areas=areas)
            )
        columns[predictor.name] = means
    return pd.DataFrame(columns, index=units)
