"""Hostile files through every importer: each is read right or refused with a clear message,
never a traceback, and a refusal writes nothing.

The files are made small in the test (tests/hostile_files.py builds them): empty files, a
lone BOM, NUL bytes, UTF-16, corrupt archives, Excel error cells, formulas, dates and
booleans in number columns, numbers too big for a float, JSON of the wrong shape, and
mappings that are not what they should be."""

import json
import urllib.request
from datetime import date
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from omradeloft.areas.models import Area, AreaChange
from omradeloft.indicators.models import ImportBatch, Indicator, Observation
from tests import hostile_files as h
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]


@pytest.fixture
def english_with_own_var(settings, tmp_path):
    settings.LANGUAGE_CODE = "en"
    settings.VAR_DIR = tmp_path / "var"


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def run_command(name: str, *args: str, **options) -> tuple[bool, str]:
    """(True, output) when the command ran, (False, its message) when it refused; any other
    exception fails the test."""
    out, err = StringIO(), StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err, **options)
    except CommandError as e:
        return False, err.getvalue() + str(e)
    return True, out.getvalue()


def stored_values() -> list[tuple[str, str, float | None]]:
    return sorted(
        Observation.objects.filter(is_derived=False).values_list("area__code", "period", "value")
    )


def assert_no_observations_written():
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


# Observation files that must be refused: (file name, bytes)

REFUSED_OBSERVATION_FILES = {
    "empty csv": ("o.csv", lambda: b""),
    "csv of only a bom": ("o.csv", lambda: b"\xef\xbb\xbf"),
    "csv in utf-16 with bom": (
        "o.csv",
        lambda: "\n".join([h.LONG_HEADER, h.GOOD_ROW, ""]).encode("utf-16"),
    ),
    "csv with a nul byte in a value": (
        "o.csv",
        lambda: h.long_csv("population,099901,2024,10\x0000,,"),
    ),
    "csv with 1e309": ("o.csv", lambda: h.long_csv("population,099901,2024,1e309,,")),
    "csv with twenty nines": (
        "o.csv",
        lambda: h.long_csv("population,099901,2024,99999999999999999999,,"),
    ),
    "csv with nan": ("o.csv", lambda: h.long_csv("population,099901,2024,NaN,,")),
    "csv with a percent sign": (
        "o.csv",
        lambda: h.long_csv('not_employed,099901,2024,"9,8 %",,'),
    ),
    "csv with inf": ("o.csv", lambda: h.long_csv("population,099901,2024,inf,,")),
    "csv with a duplicate column": (
        "o.csv",
        lambda: h.long_csv(
            "population,099901,2024,1000,5", header="indicator,area,period,value,value"
        ),
    ),
    "xlsx that is a corrupt zip": ("o.xlsx", lambda: b"PK\x03\x04" + b"\x00garbage" * 20),
    "xlsx cut short": (
        "o.xlsx",
        lambda: h.truncated(h.long_workbook(["population", "099901", "2024", 1000])),
    ),
    "xlsx with an empty sheet": ("o.xlsx", lambda: h.workbook()),
    "xlsx with #DIV/0!": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", "2024", "#DIV/0!"]),
    ),
    "xlsx with #N/A": ("o.xlsx", lambda: h.long_workbook(["population", "099901", "2024", "#N/A"])),
    "xlsx with a formula": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", "2024", "=1/0"]),
    ),
    "xlsx with a date as value": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", "2024", date(2024, 5, 1)]),
    ),
    "xlsx with a boolean as value": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", "2024", True]),
    ),
    "xlsx with a date as period": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", date(2024, 1, 1), 1000]),
    ),
    "xls that is really csv": ("o.xls", lambda: h.long_csv(h.GOOD_ROW)),
    "xls that is empty": ("o.xls", lambda: b""),
}

