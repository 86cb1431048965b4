"""Statistics uploads are refused before they cost much: decompression bombs, sheets of too
many rows, files that take too long to read; ordinary files still import."""

import io
import json
import re
import time
import tracemalloc
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from omradeloft.indicators import forms
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator
from tests.spreadsheets import (
    long_sheet,
    row,
    shared_strings_bomb,
    sheet,
    write_workbook,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

MB = 1 << 20
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    return personas


@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """1.5 GB of shared strings in a file of about 4 MB, as in the report."""
    return shared_strings_bomb(tmp_path_factory.mktemp("bomb") / "statistikk.xlsx")


def upload(client, path: Path, content_type: str = XLSX, **extra):
    file = SimpleUploadedFile(path.name, path.read_bytes(), content_type)
    return client.post(reverse("indicators:import"), {"file": file, **extra})


def staged(settings) -> list[Path]:
    folder = Path(settings.VAR_DIR) / "staged"
    return list(folder.iterdir()) if folder.exists() else []


def refused(response) -> str:
    assert response.status_code == 400, response.status_code
    html = response.content.decode()
    assert 'class="error-summary"' in html
    return html


def timed(action):
    """The action's result, its seconds, and the peak of memory it allocates when repeated
    (apart, since tracing memory slows Python down)."""
    started = time.perf_counter()
    result = action()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    try:
        action()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return result, seconds, peak


# Decompression bombs


def test_a_shared_strings_bomb_is_refused_at_once_with_little_memory(
    client, catalogue, settings, bomb
):
    client.force_login(catalogue.analyst)
    response, seconds, peak = timed(lambda: upload(client, bomb))
    html = refused(response)
    assert "statistikk.xlsx unpacks to 1.4\xa0GB; at most 1.0\xa0GB is accepted." in html
    assert seconds < 1
    assert peak < 50 * MB  # the upload itself, twice: not the strings inside it
    assert staged(settings) == []
    assert not Observation.objects.exists()


def test_the_bomb_is_refused_on_the_command_line_too(catalogue, bomb):
    started = time.perf_counter()
    with pytest.raises(CommandError, match=r"statistikk\.xlsx unpacks to 1\.4.GB"):
        call_command("import_observations", str(bomb), stdout=io.StringIO())
    assert time.perf_counter() - started < 1


def test_a_bomb_within_the_unpacked_limit_is_refused_by_its_ratio(
    client, catalogue, settings, tmp_path
):
    bomb = shared_strings_bomb(tmp_path / "small-bomb.xlsx", unpacked=200 * MB)
    client.force_login(catalogue.analyst)
    html = refused(upload(client, bomb))
    assert "small-bomb.xlsx: xl/sharedStrings.xml is packed" in html
    assert "at most 100 to 1 is accepted" in html
    assert staged(settings) == []


def test_shared_strings_too_large_to_hold_are_refused(client, catalogue, settings, tmp_path):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    bomb = shared_strings_bomb(tmp_path / "strings.xlsx", unpacked=40 * MB)
    client.force_login(catalogue.analyst)
    html = refused(upload(client, bomb))
    assert re.search(
        r"sharedStrings\.xml unpacks to 39\.\d\xa0MB and is read whole; at most 32", html
    )


def test_a_sheet_without_a_dimension_record_is_read_whole_so_a_large_one_is_refused(
    client, catalogue, settings, tmp_path
):
    settings.UPLOAD_MAX_MEMBER_BYTES = 64 * 1024
    rows = [row(["not_employed", "0999010101", str(year), 25, 250, 1000]) for year in range(999)]
    book = write_workbook(tmp_path / "streamed.xlsx", sheet(rows, dimension=None))
    client.force_login(catalogue.analyst)
    html = refused(upload(client, book))
    assert "the sheet xl/worksheets/sheet1.xml does not state its size at its start" in html
    assert "Save the file again in Excel or LibreOffice" in html


def test_a_small_sheet_written_without_a_dimension_record_imports(client, catalogue, tmp_path):
    workbook = Workbook(write_only=True)  # writes no dimension record
    sheet_ = workbook.create_sheet("data")
    sheet_.append(["indicator", "area", "period", "value"])
    sheet_.append(["not_employed", "0999010101", "2024", 25])
    path = tmp_path / "write-only.xlsx"
    workbook.save(path)
    client.force_login(catalogue.analyst)
    response = upload(client, path)
    assert response.status_code == 302, response.content.decode()
    assert client.post(response["Location"]).status_code == 302
    assert Observation.objects.imported().get().value == 25


# Rows


def test_a_two_million_row_sheet_is_refused_by_its_dimension_before_its_rows_are_read(
    client, catalogue, settings, tmp_path
):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000  # identical rows pack very tightly
    book = long_sheet(tmp_path / "long.xlsx", 2_000_000)
    client.force_login(catalogue.analyst)
    response, seconds, peak = timed(lambda: upload(client, book))
    html = refused(response)
    assert "the sheet “data” says it has 2,000,000 rows; at most 250,000 can be read here." in html
    assert "import it on the command line (omradeloft import-observations)" in html
    assert seconds < 1
    assert peak < 50 * MB
    assert staged(settings) == []


def test_a_sheet_that_hides_its_rows_is_stopped_at_the_row_limit(
    client, catalogue, settings, tmp_path
):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    settings.IMPORT_WEB_MAX_ROWS = 1000
    book = long_sheet(tmp_path / "liar.xlsx", 20_000, dimension="A1:F2")
    client.force_login(catalogue.analyst)
    html = refused(upload(client, book))
    assert "the sheet “data” has more than 1,000 rows; at most 1,000 can be read here." in html
    assert staged(settings) == []


def test_every_row_of_a_sheet_is_read_whatever_its_dimension_says(
    client, catalogue, settings, tmp_path
):
    rows = [row(["not_employed", area, "2024", 25, 250, 1000]) for area in ("0999010101",)]
    rows += [row(["not_employed", "0999020201", "2024", 10, 100, 1000])]
    book = write_workbook(tmp_path / "short.xlsx", sheet(rows, dimension="A1:F2"))
    client.force_login(catalogue.analyst)
    response = upload(client, book)
    assert response.status_code == 302
    assert client.post(response["Location"]).status_code == 302
    assert Observation.objects.imported().count() == 2


def test_the_command_line_reads_more_rows_than_the_web(catalogue, settings, tmp_path):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    settings.IMPORT_WEB_MAX_ROWS = 10
    settings.IMPORT_MAX_ROWS = 20
    rows = [
        row(["not_employed", "0999010101", str(year), 25, 250, 1000]) for year in range(2000, 2015)
    ]
    book = write_workbook(tmp_path / "years.xlsx", sheet(rows, f"A1:F{len(rows) + 1}"))
    out = io.StringIO()
    call_command("import_observations", str(book), "--dry-run", stdout=out)
    assert "15 rows" in out.getvalue()
    settings.IMPORT_MAX_ROWS = 12
    with pytest.raises(
        CommandError, match=r"says it has 15 rows; at most 12 .*raise IMPORT_MAX_ROWS"
    ):
        call_command("import_observations", str(book), "--dry-run", stdout=io.StringIO())


def test_a_csv_file_over_the_row_limit_is_refused(client, catalogue, settings, tmp_path):
    settings.IMPORT_WEB_MAX_ROWS = 5
    lines = ["indicator,area,period,value"] + [
        f"not_employed,0999010101,{year},25" for year in range(2000, 2006)
    ]
    path = tmp_path / "six.csv"
    path.write_text("\n".join(lines) + "\n")
    client.force_login(catalogue.analyst)
    html = refused(upload(client, path, "text/csv"))
    assert "the file has more than 5 rows; at most 5 can be read here." in html
    assert staged(settings) == []


def test_reading_an_upload_stops_at_the_time_budget(client, catalogue, settings, tmp_path):
    settings.UPLOAD_MAX_COMPRESSION_RATIO = 10_000
    settings.IMPORT_WEB_MAX_ROWS = 10_000_000
    settings.IMPORT_WEB_SECONDS = 1
    book = long_sheet(tmp_path / "slow.xlsx", 500_000)  # some 20 s of reading
    client.force_login(catalogue.analyst)
    response, seconds, _peak = timed(lambda: upload(client, book))
    html = refused(response)
    assert "Reading the sheet “data” was stopped after 1 second, at row" in html
    assert seconds < 3
    assert staged(settings) == []


# JSON-stat


def cube(sizes, value):
    ids = [f"D{i}" for i in range(len(sizes))]
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ids,
        "size": sizes,
        "dimension": {
            d: {"category": {"index": [f"{c:04d}" for c in range(n)]}}
            for d, n in zip(ids, sizes, strict=True)
        },
        "value": value,
    }


