"""Progress reports: one per period, filed by editors and the measure's project lead, with
output values that must belong to the measure and be finite numbers of 0 or more."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omradeloft.measures.models import OutputValue, ProgressReport, TrafficLight
from omradeloft.measures.services import add_output, file_report
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def measure(programme, personas):
    return make_measure(programme, areas=[personas.d1], lead=personas.project_lead)


@pytest.fixture
def output(measure):
    return add_output(None, measure, "Deltakere", "personer", 100)


def report(user, measure, period="2024H1", values=None, **fields):
    fields.setdefault("status", TrafficLight.GREEN)
    fields.setdefault("narrative", "Godt i gang.")
    return file_report(user, measure, period, output_values=values, **fields)


def test_project_lead_reports_on_a_measure_they_lead(measure, output, personas):
    filed = report(personas.project_lead, measure, values={output: 12}, risks="Få frivillige")
    assert filed.submitted_by == personas.project_lead
    assert filed.risks == "Få frivillige"
    assert [(v.output, v.value) for v in filed.output_values.all()] == [(output, 12.0)]


def test_project_lead_is_refused_reporting_on_a_measure_they_do_not_lead(programme, personas):
    other = make_measure(programme, areas=[personas.d1])
    with pytest.raises(PermissionDenied):
        report(personas.project_lead, other)
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize("persona", ["partner", "evaluator", "analyst", "resident", "outsider"])
def test_others_may_not_report(measure, personas, persona):
    with pytest.raises(PermissionDenied):
        report(getattr(personas, persona), measure)


@pytest.mark.parametrize("period", ["2024", "2024H1", "2024H2", "2024Q1", "2024Q4", "2024h2"])
def test_years_half_years_and_quarters_are_periods(measure, personas, period):
    assert report(personas.district_coordinator, measure, period).period == period.upper()


@pytest.mark.parametrize("period", ["", "24", "2024H3", "2024Q5", "2024-06", "H1 2024", "2024Q1x"])
def test_a_malformed_period_is_refused_and_nothing_is_written(measure, output, personas, period):
    with pytest.raises(ValidationError) as refused:
        report(personas.district_coordinator, measure, period, values={output: 3})
    assert "expected a year (2024)" in refused.value.message_dict["period"][0]
    assert not ProgressReport.objects.exists()
    assert not OutputValue.objects.exists()


@pytest.mark.parametrize("value", [-1, float("nan"), float("inf"), "12", True])
def test_a_bad_output_value_is_refused_and_nothing_is_written(measure, output, personas, value):
    with pytest.raises(ValidationError) as refused:
        report(personas.district_coordinator, measure, values={output: value})
    assert "Deltakere" in refused.value.message_dict["output_values"][0]
    assert not ProgressReport.objects.exists()
    assert not OutputValue.objects.exists()


def test_an_output_of_another_measure_is_refused(programme, measure, personas):
    stranger = add_output(None, make_measure(programme, areas=[personas.d1]), "Fremmed")
    with pytest.raises(ValidationError) as refused:
        report(personas.district_coordinator, measure, values={stranger: 1})
    assert "“Fremmed” is not an output of this measure" in refused.value.messages[0]
    assert not ProgressReport.objects.exists()


def test_a_bad_traffic_light_and_an_empty_narrative_are_named(measure, personas):
    with pytest.raises(ValidationError) as refused:
        report(personas.district_coordinator, measure, status="purple", narrative=" ")
    assert set(refused.value.message_dict) == {"status", "narrative"}


def test_a_second_report_for_the_same_period_updates_the_first(measure, output, personas):
    first = report(personas.project_lead, measure, values={output: 5})
    second = report(personas.project_lead, measure, values={output: 8}, status=TrafficLight.AMBER)
    assert second.pk == first.pk
    assert ProgressReport.objects.count() == 1
    second.refresh_from_db()
    assert second.status == TrafficLight.AMBER
    assert OutputValue.objects.get().value == 8


def test_an_empty_value_removes_it_and_outputs_left_out_keep_theirs(measure, output, personas):
    other = add_output(None, measure, "Kurs")
    report(personas.project_lead, measure, values={output: 5, other: 2})
    report(personas.project_lead, measure, values={output: None})
    assert [(v.output.name, v.value) for v in OutputValue.objects.all()] == [("Kurs", 2.0)]


def test_only_the_submitter_or_an_editor_may_change_a_report(programme, personas):
    measure = make_measure(programme, areas=[personas.d1], lead=personas.project_lead)
    report(personas.district_coordinator, measure, narrative="Fra koordinatoren")
    with pytest.raises(PermissionDenied):
        report(personas.project_lead, measure, narrative="Fra prosjektlederen")
    assert ProgressReport.objects.get().narrative == "Fra koordinatoren"
    report(personas.municipal_coordinator, measure, narrative="Fra kommunen")
    assert ProgressReport.objects.get().narrative == "Fra kommunen"


def test_reports_are_kept_per_period(measure, personas):
    for period in ("2024H1", "2024H2", "2025H1"):
        report(personas.project_lead, measure, period)
    assert [r.period for r in measure.reports.all()] == ["2025H1", "2024H2", "2024H1"]
