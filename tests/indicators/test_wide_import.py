"""Wide statistics-bank exports (PX-Web CSV, XLSX and old XLS: periods as columns, title rows,
Norwegian headers) import through a mapping file; shapes the mapping does not fit are refused
with the header found and the keys that would fix it. The files are described in
files/README.md."""

import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import ImportBatch, Observation
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

FILES = Path(__file__).parent / "files"
SSB_CSV = FILES / "ssb_07459_wide.csv"
SSB_MARKERS = FILES / "ssb_07459_wide_markers.csv"
OSLO_XLSX = FILES / "oslo_sysselsetting_bydel_wide.xlsx"
OSLO_XLS = FILES / "oslo_ikke_sysselsatte_delbydel.xls"
LONG_XLS = FILES / "long_format.xls"
SSB_MAPPING = {
    "skip_rows": 2,
    "area": {"column": "region", "code_pattern": "^(\\S+)"},
    "indicator": {"code": "population"},
    "period": {"columns": "wide"},
}


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def mapping_of(path):
    return FILES / f"{path.stem.removesuffix('_markers')}.mapping.json"


def read(path, mapping):
    chunks, _ = open_observation_file(path, mapping=mapping)
    return [row for chunk in chunks() for row in chunk.to_dict("records")]


def run_import(path, mapping, **kwargs):
    chunks, info = open_observation_file(path, mapping=mapping)
    return import_observations(chunks, info, actor=None, **kwargs)


def mapping_file(tmp_path, mapping):
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping), "utf-8")
    return str(path)


def wide_csv(tmp_path, lines, encoding="utf-8"):
    path = tmp_path / "table.csv"
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def cells(indicator):
    return sorted(
        Observation.objects.filter(indicator__code=indicator, is_derived=False).values_list(
            "area__code", "period", "numerator", "denominator", "value"
        )
    )


def test_the_ssb_csv_fixture_is_windows_1252_with_a_title_row_and_a_blank_row():
    text = SSB_CSV.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        text.decode("utf-8")
    lines = text.decode("cp1252").splitlines()
    assert lines[0].startswith('"07459: Befolkning')
    assert lines[1] == ""
    assert lines[2].startswith('"region";"statistikkvariabel";"2022"')


# Accepted shapes


def test_a_wide_ssb_csv_imports_through_its_mapping_on_the_command_line(catalogue, capsys):
    call_command("import_observations", str(SSB_CSV), "--mapping", str(mapping_of(SSB_CSV)))
    assert "6 rows: 6 new" in capsys.readouterr().out
    assert cells("population") == [
        ("099901", "2022", None, None, 1000.0),
        ("099901", "2023", None, None, 1010.0),
        ("099901", "2024", None, None, 1020.0),
        ("099902", "2022", None, None, 2000.0),
        ("099902", "2023", None, None, 2020.0),
        ("099902", "2024", None, None, 2040.0),
    ]
    assert ImportBatch.objects.get().file_format == "csv"


def test_importing_the_same_wide_file_again_changes_nothing(catalogue, capsys):
    mapping = str(mapping_of(SSB_CSV))
    call_command("import_observations", str(SSB_CSV), "--mapping", mapping)
    call_command("import_observations", str(SSB_CSV), "--mapping", mapping)
    assert "0 new, 0 changed, 6 unchanged" in capsys.readouterr().out
    assert ImportBatch.objects.count() == 1


def test_rows_name_the_cell_they_came_from(catalogue):
    rows = read(SSB_CSV, SSB_MAPPING)
    assert [r["location"] for r in rows[:2]] == ["row 4, column 2022", "row 4, column 2023"]


def test_a_wide_excel_sheet_with_blank_repeated_labels_imports_counts_and_rates(catalogue):
    mapping = json.loads(mapping_of(OSLO_XLSX).read_text("utf-8"))
    report = run_import(OSLO_XLSX, mapping)
    assert report.created == 4
    assert cells("not_employed") == [
        ("099901", "2023", 250.0, 1000.0, 25.0),
        ("099901", "2024", 300.0, 1000.0, 30.0),
        ("099902", "2023", 100.0, 1000.0, 10.0),
        ("099902", "2024", 120.0, 1000.0, 12.0),
    ]


