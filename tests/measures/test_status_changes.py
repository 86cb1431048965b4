"""A measure moves proposed -> approved -> active -> completed, or is stopped on the way;
completed and stopped are final, every change needs a reason and is kept in the history."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omradeloft.measures.models import Measure, Status, StatusChange
from omradeloft.measures.services import allowed_next, change_status, create_measure
from tests.measures.factories import measure_data, with_status
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")
DAY = datetime.date(2025, 3, 1)


@pytest.fixture
def measure(programme, personas) -> Measure:
    return make_measure(programme, areas=[personas.d1])


def test_a_new_measure_is_proposed_with_that_first_step_in_its_history(programme, personas):
    measure = create_measure(personas.district_coordinator, programme, measure_data([personas.d1]))
    assert measure.status == Status.PROPOSED
    [first] = measure.status_changes.all()
    assert (first.from_status, first.to_status) == ("", Status.PROPOSED)
    assert first.changed_by == personas.district_coordinator


def test_a_measure_goes_all_the_way_from_proposed_to_completed(measure, personas):
    user = personas.municipal_coordinator
    for status in (Status.APPROVED, Status.ACTIVE, Status.COMPLETED):
        change_status(user, measure, status, DAY, f"Now {status}")
    measure.refresh_from_db()
    assert measure.status == Status.COMPLETED
    history = [(c.from_status, c.to_status, c.reason) for c in measure.status_changes.all()]
    assert history == [
        (Status.PROPOSED, Status.APPROVED, "Now approved"),
        (Status.APPROVED, Status.ACTIVE, "Now active"),
        (Status.ACTIVE, Status.COMPLETED, "Now completed"),
    ]
    assert {c.changed_by for c in measure.status_changes.all()} == {user}


@pytest.mark.parametrize("start", [Status.PROPOSED, Status.APPROVED, Status.ACTIVE])
def test_a_measure_that_is_not_finished_may_be_stopped(measure, personas, start):
    with_status(measure, start)
    change_status(personas.state_coordinator, measure, Status.STOPPED, DAY, "Lost funding")
    measure.refresh_from_db()
    assert measure.status == Status.STOPPED


def test_completed_to_active_is_refused_naming_from_to_and_what_is_allowed(measure, personas):
    with_status(measure, Status.COMPLETED)
    before = StatusChange.objects.count()
    with pytest.raises(ValidationError) as refused:
        change_status(personas.programme_admin, measure, Status.ACTIVE, DAY, "Restart")
    message = refused.value.message_dict["to_status"][0]
    assert message == "A measure cannot go from “Completed” to “Active”: “Completed” is final."
    measure.refresh_from_db()
    assert measure.status == Status.COMPLETED
    assert StatusChange.objects.count() == before


@pytest.mark.parametrize("target", [s for s in Status if s != Status.STOPPED])
def test_stopped_is_final(measure, personas, target):
    with_status(measure, Status.STOPPED)
    with pytest.raises(ValidationError):
        change_status(personas.programme_admin, measure, target, DAY, "Revive")
    measure.refresh_from_db()
    assert measure.status == Status.STOPPED


def test_skipping_a_step_is_refused_with_the_allowed_next_statuses(measure, personas):
    with pytest.raises(ValidationError) as refused:
        change_status(personas.programme_admin, measure, Status.ACTIVE, DAY, "Hurry")
    message = refused.value.message_dict["to_status"][0]
    assert "“Proposed” to “Active”" in message
    assert "“Approved”, “Stopped”" in message


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(measure, personas, reason):
    with pytest.raises(ValidationError) as refused:
        change_status(personas.programme_admin, measure, Status.APPROVED, DAY, reason)
    assert "reason" in refused.value.message_dict
    measure.refresh_from_db()
    assert measure.status == Status.PROPOSED
    assert not measure.status_changes.exists()


def test_an_unknown_status_and_a_missing_date_are_named(measure, personas):
    with pytest.raises(ValidationError) as refused:
        change_status(personas.programme_admin, measure, "abandoned", None, "Why not")
    assert set(refused.value.message_dict) == {"to_status", "date"}
    assert "abandoned" in refused.value.message_dict["to_status"][0]


def test_a_change_starts_from_the_stored_status_not_a_stale_copy(measure, personas):
    stale = Measure.objects.get(pk=measure.pk)
    change_status(personas.programme_admin, measure, Status.APPROVED, DAY, "First")
    change_status(personas.programme_admin, stale, Status.ACTIVE, DAY, "Second, from a stale copy")
    assert [c.from_status for c in measure.status_changes.all()] == [
        Status.PROPOSED,
        Status.APPROVED,
    ]


def test_a_second_identical_change_from_a_stale_copy_is_refused(measure, personas):
    stale = Measure.objects.get(pk=measure.pk)
    change_status(personas.programme_admin, measure, Status.APPROVED, DAY, "First")
    with pytest.raises(ValidationError):
        change_status(personas.programme_admin, stale, Status.APPROVED, DAY, "Again")
    assert measure.status_changes.count() == 1


@pytest.mark.parametrize(
    "persona", ["project_lead", "partner", "evaluator", "resident", "outsider"]
)
def test_only_editors_change_the_status(measure, personas, persona):
    measure.lead = personas.project_lead
    measure.save()
    with pytest.raises(PermissionDenied):
        change_status(getattr(personas, persona), measure, Status.APPROVED, DAY, "Go")
    assert not measure.status_changes.exists()


def test_the_final_statuses_allow_nothing_next():
    assert allowed_next(Status.COMPLETED) == ()
    assert allowed_next(Status.STOPPED) == ()
    assert allowed_next(Status.PROPOSED) == (Status.APPROVED, Status.STOPPED)
