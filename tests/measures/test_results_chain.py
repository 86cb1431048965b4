"""The results chain: activities, outputs with targets and outcomes tied to the programme's
goals, edited by those who may edit the measure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omradeloft.measures.models import Activity, Outcome, Output, TrafficLight
from omradeloft.measures.services import (
    add_activity,
    add_outcome,
    add_output,
    delete_activity,
    delete_outcome,
    delete_output,
    file_report,
    update_activity,
    update_outcome,
    update_output,
)
from tests.factories import make_programme
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_goal, make_measure

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def measure(programme, personas):
    return make_measure(programme, areas=[personas.d1], lead=personas.project_lead)


def test_an_editor_builds_the_chain_in_order(measure, personas, programme):
    user = personas.district_coordinator
    goal = make_goal(programme, title="Bedre levekår")
    indicator = make_indicator()
    first = add_activity(user, measure, "Rekruttere frivillige")
    second = add_activity(user, measure, "Holde leksehjelp")
    output = add_output(user, measure, "Deltakere", "personer", 120)
    outcome = add_outcome(user, measure, "Flere fullfører skolen", goal, indicator)
    assert (first.order, second.order) == (1, 2)
    assert (output.unit, output.target) == ("personer", 120.0)
    assert (outcome.goal, outcome.indicator) == (goal, indicator)


def test_parts_of_the_chain_are_updated_and_deleted(measure, personas, programme):
    user = personas.municipal_coordinator
    activity = add_activity(user, measure, "Første")
    output = add_output(user, measure, "Deltakere")
    outcome = add_outcome(user, measure, "Mål")
    update_activity(user, activity, "Endret")
    update_output(user, output, "Kursdeltakere", "personer", 40)
    update_outcome(user, outcome, "Bedre", make_goal(programme))
    assert Activity.objects.get().text == "Endret"
    assert Output.objects.get().target == 40
    assert Outcome.objects.get().goal is not None
    delete_activity(user, activity)
    delete_output(user, output)
    delete_outcome(user, outcome)
    assert not Activity.objects.exists()
    assert not Output.objects.exists()
    assert not Outcome.objects.exists()


def test_a_goal_of_another_programme_is_refused(measure, personas):
    stray = make_goal(make_programme(), title="Fremmed mål", title_en="Foreign goal")
    with pytest.raises(ValidationError) as refused:
        add_outcome(personas.programme_admin, measure, "Utfall", stray)
    assert "Foreign goal" in refused.value.message_dict["goal"][0]
    assert not Outcome.objects.exists()


@pytest.mark.parametrize("target", [-5, float("inf"), float("nan")])
def test_a_target_must_be_a_finite_number_of_zero_or_more(measure, personas, target):
    with pytest.raises(ValidationError) as refused:
        add_output(personas.programme_admin, measure, "Deltakere", "", target)
    assert "target" in refused.value.message_dict
    assert not Output.objects.exists()


def test_empty_texts_are_refused(measure, personas):
    for add in (add_activity, add_outcome):
        with pytest.raises(ValidationError):
            add(personas.programme_admin, measure, "  ")
    with pytest.raises(ValidationError):
        add_output(personas.programme_admin, measure, "")


def test_an_output_with_reported_values_is_not_deleted(measure, personas):
    output = add_output(None, measure, "Deltakere")
    file_report(None, measure, "2024", TrafficLight.GREEN, "Bra", output_values={output: 3})
    with pytest.raises(ValidationError) as refused:
        delete_output(personas.programme_admin, output)
    assert "1 progress report" in refused.value.messages[0]
    assert Output.objects.exists()


@pytest.mark.parametrize("persona", ["project_lead", "partner", "evaluator", "resident"])
def test_only_editors_change_the_chain(measure, personas, persona):
    user = getattr(personas, persona)
    with pytest.raises(PermissionDenied):
        add_activity(user, measure, "Noe")
    activity = add_activity(None, measure, "Noe")
    with pytest.raises(PermissionDenied):
        delete_activity(user, activity)
    assert Activity.objects.count() == 1
