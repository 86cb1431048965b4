"""A derived total whose import left rows for codes outside the register out is marked, and
its note is on the page, readable by everyone."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.e2e.helpers import assert_accessible
from tests.factories import make_area, square
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.e2e

FILE = Path(__file__).parents[1] / "indicators" / "files" / "oslo_bydel_uten_adresse.json"
MAPPING = {
    "area": {"dimension": "Bydel", "skip": ["030199"]},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
    "filter": {"ContentsCode": "Personer"},
}


@pytest.fixture
def oslo(personas):
    make_indicator("population", name="Befolkning", unit="count", polarity="higher_is_better")
    oslo = make_area("0301", "municipality", name="Oslo", boundary=square(30))
    make_area("030101", "district", name="Gamle Oslo", parent=oslo, boundary=square(31))
    make_area("030102", "district", name="Grünerløkka", parent=oslo, boundary=square(32))
    chunks, info = open_observation_file(FILE, mapping=MAPPING)
    import_observations(chunks, info, actor=None)
    return personas


def test_the_indicator_page_marks_a_total_that_may_be_too_low(page: Page, oslo):
    page.goto("/indicators/population/?level=municipality&period=2024&area=0301")
    expect(page.locator("main table .derived-note").first).to_be_visible()
    expect(page.locator(".derived-notes li").first).to_contain_text("030199")
    assert_accessible(page)


def test_the_area_profile_gives_the_note(page: Page, oslo):
    page.goto("/indicators/areas/0301/")
    expect(page.locator(".derived-notes li").first).to_contain_text("030199")
    assert_accessible(page)
