"""Importing observations: validate all, write all at once, idempotently, with provenance."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.models import ImportBatch, Observation
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.django_db

GOOD = [
    "not_employed,0999010101,2024,25.0,250,1000",
    "not_employed,0999020201,2024,,100,1000",
    "population,0999010101,2024,1000,,",
]


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def run_import(path, **kwargs):
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=kwargs.pop("actor", None), **kwargs)


def cells():
    return sorted(
        Observation.objects.filter(is_derived=False).values_list(
            "indicator__code", "area__code", "period", "numerator", "denominator", "value"
        )
    )


def test_a_long_format_csv_is_imported_with_values_computed_from_counts(catalogue, tmp_path):
    report = run_import(write_csv(tmp_path / "a.csv", GOOD))
    assert (report.created, report.changed, report.unchanged) == (3, 0, 0)
    assert cells() == [
        ("not_employed", "0999010101", "2024", 250.0, 1000.0, 25.0),
        ("not_employed", "0999020201", "2024", 100.0, 1000.0, 10.0),
        ("population", "0999010101", "2024", None, None, 1000.0),
    ]


def test_importing_the_same_file_twice_reports_nothing_new_or_changed(catalogue, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", GOOD)
    call_command("import_observations", str(path))
    before = cells()
    call_command("import_observations", str(path))
    assert "0 new, 0 changed, 3 unchanged" in capsys.readouterr().out
    assert cells() == before


def test_changed_values_are_updated_and_counted(catalogue, tmp_path):
    run_import(write_csv(tmp_path / "a.csv", GOOD))
    report = run_import(write_csv(tmp_path / "b.csv", ["not_employed,0999010101,2024,30,300,1000"]))
    assert (report.created, report.changed, report.unchanged) == (0, 1, 0)
    assert (
        Observation.objects.imported()
        .get(area__code="0999010101", indicator__code="not_employed")
        .value
        == 30
    )


def test_each_batch_records_who_when_file_fingerprint_and_counts(catalogue, tmp_path):
    report = run_import(write_csv(tmp_path / "a.csv", GOOD), actor=catalogue.analyst)
    batch = ImportBatch.objects.get()
    assert batch == report.batch
    assert (batch.user, batch.file_name, batch.rows, batch.created_count) == (
        catalogue.analyst,
        "a.csv",
        3,
        3,
    )
    assert len(batch.sha256) == 64
    assert Observation.objects.filter(batch=batch).count() == 3


def test_dry_run_writes_nothing(catalogue, tmp_path):
    report = run_import(write_csv(tmp_path / "a.csv", GOOD), dry_run=True)
    assert report.created == 3
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_unknown_area_non_numeric_value_and_duplicate_row_are_named(catalogue, tmp_path, capsys):
    run_import(write_csv(tmp_path / "a.csv", GOOD))
    before = cells()
    path = write_csv(
        tmp_path / "bad.csv",
        [
            "not_employed,0999010101,2025,25.0,250,1000",
            "not_employed,nowhere,2025,25.0,250,1000",
            "not_employed,0999020201,2025,lots,,",
            "not_employed,0999010101,2025,25.0,250,1000",
        ],
    )
    with pytest.raises(CommandError):
        call_command("import_observations", str(path))
    err = capsys.readouterr().err
    assert "row 3: area: unknown area code “nowhere”" in err
    assert "row 4: value: “lots” is not a number" in err
    assert "row 5: indicator, area, period: duplicate of row 2" in err
    assert cells() == before


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("unknown,0999010101,2024,1,,", "indicator: unknown indicator code “unknown”"),
        ("not_employed,0999010101,24,25,250,1000", "period: “24” is not a valid annual period"),
        (
            "not_employed,0999010101,2024,50,250,1000",
            "value: “50” disagrees with numerator/denominator, which give 25",
        ),
        ("not_employed,0999010101,2024,,250,0", "denominator: is 0"),
        ("not_employed,0999010101,2024,,250,", "denominator: missing"),
        ("not_employed,0999010101,2024,,,", "value: missing"),
        ("not_employed,0999010101,2024,,-1,10", "numerator: is negative"),
        (",0999010101,2024,1,,", "indicator: missing"),
    ],
)
def test_bad_rows_are_refused_with_row_column_and_reason(catalogue, tmp_path, row, message):
    with pytest.raises(ObservationImportError) as caught:
        run_import(write_csv(tmp_path / "bad.csv", [row]))
    (error,) = caught.value.errors
    assert error.startswith(f"row 2: {message}")
    assert Observation.objects.count() == 0


def test_a_rounded_value_agrees_within_its_written_precision(catalogue, tmp_path):
    run_import(write_csv(tmp_path / "a.csv", ["not_employed,0999010101,2024,33.3,1,3"]))
    with pytest.raises(ObservationImportError):
        run_import(write_csv(tmp_path / "b.csv", ["not_employed,0999020201,2024,33,1,3.5"]))


def test_semicolons_and_decimal_commas_from_norwegian_spreadsheets(catalogue, tmp_path):
    path = write_csv(
        tmp_path / "a.csv",
        ["not_employed;0999010101;2024;12,5;125;1000"],
        header="indicator;area;period;value;numerator;denominator",
    )
    run_import(path)
    assert Observation.objects.imported().get().value == 12.5


def test_a_failure_deep_in_the_file_leaves_nothing_behind(catalogue, tmp_path, monkeypatch):
    from omradeloft.indicators.importing import service

    rows = [f"population,0999010101,{year},{year},," for year in range(1900, 2100)]
    path = write_csv(tmp_path / "big.csv", rows)
    monkeypatch.setattr("omradeloft.indicators.importing.sources.CHUNK_ROWS", 50)
    calls = {"n": 0}
    real = service.insert_observations

    def fail_on_third_chunk(frame, batch_id):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("disk full")
        real(frame, batch_id)

    monkeypatch.setattr(service, "insert_observations", fail_on_third_chunk)
    with pytest.raises(RuntimeError):
        run_import(path)
    assert Observation.objects.count() == 0
    assert ImportBatch.objects.count() == 0


def test_flags_are_read_and_checked(catalogue, tmp_path):
    header = "indicator,area,period,value,numerator,denominator,provisional,estimated"
    run_import(
        write_csv(tmp_path / "a.csv", ["population,0999010101,2024,5,,,ja,0"], header=header)
    )
    observation = Observation.objects.imported().get()
    assert observation.is_provisional
    assert not observation.is_estimated
    with pytest.raises(ObservationImportError, match="1 error"):
        run_import(
            write_csv(tmp_path / "b.csv", ["population,0999010101,2025,5,,,maybe,0"], header=header)
        )


def test_a_file_without_the_needed_columns_is_refused(catalogue, tmp_path):
    with pytest.raises(CommandError, match="missing column"):
        call_command(
            "import_observations", str(write_csv(tmp_path / "a.csv", ["x"], header="code,value"))
        )


def test_only_programme_admins_and_analysts_may_import(catalogue, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    path = write_csv(tmp_path / "a.csv", GOOD)
    with pytest.raises(CommandError, match="not allowed"):
        call_command("import_observations", str(path), user="resident")
    call_command("import_observations", str(path), user="analyst")
    assert Observation.objects.filter(is_derived=False).count() == 3


def test_an_excel_sheet_is_imported_and_its_rows_named_in_errors(catalogue, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Data"
    sheet.append(["indicator", "area", "period", "value", "numerator", "denominator"])
    sheet.append(["not_employed", "0999010101", 2024, 25, 250, 1000])
    sheet.append(["population", "0999010101", 2024.0, 1000, None, None])
    path = tmp_path / "a.xlsx"
    workbook.save(path)
    report = run_import(path)
    assert report.created == 2
    sheet.append(["population", "nowhere", 2024, 1, None, None])
    workbook.save(path)
    with pytest.raises(ObservationImportError) as caught:
        run_import(path)
    assert caught.value.errors == ["sheet Data, row 4: area: unknown area code “nowhere”"]


def test_an_area_deleted_while_importing_is_caught_before_commit(catalogue, tmp_path, monkeypatch):
    from django.db import IntegrityError

    from omradeloft.indicators.importing import service

    real_lookups = service._lookups

    def lookups_with_a_vanished_area():
        lookups = real_lookups()
        lookups.area_id["0999010101"] = 987_654
        return lookups

    monkeypatch.setattr(service, "_lookups", lookups_with_a_vanished_area)
    with pytest.raises(IntegrityError):
        run_import(write_csv(tmp_path / "a.csv", GOOD))
    assert Observation.objects.count() == 0


def test_a_corrupt_excel_file_gets_a_clear_message(catalogue, tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip archive")
    with pytest.raises(CommandError, match="not a readable Excel workbook"):
        call_command("import_observations", str(path))


def test_every_repeat_of_a_row_points_at_the_first(catalogue, tmp_path):
    row = "not_employed,0999010101,2024,25.0,250,1000"
    other = "not_employed,0999020201,2024,25.0,250,1000"
    with pytest.raises(ObservationImportError) as caught:
        run_import(write_csv(tmp_path / "a.csv", [row, other, row, row]))
    assert caught.value.errors == [
        "rows 4–5: indicator, area, period: duplicate of row 2 (2 rows)",
    ]


def test_nobody_in_the_group_is_stored_as_counts_without_a_value(catalogue, tmp_path):
    run_import(write_csv(tmp_path / "a.csv", ["not_employed,0999010101,2024,,0,0"]))
    observation = Observation.objects.imported().get()
    assert (observation.numerator, observation.denominator, observation.value) == (0, 0, None)


def test_a_long_list_of_errors_is_one_line_per_problem_with_row_ranges(catalogue, tmp_path):
    rows = [*GOOD[:1]] + ["not_employed,K-Rest,2024,25.0,250,1000"] * 348
    rows += ["not_employed,0999010101,2023,lots,,", "not_employed,0999010101,2022,x 1,,"]
    with pytest.raises(ObservationImportError) as caught:
        run_import(write_csv(tmp_path / "long.csv", rows))
    assert caught.value.total == 350
    assert caught.value.errors == [
        "rows 3–350: area: unknown area code “K-Rest” (348 rows)",
        "rows 351–352: value: “lots”, “x 1” is not a number (2 rows)",
    ]
    assert not Observation.objects.exists()


def test_the_command_prints_the_grouped_problems(catalogue, tmp_path, capsys):
    rows = ["not_employed,K-Rest,2024,25.0,250,1000"] * 3
    with pytest.raises(CommandError, match="3 error"):
        call_command("import_observations", str(write_csv(tmp_path / "k.csv", rows)))
    assert "k.csv, rows 2–4: area: unknown area code “K-Rest” (3 rows)" in capsys.readouterr().err