IMPORTED_OBSERVATION_FILES = {
    "csv with crlf": ("o.csv", lambda: h.long_csv(h.GOOD_ROW, newline="\r\n")),
    "csv with cr": ("o.csv", lambda: h.long_csv(h.GOOD_ROW, newline="\r")),
    "csv with bom and quoted header": (
        "o.csv",
        lambda: (
            "\ufeff" + '"indicator","area","period","value","numerator","denominator"\n'
            '"population","099901","2024","1000","",""\n'
        ).encode(),
    ),
    "xlsx with a number": (
        "o.xlsx",
        lambda: h.long_workbook(["population", "099901", "2024", 1000]),
    ),
}


@pytest.mark.parametrize("case", REFUSED_OBSERVATION_FILES, ids=str)
def test_the_command_refuses_a_hostile_observation_file_and_writes_nothing(
    catalogue, tmp_path, case
):
    name, build = REFUSED_OBSERVATION_FILES[case]
    path = tmp_path / name
    path.write_bytes(build())
    ran, message = run_command("import_observations", str(path))
    assert not ran, message
    assert message.strip()
    assert "Traceback" not in message
    assert_no_observations_written()


@pytest.mark.parametrize("case", IMPORTED_OBSERVATION_FILES, ids=str)
def test_the_command_reads_an_odd_but_sound_observation_file_right(catalogue, tmp_path, case):
    name, build = IMPORTED_OBSERVATION_FILES[case]
    path = tmp_path / name
    path.write_bytes(build())
    ran, message = run_command("import_observations", str(path))
    assert ran, message
    assert stored_values() == [("099901", "2024", 1000.0)]


HEADER_ONLY_FILES = {
    "csv of only a header": ("o.csv", lambda: h.long_csv()),
    "xlsx of only a header": ("o.xlsx", lambda: h.long_workbook()),
}


@pytest.mark.parametrize("case", HEADER_ONLY_FILES, ids=str)
def test_the_command_says_a_file_of_only_a_header_has_no_rows(catalogue, tmp_path, case):
    name, build = HEADER_ONLY_FILES[case]
    path = tmp_path / name
    path.write_bytes(build())
    ran, message = run_command("import_observations", str(path))
    assert ran, message
    assert "0 rows" in message
    assert "nothing to write" in message
    assert_no_observations_written()


# JSON-stat datasets and mapping files

REFUSED_JSONSTAT = {
    "json that is a list": lambda: b"[1, 2]",
    "json that is a number": lambda: b"7",
    "json that is null": lambda: b"null",
    "json nested too deep": h.deeply_nested,
    "json with a nul byte": lambda: b'{"version": "2.0"\x00}',
    "json of only a bom": lambda: b"\xef\xbb\xbf",
    "empty json": lambda: b"",
    "json-stat with fewer values than its size": lambda: h.jsonstat([1000], size=[2, 1]),
    "json-stat with more values than its size": lambda: h.jsonstat([1, 2, 3], size=[2, 1]),
    "json-stat with a size of the wrong length": lambda: h.jsonstat([1, 2], size=[2]),
    # The wrong type is the point: a document may declare its sizes as text.
    "json-stat with a text size": lambda: h.jsonstat([1, 2], size=["2", "1"]),  # type: ignore[list-item]
    "json-stat with a huge value": lambda: h.jsonstat(["1e309", 2]),
    "json-stat with a text value": lambda: h.jsonstat(["-", 2]),
    "json-stat with a list value": lambda: h.jsonstat([[1], 2]),
}


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("case", REFUSED_JSONSTAT, ids=str)
def test_the_command_refuses_a_hostile_json_stat_file_and_writes_nothing(catalogue, tmp_path, case):
    data = write(tmp_path / "d.json", REFUSED_JSONSTAT[case]())
    mapping = write(tmp_path / "m.json", json.dumps(h.JSONSTAT_MAPPING).encode())
    ran, message = run_command("import_observations", str(data), "--mapping", str(mapping))
    assert not ran, message
    assert message.strip()
    assert_no_observations_written()