def test_without_fill_down_a_blank_label_is_reported_not_guessed(catalogue):
    mapping = {**json.loads(mapping_of(OSLO_XLSX).read_text("utf-8")), "fill_down": False}
    blank = 'sheet Ark1, row 5, column bydel: blank; with "fill_down"'
    with pytest.raises(SourceError, match=blank):
        run_import(OSLO_XLSX, mapping)
    assert not Observation.objects.exists()


def test_a_first_row_without_its_area_label_is_refused(tmp_path):
    path = wide_csv(tmp_path, ['"region";"2024"', '"";5'])
    with pytest.raises(SourceError, match="row 2, column region: blank, and no label above it"):
        read(path, {**SSB_MAPPING, "skip_rows": 0})


def test_an_old_xls_workbook_with_two_header_rows_imports_through_its_mapping(catalogue, capsys):
    call_command("import_observations", str(OSLO_XLS), "--mapping", str(mapping_of(OSLO_XLS)))
    assert "4 rows: 4 new" in capsys.readouterr().out
    assert cells("not_employed") == [
        ("0999010101", "2023", None, None, 25.0),
        ("0999010101", "2024", None, None, 26.5),
        ("0999020201", "2023", None, None, 10.0),
        ("0999020201", "2024", None, None, 11.0),
    ]
    assert ImportBatch.objects.get().file_format == "xls"


def test_a_long_format_xls_workbook_imports_without_a_mapping(catalogue):
    chunks, info = open_observation_file(LONG_XLS)
    report = import_observations(chunks, info, actor=None)
    assert (report.created, info.file_format) == (2, "xls")
    assert cells("not_employed") == [("0999010101", "2024", 250.0, 1000.0, 25.0)]
    assert cells("population") == [("0999020201", "2024", None, None, 1000.0)]


def test_a_long_format_xls_workbook_names_its_sheet_and_row_in_errors(personas):
    make_indicator("not_employed")
    with pytest.raises(ObservationImportError) as caught:
        import_observations(*open_observation_file(LONG_XLS), actor=None)
    assert caught.value.errors == [
        "sheet Data, row 3: indicator: unknown indicator code “population”"
    ]


@pytest.mark.parametrize(
    ("cell", "mapping_area"),
    [
        ("K-099901 Nordbyen", {"column": "region", "code_pattern": "^K-(\\d+)"}),
        ("099901 Nordbyen", {"column": "REGION", "code_pattern": "^\\d+"}),
        ("Nordbyen", {"column": "region", "codes": {"Nordbyen": "099901"}}),
        ("01", {"column": "region", "prefix": "0999"}),
    ],
)
def test_area_codes_are_taken_from_the_cell_by_pattern_lookup_or_prefix(
    catalogue, tmp_path, cell, mapping_area
):
    path = wide_csv(tmp_path, ['"region";"2024"', f'"{cell}";1000'])
    rows = read(path, {**SSB_MAPPING, "skip_rows": 0, "area": mapping_area})
    assert [(r["area"], r["period"], r["value"]) for r in rows] == [("099901", "2024", "1000")]


def test_a_separate_code_column_is_read_and_the_name_column_left_out(catalogue, tmp_path):
    path = wide_csv(
        tmp_path,
        ["regionkode,region,2023,2024", "099901,Nordbyen,5,6", "099902,Sørbyen,7,8"],
    )
    mapping = {**SSB_MAPPING, "skip_rows": 0, "area": {"column": "regionkode"}}
    with pytest.raises(SourceError, match="column 'region' holds several values"):
        read(path, mapping)
    rows = read(path, {**mapping, "ignore": ["region"]})
    assert [(r["area"], r["period"], r["value"]) for r in rows] == [
        ("099901", "2023", "5"),
        ("099901", "2024", "6"),
        ("099902", "2023", "7"),
        ("099902", "2024", "8"),
    ]


