"""Journey 3: bokmål by default, English at the press of a button, and back again."""

import re

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.e2e.helpers import assert_accessible, in_bokmal

pytestmark = pytest.mark.e2e


def test_page_is_in_bokmal_and_the_language_button_switches_to_english_and_back(
    context: BrowserContext, page: Page, personas
) -> None:
    # Bokmål is the default whatever the browser asks for: this one asks for English.
    context.set_extra_http_headers({"Accept-Language": "en-US,en;q=0.9"})
    html = page.locator("html")
    switch = page.locator("header form.language-switch button[name=language]")
    heading = page.get_by_role("heading", level=1)

    page.goto(f"/programmes/{personas.programme.code}/")
    expect(html).to_have_attribute("lang", "nb")
    expect(switch).to_have_attribute("value", "en")
    expect(switch).to_have_attribute("lang", "en")  # the button's own name is in English
    expect(switch).to_have_text("English")
    expect(page.locator(".skip-link")).to_have_text(in_bokmal("Skip to main content"))

    with page.expect_navigation():
        switch.click()
    page.wait_for_url(re.compile(rf"/programmes/{personas.programme.code}/$"))
    expect(html).to_have_attribute("lang", "en")
    expect(heading).to_have_text(personas.programme.name)
    expect(page.locator(".skip-link")).to_have_text("Skip to main content")
    expect(page.locator("header nav")).to_contain_text("Programmes")
    expect(page.locator("main dl.facts dt").first).to_have_text("Period")
    expect(switch).to_have_attribute("value", "nb")
    expect(switch).to_have_attribute("lang", "nb")
    assert_accessible(page)

    # The choice sticks while browsing.
    page.locator("header nav").get_by_role("link", name="Programmes").click()
    page.wait_for_url(re.compile(r"/programmes/$"))
    expect(html).to_have_attribute("lang", "en")
    expect(heading).to_have_text("Programmes")
    assert_accessible(page)

    with page.expect_navigation():
        switch.click()
    page.wait_for_url(re.compile(r"/programmes/$"))
    expect(html).to_have_attribute("lang", "nb")
    expect(heading).to_have_text(in_bokmal("Programmes"))
    expect(switch).to_have_attribute("value", "en")
    assert_accessible(page)