def test_a_sound_json_stat_file_imports_right(catalogue, tmp_path):
    data = write(tmp_path / "d.json", h.jsonstat([1000, 2000]))
    mapping = write(tmp_path / "m.json", json.dumps(h.JSONSTAT_MAPPING).encode())
    ran, message = run_command("import_observations", str(data), "--mapping", str(mapping))
    assert ran, message
    assert stored_values() == [("099901", "2024", 1000.0), ("099902", "2024", 2000.0)]


HOSTILE_MAPPINGS = {
    "mapping that is a list": lambda: b"[]",
    "mapping that is a number": lambda: b"3",
    "mapping that is null": lambda: b"null",
    "mapping that is a string": lambda: b'"area"',
    "mapping nested too deep": h.deeply_nested,
    "mapping in windows-1252": lambda: '{"area": "Å"}'.encode("cp1252"),
    "mapping with wrong types for every key": lambda: json.dumps(h.WRONG_TYPES_MAPPING).encode(),
    "mapping of missing columns": lambda: json.dumps(h.WIDE_MAPPING_MISSING_COLUMNS).encode(),
}
MAPPED_FILES = {
    "json-stat": ("d.json", lambda: h.jsonstat([1000, 2000])),
    "csv": ("d.csv", lambda: h.long_csv(h.GOOD_ROW)),
    "xlsx": ("d.xlsx", lambda: h.long_workbook(["population", "099901", "2024", 1000])),
}


@pytest.mark.parametrize("kind", MAPPED_FILES, ids=str)
@pytest.mark.parametrize("case", HOSTILE_MAPPINGS, ids=str)
def test_the_command_refuses_a_hostile_mapping_and_writes_nothing(catalogue, tmp_path, case, kind):
    name, build = MAPPED_FILES[kind]
    data = write(tmp_path / name, build())
    mapping = write(tmp_path / "m.json", HOSTILE_MAPPINGS[case]())
    ran, message = run_command("import_observations", str(data), "--mapping", str(mapping))
    assert not ran, message
    assert message.strip()
    assert_no_observations_written()


@pytest.mark.parametrize("number", ["99999999999999999999", "-9007199254740993"], ids=str)
def test_a_number_too_large_to_store_exactly_is_refused_by_name(catalogue, tmp_path, number):
    path = write(tmp_path / "o.csv", h.long_csv(f"population,099901,2024,{number},,"))
    ran, message = run_command("import_observations", str(path))
    assert not ran
    assert f"“{number}” is too large to store exactly" in message
    assert_no_observations_written()


def test_the_largest_number_stored_exactly_is_imported_exactly(catalogue, tmp_path):
    path = write(tmp_path / "o.csv", h.long_csv("population,099901,2024,9007199254740991,,"))
    ran, message = run_command("import_observations", str(path))
    assert ran, message
    assert stored_values() == [("099901", "2024", 9007199254740991.0)]


def test_a_header_naming_a_column_twice_is_refused_by_name(catalogue, tmp_path):
    header = "indicator,area,period,value,value"
    path = write(tmp_path / "o.csv", h.long_csv("population,099901,2024,1,2", header=header))
    ran, message = run_command("import_observations", str(path))
    assert not ran
    assert "names the column(s) “value” more than once" in message


# The web upload and its preview

WEB_FILES = {
    **REFUSED_OBSERVATION_FILES,
    **HEADER_ONLY_FILES,
    **{f"{case} (json-stat)": ("d.json", build) for case, build in REFUSED_JSONSTAT.items()},
}


def web_answer(client, user, name: str, data: bytes, mapping: bytes | None = None):
    """The upload's answer, and the preview's when the upload was staged."""
    client.force_login(user)
    form = {"file": SimpleUploadedFile(name, data)}
    if mapping is not None:
        form["mapping"] = SimpleUploadedFile("m.json", mapping)
    answer = client.post(reverse("indicators:import"), form)
    if answer.status_code == 302:
        return client.get(answer["Location"])
    return answer


