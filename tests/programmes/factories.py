"""Small builders for programme content: fields, goals with indicators and targets, bodies,
measures. Each fills in what a test does not care about."""

import itertools
from typing import Any

from omradeloft.accounts.models import Organisation
from omradeloft.areas.models import Area
from omradeloft.indicators.models import Indicator
from omradeloft.measures.models import Measure, MeasureKind
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Field,
    Goal,
    GoalIndicator,
    GoalLevel,
    GoalTarget,
    Programme,
)
from tests.factories import make_organisation

_seq = itertools.count(1)


def make_field(programme: Programme, **fields: Any) -> Field:
    n = next(_seq)
    fields.setdefault("code", f"field-{n}")
    fields.setdefault("name", f"Felt {n}")
    return Field.objects.create(programme=programme, **fields)


def make_goal(programme: Programme, **fields: Any) -> Goal:
    fields.setdefault("level", GoalLevel.PROGRAMME if "parent" not in fields else GoalLevel.FIELD)
    fields.setdefault("title", f"Mål {next(_seq)}")
    return Goal.objects.create(programme=programme, **fields)


def make_goal_indicator(
    goal: Goal,
    indicator: Indicator,
    *,
    baseline: tuple[str, float | None],
    targets: dict[str, float] | None = None,
    areas: list[Area] | None = None,
) -> GoalIndicator:
    goal_indicator = GoalIndicator.objects.create(
        goal=goal, indicator=indicator, baseline_period=baseline[0], baseline_value=baseline[1]
    )
    for period, value in (targets or {}).items():
        GoalTarget.objects.create(goal_indicator=goal_indicator, period=period, value=value)
    if areas:
        goal_indicator.areas.set(areas)
    return goal_indicator


def make_body(programme: Programme, **fields: Any) -> Body:
    fields.setdefault("kind", BodyKind.STEERING_GROUP)
    fields.setdefault("name", f"Styringsgruppe {next(_seq)}")
    return Body.objects.create(programme=programme, **fields)


def make_measure(
    programme: Programme,
    *,
    areas: list[Area],
    fields: list[Field] | None = None,
    owner: Organisation | None = None,
    partners: list[Organisation] | None = None,
    **values: Any,
) -> Measure:
    n = next(_seq)
    values.setdefault("code", f"measure-{n}")
    values.setdefault("title", f"Tiltak {n}")
    values.setdefault("kind", MeasureKind.MEASURE)
    measure = Measure.objects.create(
        programme=programme, owner=owner or make_organisation(), **values
    )
    measure.areas.set(areas)
    if fields:
        measure.fields.set(fields)
    if partners:
        measure.partners.set(partners)
    return measure
