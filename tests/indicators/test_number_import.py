"""Numbers as real files write them: percent-formatted Excel cells, decimal commas, thousands
separators decided per file and column, and `--decimal` when a column does not tell."""

from pathlib import Path

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import (
    FileInfo,
    ObservationImportError,
    import_observations,
)
from omradeloft.indicators.importing.sources import frame_chunks
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
HEADER = ["indicator", "area", "period", "value", "numerator", "denominator"]


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("sick_leave", unit="per_1000")
    make_indicator("income", unit="nok", polarity="higher_is_better")
    return personas


def workbook(path: Path, rows: list[list], formats: dict[str, str]) -> Path:
    """A sheet "Ark1" with HEADER and `rows`; `formats` maps cells ("D2") to number formats."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Ark1"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for cell, number_format in formats.items():
        sheet[cell].number_format = number_format
    book.save(path)
    return path


def run(path: Path, **kwargs):
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=None, **kwargs)


def values() -> dict[tuple[str, str], float | None]:
    return {
        (o.indicator.code, o.area.code): o.value
        for o in Observation.objects.filter(is_derived=False).select_related("indicator", "area")
    }


def test_percent_formatted_values_without_counts_are_stored_as_percentages(catalogue, tmp_path):
    path = workbook(
        tmp_path / "a.xlsx",
        [
            ["not_employed", "0999010101", "2024", 0.0984, None, None],
            ["not_employed", "0999020201", "2024", 0.125, 125, 1000],
        ],
        {"D2": "0.00%", "D3": "0.0%"},
    )
    run(path)
    assert values() == {
        ("not_employed", "0999010101"): pytest.approx(9.84),
        ("not_employed", "0999020201"): pytest.approx(12.5),
    }


def test_percent_formatted_values_of_a_per_1000_indicator_are_scaled_by_1000(catalogue, tmp_path):
    path = workbook(
        tmp_path / "a.xlsx",
        [["sick_leave", "0999010101", "2024", 0.0452, None, None]],
        {"D2": "0%"},
    )
    run(path)
    assert values() == {("sick_leave", "0999010101"): pytest.approx(45.2)}


def test_a_percent_formatted_amount_is_refused_naming_sheet_and_cell(catalogue, tmp_path):
    path = workbook(
        tmp_path / "a.xlsx",
        [
            ["not_employed", "0999010101", "2024", 0.0984, None, None],
            ["income", "0999010101", "2024", 0.0984, None, None],
        ],
        {"D2": "0.00%", "D3": "0.00%"},
    )
    with pytest.raises(ObservationImportError) as refused:
        run(path)
    assert refused.value.errors == [
        "sheet Ark1, row 3: value: cell D3 is formatted as percent (9.84 %), but indicator "
        "income is neither a percentage nor per 1,000; write the number itself"
    ]
    assert not Observation.objects.exists()


def test_a_percent_formatted_numerator_is_refused(catalogue, tmp_path):
    path = workbook(
        tmp_path / "a.xlsx",
        [["not_employed", "0999010101", "2024", None, 0.5, 1000]],
        {"E2": "0%"},
    )
    with pytest.raises(ObservationImportError) as refused:
        run(path)
    assert refused.value.errors == [
        "sheet Ark1, row 2: numerator: cell E2 is formatted as percent (50 %), but a numerator "
        "is a count; write the number itself"
    ]
    assert not Observation.objects.exists()


def test_number_cells_of_a_workbook_need_no_decision_about_their_format(catalogue, tmp_path):
    path = workbook(
        tmp_path / "a.xlsx", [["income", "0999010101", "2024", 287.125, None, None]], {}
    )
    run(path)
    assert values() == {("income", "0999010101"): 287.125}


def test_a_norwegian_excel_csv_is_read_with_decimal_commas_and_spaced_thousands(catalogue, capsys):
    call_command("import_observations", str(FILES / "norwegian_excel.csv"))
    assert values() == {
        ("income", "0999010101"): 412345.5,
        ("income", "0999020201"): 1250000.0,
        ("not_employed", "0999010101"): 9.84,
        ("not_employed", "0999020201"): 12.5,
    }
    out = capsys.readouterr().out
    assert "value: decimal comma, thousands separated by no-break space" in out
    assert "denominator: whole numbers, thousands separated by no-break space" in out


def test_a_column_of_three_decimals_only_is_refused_until_decimal_says_which(
    catalogue, tmp_path, capsys
):
    path = write_csv(
        tmp_path / "a.csv",
        ['income,0999010101,2024,"287,000",,', 'income,0999020201,2024,"12,500",,'],
    )
    with pytest.raises(CommandError):
        call_command("import_observations", str(path))
    assert "“287,000”" in capsys.readouterr().err
    assert not Observation.objects.exists()
    call_command("import_observations", str(path), "--decimal", "point")
    assert values()[("income", "0999010101")] == 287000.0


def test_a_column_mixing_decimal_commas_and_points_is_refused_naming_both(catalogue, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ['income,0999010101,2024,"1,5",,', "income,0999020201,2024,1.5,,"],
    )
    with pytest.raises(ObservationImportError) as refused:
        run(path)
    (message,) = refused.value.errors
    assert "row 2 (“1,5”)" in message
    assert "row 3 (“1.5”)" in message
    assert not Observation.objects.exists()


def test_a_decimal_comma_agreeing_with_numerator_and_denominator_is_accepted(catalogue, tmp_path):
    path = write_csv(tmp_path / "a.csv", ['not_employed,0999010101,2024,"9,84",984,10000'])
    run(path)
    assert values() == {("not_employed", "0999010101"): 9.84}


def test_grouping_in_the_wrong_places_is_not_a_number(catalogue, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ['income,0999010101,2024,"1 234,5",,', 'income,0999020201,2024,"12 34,5",,'],
    )
    with pytest.raises(ObservationImportError) as refused:
        run(path)
    assert refused.value.errors == ["row 3: value: “12 34,5” is not a number"]


def test_numbers_of_a_data_frame_are_taken_as_they_are(catalogue):
    frame = pd.DataFrame(
        {"indicator": ["income"], "area": ["0999010101"], "period": ["2024"], "value": [1.234]}
    )
    import_observations(
        lambda: frame_chunks(frame), FileInfo("frame", "0" * 64, "frame"), actor=None
    )
    assert values() == {("income", "0999010101"): 1.234}
