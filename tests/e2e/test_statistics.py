"""Statistics in the browser: an indicator's map, distribution and series, an area profile."""

import pytest
from playwright.sync_api import Page, expect

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.e2e.helpers import assert_accessible, log_in
from tests.factories import make_area, square
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.e2e


@pytest.fixture
def statistics(personas, tmp_path):
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1, boundary=square(11))
    make_indicator("not_employed", name="Ikke sysselsatt", is_synthetic=True)
    rows = [
        "not_employed,0999010101,2024,,2,100",
        "not_employed,0999010102,2024,,20,100",
        "not_employed,0999020201,2024,,40,100",
        "not_employed,0999020201,2023,,42,100",
    ]
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", rows))
    import_observations(chunks, info, actor=None)
    return personas


def test_indicator_page_draws_map_distribution_and_series(page: Page, statistics):
    page.goto("/indicators/not_employed/?level=subdistrict&period=2024")
    page.wait_for_selector(".map.js-plotly-plot .main-svg", state="attached")
    page.wait_for_selector("[data-figure='distribution-data'] .main-svg", state="attached")
    page.wait_for_selector("[data-figure='series-data'] .main-svg", state="attached")
    expect(page.locator(".notice")).to_be_visible()  # synthetic data
    expect(page.locator("main table abbr").first).to_have_text(":")  # suppressed for the public
    assert_accessible(page)


def test_an_analyst_sees_suppressed_values_marked(page: Page, statistics):
    log_in(page, "analyst")
    page.goto("/indicators/not_employed/?level=subdistrict&period=2024")
    expect(page.locator("main table .badge").first).to_be_visible()
    assert_accessible(page)


def test_area_profile_lists_indicators_and_downloads(page: Page, statistics):
    page.goto("/areas/0999020201/")
    page.locator("main a[href^='/indicators/areas/0999020201/']").click()
    expect(page.locator("h1")).to_contain_text("Sørhagen")
    expect(page.locator("table.profile tbody tr")).to_have_count(1)
    with page.expect_download() as download:
        page.locator("a[href*='download.csv']").click()
    assert download.value.suggested_filename == "profile-0999020201.csv"
    assert_accessible(page)


def test_catalogue_lists_the_indicator(page: Page, statistics):
    page.goto("/indicators/")
    page.get_by_role("link", name="Ikke sysselsatt").first.click()
    expect(page.locator("h1")).to_have_text("Ikke sysselsatt")
    assert_accessible(page)
