"""A measure's page shows everything about it, and only the actions the user may take."""

import datetime

import pytest
from django.urls import reverse

from omradeloft.measures.models import Status, TrafficLight
from omradeloft.measures.services import (
    add_activity,
    add_outcome,
    add_output,
    change_status,
    file_report,
)
from omradeloft.programmes.models import Decision, Meeting
from tests.factories import make_organisation
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_body, make_goal, make_measure

pytestmark = pytest.mark.usefixtures("english")


def url(measure, name="detail") -> str:
    return reverse(f"measures:{name}", args=[measure.programme.code, measure.code])


@pytest.fixture
def measure(programme, personas, field):
    measure = make_measure(
        programme,
        areas=[personas.d1],
        fields=[field],
        owner=make_organisation(name="Bydel Nordbyen"),
        partners=[make_organisation(name="Frivilligsentralen")],
        lead=personas.project_lead,
        title="Leksehjelp",
        description="Hjelp med lekser for barn i bydelen.",
        start=datetime.date(2024, 1, 1),
        latitude=59.95,
        longitude=10.88,
    )
    add_activity(None, measure, "Rekruttere frivillige")
    output = add_output(None, measure, "Deltakere", "personer", 100)
    goal = make_goal(programme, title="Flere fullfører skolen")
    add_outcome(None, measure, "Bedre skoleresultater", goal, make_indicator(name="Frafall"))
    file_report(
        None, measure, "2024H1", TrafficLight.GREEN, "God start.", output_values={output: 30}
    )
    file_report(
        None,
        measure,
        "2024H2",
        TrafficLight.AMBER,
        "Færre frivillige.",
        risks="Frivillige slutter",
        next_steps="Rekruttere flere",
        output_values={output: 25},
    )
    change_status(None, measure, Status.APPROVED, datetime.date(2024, 2, 1), "Vedtatt i styret")
    meeting = Meeting.objects.create(body=make_body(programme), date=datetime.date(2024, 1, 20))
    Decision.objects.create(meeting=meeting, number="2024/3", text="Tiltaket vedtas.")
    measure.decisions.add(Decision.objects.get())
    return measure


def test_the_page_shows_everything_about_the_measure(client, measure, personas):
    client.force_login(personas.evaluator)
    response = client.get(url(measure))
    assert response.status_code == 200
    page = response.content.decode()
    for text in (
        "Leksehjelp",
        "Hjelp med lekser for barn i bydelen.",
        "Local environment",
        "Nordbyen",
        "Bydel Nordbyen",
        "Frivilligsentralen",
        "project_lead",
        "2024-01-01",
        "Vedtatt i styret",
        "Rekruttere frivillige",
        "Deltakere",
        "Bedre skoleresultater",
        "Flere fullfører skolen",
        "Frafall",
        "Færre frivillige.",
        "Frivillige slutter",
        "Rekruttere flere",
        "2024/3",
        "Tiltaket vedtas.",
        "59.95",
    ):
        assert text in page, text


def test_the_outputs_show_their_target_and_the_sum_delivered_so_far(client, measure, personas):
    client.force_login(personas.evaluator)
    output = client.get(url(measure)).context["outputs"].get()
    assert (output.target, output.delivered) == (100, 55)


def test_reports_come_newest_first_with_their_traffic_light_as_text(client, measure, personas):
    client.force_login(personas.evaluator)
    response = client.get(url(measure))
    assert [r.period for r in response.context["reports"]] == ["2024H2", "2024H1"]
    page = response.content.decode()
    assert 'class="status status-amber">Some problems<' in page
    assert page.index("2024H2") < page.index("God start.")


def test_the_status_history_lists_date_from_to_who_and_why(client, measure, personas):
    client.force_login(personas.evaluator)
    history = list(client.get(url(measure)).context["history"])
    assert [(h.from_status, h.to_status, h.reason) for h in history][-1] == (
        Status.PROPOSED,
        Status.APPROVED,
        "Vedtatt i styret",
    )


def test_an_editor_sees_every_action_and_only_the_allowed_next_statuses(client, measure, personas):
    client.force_login(personas.district_coordinator)
    response = client.get(url(measure))
    page = response.content.decode()
    for name in ("edit", "results", "report", "attachment_add", "status", "publish"):
        assert url(measure, name) in page, name
    choices = [value for value, _ in response.context["status_form"].fields["to_status"].choices]
    assert choices == [Status.ACTIVE, Status.STOPPED]


def test_the_project_lead_may_report_and_attach_but_not_edit(client, measure, personas):
    client.force_login(personas.project_lead)
    page = client.get(url(measure)).content.decode()
    assert url(measure, "report") in page
    assert url(measure, "attachment_add") in page
    for name in ("edit", "results", "status", "publish"):
        assert url(measure, name) not in page, name


@pytest.mark.parametrize(
    "persona", ["evaluator", "analyst", "district_coordinator_of_another_district"]
)
def test_readers_see_no_buttons(client, measure, personas, persona):
    if persona == "district_coordinator_of_another_district":
        user = personas.district_coordinator
        measure.areas.set([personas.d2])
    else:
        user = getattr(personas, persona)
    client.force_login(user)
    response = client.get(url(measure))
    page = response.content.decode()
    assert response.context["status_form"] is None
    for name in ("edit", "results", "report", "attachment_add", "status", "publish"):
        assert url(measure, name) not in page, name


def test_a_final_status_offers_no_status_form(client, measure, personas):
    change_status(None, measure, Status.STOPPED, datetime.date(2024, 6, 1), "Stoppet")
    client.force_login(personas.programme_admin)
    response = client.get(url(measure))
    assert response.context["status_form"] is None
    assert url(measure, "status") not in response.content.decode()


def test_the_page_carries_the_programme_menu_open_at_measures(client, measure, personas):
    client.force_login(personas.evaluator)
    response = client.get(url(measure))
    assert response.context["section"] == "measures"
    assert 'class="subnav"' in response.content.decode()
