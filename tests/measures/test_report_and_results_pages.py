"""The progress report form and the results chain page."""

import pytest
from django.urls import reverse

from omradeloft.measures.models import (
    Activity,
    Outcome,
    Output,
    OutputValue,
    ProgressReport,
    TrafficLight,
)
from omradeloft.measures.services import add_activity, add_output, file_report
from tests.programmes.factories import make_goal, make_measure

pytestmark = pytest.mark.usefixtures("english")


def url(measure, name, *args) -> str:
    return reverse(f"measures:{name}", args=[measure.programme.code, measure.code, *args])


@pytest.fixture
def measure(programme, personas):
    return make_measure(programme, areas=[personas.d1], lead=personas.project_lead)


@pytest.fixture
def output(measure):
    return add_output(None, measure, "Deltakere", "personer", 100)


def report_data(output, **values):
    data = {"period": "2025H1", "status": TrafficLight.GREEN, "narrative": "Bra."}
    return data | {f"output_{output.pk}": "12"} | values


# Progress reports


def test_the_report_form_has_an_input_per_output(client, measure, output, personas):
    client.force_login(personas.project_lead)
    page = client.get(url(measure, "report")).content.decode()
    assert f'name="output_{output.pk}"' in page
    assert "Deltakere (personer)" in page


def test_the_project_lead_files_a_report_through_the_form(client, measure, output, personas):
    client.force_login(personas.project_lead)
    response = client.post(url(measure, "report"), report_data(output, risks="Vær"))
    assert response.status_code == 302
    report = ProgressReport.objects.get()
    assert (report.period, report.status, report.risks) == ("2025H1", TrafficLight.GREEN, "Vær")
    assert OutputValue.objects.get().value == 12


def test_project_lead_is_refused_the_report_form_of_a_measure_they_do_not_lead(
    client, programme, output, personas
):
    other = make_measure(programme, areas=[personas.d1], is_published=True)
    client.force_login(personas.project_lead)
    assert client.get(url(other, "report")).status_code == 403
    data = {"period": "2025", "status": TrafficLight.RED, "narrative": "Nei"}
    assert client.post(url(other, "report"), data).status_code == 403
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"period": "2025H3"}, "period", "is not a period"),
        ({"period": "sommer"}, "period", "is not a period"),
        ({"output": "-4"}, "output", "greater than or equal to 0"),
        ({"output": "mange"}, "output", "Enter a number."),
        ({"output": "inf"}, "output", "Enter a number."),
        ({"narrative": ""}, "narrative", "This field is required."),
    ],
)
def test_bad_report_input_is_shown_again_with_status_400_and_nothing_is_written(
    client, measure, output, personas, values, field, message
):
    if "output" in values:
        values = {f"output_{output.pk}": values.pop("output")}
        field = f"output_{output.pk}"
    client.force_login(personas.project_lead)
    response = client.post(url(measure, "report"), report_data(output, **values))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not ProgressReport.objects.exists()
    assert not OutputValue.objects.exists()


def test_the_form_for_an_existing_period_starts_from_that_report(client, measure, output, personas):
    file_report(
        personas.project_lead,
        measure,
        "2025H1",
        TrafficLight.AMBER,
        "Treg start",
        output_values={output: 7},
    )
    client.force_login(personas.project_lead)
    form = client.get(url(measure, "report") + "?period=2025H1").context["form"]
    assert form.initial["narrative"] == "Treg start"
    assert form.initial[f"output_{output.pk}"] == 7


def test_the_report_form_is_refused_to_readers(client, measure, personas):
    client.force_login(personas.evaluator)
    assert client.get(url(measure, "report")).status_code == 403


# Results chain


def test_an_editor_adds_to_each_part_of_the_chain(client, programme, measure, personas):
    goal = make_goal(programme)
    client.force_login(personas.district_coordinator)
    posts = [
        {"part": "activity", "activity-text": "Rekruttere frivillige"},
        {
            "part": "output",
            "output-name": "Deltakere",
            "output-unit": "personer",
            "output-target": "80",
        },
        {"part": "outcome", "outcome-text": "Bedre resultater", "outcome-goal": str(goal.pk)},
    ]
    for data in posts:
        assert client.post(url(measure, "results"), data).status_code == 302
    assert Activity.objects.get().text == "Rekruttere frivillige"
    assert Output.objects.get().target == 80
    assert Outcome.objects.get().goal == goal


@pytest.mark.parametrize(
    "data",
    [
        {"part": "activity", "activity-text": ""},
        {"part": "output", "output-name": "Deltakere", "output-target": "-1"},
        {"part": "outcome", "outcome-text": "Noe", "outcome-goal": "999999"},
        {"part": "something"},
    ],
)
def test_bad_chain_input_is_shown_again_with_status_400(client, measure, personas, data):
    client.force_login(personas.district_coordinator)
    response = client.post(url(measure, "results"), data)
    assert response.status_code == 400
    assert not Activity.objects.exists()
    assert not Output.objects.exists()
    assert not Outcome.objects.exists()


def test_each_row_has_a_delete_button_that_works(client, measure, personas):
    activity = add_activity(None, measure, "Rekruttere")
    client.force_login(personas.district_coordinator)
    delete = url(measure, "result_delete", "activity", activity.pk)
    assert delete in client.get(url(measure, "results")).content.decode()
    assert client.post(delete).status_code == 302
    assert not Activity.objects.exists()


def test_deleting_an_output_with_reported_values_is_refused_with_status_400(
    client, measure, output, personas
):
    file_report(None, measure, "2025", TrafficLight.GREEN, "Bra", output_values={output: 3})
    client.force_login(personas.district_coordinator)
    response = client.post(url(measure, "result_delete", "output", output.pk))
    assert response.status_code == 400
    assert "has values in 1 progress report" in response.content.decode()
    assert Output.objects.exists()


def test_an_unknown_part_or_row_is_404(client, measure, personas):
    activity = add_activity(None, measure, "Rekruttere")
    client.force_login(personas.district_coordinator)
    assert client.post(url(measure, "result_delete", "budget", activity.pk)).status_code == 404
    assert client.post(url(measure, "result_delete", "output", activity.pk)).status_code == 404


@pytest.mark.parametrize(("persona", "status"), [("project_lead", 403), ("resident", 404)])
def test_the_results_page_is_refused_to_non_editors(client, measure, personas, persona, status):
    activity = add_activity(None, measure, "Rekruttere")
    client.force_login(getattr(personas, persona))
    assert client.get(url(measure, "results")).status_code == status
    data = {"part": "activity", "activity-text": "Mer"}
    assert client.post(url(measure, "results"), data).status_code == status
    delete = url(measure, "result_delete", "activity", activity.pk)
    assert client.post(delete).status_code == status
    assert list(Activity.objects.all()) == [activity]
