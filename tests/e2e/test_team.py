"""Journey 6: a programme administrator gives a role on the team page; others are refused."""

import re

import pytest
from playwright.sync_api import Page, expect

from omradeloft.accounts.models import Role, RoleAssignment
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in

pytestmark = pytest.mark.e2e


def test_programme_admin_finds_the_team_page_and_gives_a_role_through_the_form(
    page: Page, personas
) -> None:
    programme = personas.programme
    log_in(page, "programme_admin")

    page.goto("/")
    assert_accessible(page)
    page.locator("header nav a[href='/programmes/']").click()
    page.wait_for_url(re.compile(r"/programmes/$"))
    assert_accessible(page)
    page.get_by_role("link", name=programme.name).click()
    page.wait_for_url(re.compile(rf"/programmes/{programme.code}/$"))
    assert_accessible(page)
    page.locator(f"main a[href='/programmes/{programme.code}/team/']").click()
    page.wait_for_url(re.compile(rf"/programmes/{programme.code}/team/$"))
    expect(page.locator("nav.breadcrumbs li[aria-current=page]")).to_be_visible()
    assert_accessible(page)

    form = page.locator("main form.stack")
    form.locator("#id_user").select_option(label="outsider")
    form.locator("#id_role").select_option(Role.PARTNER.value)
    form.locator("#id_area_codes").fill(f"{personas.d1.code}, 12345")
    with page.expect_navigation() as posted:
        form.locator("button[type=submit]").click()
    assert posted.value is not None
    assert posted.value.status == 400
    error = form.locator(".field-error .error")
    expect(error).to_contain_text("12345")
    expect(form.locator("#id_area_codes")).to_have_value(f"{personas.d1.code}, 12345")
    assert_accessible(page)
    assert not RoleAssignment.objects.filter(user=personas.outsider).exists()

    form.locator("#id_area_codes").fill(personas.d1.code)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    expect(page.locator("main .messages[role=status]")).to_contain_text(
        in_bokmal("The role was given.")
    )
    row = page.locator("main table tbody tr").filter(
        has=page.get_by_role("rowheader", name="outsider")
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text(in_bokmal(Role.PARTNER.label))
    expect(row).to_contain_text(personas.d1.name)
    assert_accessible(page)

    given = RoleAssignment.objects.get(user=personas.outsider, programme=programme)
    assert given.role == Role.PARTNER
    assert list(given.areas.all()) == [personas.d1]


@pytest.mark.parametrize("username", ["resident", "outsider"])
def test_user_without_a_workspace_role_is_refused_the_team_page(
    page: Page, personas, username: str
) -> None:
    code = personas.programme.code
    log_in(page, username)

    page.goto(f"/programmes/{code}/")
    expect(page.locator(f"a[href='/programmes/{code}/team/']")).to_have_count(0)
    response = page.goto(f"/programmes/{code}/team/")
    assert response is not None
    assert response.status == 403
    expect(page.locator("main form.stack")).to_have_count(0)
    expect(page.locator("main table")).to_have_count(0)
    assert_accessible(page)


def test_visitor_who_is_not_logged_in_is_asked_to_log_in_for_the_team_page(
    page: Page, personas
) -> None:
    page.goto(f"/programmes/{personas.programme.code}/team/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
