"""Targeting in the browser: the ranking map, an area's explanation, a rule's list."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible
from tests.targeting.factories import rank_and_classify, two_indicators_over_three_areas

pytestmark = pytest.mark.e2e


@pytest.fixture
def computed(personas, tmp_path):
    two_indicators_over_three_areas(personas, tmp_path)
    rank_and_classify(tmp_path)


def test_from_the_ranking_to_an_areas_explanation(page: Page, computed):
    page.goto("/targeting/")
    assert_accessible(page)
    page.get_by_role("link", name="Levekår").click()
    page.wait_for_selector(".map.js-plotly-plot .main-svg", state="attached")
    assert_accessible(page)
    page.get_by_role("link", name="Nordhagen").click()
    page.wait_for_selector("[data-figure='contributions-data'] .main-svg", state="attached")
    expect(page.locator("h1")).to_contain_text("Nordhagen")
    assert_accessible(page)


def test_a_rules_list_shows_reasons(page: Page, computed):
    page.goto("/targeting/rules/worst/")
    expect(page.locator("main table").first).to_contain_text("rank 1 of the top 1")
    assert_accessible(page)


def test_the_early_warning_page_is_accessible(page: Page, computed):
    page.goto("/targeting/hardship/warnings/?places=1&periods=1")
    expect(page.locator("h1")).to_be_visible()
    assert_accessible(page)


def test_the_specification_editor_is_accessible(page: Page, computed):
    from tests.e2e.helpers import log_in

    log_in(page, "analyst")
    page.goto("/targeting/hardship/edit/")
    expect(page.locator("textarea")).to_contain_text('"hardship"')
    assert_accessible(page)
