"""Broken and differently encoded observation files get a clear message, on the command line
and on the web, and write nothing; files in Windows-1252 or Latin-1 are read right and say so.

The files are in tests/indicators/files/ (see the README there)."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from omradeloft.indicators.importing import sources
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import ImportBatch, Observation
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

FILES = Path(__file__).parent / "files"
MAPPING = {
    "area": {"dimension": "Region", "prefix": "0999"},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def run_import(path: Path, *args: str) -> str:
    out = StringIO()
    call_command("import_observations", str(path), *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def command_refusal(path: Path, *args: str) -> str:
    """What the command says when it refuses the file: its row messages and its last word."""
    errors = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_observations", str(path), *args, stdout=StringIO(), stderr=errors)
    return errors.getvalue() + str(refused.value)


def web_upload(client, user, path: Path, **extra):
    client.force_login(user)
    file = SimpleUploadedFile(path.name, path.read_bytes())
    return client.post(reverse("indicators:import"), {"file": file, **extra})


def staged_files(settings) -> list[Path]:
    folder = Path(settings.VAR_DIR) / "staged"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


def assert_nothing_written(settings):
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
    assert staged_files(settings) == []


# Rows with more fields than the header


EXTRA_FIELDS = [
    ("extra_field_first_row.csv", "row 2: 7 fields, but the header has 6"),
    ("hyperlink_cell.csv", "row 7: 7 fields, but the header has 6"),
]


@pytest.mark.parametrize(("name", "message"), EXTRA_FIELDS)
def test_the_command_names_the_row_with_more_fields_than_the_header(catalogue, name, message):
    refusal = command_refusal(FILES / name)
    assert message in refusal
    assert "needs quotes" in refusal
    assert not Observation.objects.exists()


@pytest.mark.parametrize(("name", "message"), EXTRA_FIELDS)
def test_the_upload_names_the_row_with_more_fields_than_the_header(
    client, catalogue, settings, name, message
):
    response = web_upload(client, catalogue.analyst, FILES / name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_nothing_written(settings)


def test_a_row_with_extra_fields_in_a_later_chunk_is_named_with_its_own_row_number(catalogue):
    chunks = sources.read_csv(FILES / "hyperlink_cell.csv", chunk_rows=2)
    with pytest.raises(SourceError, match="row 7: 7 fields, but the header has 6"):
        list(chunks)


def test_a_comma_inside_a_quoted_cell_is_no_extra_field(catalogue, tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text(
        "indicator,area,period,value,note\n"
        'not_employed,0999010101,2024,25.0,"=HYPERLINK(""http://x"",""y"")"\n',
        encoding="utf-8",
    )
    run_import(path)
    assert Observation.objects.imported().get().value == 25.0


def test_rows_with_too_few_fields_have_their_missing_cells_empty(catalogue):
    run_import(FILES / "too_few_fields.csv")
    imported = Observation.objects.imported()
    assert imported.get(area__code="0999010101").value == 25.0
    by_ratio = imported.get(area__code="0999020201")
    assert (by_ratio.numerator, by_ratio.denominator) == (100, 1000)


# Files that are not text


def test_the_command_refuses_an_image_renamed_csv_as_not_text(catalogue):
    refusal = command_refusal(FILES / "png_renamed.csv")
    assert "the file is not text (it looks like a PNG image)" in refusal


def test_the_upload_refuses_an_image_renamed_csv_as_not_text(client, catalogue, settings):
    response = web_upload(client, catalogue.analyst, FILES / "png_renamed.csv")
    assert response.status_code == 400
    assert "the file is not text (it looks like a PNG image)" in response.content.decode()
    assert_nothing_written(settings)


def test_a_file_of_bytes_that_read_as_no_text_is_refused(catalogue, tmp_path):
    path = tmp_path / "noise.csv"
    path.write_bytes(b"indicator,area,period,value\n" + bytes(range(0x80, 0x100)) * 8)
    refusal = command_refusal(path)
    assert "UTF-8, Windows-1252 or ISO-8859-1" in refusal
    assert "codec" not in refusal


# Encodings


def test_an_excel_semicolon_csv_in_windows_1252_imports_and_says_how_it_was_read(catalogue):
    output = run_import(FILES / "excel_semikolon_windows1252.csv")
    assert "read as Windows-1252" in output
    values = dict(Observation.objects.imported().values_list("area__code", "value"))
    assert values == {"0999010101": 12.5, "0999020201": 7.25}


def test_a_latin_1_csv_is_read_with_its_letters_as_they_stand(catalogue):
    refusal = command_refusal(FILES / "latin1_unknown_area.csv")
    assert "Bjørnåsen" in refusal
    assert not Observation.objects.exists()


def test_a_utf_8_csv_with_a_byte_order_mark_is_read_as_utf_8(catalogue, tmp_path):
    path = tmp_path / "bom.csv"
    path.write_bytes(
        "indicator,area,period,value\nnot_employed,0999010101,2024,25\n".encode("utf-8-sig")
    )
    assert "read as UTF-8" in run_import(path)
    assert Observation.objects.imported().count() == 1


def test_a_latin_1_json_stat_file_imports_and_says_how_it_was_read(catalogue, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    output = run_import(FILES / "ssb_latin1.json", "--mapping", str(mapping))
    assert "read as Windows-1252" in output
    values = dict(Observation.objects.imported().values_list("area__code", "value"))
    assert values == {"099901": 1000.0, "099902": 2000.0}


def test_the_encoding_given_on_the_command_line_is_used(catalogue):
    output = run_import(FILES / "excel_semikolon_windows1252.csv", "--encoding", "iso-8859-1")
    assert "read as ISO-8859-1" in output


def test_a_file_that_is_not_in_the_encoding_given_is_refused_by_line(catalogue):
    refusal = command_refusal(FILES / "excel_semikolon_windows1252.csv", "--encoding", "utf-8")
    assert "not UTF-8" in refusal
    assert "line 1" in refusal  # the header's "områdenavn"
    assert "codec" not in refusal
    assert not Observation.objects.exists()


def test_an_unknown_encoding_on_the_command_line_is_refused(catalogue):
    refusal = command_refusal(FILES / "excel_semikolon_windows1252.csv", "--encoding", "ebcdic")
    assert "ebcdic" in refusal
    assert "UTF-8, Windows-1252 or ISO-8859-1" in refusal


def test_the_file_facts_carry_the_encoding_used(catalogue):
    _, info = open_observation_file(FILES / "excel_semikolon_windows1252.csv")
    assert info.encoding == "Windows-1252"
    _, info = open_observation_file(FILES / "too_few_fields.csv")
    assert info.encoding == "UTF-8"


def test_the_upload_preview_says_how_the_file_was_read(client, catalogue, settings):
    response = web_upload(client, catalogue.analyst, FILES / "excel_semikolon_windows1252.csv")
    assert response.status_code == 302, response.content.decode()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    meta = json.loads((Path(settings.VAR_DIR) / "staged" / token / "meta.json").read_text())
    assert meta["encoding"] == "Windows-1252"
    assert "read as Windows-1252" in client.get(response["Location"]).content.decode()
    assert client.post(response["Location"]).status_code == 302
    assert Observation.objects.imported().count() == 2


def test_the_upload_uses_the_encoding_chosen_on_the_form(client, catalogue):
    response = web_upload(
        client,
        catalogue.analyst,
        FILES / "excel_semikolon_windows1252.csv",
        encoding="iso-8859-1",
    )
    assert response.status_code == 302, response.content.decode()
    assert "read as ISO-8859-1" in client.get(response["Location"]).content.decode()


def test_the_upload_refuses_a_file_not_in_the_encoding_chosen(client, catalogue, settings):
    response = web_upload(
        client, catalogue.analyst, FILES / "excel_semikolon_windows1252.csv", encoding="utf-8"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "not UTF-8" in html
    assert "codec" not in html
    assert_nothing_written(settings)


def test_the_upload_refuses_an_encoding_not_offered(client, catalogue, settings):
    response = web_upload(
        client, catalogue.analyst, FILES / "excel_semikolon_windows1252.csv", encoding="ebcdic"
    )
    assert response.status_code == 400
    assert_nothing_written(settings)


def test_the_upload_of_a_latin_1_json_stat_file_imports(client, catalogue, settings):
    client.force_login(catalogue.programme_admin)
    response = client.post(
        reverse("indicators:import"),
        {
            "file": SimpleUploadedFile("ssb.json", (FILES / "ssb_latin1.json").read_bytes()),
            "mapping": SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
        },
    )
    assert response.status_code == 302, response.content.decode()
    assert "read as Windows-1252" in client.get(response["Location"]).content.decode()


def test_someone_without_the_right_to_import_cannot_upload_a_broken_file(client, catalogue):
    response = web_upload(client, catalogue.resident, FILES / "png_renamed.csv")
    assert response.status_code == 403


def test_the_upload_says_what_is_wrong_in_bokmal(client, catalogue, settings):
    settings.LANGUAGE_CODE = "nb"
    response = web_upload(client, catalogue.analyst, FILES / "png_renamed.csv")
    assert "filen er ikke tekst (den ser ut som et PNG-bilde)" in response.content.decode()
    response = web_upload(client, catalogue.analyst, FILES / "hyperlink_cell.csv")
    assert "rad 7: 7 felt, men overskriftsraden har 6" in response.content.decode()


@pytest.mark.parametrize("content", [b"", b"\r\n\r\n"])
def test_an_empty_file_is_refused_as_empty(catalogue, tmp_path, content):
    path = tmp_path / "empty.csv"
    path.write_bytes(content)
    assert "The file is empty." in command_refusal(path)
