"""Importing statistics in the browser: a decompression bomb is refused on the upload form,
an ordinary file is checked and imported."""

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from omradeloft.indicators.models import Observation
from tests.e2e.helpers import assert_accessible, in_bokmal, log_in
from tests.indicators.factories import make_indicator, write_csv
from tests.spreadsheets import shared_strings_bomb

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(personas, settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"
    make_indicator("not_employed")
    return personas


def test_a_bomb_is_refused_on_the_form_and_a_good_file_imports(page: Page, catalogue, tmp_path):
    bomb = shared_strings_bomb(tmp_path / "statistikk.xlsx", unpacked=200 << 20)
    log_in(page, "analyst")
    page.goto("/indicators/import/")
    page.locator("#id_file").set_input_files(str(bomb))
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("statistikk.xlsx: xl/sharedStrings.xml")
    ratio_message = in_bokmal(
        "%(file)s: %(member)s is packed %(ratio)s to 1; at most %(limit)s to 1 is accepted, "
        "since more is the mark of a decompression bomb."
    )
    expect(summary).to_contain_text(ratio_message.split("%(limit)s")[-1].strip())
    assert_accessible(page)

    good = write_csv(tmp_path / "good.csv", ["not_employed,0999010101,2024,25.0,250,1000"])
    page.locator("#id_file").set_input_files(str(good))
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("good.csv")
    expect(page.locator("main table td").first).to_have_text("1")
    assert_accessible(page)
    page.get_by_role("button", name=in_bokmal("Import"), exact=True).click()
    expect(page.locator(".message")).to_contain_text("good.csv")
    assert Observation.objects.imported().count() == 1


FILES = Path(__file__).parent.parent / "indicators" / "files"


def test_a_broken_csv_is_refused_by_row_and_a_windows_1252_file_says_how_it_was_read(
    page: Page, catalogue
):
    log_in(page, "analyst")
    page.goto("/indicators/import/")
    assert_accessible(page)
    page.locator("#id_file").set_input_files(str(FILES / "hyperlink_cell.csv"))
    page.locator("main form button[type=submit]").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(
        in_bokmal(
            "row %(row)s: %(fields)s fields, but the header has %(header)s (a comma or "
            "semicolon inside a cell needs quotes)"
        )
        % {"row": 7, "fields": 7, "header": 6}
    )
    assert_accessible(page)

    page.locator("#id_file").set_input_files(str(FILES / "excel_semikolon_windows1252.csv"))
    page.locator("#id_encoding").select_option("windows-1252")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("h1")).to_contain_text("excel_semikolon_windows1252.csv")
    expect(page.locator("main")).to_contain_text(
        in_bokmal("The file was read as %(encoding)s.") % {"encoding": "Windows-1252"}
    )
    assert_accessible(page)
