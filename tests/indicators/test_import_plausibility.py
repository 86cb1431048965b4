"""Plausibility warnings: implausible values are listed, and written only when accepted."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import (
    MAX_REPORTED_ERRORS,
    WarningsNotAcceptedError,
    import_observations,
)
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def run(path, **kwargs):
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=None, **kwargs)


def stored() -> list[tuple[str, str, float | None]]:
    return sorted(
        Observation.objects.filter(is_derived=False).values_list("area__code", "period", "value")
    )


def test_a_percentage_above_100_is_refused_without_acceptance_listing_it(
    catalogue, tmp_path, capsys
):
    path = write_csv(tmp_path / "a.csv", ["not_employed,0999010101,2024,984,,"])
    with pytest.raises(CommandError, match="--accept-warnings"):
        call_command("import_observations", str(path))
    err = capsys.readouterr().err
    assert "row 2: value: 984 is a percentage outside 0-100 (indicator not_employed)" in err
    assert not Observation.objects.exists()


def test_accepted_warnings_are_imported(catalogue, tmp_path):
    path = write_csv(tmp_path / "a.csv", ["not_employed,0999010101,2024,-1,,"])
    call_command("import_observations", str(path), "--accept-warnings")
    assert stored() == [("0999010101", "2024", -1.0)]


def test_a_dry_run_lists_the_warnings_and_writes_nothing(catalogue, tmp_path, capsys):
    path = write_csv(tmp_path / "a.csv", ["population,0999010101,2024,-5,,"])
    call_command("import_observations", str(path), "--dry-run")
    err = capsys.readouterr().err
    assert "1 warning(s): 1 negative count" in err
    assert "row 2: value: -5 is negative, but indicator population counts" in err
    assert not Observation.objects.exists()


def test_a_value_ten_times_the_areas_stored_values_is_a_warning(catalogue, tmp_path):
    run(write_csv(tmp_path / "a.csv", [f"population,0999010101,{y},100,," for y in (2021, 2022)]))
    path = write_csv(
        tmp_path / "b.csv",
        ["population,0999010101,2023,1001,,", "population,0999020201,2023,1001,,"],
    )
    with pytest.raises(WarningsNotAcceptedError) as refused:
        run(path)
    assert refused.value.errors == [
        "row 2: value: 1001 is more than 10 times above or below 100, the median of the values "
        "stored for this area (indicator population)"
    ]
    assert len(stored()) == 2


def test_a_value_a_tenth_of_the_stored_values_is_a_warning_and_the_factor_is_a_setting(
    catalogue, tmp_path, settings
):
    run(write_csv(tmp_path / "a.csv", ["population,0999010101,2021,100,,"]))
    low = write_csv(tmp_path / "b.csv", ["population,0999010101,2022,9,,"])
    assert run(low, dry_run=True).warnings.total == 1
    settings.IMPORT_PLAUSIBILITY_FACTOR = 20
    assert run(low, dry_run=True).warnings.total == 0


def test_values_within_the_factor_and_range_raise_no_warning(catalogue, tmp_path):
    run(write_csv(tmp_path / "a.csv", ["population,0999010101,2021,100,,"]))
    report = run(
        write_csv(
            tmp_path / "b.csv",
            ["population,0999010101,2022,900,,", "not_employed,0999010101,2022,100,,"],
        )
    )
    assert report.warnings.total == 0
    assert report.created == 2


def test_many_warnings_are_counted_but_listed_only_up_to_the_limit(catalogue, tmp_path):
    areas = ["0999010101", "0999020201"]
    rows = [f"not_employed,{a},{y},150,," for a in areas for y in range(1800, 2000)]
    with pytest.raises(WarningsNotAcceptedError) as refused:
        run(write_csv(tmp_path / "a.csv", rows))
    assert refused.value.total == len(rows)
    assert len(refused.value.errors) == MAX_REPORTED_ERRORS
    assert refused.value.warnings.summary() == f"{len(rows)} percentage outside 0-100"
    assert not Observation.objects.exists()
