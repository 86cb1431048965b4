"""Evaluation tests compute runs at once (Django's immediate task backend), and build a
programme whose target areas and goal indicator come with a difference-in-differences panel."""

import datetime
from dataclasses import dataclass
from typing import Any

import pytest

from omradeloft.areas.models import Area
from omradeloft.evaluation.models import EvaluationDesign, Method
from omradeloft.evaluation.services import create_design
from omradeloft.indicators.models import Indicator
from omradeloft.programmes.models import Programme, TargetArea
from tests.evaluation.panels import did_panel, import_panel
from tests.programmes.factories import make_goal, make_goal_indicator

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    settings.TASKS = IMMEDIATE


@dataclass
class DidProgramme:
    programme: Programme
    outcome: Indicator
    treated: list[Area]
    others: list[Area]


def target(programme: Programme, area: Area) -> TargetArea:
    return TargetArea.objects.create(
        programme=programme, area=area, reason="Levekår", chosen_on=datetime.date(2016, 6, 1)
    )


@pytest.fixture
def did_programme(personas, tmp_path) -> DidProgramme:
    """The personas' programme targeting A01-A03 of the DiD panel (effect 3 from 2016), with
    the panel's indicator `employed` as its goal indicator."""
    long, names = did_panel(effect=3.0)
    import_panel(tmp_path, long, names)
    programme = personas.programme
    areas = {area.code: area for area in Area.objects.filter(code__in=names)}
    treated = [areas[code] for code in ("A01", "A02", "A03")]
    for area in treated:
        target(programme, area)
    outcome = Indicator.objects.get(code="employed")
    make_goal_indicator(make_goal(programme), outcome, baseline=("2016", None))
    others = [area for code, area in sorted(areas.items()) if area not in treated]
    return DidProgramme(programme, outcome, treated, others)


def design_data(setup: DidProgramme | None, **values: Any) -> dict[str, Any]:
    """Valid input for `create_design` on the DiD programme (without `setup`, `values` must
    give the outcomes and treated areas); `values` override."""
    return {
        "code": "employment",
        "name": "Sysselsetting",
        "name_en": "Employment",
        "outcomes": [setup.outcome] if setup else [],
        "treated": setup.treated if setup else [],
        "comparison_pool": [],
        "exclude_neighbours": False,
        "treatment_period": "2016",
        "methods": [Method.DID.value],
        "predictors": [],
    } | values


@pytest.fixture
def did_design(did_programme) -> EvaluationDesign:
    return create_design(None, did_programme.programme, design_data(did_programme))
