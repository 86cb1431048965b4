"""The programme description: the programme administrator publishes the draft with a note,
and a visitor who is not logged in then reads that version."""

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from omradeloft.programmes.models import DescriptionVersion
from tests.e2e.conftest import BROWSER_LOCALE, TIMEOUT_MS
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.programmes.test_description_assembly import describe_programme

pytestmark = pytest.mark.e2e

NOTE = "Vedtatt av styringsgruppen."


def test_programme_admin_publishes_the_description_and_the_public_reads_it(
    page: Page, personas, browser: Browser, live_server
) -> None:
    describe_programme(personas)
    code = personas.programme.code
    log_in(page, "programme_admin")

    page.goto(f"/programmes/{code}/description/")
    expect(page.locator("h1")).to_have_text(in_bokmal("Programme description"))
    expect(page.locator("main")).to_contain_text("Varig bedre levekår")
    assert_accessible(page)

    form = page.locator("main form.stack")
    form.locator("#id_note").fill(NOTE)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main .messages[role=status]")).to_contain_text(
        in_bokmal("Version %(number)d was published.") % {"number": 1}
    )
    assert_accessible(page)
    page.locator(f"main a[href='/programmes/{code}/description/compare/?from=1&to=draft']").click()
    page.wait_for_url(re.compile(r"/description/compare/\?from=1&to=draft$"))
    expect(page.locator("main")).to_contain_text(in_bokmal("Nothing has changed."))
    assert_accessible(page)
    page.get_by_role("link", name=in_bokmal("Back to the draft, to publish it")).click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/description/$"))
    version = DescriptionVersion.objects.get(programme=personas.programme)
    assert (version.number, version.note) == (1, NOTE)

    page.locator(f"main a[href='/programmes/{code}/description/versions/']").first.click()
    page.wait_for_url(re.compile(rf"/programmes/{code}/description/versions/$"))
    expect(page.locator("main table tbody tr")).to_have_count(1)
    expect(page.locator("main table")).to_contain_text(NOTE)
    assert_accessible(page)

    visitor_context = browser.new_context(base_url=live_server.url, locale=BROWSER_LOCALE)
    visitor_context.set_default_timeout(TIMEOUT_MS)
    try:
        visitor = visitor_context.new_page()
        visitor.goto(f"/programmes/{code}/description/")
        main = visitor.locator("main")
        expect(main).to_contain_text(NOTE)
        expect(main).to_contain_text("Varig bedre levekår")
        expect(main).to_contain_text("Styrke språket i barnehagen.")
        expect(main.locator("form.stack")).to_have_count(0)
        assert_accessible(visitor)

        visitor.locator(f"main a[href='/programmes/{code}/description/versions/']").click()
        visitor.wait_for_url(re.compile(rf"/programmes/{code}/description/versions/$"))
        assert_accessible(visitor)
        visitor.locator(f"main a[href='/programmes/{code}/description/1/']").click()
        visitor.wait_for_url(re.compile(rf"/programmes/{code}/description/1/$"))
        expect(visitor.locator("main")).to_contain_text("Flere barn i barnehage")
        assert_accessible(visitor)
        visitor.locator(f"main a[href='/programmes/{code}/description/1/print/']").click()
        visitor.wait_for_url(re.compile(rf"/programmes/{code}/description/1/print/$"))
        expect(visitor.locator("h1")).to_contain_text(personas.programme.name)
        expect(visitor.locator("header, nav")).to_have_count(0)
        assert_accessible(visitor)
    finally:
        visitor_context.close()