def test_a_json_stat_dataset_of_too_many_cells_is_refused_before_they_are_made(
    client, catalogue, settings, tmp_path
):
    # A few kB declaring three million cells: the cube would take 48 MB before any check.
    document = cube([1000, 1000, 3], {"0": 1})
    mapping = {
        "area": {"dimension": "D0"},
        "period": {"dimension": "D1"},
        "indicator": {"dimension": "D2"},
    }
    path = tmp_path / "cube.json"
    path.write_text(json.dumps(document))
    client.force_login(catalogue.analyst)
    map_file = SimpleUploadedFile("map.json", json.dumps(mapping).encode())
    response, seconds, peak = timed(
        lambda: upload(client, path, "application/json", mapping=map_file)
    )
    assert seconds < 1
    html = refused(response)
    assert "the dataset says it has 3,000,000 rows; at most 250,000 can be read here." in html
    assert peak < 20 * MB
    assert staged(settings) == []


def test_a_json_stat_file_over_its_size_limit_is_refused(
    client, catalogue, settings, tmp_path, monkeypatch
):
    monkeypatch.setattr(forms, "MAX_JSONSTAT_BYTES", 100)
    path = tmp_path / "big.json"
    path.write_text(json.dumps(cube([10, 10], list(range(100)))))
    client.force_login(catalogue.analyst)
    map_file = SimpleUploadedFile("map.json", b"{}")
    html = refused(upload(client, path, "application/json", mapping=map_file))
    assert "files of at most 100\xa0bytes can be imported here" in html


