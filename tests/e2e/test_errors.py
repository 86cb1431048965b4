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


def test_an_unusable_query_parameter_shows_an_accessible_page_naming_it(page: Page, personas):
    response = page.goto("/areas/?level=%C2%B2")
    assert response is not None
    assert response.status == 400
    heading = in_bokmal("The request could not be used")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(page.locator("main")).to_contain_text("«level»")
    expect(page.locator("main a[href='/areas/']")).to_be_visible()
    assert_accessible(page)


def test_too_many_wrong_passwords_show_an_accessible_page_saying_when_to_try_again(
    page: Page, personas, settings
) -> None:
    page.goto("/accounts/login/")
    # The attempt that reaches the limit is answered with the pause itself.
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.locator("#id_username").fill(personas.partner.username)
        page.locator("#id_password").fill("wrong-password")
        with page.expect_navigation():
            page.locator("main form button[type=submit]").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        in_bokmal("Too many attempts to log in")
    )
    expect(page.get_by_role("alert")).to_contain_text("kl.")
    assert_accessible(page)
