"""The programme pages draw what the apps above register with `programmes.contributions`,
and render whole, with no measure content, when nothing is registered."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.urls import reverse

from omradeloft.measures.models import Status
from omradeloft.programmes import contributions
from omradeloft.programmes.description import assemble, paragraph
from omradeloft.programmes.models import Decision, Field, Goal, Meeting
from omradeloft.programmes.services.fields import remove_field
from omradeloft.programmes.services.goals import remove_goal
from omradeloft.programmes.services.organisation import add_decision
from tests.programmes.factories import make_body, make_field, make_goal, make_measure

MEASURE_TITLE = "Åpen møteplass"


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def measure(personas):
    return make_measure(
        personas.programme,
        areas=[personas.d1],
        code="moteplass",
        title=MEASURE_TITLE,
        status=Status.ACTIVE,
        is_published=True,
        latitude=59.005,
        longitude=10.005,
    )


@pytest.fixture
def decision(personas, measure):
    meeting = Meeting.objects.create(
        body=make_body(personas.programme), date=datetime.date(2024, 3, 1)
    )
    decision = Decision.objects.create(meeting=meeting, number="2024/1", text="Vedtatt.")
    decision.measures.set([measure])
    return decision


@pytest.fixture
def nothing_registered(monkeypatch):
    """The programme pages as they are without the measures app (or any other above)."""
    monkeypatch.setattr(contributions, "registry", contributions.Registry())


def no_measure_content(page: str, personas) -> bool:
    measures_url = reverse("measures:list", args=[personas.programme.code])
    return MEASURE_TITLE not in page and measures_url not in page


def test_the_measures_app_registers_its_parts_of_the_programme_pages():
    registry = contributions.registry
    assert [p.panel_template for p in registry.dashboard_panels] == [
        "measures/programme/_dashboard.html"
    ]
    assert [s.key for s in registry.description_sections] == ["measures"]
    assert [link.key for link in registry.decision_links] == ["measures"]
    assert len(registry.card_parts) == 1
    assert len(registry.field_users) == 1
    assert len(registry.goal_users) == 1


def test_the_dashboard_renders_without_measures_when_nothing_is_registered(
    client, personas, measure, nothing_registered
):
    client.force_login(personas.programme_admin)
    response = client.get(reverse("programmes:detail", args=[personas.programme.code]))
    assert response.status_code == 200
    page = response.content.decode()
    assert no_measure_content(page, personas)
    assert "Measures by field and status" not in page
    assert "Where the programme works" in page
    assert reverse("evaluation:designs", args=[personas.programme.code]) not in page


def test_the_menu_places_contributed_sections_where_they_ask(client, personas):
    client.force_login(personas.programme_admin)
    response = client.get(reverse("programmes:detail", args=[personas.programme.code]))
    sections = [item["section"] for item in response.context["nav_items"]]
    assert sections == [
        "dashboard",
        "goals",
        "measures",
        "description",
        "organisation",
        "evaluation",
        "team",
        "edit",
    ]


def test_the_menu_shows_workspace_sections_only_to_the_programmes_people(client, personas):
    client.force_login(personas.outsider)
    response = client.get(reverse("programmes:detail", args=[personas.programme.code]))
    sections = [item["section"] for item in response.context["nav_items"]]
    assert sections == ["dashboard", "goals", "measures", "description"]


def test_the_programme_list_renders_without_measure_counts_when_nothing_is_registered(
    client, personas, measure, nothing_registered
):
    response = client.get(reverse("programmes:list"))
    assert response.status_code == 200
    page = response.content.decode()
    assert personas.programme.name in page
    assert "1 measure" not in page


def test_the_description_has_no_measures_section_when_nothing_is_registered(
    client, personas, measure, nothing_registered
):
    assert "measures" not in [s["key"] for s in assemble(personas.programme, "en")]
    client.force_login(personas.programme_admin)
    response = client.get(reverse("programmes:description", args=[personas.programme.code]))
    assert response.status_code == 200
    assert no_measure_content(response.content.decode(), personas)


def test_the_decisions_page_and_csv_name_no_measures_when_nothing_is_registered(
    client, personas, decision, nothing_registered
):
    client.force_login(personas.programme_admin)
    url = reverse("programmes:decisions", args=[personas.programme.code])
    page = client.get(url).content.decode()
    assert "2024/1" in page
    assert no_measure_content(page, personas)
    csv = client.get(url + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[0].split(",") == ["Body", "Meeting date", "Number", "Decision"]
    assert MEASURE_TITLE not in csv


def test_a_decision_is_recorded_without_a_measures_field_when_nothing_is_registered(
    client, personas, decision, nothing_registered
):
    client.force_login(personas.programme_admin)
    meeting = decision.meeting
    args = [personas.programme.code, meeting.pk]
    page = client.get(reverse("programmes:meeting", args=args)).content.decode()
    assert 'name="measures"' not in page
    assert no_measure_content(page, personas)
    response = client.post(
        reverse("programmes:decision_add", args=args), {"number": "2024/2", "text": "Også."}
    )
    assert response.status_code == 302
    assert not meeting.decisions.get(number="2024/2").measures.exists()


def test_a_contributed_description_section_follows_the_section_it_names(
    personas, nothing_registered
):
    def section(key, after):
        return contributions.DescriptionSection(
            key=key, title=lambda: key.title(), blocks=lambda p: [paragraph(key)], after=after
        )

    contributions.registry.description_sections += [
        section("money", "goals"),
        section("elsewhere", "no such section"),
    ]
    keys = [s["key"] for s in assemble(personas.programme, "en")]
    assert keys[keys.index("goals") + 1] == "money"
    assert keys[-1] == "elsewhere"


def test_removing_a_field_or_goal_asks_every_registered_usage_check(personas, monkeypatch):
    registry = contributions.Registry()
    registry.field_users.append(
        contributions.UsageCheck(lambda f: [f"{f.code} plan"], lambda f, names: f"plans: {names}")
    )
    registry.goal_users.append(
        contributions.UsageCheck(lambda g: ["Plan A", "Plan B"], lambda g, names: f"{g}: {names}")
    )
    monkeypatch.setattr(contributions, "registry", registry)
    field = make_field(personas.programme, code="skole", name="Skole")
    goal = make_goal(personas.programme, title="Bedre levekår")
    with pytest.raises(ValidationError) as refused:
        remove_field(None, field)
    assert "(plans: skole plan)" in refused.value.messages[0]
    with pytest.raises(ValidationError) as refused:
        remove_goal(None, goal)
    assert refused.value.messages == ["Bedre levekår: Plan A; Plan B"]
    assert Field.objects.filter(pk=field.pk).exists()
    assert Goal.objects.filter(pk=goal.pk).exists()


def test_a_field_and_a_goal_are_removed_when_nothing_is_registered(personas, nothing_registered):
    field = make_field(personas.programme, code="skole", name="Skole")
    goal = make_goal(personas.programme, title="Bedre levekår")
    remove_field(None, field)
    remove_goal(None, goal)
    assert not Field.objects.filter(pk=field.pk).exists()
    assert not Goal.objects.filter(pk=goal.pk).exists()


def test_a_decision_is_linked_through_the_registered_decision_link(personas, monkeypatch):
    attached = []
    link = contributions.DecisionLink(
        key="plans",
        heading=lambda: "Plans",
        form_field=lambda programme: forms.Field(),
        readable=lambda request, programme: Prefetch("meeting"),
        cell_template="",
        csv_cell=lambda decision: "",
        problem=lambda programme, plans: "not ours" if "foreign" in plans else "",
        attach=lambda decision, plans: attached.append((decision.number, plans)),
    )
    monkeypatch.setattr(contributions, "registry", contributions.Registry(decision_links=[link]))
    meeting = Meeting.objects.create(
        body=make_body(personas.programme), date=datetime.date(2024, 3, 1)
    )
    with pytest.raises(ValidationError) as refused:
        add_decision(None, meeting, number="1", text="Nei.", plans=["own", "foreign"])
    assert refused.value.message_dict == {"plans": ["not ours"]}
    add_decision(None, meeting, number="2", text="Ja.", plans=["own"])
    assert attached == [("2", ["own"])]
    assert list(Decision.objects.values_list("number", flat=True)) == ["2"]


def test_a_decision_refuses_things_no_registered_link_takes(personas, measure, nothing_registered):
    meeting = Meeting.objects.create(
        body=make_body(personas.programme), date=datetime.date(2024, 3, 1)
    )
    with pytest.raises(TypeError, match="measures"):
        add_decision(None, meeting, number="1", text="Ja.", measures=[measure])
    assert not Decision.objects.exists()