def test_a_filter_keeps_the_rows_of_one_category_matched_case_insensitively(tmp_path):
    path = wide_csv(
        tmp_path,
        [
            '"region";"kjønn";"2024"',
            '"099901 Nordbyen";"Begge kjønn";100',
            '"099901 Nordbyen";"Kvinner";40',
        ],
    )
    mapping = {**SSB_MAPPING, "skip_rows": 0}
    with pytest.raises(SourceError, match="'kjønn' holds several values"):
        read(path, mapping)
    rows = read(path, {**mapping, "filter": {"Kjønn": "begge kjønn"}})
    assert [(r["area"], r["value"], r["location"]) for r in rows] == [
        ("099901", "100", "row 2, column 2024")
    ]
    with pytest.raises(SourceError, match="filter kjønn = 'Menn' matches no row"):
        read(path, {**mapping, "filter": {"kjønn": "Menn"}})


def test_period_columns_can_be_listed_and_the_others_are_not_read(tmp_path):
    path = wide_csv(tmp_path, ['"region";"2023";"2024"', '"099901 Nordbyen";5;6'])
    rows = read(path, {**SSB_MAPPING, "skip_rows": 0, "period": {"columns": ["2024"]}})
    assert [(r["period"], r["value"]) for r in rows] == [("2024", "6")]


def test_decimal_commas_of_a_wide_file_are_read_as_the_column_is_written(catalogue, tmp_path):
    path = wide_csv(tmp_path, ['"region";"2024"', '"099901 Nordbyen";"12 345,5"'])
    report = run_import(path, {**SSB_MAPPING, "skip_rows": 0})
    assert Observation.objects.get(is_derived=False).value == 12345.5
    assert report.number_formats["value"].format.decimal == ","


def test_footnotes_and_blank_lines_below_the_table_are_left_out(tmp_path):
    path = wide_csv(
        tmp_path,
        ['"region";"2024"', '"099901 Nordbyen";5', "", '"Kilde: Statistisk sentralbyrå"'],
    )
    assert len(read(path, {**SSB_MAPPING, "skip_rows": 0})) == 1


# Missing-value markers


def test_statistics_bank_markers_stay_text_and_never_become_numbers(catalogue):
    rows = read(SSB_MARKERS, SSB_MAPPING)
    marked = {r["location"]: r["value"] for r in rows if r["period"] in {"2021", "2022"}}
    assert marked == {
        "row 4, column 2021": "..",
        "row 4, column 2022": ":",
        "row 5, column 2021": "-",
        "row 5, column 2022": ".",
    }


def test_the_markers_of_a_wide_file_are_stored_as_missing_with_their_meaning(catalogue):
    run_import(SSB_MARKERS, SSB_MAPPING)
    marked = Observation.objects.filter(is_derived=False).exclude(missing="")
    assert sorted(marked.values_list("missing", flat=True)) == [
        "confidential",
        "nil",
        "not_applicable",
        "not_available",
    ]
    assert not marked.exclude(value=None).exists()


# Refused shapes and mappings


def test_a_header_without_the_area_column_is_refused_showing_the_row_found_and_the_fix(
    catalogue, tmp_path
):
    mapping = {**SSB_MAPPING}
    del mapping["skip_rows"]
    with pytest.raises(CommandError) as caught:
        call_command(
            "import_observations", str(SSB_CSV), "--mapping", mapping_file(tmp_path, mapping)
        )
    message = str(caught.value)
    assert "no column 'region' in the header row (row 1): \"07459: Befolkning" in message
    assert '"area": {"column": ...}' in message
    assert '"skip_rows"' in message
    assert '(row 3 has it: "skip_rows": 2)' in message
    assert not Observation.objects.exists()


def test_a_misnamed_column_lists_the_header_names(catalogue):
    mapping = {**SSB_MAPPING, "area": {"column": "bydel"}}
    with pytest.raises(SourceError) as caught:
        read(SSB_CSV, mapping)
    assert (
        "no column 'bydel' in the header row (row 3): "
        '"region", "statistikkvariabel", "2022", "2023", "2024"'
    ) in str(caught.value)


