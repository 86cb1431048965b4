"""Journeys: an evaluator sets up an evaluation design with difference-in-differences, runs
it and reads the result; an analyst runs one on unsuppressed data, which a partner cannot
open."""

import datetime
import re

import pytest
from playwright.sync_api import Page, expect

from omradeloft.areas.models import Area
from omradeloft.evaluation.models import (
    DataLevel,
    EvaluationDesign,
    EvaluationRun,
    Method,
    RunStatus,
)
from omradeloft.indicators.models import Indicator
from omradeloft.programmes.models import TargetArea
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.evaluation.panels import did_panel, import_panel
from tests.programmes.factories import make_goal, make_goal_indicator

pytestmark = pytest.mark.e2e


@pytest.fixture
def panel_programme(personas, tmp_path):
    """The personas' programme targeting A01-A03 of a panel where they gain 3 from 2016."""
    long, names = did_panel(effect=3.0)
    import_panel(tmp_path, long, names)
    programme = personas.programme
    for code in ("A01", "A02", "A03"):
        TargetArea.objects.create(
            programme=programme,
            area=Area.objects.get(code=code),
            reason="Levekår",
            chosen_on=datetime.date(2016, 6, 1),
        )
    outcome = Indicator.objects.get(code="employed")
    make_goal_indicator(make_goal(programme), outcome, baseline=("2016", None))
    return programme


def test_evaluator_creates_a_did_design_runs_it_and_reads_the_result(
    page: Page, panel_programme, settings
) -> None:
    # The run is computed within the request: in a thread, its writes could meet the live
    # server's reads of SQLite's shared-cache test database, which refuses rather than waits.
    # tests/evaluation/test_runs_background.py covers the thread backend.
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    code = panel_programme.code
    log_in(page, "evaluator")

    page.goto(f"/programmes/{code}/evaluation/")
    assert_accessible(page)
    page.locator(f"main a[href='/programmes/{code}/evaluation/new/']").click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/evaluation/new/$"))
    form = page.locator("main form.stack")
    expect(form.locator("#id_treated")).to_have_value("A01, A02, A03")
    expect(form.locator("#id_treatment_period")).to_have_value("2017")
    assert_accessible(page)

    form.locator("#id_code").fill("employment")
    form.locator("#id_name").fill("Sysselsetting")
    form.locator("#id_treatment_period").fill("2016")
    form.locator("input[name=methods][value=event_study]").uncheck()
    form.locator("input[name=methods][value=did]").check()
    form.locator("#id_predictors").fill("[{not json")
    with page.expect_navigation() as posted:
        form.locator("button[type=submit]").click()
    assert posted.value is not None
    assert posted.value.status == 400
    expect(form.locator(".field-error .error")).to_have_count(1)
    assert_accessible(page)
    assert not EvaluationDesign.objects.exists()

    form.locator("#id_predictors").fill("")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/evaluation/employment/$"))
    expect(page.locator("main .messages[role=status]")).to_contain_text(
        in_bokmal("The design was created.")
    )
    assert_accessible(page)

    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/evaluation/employment/runs/\d+/$"))
    run = EvaluationRun.objects.get()
    assert run.method == Method.DID
    expect(page.locator("#run-status")).to_contain_text(in_bokmal(RunStatus.DONE.label))
    expect(page.locator("#run-progress")).to_have_count(0)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    expect(page.locator("main")).to_contain_text(run.inputs_hash)
    expect(page.locator("main .evaluation-result").first).to_be_visible()
    assert_accessible(page)

    page.goto(f"/programmes/{code}/evaluation/")
    expect(page.locator("main table tbody tr")).to_have_count(1)
    assert_accessible(page)


def test_analyst_runs_a_design_on_unsuppressed_data_that_a_partner_cannot_open(
    page: Page, panel_programme, settings
) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    outcome = Indicator.objects.get(code="employed")
    design = EvaluationDesign.objects.create(
        programme=panel_programme,
        code="employment",
        name="Sysselsetting",
        treatment_period="2016",
        methods=[Method.DID.value],
    )
    design.outcomes.set([outcome])
    design.treated.set(Area.objects.filter(code__in=["A01", "A02", "A03"]))
    code = panel_programme.code
    log_in(page, "analyst")

    page.goto(f"/programmes/{code}/evaluation/employment/")
    form = page.locator("main form[action$='/run/']")
    expect(form.locator("input[name=data_level][value=published]")).to_be_checked()
    assert_accessible(page)
    form.locator("input[name=data_level][value=unsuppressed]").check()
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/evaluation/employment/runs/\d+/$"))
    run = EvaluationRun.objects.get()
    assert run.data_level == DataLevel.UNSUPPRESSED
    expect(page.locator("main .badge")).to_contain_text(in_bokmal("not publishable"))
    assert_accessible(page)

    page.context.clear_cookies()
    log_in(page, "partner")
    response = page.goto(f"/programmes/{code}/evaluation/employment/runs/{run.pk}/")
    assert response is not None
    assert response.status == 404
