"""The web import shows why a file is refused in the reader's language; the command line
keeps English."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.indicators.test_import_pages import catalogue, csv_file, preview_url, token_of, upload

pytestmark = pytest.mark.django_db
FILES = Path(__file__).parent / "files"
__all__ = ["catalogue"]


@pytest.fixture
def own_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def errors_on_preview(client, rows):
    token = token_of(upload(client, csv_file(rows)))
    response = client.get(preview_url(token))
    assert response.status_code == 400
    return response.content.decode()


def refused_upload(client, file):
    response = upload(client, file)
    assert response.status_code == 400
    return response.content.decode()


def test_a_bokmal_page_says_in_bokmal_that_a_value_is_not_a_number(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = errors_on_preview(client, ["not_employed,0999010101,2024,abc,,"])
    assert "rad 2: value: “abc” er ikke et tall" in page
    assert "is not a number" not in page


def test_a_bokmal_page_says_in_bokmal_that_an_area_code_is_unknown(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = errors_on_preview(client, ["not_employed,nowhere,2024,1,,"])
    assert "rad 2: area: ukjent områdekode “nowhere”" in page
    assert "unknown area code" not in page


def test_a_bokmal_page_groups_rows_with_one_problem_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    rows = [f"not_employed,nowhere,{year},1,," for year in (2022, 2023, 2024)]
    page = errors_on_preview(client, rows)
    assert "radene 2–4: area: ukjent områdekode “nowhere” (3 rader)" in page


def test_a_bokmal_page_says_in_bokmal_that_a_number_format_is_ambiguous(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = errors_on_preview(client, ['population,0999010101,2024,"1,234",,'])
    assert "value: rad 2 (“1,234”) og alle andre tall som ligner har tre sifre" in page
    assert "which may be a decimal comma" not in page


def test_a_bokmal_page_names_a_duplicate_row_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    row = "population,0999010101,2024,10,,"
    page = errors_on_preview(client, [row, row])
    assert "rad 3: indicator, area, period: duplikat av rad 2" in page


def test_a_bokmal_upload_of_a_broken_csv_row_is_refused_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = refused_upload(client, csv_file(["population,0999010101,2024,10,,,,extra"]))
    assert "rad 2: 8 felt, men overskriftsraden har 6" in page
    assert "fields, but the header" not in page


def test_a_bokmal_upload_of_a_binary_file_is_refused_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    binary = SimpleUploadedFile("statistics.csv", b"indicator\x00area\x00\x01\x02", "text/csv")
    page = refused_upload(client, binary)
    assert "filen er ikke tekst (den inneholder NUL-byte)" in page


def test_a_bokmal_upload_without_the_needed_columns_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_upload(client, csv_file([], header="indicator,area,value"))
    assert "mangler kolonne(r) period; forventet en overskriftsrad med" in page
    assert "missing column(s)" not in page


def test_an_english_page_shows_the_same_errors_in_english(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    client.cookies["django_language"] = "en"
    page = errors_on_preview(
        client, ["not_employed,0999010101,2024,abc,,", "not_employed,nowhere,2024,1,,"]
    )
    assert "row 2: value: “abc” is not a number" in page
    assert "row 3: area: unknown area code “nowhere”" in page
    assert "er ikke et tall" not in page


def test_the_command_line_keeps_english_whatever_the_site_language(catalogue, settings, tmp_path):
    settings.LANGUAGE_CODE = "nb"
    path = tmp_path / "bad.csv"
    path.write_text(
        "indicator,area,period,value,numerator,denominator\n"
        "not_employed,0999010101,2024,abc,,\nnot_employed,nowhere,2024,1,,\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_observations", str(path), stdout=StringIO(), stderr=err)
    assert "row 2: value: “abc” is not a number" in err.getvalue()
    assert "row 3: area: unknown area code “nowhere”" in err.getvalue()


@pytest.mark.parametrize(
    ("content", "english"),
    [
        (
            "indicator,area,period,value,value\n",
            "The header names the column(s) “value” more than once; keep one of each.",
        ),
        ("indicator,area,period,value\nx,y,2024,1,2,3\n", "row 2: 6 fields, but the header has 4"),
        ("indicator,area\n", "missing column(s) period; expected a header with"),
    ],
)
def test_the_command_line_keeps_english_for_a_file_it_cannot_read(
    catalogue, settings, tmp_path, content, english
):
    settings.LANGUAGE_CODE = "nb"
    path = tmp_path / "bad.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_observations", str(path), stdout=StringIO(), stderr=StringIO())
    assert english in str(refused.value)


def test_a_bokmal_upload_of_a_wide_table_without_a_mapping_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_upload(client, csv_file([], header="region,2023,2024"))
    assert "Dette ser ut som en bred tabell fra en statistikkbank" in page
    assert "missing column(s)" not in page


def test_a_bokmal_page_names_the_cell_of_a_wide_table_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    table = (FILES / "ssb_07459_wide.csv").read_bytes().replace(b"1010", b"abc")
    mapping = (FILES / "ssb_07459_wide.mapping.json").read_bytes()
    response = upload(
        client,
        SimpleUploadedFile("ssb_07459_wide.csv", table),
        mapping=SimpleUploadedFile("mapping.json", mapping),
    )
    page = client.get(preview_url(token_of(response))).content.decode()
    assert "rad 4, kolonne 2023: value: “abc” er ikke et tall" in page
