"""Editing the goals of the results framework: a programme goal, field goals serving it and
sub-goals serving those, each in the right place."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omradeloft.measures.models import Outcome
from omradeloft.programmes.models import Goal, GoalLevel
from omradeloft.programmes.services.goals import save_goal
from tests.factories import make_programme
from tests.programmes.factories import make_field, make_goal, make_measure


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


def goal_data(**values):
    return {"level": GoalLevel.PROGRAMME, "title": "Bedre levekår", "order": 0} | values


@pytest.fixture
def framework(personas):
    """A programme goal served by a field goal in "Skole", served by a sub-goal."""
    school = make_field(personas.programme, code="school", name="Skole")
    top = make_goal(personas.programme, title="Bedre levekår")
    field_goal = make_goal(
        personas.programme, parent=top, level=GoalLevel.FIELD, field=school, title="Bedre skole"
    )
    sub = make_goal(
        personas.programme, parent=field_goal, level=GoalLevel.SUB, field=school, title="Lese"
    )
    return top, field_goal, sub, school


def test_programme_admin_builds_the_framework_from_the_top(client, personas):
    school = make_field(personas.programme, name="Skole")
    client.force_login(personas.programme_admin)
    assert client.post(url(personas, "edit_goals"), goal_data()).status_code == 302
    top = Goal.objects.get()
    page = client.get(url(personas, "edit_goals") + f"?parent={top.pk}")
    assert page.context["form"].initial["level"] == GoalLevel.FIELD
    data = goal_data(level=GoalLevel.FIELD, parent=top.pk, field=school.pk, title="Bedre skole")
    assert client.post(url(personas, "edit_goals"), data).status_code == 302
    field_goal = Goal.objects.get(level=GoalLevel.FIELD)
    data = goal_data(level=GoalLevel.SUB, parent=field_goal.pk, title="Flere leser godt")
    assert client.post(url(personas, "edit_goals"), data).status_code == 302
    sub = Goal.objects.get(level=GoalLevel.SUB)
    assert (sub.parent, sub.field) == (field_goal, school)
    tree = client.get(url(personas, "edit_goals")).context["tree"]
    assert tree[0].goal == top
    assert tree[0].children[0].children[0].goal == sub


def test_state_coordinator_edits_a_goal(client, personas, framework):
    top, field_goal, _sub, school = framework
    client.force_login(personas.state_coordinator)
    edit = url(personas, "edit_goal", field_goal.pk)
    assert client.get(edit).context["form"].initial["title"] == "Bedre skole"
    data = goal_data(
        level=GoalLevel.FIELD, parent=top.pk, field=school.pk, title="Bedre skoler", title_en="X"
    )
    assert client.post(edit, data).status_code == 302
    field_goal.refresh_from_db()
    assert (field_goal.title, field_goal.title_en) == ("Bedre skoler", "X")


def test_sub_goals_follow_their_field_goal_into_another_field(client, personas, framework):
    top, field_goal, sub, _school = framework
    jobs = make_field(personas.programme, code="jobs", name="Jobb")
    client.force_login(personas.programme_admin)
    data = goal_data(level=GoalLevel.FIELD, parent=top.pk, field=jobs.pk, title="Bedre skole")
    assert client.post(url(personas, "edit_goal", field_goal.pk), data).status_code == 302
    sub.refresh_from_db()
    assert sub.field == jobs


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"level": GoalLevel.FIELD}, "A field goal serves a programme goal"),
        ({"level": GoalLevel.SUB, "parent": "top"}, "A sub-goal serves a field goal"),
        ({"level": GoalLevel.PROGRAMME, "parent": "top"}, "A programme goal serves no other goal"),
        ({"level": GoalLevel.FIELD, "parent": "top"}, "A field goal needs the field"),
        ({"level": GoalLevel.PROGRAMME, "field": "school"}, "A programme goal spans every field"),
        (
            {"level": GoalLevel.SUB, "parent": "field_goal", "field": "jobs"},
            "A sub-goal is in the field of the goal it serves (Skole)",
        ),
    ],
)
def test_a_goal_whose_level_does_not_fit_its_parent_is_refused(
    client, personas, settings, framework, change, message
):
    settings.LANGUAGE_CODE = "en"
    top, field_goal, _sub, school = framework
    jobs = make_field(personas.programme, code="jobs", name="Jobb")
    ids = {"top": top.pk, "field_goal": field_goal.pk, "school": school.pk, "jobs": jobs.pk}
    data = goal_data(title="Nytt") | {k: ids.get(v, v) for k, v in change.items()}
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_goals"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Goal.objects.count() == 3


def test_a_goal_cannot_come_to_serve_its_own_sub_goal(client, personas, settings, framework):
    settings.LANGUAGE_CODE = "en"
    top, field_goal, sub, _school = framework
    client.force_login(personas.programme_admin)
    data = goal_data(level=GoalLevel.SUB, parent=sub.pk, title="Bedre skole")
    response = client.post(url(personas, "edit_goal", field_goal.pk), data)
    assert response.status_code == 400
    assert "a goal cannot serve itself or one of its own sub-goals" in response.content.decode()
    field_goal.refresh_from_db()
    assert (field_goal.level, field_goal.parent_id) == (GoalLevel.FIELD, top.pk)


def test_a_goal_cannot_serve_itself(personas, framework, settings):
    settings.LANGUAGE_CODE = "en"
    top, *_ = framework
    with pytest.raises(ValidationError) as refused:
        save_goal(None, personas.programme, {"parent": top}, goal=top)
    assert "cannot serve itself" in refused.value.message_dict["parent"][0]


def test_a_goal_with_sub_goals_keeps_a_level_they_fit(client, personas, settings, framework):
    settings.LANGUAGE_CODE = "en"
    top, _field_goal, _sub, school = framework
    other_top = make_goal(personas.programme, title="Annet")
    client.force_login(personas.programme_admin)
    data = goal_data(level=GoalLevel.FIELD, parent=other_top.pk, field=school.pk)
    response = client.post(url(personas, "edit_goal", top.pk), data)
    assert response.status_code == 400
    assert "The goal is served by Bedre skole" in response.content.decode()


def test_parent_and_field_must_belong_to_the_programme(personas, settings):
    settings.LANGUAGE_CODE = "en"
    other = make_programme()
    foreign_goal = make_goal(other, title="Fremmed")
    foreign_field = make_field(other, name="Fremmed felt")
    top = make_goal(personas.programme, title="Bedre levekår")
    data = {"level": GoalLevel.FIELD, "parent": foreign_goal, "field": foreign_field, "title": "x"}
    with pytest.raises(ValidationError) as refused:
        save_goal(None, personas.programme, data)
    assert "belongs to another programme" in refused.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as refused:
        save_goal(None, personas.programme, data | {"parent": top})
    assert "Fremmed felt belongs to another programme" in refused.value.message_dict["field"][0]
    assert Goal.objects.filter(programme=personas.programme).count() == 1


def test_a_leaf_goal_is_removed(client, personas, framework):
    _top, _field_goal, sub, _school = framework
    client.force_login(personas.programme_admin)
    assert client.post(url(personas, "edit_goal_remove", sub.pk)).status_code == 302
    assert not Goal.objects.filter(pk=sub.pk).exists()


def test_a_goal_that_others_build_on_is_kept_and_they_are_named(
    client, personas, settings, framework
):
    settings.LANGUAGE_CODE = "en"
    top, _field_goal, sub, _school = framework
    measure = make_measure(personas.programme, areas=[personas.s11], title="Leseløftet")
    Outcome.objects.create(measure=measure, text="Flere leser", goal=sub)
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_goal_remove", top.pk))
    assert response.status_code == 400
    assert "Bedre levekår is served by other goals (Bedre skole)" in response.content.decode()
    response = client.post(url(personas, "edit_goal_remove", sub.pk))
    assert response.status_code == 400
    assert "Outcomes of measures serve Lese (Leseløftet)" in response.content.decode()
    assert Goal.objects.count() == 3


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_goals(client, personas, persona, framework):
    top, *_ = framework
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas, "edit_goals")).status_code == 403
    assert client.post(url(personas, "edit_goals"), goal_data()).status_code == 403
    assert client.post(url(personas, "edit_goal", top.pk), goal_data(title="Ny")).status_code == 403
    assert client.post(url(personas, "edit_goal_remove", top.pk)).status_code == 403
    assert Goal.objects.count() == 3
    assert Goal.objects.get(pk=top.pk).title == "Bedre levekår"


def test_anonymous_visitors_are_sent_to_log_in_from_goals(client, personas):
    response = client.post(url(personas, "edit_goals"), goal_data())
    assert response.status_code == 302
    assert not Goal.objects.exists()
