"""Journey 2: from the area index's map and table to an area, its children and their page."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.helpers import (
    assert_accessible,
    click_map_area,
    map_codes,
    table_codes,
    wait_for_map,
)

pytestmark = pytest.mark.e2e

GRORUD = "030110"
ROMSAS = "0301101005"


def assert_map_and_table_show_the_same_areas(page: Page) -> list[str]:
    wait_for_map(page)
    codes = table_codes(page)
    assert sorted(map_codes(page)) == sorted(codes)
    expect(page.locator(".map path.choroplethlocation")).to_have_count(len(codes))
    return codes


def test_area_index_map_and_table_lead_to_an_area_with_a_trail_and_a_map_of_its_children(
    page: Page, demo
) -> None:
    page.goto("/areas/")
    codes = assert_map_and_table_show_the_same_areas(page)
    assert len(codes) == 15, "Oslo has 15 districts"
    map_element = page.locator(".map")
    expect(map_element).to_have_attribute("role", "img")
    expect(map_element).to_have_attribute("aria-label", re.compile(r"\S"))
    assert_accessible(page)

    page.locator("table").get_by_role("link", name="Grorud", exact=True).click()
    page.wait_for_url(re.compile(rf"/areas/{GRORUD}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grorud")
    trail = page.locator("nav.breadcrumbs li")
    expect(trail).to_have_count(3)
    expect(trail.nth(0).get_by_role("link")).to_have_attribute("href", "/areas/")
    expect(trail.nth(1).get_by_role("link")).to_have_text("Oslo")
    expect(trail.nth(2)).to_have_attribute("aria-current", "page")
    expect(trail.nth(2)).to_have_text("Grorud")
    children = assert_map_and_table_show_the_same_areas(page)
    assert ROMSAS in children
    assert all(code.startswith(GRORUD) for code in children)
    assert_accessible(page)

    # A subdistrict, reached by clicking it on the map: a map of itself, and the full trail.
    click_map_area(page, ROMSAS)
    page.wait_for_url(re.compile(rf"/areas/{ROMSAS}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Romsås")
    expect(page.locator("nav.breadcrumbs li")).to_have_count(4)
    expect(page.locator("nav.breadcrumbs li").nth(2).get_by_role("link")).to_have_text("Grorud")
    wait_for_map(page)
    assert map_codes(page) == [ROMSAS]
    assert_accessible(page)

    page.locator("nav.breadcrumbs li").nth(2).get_by_role("link").click()
    page.wait_for_url(re.compile(rf"/areas/{GRORUD}/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grorud")
