"""Journey 1: every persona logs in through the form, sees their roles and logs out."""

import re

import pytest
from playwright.sync_api import Page, expect

from omradeloft.accounts.models import Role
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in

pytestmark = pytest.mark.e2e

AREA_LIMITED = {Role.DISTRICT_COORDINATOR, Role.PROJECT_LEAD}


@pytest.mark.parametrize("role", list(Role), ids=[role.value for role in Role])
def test_persona_logs_in_through_the_form_sees_their_role_and_logs_out(
    page: Page, personas, role: Role
) -> None:
    log_in(page, role.value)

    programme = page.locator("main section.card")
    expect(programme).to_have_count(1)
    expect(programme.get_by_role("heading")).to_have_text(personas.programme.name)
    expect(programme.locator("ul").first).to_contain_text(in_bokmal(role.label))
    if role in AREA_LIMITED:
        expect(programme.locator("ul").first).to_contain_text(personas.d1.name)
    expect(page.locator("main dl.facts")).to_contain_text(role.value)
    expect(page.locator("header nav a[aria-current=page]")).to_have_attribute(
        "href", "/accounts/profile/"
    )
    assert_accessible(page)

    page.locator("header form[action='/accounts/logout/'] button").click()
    page.wait_for_url(re.compile(r"/$"))
    expect(page.locator("header nav a[href^='/accounts/login/']")).to_be_visible()
    page.goto("/accounts/profile/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/accounts/profile/$"))


def test_outsider_logs_in_and_is_told_they_have_no_roles(page: Page, personas) -> None:
    log_in(page, "outsider")
    expect(page.locator("main section.card")).to_have_count(0)
    expect(page.locator("main")).to_contain_text(
        in_bokmal(
            "You have no roles in any programme. Ask a programme administrator if you need one."
        )
    )
    assert_accessible(page)


def test_wrong_password_is_refused_with_an_accessible_error(page: Page, personas) -> None:
    page.goto("/accounts/login/")
    assert_accessible(page)
    page.locator("#id_username").fill("resident")
    page.locator("#id_password").fill("not-the-password")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/login/$"))
    expect(page.get_by_role("alert")).to_be_visible()
    expect(page.locator("#id_username")).to_have_value("resident")
    assert_accessible(page)