def assert_refused_on_the_page(answer):
    assert answer.status_code == 400, answer.content.decode()[:500]
    assert b"Traceback" not in answer.content
    assert_no_observations_written()


@pytest.mark.parametrize("case", WEB_FILES, ids=str)
def test_the_web_upload_refuses_a_hostile_file_with_a_message(catalogue, client, case):
    name, build = WEB_FILES[case]
    mapping = json.dumps(h.JSONSTAT_MAPPING).encode() if name.endswith(".json") else None
    answer = web_answer(client, catalogue.analyst, name, build(), mapping)
    if case in HEADER_ONLY_FILES:  # staged, and the preview says there is nothing to import
        assert answer.status_code == 200
        assert_no_observations_written()
    else:
        assert_refused_on_the_page(answer)


@pytest.mark.parametrize("case", HOSTILE_MAPPINGS, ids=str)
def test_the_web_upload_refuses_a_hostile_mapping_with_a_message(catalogue, client, case):
    data = h.jsonstat([1000, 2000])
    answer = web_answer(client, catalogue.analyst, "d.json", data, HOSTILE_MAPPINGS[case]())
    assert_refused_on_the_page(answer)


@pytest.mark.parametrize("case", IMPORTED_OBSERVATION_FILES, ids=str)
def test_the_web_preview_reads_an_odd_but_sound_file_right(catalogue, client, case):
    name, build = IMPORTED_OBSERVATION_FILES[case]
    answer = web_answer(client, catalogue.analyst, name, build())
    assert answer.status_code == 200
    assert answer.context["report"].created == 1


# Areas, the indicator catalogue, area change tables and fetched tables

COMMON_TEXT_FILES = {
    "empty": lambda: b"",
    "only a bom": lambda: b"\xef\xbb\xbf",
    "nul bytes": lambda: b"code\x00,name\x00\n\x00\x00\n",
    "utf-16 with bom": lambda: "code,name,level,parent\n0999,Testby,municipality,\n".encode(
        "utf-16"
    ),
    "binary junk": lambda: bytes(range(256)) * 4,
    "a zip": lambda: h.long_workbook(),
}
JSON_FILES = {
    "json that is a list of numbers": lambda: b"[1, 2]",
    "json that is a number": lambda: b"7",
    "json that is null": lambda: b"null",
    "json nested too deep": h.deeply_nested,
    "json object of wrong types": lambda: b'{"type": 3, "features": 7, "indicators": "x"}',
    "json that is cut short": lambda: b'{"type": "FeatureCollection", "features": [',
}
CSV_FILES = {
    "csv of only a header": lambda: b"code,name,level,parent\n",
    "csv with duplicate columns": lambda: b"code,code,name,level,parent\n0999,1,T,municipality,\n",
    "csv with an extra field": lambda: b"code,name,level,parent\n0999,T,municipality,,x,y\n",
}


def refused_or_ran(name: str, path: Path) -> tuple[bool, str]:
    """Whether the command ran; a refusal must say why."""
    ran, message = run_command(name, str(path))
    if not ran:
        assert message.strip()
    return ran, message


AREA_CASES = {
    **{f"{case}.csv": build for case, build in {**COMMON_TEXT_FILES, **CSV_FILES}.items()},
    **{f"{case}.geojson": build for case, build in {**COMMON_TEXT_FILES, **JSON_FILES}.items()},
}


@pytest.mark.parametrize("case", AREA_CASES, ids=str)
def test_import_areas_refuses_a_hostile_file_and_writes_nothing(personas, tmp_path, case):
    before = sorted(Area.objects.values_list("code", "name"))
    path = write(tmp_path / f"areas{Path(case).suffix}", AREA_CASES[case]())
    ran, message = refused_or_ran("import_areas", path)
    assert not ran or case.startswith("csv of only a header"), message
    assert sorted(Area.objects.values_list("code", "name")) == before


