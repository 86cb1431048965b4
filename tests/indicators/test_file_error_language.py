"""A file refused as a whole (a broken JSON-stat dataset, a wide table its mapping does not
fit, too many rows, text in an unknown encoding) is explained in the reader's language on
the web and in English on the command line."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.indicators.test_import_pages import catalogue, upload

pytestmark = pytest.mark.django_db
__all__ = ["catalogue"]

MAPPING = {
    "area": {"dimension": "Region", "prefix": "0999"},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}


def dataset_with_text_value() -> dict:
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 1],
        "dimension": {
            "Region": {"category": {"index": ["01", "02"]}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": [1000, "abc"],
    }


@pytest.fixture
def own_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def refused_jsonstat(client, dataset: dict) -> str:
    response = upload(
        client,
        SimpleUploadedFile("ssb.json", json.dumps(dataset).encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
    )
    assert response.status_code == 400
    return response.content.decode()


def test_a_bokmal_upload_of_a_broken_json_stat_file_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_jsonstat(client, dataset_with_text_value())
    assert "ikke et brukbart JSON-stat 2.0-datasett: $.value[1]: forventet et tall" in page
    assert "i celle 1 (Region=02, Tid=2024)" in page
    assert "expected a number or null" not in page


def test_an_english_upload_of_a_broken_json_stat_file_is_refused_in_english(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    client.cookies["django_language"] = "en"
    page = refused_jsonstat(client, dataset_with_text_value())
    assert (
        "$.value[1]: expected a number or null, got &#x27;abc&#x27; (a string) "
        "at cell 1 (Region=02, Tid=2024)"
    ) in page


def test_a_bokmal_upload_of_a_json_stat_collection_is_refused_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = refused_jsonstat(client, {"class": "collection", "link": {}})
    assert "$: dette er en JSON-stat-samling" in page
    assert "this is a JSON-stat collection" not in page


def test_the_command_line_refuses_a_broken_json_stat_file_in_english(
    catalogue, settings, tmp_path: Path
):
    settings.LANGUAGE_CODE = "nb"
    data, mapping = tmp_path / "ssb.json", tmp_path / "map.json"
    data.write_text(json.dumps(dataset_with_text_value()), encoding="utf-8")
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_observations",
            str(data),
            mapping=mapping,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert (
        "not a usable JSON-stat 2.0 dataset: $.value[1]: expected a number or null, got 'abc' "
        "(a string) at cell 1 (Region=02, Tid=2024)"
    ) in str(refused.value)


WIDE_TABLE = (
    "region;statistikkvariabel;2023;2024\n099901 Nordbyen;Personer;1000;1010\n"
    "099902 Sørbyen;Personer;2000;2020\n"
)
MAPPING_WITHOUT_AREA_COLUMN = {
    "area": {"code_pattern": "^(\\S+)"},
    "indicator": {"column": "statistikkvariabel", "codes": {"Personer": "population"}},
    "period": {"columns": "wide"},
}
LONG_ROWS = "indicator,area,period,value\n" + "".join(
    f"population,0999010101,{year},10\n" for year in range(2000, 2006)
)


def refused_upload(client, file, **extra) -> str:
    response = upload(client, file, **extra)
    assert response.status_code == 400
    return response.content.decode()


def refused_command(path: Path, **options) -> str:
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_observations", str(path), stdout=StringIO(), stderr=StringIO(), **options
        )
    return str(refused.value)


def test_a_bokmal_upload_of_a_wide_table_its_mapping_does_not_fit_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_upload(
        client,
        SimpleUploadedFile("wide.csv", WIDE_TABLE.encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(MAPPING_WITHOUT_AREA_COLUMN).encode()),
    )
    assert "koblingen: &#x27;area&#x27; trenger en &#x27;column&#x27;" in page
    assert "needs a" not in page


def test_a_bokmal_upload_of_a_wide_table_without_its_column_names_the_header_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    mapping = {**MAPPING_WITHOUT_AREA_COLUMN, "area": {"column": "Kommune"}}
    page = refused_upload(
        client,
        SimpleUploadedFile("wide.csv", WIDE_TABLE.encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(mapping).encode()),
    )
    assert "ingen kolonne «Kommune» i overskriftsraden (rad 1)" in page
    assert "in the header row" not in page


def test_a_bokmal_upload_over_the_row_limit_is_refused_in_bokmal(
    client, catalogue, own_var, settings
):
    settings.IMPORT_WEB_MAX_ROWS = 5
    client.force_login(catalogue.analyst)
    page = refused_upload(client, SimpleUploadedFile("six.csv", LONG_ROWS.encode()))
    assert "filen har mer enn 5 rader; høyst 5 kan leses her." in page
    assert "more than 5 rows" not in page


def test_a_bokmal_upload_in_another_encoding_than_chosen_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    latin = LONG_ROWS.replace("0999010101", "Sørbyen").encode("latin-1")
    page = refused_upload(client, SimpleUploadedFile("latin.csv", latin), encoding="utf-8")
    assert "filen er ikke UTF-8: linje 2 har byten 0xF8" in page
    assert "is not valid there" not in page


def test_a_bokmal_upload_of_utf16_text_is_refused_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = refused_upload(client, SimpleUploadedFile("u16.csv", LONG_ROWS.encode("utf-16")))
    assert "filen er UTF-16-tekst" in page
    assert "save it as" not in page


def test_the_command_line_refuses_a_wide_mapping_in_english_whatever_the_site_language(
    catalogue, settings, tmp_path: Path
):
    settings.LANGUAGE_CODE = "nb"
    table, mapping = tmp_path / "wide.csv", tmp_path / "map.json"
    table.write_text(WIDE_TABLE, encoding="utf-8")
    mapping.write_text(json.dumps(MAPPING_WITHOUT_AREA_COLUMN), encoding="utf-8")
    assert "mapping: 'area' needs a 'column'" in refused_command(table, mapping=mapping)


def test_the_command_line_refuses_too_many_rows_in_english_whatever_the_site_language(
    catalogue, settings, tmp_path: Path
):
    settings.LANGUAGE_CODE = "nb"
    settings.IMPORT_MAX_ROWS = 5
    path = tmp_path / "six.csv"
    path.write_text(LONG_ROWS, encoding="utf-8")
    assert (
        "the file has more than 5 rows; at most 5 can be read here. Split it into smaller "
        "files, or raise IMPORT_MAX_ROWS."
    ) in refused_command(path)


def test_the_command_line_refuses_a_wrong_encoding_in_english_whatever_the_site_language(
    catalogue, settings, tmp_path: Path
):
    settings.LANGUAGE_CODE = "nb"
    path = tmp_path / "latin.csv"
    path.write_bytes(LONG_ROWS.replace("0999010101", "Sørbyen").encode("latin-1"))
    assert "the file is not UTF-8: line 2 has the byte 0xF8" in refused_command(
        path, encoding="utf-8"
    )


# A library's own (English) error text is shown only as a technical detail after a sentence
# in the reader's language.


def test_a_bokmal_upload_of_a_broken_workbook_says_why_in_bokmal_before_the_library_detail(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_upload(client, SimpleUploadedFile("book.xlsx", b"not a zip file"))
    assert (
        "ikke en lesbar Excel-arbeidsbok: filen er ikke et ZIP-arkiv, slik en "
        ".xlsx-arbeidsbok er (teknisk detalj: File is not a zip file)"
    ) in page


def test_a_bokmal_upload_of_broken_json_says_where_in_bokmal_before_the_library_detail(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    response = upload(
        client,
        SimpleUploadedFile("ssb.json", b'{"class": "dataset",'),
        mapping=SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
    )
    page = response.content.decode()
    assert "Ikke gyldig JSON på linje 1, kolonne 21 (teknisk detalj: Expecting" in page


def test_a_bokmal_upload_of_a_wide_mapping_with_a_broken_pattern_gives_the_detail_last(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    mapping = {**MAPPING_WITHOUT_AREA_COLUMN, "area": {"column": "region"}}
    mapping["period"] = {"columns": "(2024"}
    page = refused_upload(
        client,
        SimpleUploadedFile("wide.csv", WIDE_TABLE.encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(mapping).encode()),
    )
    assert (
        "koblingen: period.columns er ikke et gyldig regulært uttrykk "
        "(teknisk detalj: missing ), unterminated subpattern at position 0)"
    ) in page


def test_the_command_line_gives_a_library_detail_in_english(catalogue, settings, tmp_path: Path):
    settings.LANGUAGE_CODE = "nb"
    path = tmp_path / "book.xlsx"
    path.write_bytes(b"not a zip file")
    assert (
        "not a readable Excel workbook: the file is not a ZIP archive, as an .xlsx workbook is "
        "(technical detail: File is not a zip file)"
    ) in refused_command(path)
