"""Journey: a district coordinator registers a measure in their district, approves it and
files a progress report, which then shows on the measure's page."""

import re

import pytest
from playwright.sync_api import Page, expect

from omradeloft.measures.models import Measure, ProgressReport, Status, TrafficLight
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.factories import make_organisation
from tests.measures.factories import field_of, target

pytestmark = pytest.mark.e2e


def test_district_coordinator_creates_a_measure_approves_it_and_reports_progress(
    page: Page, personas
) -> None:
    programme = personas.programme
    target(programme, personas.d1)
    field = field_of(programme, name="Nærmiljø")
    owner = make_organisation(name="Bydel Nordbyen")
    log_in(page, "district_coordinator")

    page.goto(f"/programmes/{programme.code}/measures/")
    expect(page.locator("main h1")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=in_bokmal("New measure")).click()
    page.wait_for_url(re.compile(rf"/programmes/{programme.code}/measures/new/$"))
    assert_accessible(page)
    form = page.locator("main form.stack")
    form.locator("#id_code").fill("leksehjelp")
    form.locator("#id_title").fill("Leksehjelp på biblioteket")
    form.locator("#id_kind").select_option("pilot")
    form.locator(f"input[name=fields][value='{field.pk}']").check()
    form.locator(f"input[name=areas][value='{personas.d1.pk}']").check()
    expect(form.locator(f"input[name=areas][value='{personas.d2.pk}']")).to_have_count(0)
    form.locator("#id_owner").select_option(label=owner.name)
    form.locator("#id_latitude").fill("59.005")
    form.locator("#id_longitude").fill("10.005")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(rf"/programmes/{programme.code}/measures/leksehjelp/$"))
    expect(page.locator("main h1")).to_have_text("Leksehjelp på biblioteket")
    expect(page.locator("main .messages[role=status]")).to_contain_text(
        in_bokmal("The measure was created.")
    )
    assert_accessible(page)

    status_form = page.locator("form[action$='/measures/leksehjelp/status/']")
    status_form.locator("#id_to_status").select_option(Status.APPROVED.value)
    status_form.locator("#id_reason").fill("Vedtatt i programgruppa")
    with page.expect_navigation():
        status_form.locator("button[type=submit]").click()
    expect(page.locator("main .lead")).to_contain_text(in_bokmal(Status.APPROVED.label))
    expect(page.locator("main table").first).to_contain_text("Vedtatt i programgruppa")
    assert_accessible(page)

    page.get_by_role("link", name=in_bokmal("Report progress")).click()
    page.wait_for_url(re.compile(r"/measures/leksehjelp/reports/new/$"))
    assert_accessible(page)
    report_form = page.locator("main form.stack")
    report_form.locator("#id_period").fill("2025H1")
    report_form.locator(f"input[name=status][value='{TrafficLight.AMBER.value}']").check()
    report_form.locator("#id_narrative").fill("Godt oppmøte, men få frivillige.")
    with page.expect_navigation():
        report_form.locator("button[type=submit]").click()
    page.wait_for_url(re.compile(r"/measures/leksehjelp/$"))
    report = page.locator("main section.card").filter(has_text="2025H1")
    expect(report).to_contain_text("Godt oppmøte, men få frivillige.")
    expect(report.locator(".status-amber")).to_have_text(in_bokmal(TrafficLight.AMBER.label))
    assert_accessible(page)

    page.locator("nav.breadcrumbs a[href$='/measures/']").click()
    page.wait_for_url(re.compile(rf"/programmes/{programme.code}/measures/$"))
    row = page.locator("main table tbody tr").filter(has_text="Leksehjelp på biblioteket")
    expect(row.locator(".status-amber")).to_have_text(in_bokmal(TrafficLight.AMBER.label))
    page.wait_for_selector(".map.js-plotly-plot .main-svg", state="attached")
    assert_accessible(page)

    measure = Measure.objects.get(programme=programme, code="leksehjelp")
    assert measure.status == Status.APPROVED
    assert list(measure.areas.all()) == [personas.d1]
    assert ProgressReport.objects.get(measure=measure).submitted_by == personas.district_coordinator