CATALOGUE_CASES = {
    **{f"{case}.csv": build for case, build in {**COMMON_TEXT_FILES, **CSV_FILES}.items()},
    **{f"{case}.json": build for case, build in {**COMMON_TEXT_FILES, **JSON_FILES}.items()},
}


@pytest.mark.parametrize("case", CATALOGUE_CASES, ids=str)
def test_import_indicators_refuses_a_hostile_file_and_writes_nothing(personas, tmp_path, case):
    path = write(tmp_path / f"catalogue{Path(case).suffix}", CATALOGUE_CASES[case]())
    ran, message = refused_or_ran("import_indicators", path)
    assert not ran, message
    assert not Indicator.objects.exists()


CHANGE_CASES = {**COMMON_TEXT_FILES, **CSV_FILES, **JSON_FILES}


@pytest.mark.parametrize("case", CHANGE_CASES, ids=str)
def test_import_area_changes_refuses_a_hostile_file_and_writes_nothing(personas, tmp_path, case):
    path = write(tmp_path / "changes.csv", CHANGE_CASES[case]())
    ran, message = refused_or_ran("import_area_changes", path)
    assert not ran, message
    assert not AreaChange.objects.exists()


class Answer:
    """What urlopen returns for a fetched table."""

    status = 200
    headers: dict = {}

    def __init__(self, body: bytes):
        self.body = body

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, size: int = -1) -> bytes:
        return self.body if size < 0 else self.body[:size]


FETCHED_BODIES = {**REFUSED_JSONSTAT, **COMMON_TEXT_FILES}


@pytest.mark.parametrize("case", FETCHED_BODIES, ids=str)
def test_fetch_statistics_refuses_a_hostile_answer_and_writes_nothing(
    catalogue, tmp_path, monkeypatch, case
):
    body = FETCHED_BODIES[case]()
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, *, timeout: Answer(body))
    mapping = write(tmp_path / "m.json", json.dumps(h.JSONSTAT_MAPPING).encode())
    ran, message = run_command("fetch_statistics", "07459", "--mapping", str(mapping))
    assert not ran, message
    assert message.strip()
    assert_no_observations_written()


@pytest.mark.parametrize("case", HOSTILE_MAPPINGS, ids=str)
def test_fetch_statistics_refuses_a_hostile_mapping_and_writes_nothing(
    catalogue, tmp_path, monkeypatch, case
):
    answer = Answer(h.jsonstat([1000, 2000]))
    monkeypatch.setattr(urllib.request, "urlopen", lambda request, *, timeout: answer)
    mapping = write(tmp_path / "m.json", HOSTILE_MAPPINGS[case]())
    ran, message = run_command("fetch_statistics", "07459", "--mapping", str(mapping))
    assert not ran, message
    assert_no_observations_written()


@pytest.mark.parametrize("newline", ["\r", "\r\n"], ids=["cr", "crlf"])
def test_import_areas_reads_windows_1252_with_any_line_ends_right(personas, tmp_path, newline):
    text = newline.join(["code;name;level;parent", "0999;Tøyen;municipality;", ""])
    path = write(tmp_path / "areas.csv", text.encode("cp1252"))
    ran, message = run_command("import_areas", str(path))
    assert ran, message
    assert Area.objects.get(code="0999").name == "Tøyen"


def test_import_area_changes_reads_a_file_with_cr_line_ends(personas, tmp_path):
    header = "oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred"
    text = "\r".join([header, "099901;N;;099902;S;;2020-01-01", ""])
    path = write(tmp_path / "changes.csv", text.encode())
    ran, message = run_command("import_area_changes", str(path), "--dry-run")
    assert ran, message
    assert "1 would be created" in message


def test_a_dash_is_stored_as_a_missing_value_not_as_a_number(catalogue, tmp_path):
    path = write(tmp_path / "o.csv", h.long_csv("not_employed,099901,2024,-,,"))
    ran, message = run_command("import_observations", str(path))
    assert ran, message
    assert stored_values() == [("099901", "2024", None)]
    assert Observation.objects.get().missing
