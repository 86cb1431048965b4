"""Implausible values in the browser: listed on the check, imported only once confirmed."""

import pytest
from playwright.sync_api import Page, expect

from omradeloft.indicators.models import Observation
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    make_indicator("not_employed")
    return personas


def test_implausible_values_are_imported_only_after_the_box_is_ticked(
    page: Page, catalogue, tmp_path
):
    path = write_csv(tmp_path / "odd.csv", ['not_employed,0999010101,2024,"150,5",,'])
    log_in(page, "analyst")
    page.goto("/indicators/import/")
    page.locator("#id_file").set_input_files(str(path))
    page.get_by_label(in_bokmal("Comma (12 345,6)")).check()
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#warnings")).to_be_visible()
    expect(page.locator("main")).to_contain_text("150,5 er en prosentandel utenfor 0–100")
    assert_accessible(page)
    page.get_by_role("button", name=in_bokmal("Import"), exact=True).click()
    assert not Observation.objects.exists()  # the box is required before the form is sent
    page.locator("#accept_warnings").check()
    page.get_by_role("button", name=in_bokmal("Import"), exact=True).click()
    expect(page.locator(".message")).to_contain_text("odd.csv")
    assert Observation.objects.imported().get().value == 150.5
