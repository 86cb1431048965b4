"""Journey 7: on a phone (375 px wide) pages fit the screen: the body never scrolls sideways."""

import pytest
from playwright.sync_api import Page, ViewportSize

from tests.e2e.helpers import assert_accessible, wait_for_map

pytestmark = pytest.mark.e2e

PHONE: ViewportSize = {"width": 375, "height": 812}
GRORUD = "030110"
ROMSAS = "0301101005"
MAP_PAGES = [f"/areas/{GRORUD}/", f"/areas/{ROMSAS}/", "/areas/"]

_WIDTHS = """() => ({
    viewport: window.innerWidth,
    document: document.documentElement.scrollWidth,
    body: document.body.scrollWidth,
    map: document.querySelector('.map').getBoundingClientRect().right,
})"""


def test_area_pages_on_a_phone_have_no_horizontal_scrolling(page: Page, demo, subtests) -> None:
    page.set_viewport_size(PHONE)
    for path in MAP_PAGES:
        with subtests.test(path=path):
            page.goto(path)
            wait_for_map(page)

            widths = page.evaluate(_WIDTHS)
            assert widths["viewport"] == PHONE["width"]
            assert widths["document"] <= widths["viewport"], widths
            assert widths["body"] <= widths["viewport"], widths
            assert widths["map"] <= widths["viewport"], widths
            page.evaluate("window.scrollTo(200, 0)")
            assert page.evaluate("window.scrollX") == 0
            assert_accessible(page)
