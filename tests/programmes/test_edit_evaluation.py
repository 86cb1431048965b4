"""Editing the evaluation plan: milestones and the questions each is to answer."""

import datetime

import pytest
from django.urls import reverse

from omradeloft.programmes.models import EvaluationMilestone, EvaluationQuestion
from tests.factories import make_organisation


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


MILESTONE = {
    "kind": "midterm",
    "title": "Midtveisevaluering",
    "title_en": "Mid-term evaluation",
    "due": "2022-06-30",
    "description": "Hvordan virker satsingen?",
}


def make_milestone(personas, **values):
    values = {"kind": "midterm", "title": "Midtveis", "due": datetime.date(2022, 6, 30)} | values
    return EvaluationMilestone.objects.create(programme=personas.programme, **values)


def test_programme_admin_plans_an_evaluation(client, personas):
    evaluator = make_organisation(name="NIBR")
    client.force_login(personas.programme_admin)
    data = MILESTONE | {"responsible": evaluator.pk}
    response = client.post(url(personas, "edit_evaluation"), data)
    milestone = EvaluationMilestone.objects.get()
    assert response.url == url(personas, "edit_milestone", milestone.pk)
    assert (milestone.kind, milestone.title_en, milestone.responsible) == (
        "midterm",
        "Mid-term evaluation",
        evaluator,
    )
    assert str(milestone.due) == "2022-06-30"


def test_state_coordinator_changes_an_evaluation(client, personas):
    milestone = make_milestone(personas)
    client.force_login(personas.state_coordinator)
    edit = url(personas, "edit_milestone", milestone.pk)
    assert client.get(edit).context["form"].initial["title"] == "Midtveis"
    data = MILESTONE | {"kind": "final", "due": "2027-03-01"}
    assert client.post(edit, data).status_code == 302
    milestone.refresh_from_db()
    assert (milestone.kind, str(milestone.due)) == ("final", "2027-03-01")


@pytest.mark.parametrize(
    ("data", "field"),
    [({"due": "someday"}, "due"), ({"kind": "guess"}, "kind"), ({"title": ""}, "title")],
)
def test_bad_milestone_input_is_refused(client, personas, data, field):
    milestone = make_milestone(personas)
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_milestone", milestone.pk), MILESTONE | data)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert 'class="error-summary"' in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.title == "Midtveis"


def test_questions_are_added_changed_and_removed(client, personas):
    milestone = make_milestone(personas)
    client.force_login(personas.municipal_coordinator)
    data = {"question": "Når tiltakene dem de skal?", "answered_by": "Evaluator", "order": 1}
    assert client.post(url(personas, "edit_question_add", milestone.pk), data).status_code == 302
    question = EvaluationQuestion.objects.get()
    assert (question.milestone, question.answered_by) == (milestone, "Evaluator")
    edit = url(personas, "edit_question", question.pk)
    assert client.get(edit).status_code == 200
    assert client.post(edit, data | {"question_en": "Do they reach?"}).status_code == 302
    question.refresh_from_db()
    assert question.question_en == "Do they reach?"
    assert client.post(url(personas, "edit_question_remove", question.pk)).status_code == 302
    assert not EvaluationQuestion.objects.exists()


def test_an_empty_question_is_refused(client, personas):
    milestone = make_milestone(personas)
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_question_add", milestone.pk), {"question": ""})
    assert response.status_code == 400
    assert not EvaluationQuestion.objects.exists()


def test_removing_an_evaluation_removes_its_questions(client, personas):
    milestone = make_milestone(personas)
    EvaluationQuestion.objects.create(milestone=milestone, question="Virker det?")
    client.force_login(personas.programme_admin)
    assert client.post(url(personas, "edit_milestone_remove", milestone.pk)).status_code == 302
    assert not EvaluationMilestone.objects.exists()
    assert not EvaluationQuestion.objects.exists()


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_the_evaluation_plan(client, personas, persona):
    milestone = make_milestone(personas)
    question = EvaluationQuestion.objects.create(milestone=milestone, question="Virker det?")
    client.force_login(getattr(personas, persona))
    for address, data in [
        (url(personas, "edit_evaluation"), MILESTONE),
        (url(personas, "edit_milestone", milestone.pk), MILESTONE),
        (url(personas, "edit_milestone_remove", milestone.pk), {}),
        (url(personas, "edit_question_add", milestone.pk), {"question": "Ny?"}),
        (url(personas, "edit_question", question.pk), {"question": "Ny?"}),
        (url(personas, "edit_question_remove", question.pk), {}),
    ]:
        assert client.post(address, data).status_code == 403, address
    assert list(EvaluationMilestone.objects.values_list("title", flat=True)) == ["Midtveis"]
    assert list(EvaluationQuestion.objects.values_list("question", flat=True)) == ["Virker det?"]


def test_anonymous_visitors_are_sent_to_log_in_from_the_evaluation_plan(client, personas):
    response = client.post(url(personas, "edit_evaluation"), MILESTONE)
    assert response.status_code == 302
    assert not EvaluationMilestone.objects.exists()
