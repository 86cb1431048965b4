"""Error pages are proper, accessible pages with the right status."""

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, in_bokmal

pytestmark = pytest.mark.e2e

UNKNOWN = ["/no-such-page/", "/areas/0000000000/", "/programmes/nope/"]


def test_unknown_addresses_show_an_accessible_not_found_page(
    page: Page, personas, subtests
) -> None:
    for path in UNKNOWN:
        with subtests.test(path=path):
            response = page.goto(path)
            assert response is not None
            assert response.status == 404
            expect(page.locator("html")).to_have_attribute("lang", "nb")
            expect(page.get_by_role("heading", level=1)).to_have_text(in_bokmal("Page not found"))
            expect(page.locator("main a[href='/']")).to_be_visible()
            assert_accessible(page)
