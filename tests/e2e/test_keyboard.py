"""Journey 5: keyboard users skip the header and can log in without a mouse."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

# Inside main if main has anything to focus, and never back in the header.
_FOCUS_PAST_HEADER = """() => {
    const main = document.querySelector("main");
    const active = document.activeElement;
    if (document.querySelector("header").contains(active)) return false;
    const focusable = "a[href], button, input, select, textarea, [tabindex]:not([tabindex='-1'])";
    return main.querySelector(focusable) ? main.contains(active) : true;
}"""


def test_first_tab_focuses_the_skip_link_and_activating_it_moves_focus_to_main(
    page: Page, personas, subtests
) -> None:
    for path in ["/", "/programmes/", f"/programmes/{personas.programme.code}/"]:
        with subtests.test(path=path):
            page.goto(path)
            page.keyboard.press("Tab")

            skip = page.locator("a.skip-link")
            expect(skip).to_be_focused()
            expect(skip).to_have_attribute("href", "#main")
            expect(skip).to_be_in_viewport()  # shown when focused

            page.keyboard.press("Enter")
            expect(page.locator("main#main")).to_be_focused()
            # The next Tab goes on from the main content, past the header's links.
            page.keyboard.press("Tab")
            assert page.evaluate(_FOCUS_PAST_HEADER), f"Tab after the skip link on {path}"


def test_login_form_works_with_the_keyboard_alone(page: Page, personas) -> None:
    page.goto("/accounts/login/")
    # The username field may have autofocus; otherwise Tab through the header to reach it.
    for _ in range(15):
        if page.evaluate("document.activeElement.id") == "id_username":
            break
        page.keyboard.press("Tab")
    expect(page.locator("#id_username")).to_be_focused()
    page.keyboard.type("resident")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/accounts/profile/$"))
