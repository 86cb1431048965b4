"""Boundary changes on the area page and a harmonised index page, checked with axe."""

import pytest
from playwright.sync_api import Page, expect

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.targeting.services import compute, define_index
from tests.boundaries import FILES, import_changes, make_changed_areas
from tests.e2e.helpers import assert_accessible
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.e2e


@pytest.fixture
def changed(transactional_db):
    make_changed_areas()
    import_changes()
    make_indicator("residents", unit="count")
    make_indicator("low_income")
    chunks, info = open_observation_file(FILES / "observations_across_changes.csv")
    import_observations(chunks, info, actor=None)
    spec = {
        "code": "harmonised",
        "name": "Harmonisert",
        "level": "subdistrict",
        "method": "zscore",
        "components": [{"indicator": "low_income", "weight": 1}],
        "harmonise_to": "2019-01-01",
    }
    compute(define_index(spec, actor=None), actor=None)


def test_an_old_area_lists_what_it_became_and_the_page_stays_accessible(page: Page, changed):
    page.goto("/areas/030116/?level=subdistrict")
    table = page.get_by_role("table").filter(has_text="030116A")
    expect(table).to_contain_text("030116B")
    assert_accessible(page)


def test_a_harmonised_index_says_so_and_stays_accessible(page: Page, changed):
    page.goto("/targeting/harmonised/?period=2017")
    expect(page.locator(".notice")).to_contain_text("2019-01-01")
    assert_accessible(page)
