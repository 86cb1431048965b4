"""Wide statistics-bank workbooks keep what each value cell holds, as long ones do: a number
the workbook stored needs no decision on its written format, and a percent-formatted cell
holds a fraction that the indicator's scale turns into its unit (or is refused). The
workbooks are built here with openpyxl in the shape of Oslo's statistikkbank Excel export
(title in A1, a blank row, the header in row 3, districts down, years across)."""

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

FILES = Path(__file__).parent / "files"
OSLO_XLS = FILES / "oslo_ikke_sysselsatte_delbydel.xls"
MAPPING = {
    "skip_rows": 2,
    "area": {"column": "bydel", "code_pattern": "^(\\S+)"},
    "indicator": {"column": "statistikkvariabel", "codes": {"Andel": "not_employed"}},
    "period": {"columns": "wide"},
}


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def wide_workbook(path: Path, rows: list[list], formats: dict[str, str] | None = None) -> Path:
    """A sheet "Ark1" laid out as Oslo's export: A1 title, row 2 blank, row 3 the header
    (bydel, statistikkvariabel, 2023, 2024), `rows` from row 4; `formats` maps cells ("C4")
    to number formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    sheet.append(["Ikke sysselsatte 20-66 år, etter bydel"])
    sheet.append([])
    sheet.append(["bydel", "statistikkvariabel", "2023", "2024"])
    for row in rows:
        sheet.append(row)
    for cell, number_format in (formats or {}).items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def run_import(path: Path, mapping: dict):
    chunks, info = open_observation_file(path, mapping=mapping)
    return import_observations(chunks, info, actor=None)


def read(path: Path, mapping: dict) -> list[dict]:
    chunks, _ = open_observation_file(path, mapping=mapping)
    return [row for chunk in chunks() for row in chunk.to_dict("records")]


def stored(indicator: str) -> dict[tuple[str, str], float | None]:
    return {
        (o.area.code, o.period): o.value
        for o in Observation.objects.filter(
            indicator__code=indicator, is_derived=False
        ).select_related("area")
    }


def test_stored_numbers_of_a_wide_workbook_import_as_the_numbers_they_are(catalogue, tmp_path):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [["099901 Nordbyen", "Andel", 1.234, 12.5], ["099902 Sørbyen", "Andel", 2.5, 3.456]],
    )
    report = run_import(path, MAPPING)
    assert "value" not in report.number_formats  # nothing written as text to decide on
    assert stored("not_employed") == {
        ("099901", "2023"): pytest.approx(1.234),
        ("099901", "2024"): pytest.approx(12.5),
        ("099902", "2023"): pytest.approx(2.5),
        ("099902", "2024"): pytest.approx(3.456),
    }


def test_a_wide_workbook_column_of_stored_numbers_like_1_234_is_not_ambiguous(catalogue, tmp_path):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [["099901 Nordbyen", "Andel", 1.234, 2.345]],
    )
    report = run_import(path, MAPPING)
    assert "value" not in report.number_formats
    assert stored("not_employed") == {
        ("099901", "2023"): pytest.approx(1.234),
        ("099901", "2024"): pytest.approx(2.345),
    }


def test_percent_formatted_cells_of_a_wide_workbook_import_as_percentages(catalogue, tmp_path):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [["099901 Nordbyen", "Andel", 0.0984, 0.125]],
        {"C4": "0.00%", "D4": "0.0%"},
    )
    run_import(path, MAPPING)
    assert stored("not_employed") == {
        ("099901", "2023"): pytest.approx(9.84),
        ("099901", "2024"): pytest.approx(12.5),
    }


def test_a_percent_formatted_count_in_a_wide_workbook_is_refused_naming_the_cell(
    catalogue, tmp_path
):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [["099901 Nordbyen", "Personer", 1000, 0.5]],
        {"D4": "0%"},
    )
    mapping = {**MAPPING, "indicator": {"code": "population"}, "ignore": ["statistikkvariabel"]}
    with pytest.raises(ObservationImportError) as refused:
        run_import(path, mapping)
    assert refused.value.errors == [
        "sheet Ark1, row 4, column 2024: value: cell D4 is formatted as percent (50 %), but "
        "indicator population is neither a percentage nor per 1,000; write the number itself"
    ]
    assert not Observation.objects.exists()


def test_measures_of_a_wide_workbook_keep_each_cells_kind(catalogue, tmp_path):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [
            ["099901 Nordbyen", "Ikke sysselsatte", 250, 300],
            [None, "Personer 20-66 år", 1000, 1000],
            [None, "Andel", 0.25, 0.3],
        ],
        {"C6": "0%", "D6": "0%"},
    )
    mapping = {
        **MAPPING,
        "indicator": {"code": "not_employed"},
        "measure": {
            "column": "statistikkvariabel",
            "value": "Andel",
            "numerator": "Ikke sysselsatte",
            "denominator": "Personer 20-66 år",
        },
    }
    rows = read(path, mapping)
    assert [(r["value_cell"], r["numerator_cell"], r["denominator_cell"]) for r in rows] == [
        ("percent C6", "number", "number"),
        ("percent D6", "number", "number"),
    ]
    run_import(path, mapping)
    assert stored("not_employed") == {
        ("099901", "2023"): pytest.approx(25.0),
        ("099901", "2024"): pytest.approx(30.0),
    }


def test_a_percent_formatted_numerator_in_a_wide_workbook_is_refused(catalogue, tmp_path):
    path = wide_workbook(
        tmp_path / "oslo.xlsx",
        [["099901 Nordbyen", "Ikke sysselsatte", 0.25, 300], [None, "Personer", 1000, 1000]],
        {"C4": "0%"},
    )
    mapping = {
        **MAPPING,
        "indicator": {"code": "not_employed"},
        "measure": {
            "column": "statistikkvariabel",
            "numerator": "Ikke sysselsatte",
            "denominator": "Personer",
        },
    }
    with pytest.raises(ObservationImportError) as refused:
        run_import(path, mapping)
    assert refused.value.errors == [
        "sheet Ark1, row 4, column 2023: numerator: cell C4 is formatted as percent (25 %), "
        "but a numerator is a count; write the number itself"
    ]
    assert not Observation.objects.exists()


def test_a_wide_csv_keeps_its_values_as_text_for_the_column_decision(catalogue, tmp_path):
    path = tmp_path / "table.csv"
    path.write_bytes(b'"region";"2023";"2024"\r\n"099901 Nordbyen";"1,5";"2,25"\r\n')
    mapping = {
        "area": {"column": "region", "code_pattern": "^(\\S+)"},
        "indicator": {"code": "not_employed"},
        "period": {"columns": "wide"},
    }
    rows = read(path, mapping)
    assert [(r["value"], r["value_cell"]) for r in rows] == [("1,5", ""), ("2,25", "")]
    report = run_import(path, mapping)
    assert report.number_formats["value"].format.decimal == ","
    assert stored("not_employed") == {("099901", "2023"): 1.5, ("099901", "2024"): 2.25}


def test_stored_numbers_of_an_old_xls_workbook_are_marked_as_numbers(catalogue):
    mapping = json.loads((FILES / "oslo_ikke_sysselsatte_delbydel.mapping.json").read_text())
    rows = read(OSLO_XLS, mapping)
    assert rows
    assert {r["value_cell"] for r in rows} == {"number"}
