"""A sparse count table: with the option, areas the file leaves out count zero."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.models import Observation
from tests.factories import make_area
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

SPARSE = Path(__file__).parent / "files" / "sparse_counts.csv"
S11, S12, S21 = "0999010101", "0999010102", "0999020201"


@pytest.fixture
def burglaries(personas):
    make_area(S12, "subdistrict", name="Nordåsen", parent=personas.d1)
    make_indicator("burglaries", unit="count", polarity="higher_is_worse")
    return personas


def stored(code="burglaries", derived=False):
    rows = Observation.objects.filter(indicator__code=code, is_derived=derived)
    return {(o.area.code, o.period): o.value for o in rows.select_related("area")}


def test_with_the_option_the_derived_municipality_total_counts_the_missing_areas_as_zero(
    burglaries, capsys
):
    call_command("import_observations", SPARSE, "--missing-is-zero")
    assert stored() == {
        (S11, "2023"): 5.0,
        (S12, "2023"): 0.0,
        (S21, "2023"): 7.0,
        (S11, "2024"): 0.0,
        (S12, "2024"): 4.0,
        (S21, "2024"): 0.0,
    }
    derived = stored(derived=True)
    assert (derived[("0999", "2023")], derived[("0999", "2024")]) == (12.0, 4.0)
    out = capsys.readouterr().out
    assert "3 zeros filled in for areas without a row" in out
    assert "3 rows" in out


def test_without_the_option_a_missing_row_stays_missing(burglaries):
    call_command("import_observations", SPARSE)
    assert set(stored()) == {(S11, "2023"), (S21, "2023"), (S12, "2024")}
    assert ("0999", "2024") not in stored(derived=True)


def test_only_areas_of_the_files_level_are_filled(burglaries):
    call_command("import_observations", SPARSE, "--missing-is-zero")
    assert not {code for code, _period in stored()} & {"0999", "099901", "099902"}


def test_areas_of_another_municipality_get_no_zeros(burglaries):
    other = make_area("1111", "municipality", name="Annenby")
    district = make_area("111101", "district", name="Sørby", parent=other)
    make_area("1111010101", "subdistrict", name="Sørøya", parent=district)
    call_command("import_observations", SPARSE, "--missing-is-zero")
    assert not {code for code, _period in stored()} & {"1111010101"}
    assert len(stored()) == 6


def test_a_dry_run_reports_the_zeros_and_writes_nothing(burglaries, capsys):
    call_command("import_observations", SPARSE, "--missing-is-zero", "--dry-run")
    assert "3 zeros would be filled in" in capsys.readouterr().out
    assert not Observation.objects.exists()


def test_the_option_is_refused_for_a_rate_and_nothing_is_written(burglaries, tmp_path):
    make_indicator("not_employed")
    path = tmp_path / "rates.csv"
    path.write_text(
        "indicator,area,period,value\nburglaries,0999010101,2023,5\n"
        "not_employed,0999010101,2023,12.5\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="only mean zero for counts, and not for not_employed"):
        call_command("import_observations", path, "--missing-is-zero")
    assert not Observation.objects.exists()


def test_a_mapping_file_may_ask_for_zeros(burglaries, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"missing_is_zero": True}), encoding="utf-8")
    call_command("import_observations", SPARSE, "--mapping", mapping)
    assert stored()[(S12, "2023")] == 0.0


def test_a_mapping_with_a_bad_missing_is_zero_value_is_refused(burglaries, tmp_path):
    mapping = tmp_path / "map.json"
    mapping.write_text(json.dumps({"missing_is_zero": "ja"}), encoding="utf-8")
    with pytest.raises(CommandError, match="missing_is_zero must be true or false"):
        call_command("import_observations", SPARSE, "--mapping", mapping)
    assert not Observation.objects.exists()


def test_importing_the_sparse_table_again_with_zeros_changes_nothing(burglaries, capsys):
    call_command("import_observations", SPARSE, "--missing-is-zero")
    call_command("import_observations", SPARSE, "--missing-is-zero")
    assert "0 new, 0 changed, 6 unchanged" in capsys.readouterr().out.splitlines()[-1]
