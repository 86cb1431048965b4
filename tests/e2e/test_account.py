"""Account pages: a coordinator reads the audit log and changes their password."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.factories import PASSWORD

pytestmark = pytest.mark.e2e

NEW_PASSWORD = "a-new-and-longer-passphrase-2026"


def test_coordinator_reads_the_audit_log_from_their_profile(page: Page, personas) -> None:
    log_in(page, "municipal_coordinator")
    page.locator("main a[href='/audit/']").click()
    page.wait_for_url(re.compile(r"/audit/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(in_bokmal("Audit log"))
    expect(page.locator("main table tbody tr").first).to_be_visible()
    assert_accessible(page)


def test_resident_is_refused_the_audit_log(page: Page, personas) -> None:
    log_in(page, "resident")
    expect(page.locator("main a[href='/audit/']")).to_have_count(0)
    response = page.goto("/audit/")
    assert response is not None
    assert response.status == 403
    assert_accessible(page)


def test_user_changes_their_password_and_logs_in_with_the_new_one(page: Page, personas) -> None:
    log_in(page, "partner")
    page.locator("main a[href='/accounts/password_change/']").click()
    page.wait_for_url(re.compile(r"/accounts/password_change/$"))
    assert_accessible(page)

    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD + "-typo")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    expect(page.locator("main .field-error")).to_have_count(1)
    assert_accessible(page)

    page.locator("#id_old_password").fill(PASSWORD)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/password_change/done/$"))
    assert_accessible(page)

    page.locator("header form[action='/accounts/logout/'] button").click()
    log_in(page, "partner", NEW_PASSWORD)