# Ordinary files


def test_a_windows_1252_csv_with_decimal_commas_imports(client, catalogue, tmp_path):
    text = (
        "indicator;area;period;value;numerator;denominator;merknad\n"
        "not_employed;0999010101;2024;25,3;253;1000;Grünerløkka og Sørbyen\n"
    )
    path = tmp_path / "excel.csv"
    path.write_bytes(text.encode("cp1252"))
    client.force_login(catalogue.analyst)
    response = upload(client, path, "text/csv")
    assert response.status_code == 302, response.content.decode()
    assert client.post(response["Location"]).status_code == 302
    assert Observation.objects.imported().get().value == pytest.approx(25.3)


def test_a_percent_formatted_excel_cell_imports_as_the_percentage_it_shows(
    client, catalogue, tmp_path
):
    workbook = Workbook()
    sheet_ = workbook.active
    sheet_.append(["indicator", "area", "period", "value"])
    sheet_.append(["not_employed", "0999010101", "2024", 0.253])
    sheet_["D2"].number_format = "0.0%"
    path = tmp_path / "percent.xlsx"
    workbook.save(path)
    client.force_login(catalogue.analyst)
    response = upload(client, path)
    assert response.status_code == 302, response.content.decode()
    assert client.post(response["Location"]).status_code == 302
    # The cell holds the fraction 0.253 and shows 25.3 %: the indicator's unit is percent.
    assert Observation.objects.imported().get().value == pytest.approx(25.3)
