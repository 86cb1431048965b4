"""Targeting in the browser: the ranking map, an area's explanation, a rule's list."""

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, in_bokmal
from tests.targeting.factories import (
    rank_and_classify,
    two_indicators_over_three_areas,
    write_spec,
)
from tests.targeting.suppressed import define_and_classify, suppressed_statistics

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
    reason = in_bokmal("rank %(rank)s of the top %(top)s") % {"rank": 1, "top": 1}
    expect(page.locator("main table").first).to_contain_text(reason)
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


@pytest.fixture
def withheld(personas, tmp_path):
    """An index and a criteria rule over values that disclosure control suppresses."""
    suppressed_statistics(personas, tmp_path)
    spec = {
        "code": "small",
        "name": "Småområdeindeks",
        "level": "subdistrict",
        "method": "exponential_rank",
        "components": [
            {"indicator": "mortality", "weight": 0.5},
            {"indicator": "dropout", "weight": 0.5},
        ],
    }
    call_command("import_index", write_spec(tmp_path, spec))
    call_command("compute_index", "small")
    define_and_classify(tmp_path)


def test_pages_with_withheld_numbers_mark_them_and_stay_accessible(page: Page, withheld):
    page.goto("/targeting/small/?period=2024")
    page.wait_for_selector(".map.js-plotly-plot .main-svg", state="attached")
    expect(page.locator("main table").nth(1)).to_contain_text("≈")
    assert_accessible(page)
    page.goto("/targeting/small/areas/0999010101/?period=2024")
    page.wait_for_selector("[data-figure='contributions-data'] .main-svg", state="attached")
    expect(page.locator("main table").first).to_contain_text(":")
    assert_accessible(page)
    page.goto("/targeting/rules/small-areas/?period=2024")
    expect(page.locator("main table").first).to_contain_text("Dødelighet : ≥ 40")
    assert_accessible(page)
