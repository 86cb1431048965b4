"""The mid-term view: target areas against the comparison areas at baseline and now, with
the designs' estimates."""

import datetime

import pytest

from omradeloft.evaluation.midterm import midterm_rows
from omradeloft.evaluation.models import EvaluationDesign, EvaluationRun, RunStatus
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.programmes.models import TargetArea
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv
from tests.programmes.factories import make_goal, make_goal_indicator


@pytest.fixture
def programme_with_statistics(personas, tmp_path):
    """Target: Nordhagen (s11). Comparison: Sørhagen (s21) and Nordlia. Employment rises by
    10 points in the target area and by 4 in the comparison areas, 2016 -> 2024."""
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    employed = make_indicator("employed", polarity="higher_is_better")
    rows = []
    for area, start, end in (
        ("0999010101", 50, 60),
        ("0999020201", 60, 64),
        ("0999010102", 70, 74),
    ):
        rows += [f"employed,{area},2016,{start},,", f"employed,{area},2024,{end},,"]
    chunks, info = open_observation_file(write_csv(tmp_path / "obs.csv", rows))
    import_observations(chunks, info, actor=None)
    TargetArea.objects.create(
        programme=personas.programme,
        area=personas.s11,
        reason="Test",
        chosen_on=datetime.date(2017, 1, 1),
    )
    goal = make_goal(personas.programme)
    make_goal_indicator(goal, employed, baseline=("2016", None), targets={"2026": 70})
    return personas, employed


def test_midterm_compares_target_and_comparison_areas_at_baseline_and_now(
    programme_with_statistics,
):
    personas, _ = programme_with_statistics
    [row] = midterm_rows(personas.programme, personas.evaluator)
    assert (row.baseline_period, row.latest_period) == ("2016", "2024")
    assert (row.treated_baseline, row.treated_latest) == (50, 60)
    assert (row.comparison_baseline, row.comparison_latest) == (65, 69)
    assert row.difference_in_change == pytest.approx(6)
    assert (row.treated_areas, row.comparison_areas) == (1, 2)
    assert row.estimates == []


def test_midterm_shows_the_latest_finished_estimate_of_each_method(programme_with_statistics):
    personas, employed = programme_with_statistics
    design = EvaluationDesign.objects.create(
        programme=personas.programme, code="d", name="D", treatment_period="2017", methods=["did"]
    )
    common = {"design": design, "outcome": employed, "spec": {}, "engine_version": "1"}
    EvaluationRun.objects.create(
        method="did", status=RunStatus.FAILED, message="too few periods", **common
    )
    EvaluationRun.objects.create(
        method="did",
        status=RunStatus.DONE,
        finished_at=datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC),
        result={"att": 5.5, "ci": [1.0, 10.0], "p_value": 0.03},
        **common,
    )
    [row] = midterm_rows(personas.programme, personas.evaluator)
    [estimate] = row.estimates
    assert (estimate.value, estimate.lower, estimate.upper, estimate.p_value) == (
        5.5,
        1.0,
        10.0,
        0.03,
    )


def test_midterm_page_shows_the_figures_to_programme_members_only(
    client, programme_with_statistics, settings
):
    settings.LANGUAGE_CODE = "en"
    personas, _ = programme_with_statistics
    url = f"/programmes/{personas.programme.code}/evaluation/midterm/"
    assert client.get(url).status_code == 302
    client.force_login(personas.resident)
    assert client.get(url).status_code == 403
    client.force_login(personas.evaluator)
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Indicator employed" in html
    assert "No estimate yet" in html