def test_a_header_without_period_columns_is_refused(tmp_path):
    path = wide_csv(tmp_path, ['"region";"år";"personer"', '"099901 Nordbyen";"2024";5'])
    with pytest.raises(SourceError, match="no period columns in the header row \\(row 1\\)"):
        read(path, {**SSB_MAPPING, "skip_rows": 0})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"header_row": 3}, "either 'skip_rows' or 'header_row'"),
        ({"skip_rows": -1}, "'skip_rows' must be a whole number of at least 0"),
        ({"area": {"code_pattern": "("}}, "'area' needs a 'column'"),
        ({"area": {"column": "region", "code_pattern": "("}}, "not a valid regular expression"),
        ({"indicator": {}}, "'indicator' needs a 'column' or a fixed 'code'"),
        ({"period": {"columns": 2024}}, "'period' needs 'columns'"),
        ({"period": {"columns": "(2024"}}, "period.columns is not a valid regular expression"),
        ({"area": "region"}, "'area' must be an object"),
        (
            {"measure": {"column": "statistikkvariabel", "value": "Andel"}},
            "measure.value 'Andel' is not in column statistikkvariabel",
        ),
        ({"skip_rows": 40}, "the table ends before its header row \\(row 41\\)"),
    ],
)
def test_a_mapping_that_does_not_fit_is_refused_with_the_key_to_fix(catalogue, change, message):
    with pytest.raises(SourceError, match=message):
        read(SSB_CSV, {**SSB_MAPPING, **change})


def test_a_wide_file_without_a_mapping_is_told_to_use_one(catalogue, tmp_path):
    with pytest.raises(CommandError, match="--mapping"):
        call_command("import_observations", str(SSB_CSV))
    path = wide_csv(tmp_path, ['"region";"2023";"2024"', '"099901 Nordbyen";5;6'])
    with pytest.raises(CommandError, match=r"periods as columns.*--mapping"):
        call_command("import_observations", str(path))


def test_a_wide_table_over_the_row_limit_is_refused(catalogue, settings):
    settings.IMPORT_MAX_ROWS = 5
    with pytest.raises(SourceError, match="more than 5 rows"):
        read(SSB_CSV, SSB_MAPPING)


def test_a_corrupt_xls_file_gets_a_clear_message(catalogue, tmp_path):
    path = tmp_path / "broken.xls"
    path.write_bytes(b"this is not an Excel 97-2003 workbook")
    with pytest.raises(CommandError, match="not a readable Excel 97-2003 workbook"):
        call_command("import_observations", str(path))
    mapping = mapping_file(tmp_path, SSB_MAPPING)
    with pytest.raises(CommandError, match="not a readable Excel 97-2003 workbook"):
        call_command("import_observations", str(path), "--mapping", mapping)


def test_an_xls_renamed_from_another_name_is_read_by_its_format_option(catalogue, tmp_path):
    path = tmp_path / "export.dat"
    shutil.copy(LONG_XLS, path)
    call_command("import_observations", str(path), "--format", "xls")
    assert Observation.objects.filter(is_derived=False).count() == 2


def test_a_code_the_mapping_skips_is_left_out_of_a_wide_table_and_recorded(catalogue, tmp_path):
    path = wide_csv(
        tmp_path,
        [
            '"region";"2023";"2024"',
            '"099901 Nordbyen";5;6',
            '"099999 Uten registrert adresse";1;:',
        ],
    )
    mapping = {
        **SSB_MAPPING,
        "skip_rows": 0,
        "area": {**SSB_MAPPING["area"], "skip": ["099999"]},
    }
    report = run_import(path, mapping)
    assert report.skipped == 2
    assert sorted((r["period"], r["code"], r["rows"]) for r in report.left_out) == [
        ("2023", "099999 Uten registrert adresse", 1),
        ("2024", "099999 Uten registrert adresse", 1),
    ]
    assert sorted(Observation.objects.filter(is_derived=False).values_list("period", "value")) == [
        ("2023", 5.0),
        ("2024", 6.0),
    ]
