"""The web import lists implausible values in the reader's language; the command keeps
English."""

import pytest

from tests.indicators.test_import_pages import catalogue, csv_file, preview_url, token_of, upload

pytestmark = pytest.mark.django_db
__all__ = ["catalogue"]


@pytest.fixture
def own_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def test_a_bokmal_import_page_lists_an_implausible_percentage_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(["not_employed,0999010101,2024,150.5,,"])))
    page = client.get(preview_url(token)).content.decode()
    assert "verdi: 150,5 er en prosentandel utenfor 0–100 (indikator not_employed)" in page
    assert "is a percentage outside" not in page


def test_an_english_import_page_lists_the_same_warning_in_english(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    client.cookies["django_language"] = "en"
    token = token_of(upload(client, csv_file(["not_employed,0999010101,2024,150.5,,"])))
    page = client.get(preview_url(token)).content.decode()
    assert "value: 150.5 is a percentage outside 0-100 (indicator not_employed)" in page


def test_a_bokmal_import_page_names_the_row_of_a_warning_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(["not_employed,0999010101,2024,150.5,,"])))
    page = client.get(preview_url(token)).content.decode()
    assert "rad 2: verdi: 150,5" in page
