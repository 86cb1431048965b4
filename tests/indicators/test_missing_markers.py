"""The statistics banks' missing-value markers are stored as missing, with their meaning."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.models import Missing, Observation, Suppression
from tests.indicators.factories import make_indicator, write_csv
from tests.indicators.test_jsonstat_import import MAPPING, VALUES, ssb_dataset
from tests.indicators.test_jsonstat_import import run as run_jsonstat

pytestmark = pytest.mark.django_db

MARKERS_CSV = Path(__file__).parent / "files" / "statbank_markers.csv"


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed", name="Ikke sysselsatt")
    make_indicator("population", unit="count", polarity="higher_is_better")
    make_indicator("employed", polarity="higher_is_better")
    return personas


def run(path: Path):
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=None)


def stored():
    return sorted(
        Observation.objects.imported().values_list(
            "indicator__code",
            "area__code",
            "period",
            "numerator",
            "denominator",
            "value",
            "missing",
        )
    )


def test_each_marker_is_stored_as_missing_with_its_meaning_and_no_numbers(catalogue):
    report = run(MARKERS_CSV)
    assert report.created == 6
    assert stored() == [
        ("not_employed", "0999010101", "2023", 250.0, 1000.0, 25.0, ""),
        ("not_employed", "0999010101", "2024", None, None, None, Missing.NOT_AVAILABLE),
        # A confidential count's population, given beside it, is not kept either.
        ("not_employed", "0999020201", "2023", None, None, None, Missing.NIL),
        ("not_employed", "0999020201", "2024", None, None, None, Missing.CONFIDENTIAL),
        ("population", "0999010101", "2024", None, None, None, Missing.NOT_YET_AVAILABLE),
        ("population", "0999020201", "2024", None, None, None, Missing.NOT_APPLICABLE),
    ]


def test_importing_a_file_with_markers_again_changes_nothing(catalogue):
    run(MARKERS_CSV)
    report = run(MARKERS_CSV)
    assert (report.created, report.changed, report.unchanged) == (0, 0, 6)


def test_a_number_beside_a_marker_must_still_be_a_number(catalogue, tmp_path):
    path = write_csv(tmp_path / "bad.csv", ["not_employed,0999010101,2024,..,abc,1000"])
    with pytest.raises(ObservationImportError) as caught:
        run(path)
    assert "numerator: “abc” is not a number" in caught.value.errors[0]
    assert not Observation.objects.exists()


def test_a_marker_that_replaces_a_value_counts_as_a_change_and_rolls_back(catalogue, tmp_path):
    run(write_csv(tmp_path / "1.csv", ["not_employed,0999010101,2024,25.0,250,1000"]))
    report = run(write_csv(tmp_path / "2.csv", ["not_employed,0999010101,2024,:,,"]))
    assert report.changed == 1
    observation = Observation.objects.get(area__code="0999010101", period="2024")
    assert (observation.value, observation.missing) == (None, Missing.CONFIDENTIAL)
    rollback_batch(report.batch, actor=None)
    observation = Observation.objects.get(area__code="0999010101", period="2024")
    assert (observation.value, observation.missing) == (25.0, "")


def test_a_parent_is_not_derived_from_a_child_marked_missing(catalogue, tmp_path):
    run(
        write_csv(
            tmp_path / "a.csv",
            ["not_employed,0999010101,2024,..,,", "not_employed,0999020201,2024,10.0,100,1000"],
        )
    )
    derived = set(
        Observation.objects.filter(is_derived=True).values_list("area__code", "value", "missing")
    )
    # Sørbyen from its one subdistrict; not Nordbyen, whose only child is missing, nor the
    # municipality, which then lacks a district.
    assert derived == {("099902", 10.0, "")}


def test_a_json_stat_null_with_a_marker_status_is_stored_as_missing(catalogue, tmp_path):
    # Sør, both sexes, 2024: count (cell 13) and rate (cell 17) are null; SSB marks them ":".
    run_jsonstat(tmp_path, ssb_dataset(VALUES, {"13": ":", "17": ":"}), MAPPING)
    observation = Observation.objects.get(area__code="099902", period="2024")
    assert observation.missing == Missing.CONFIDENTIAL
    assert (observation.numerator, observation.denominator, observation.value) == (None,) * 3


def test_a_json_stat_null_with_another_status_is_left_out_as_before(catalogue, tmp_path):
    run_jsonstat(tmp_path, ssb_dataset(VALUES, {"13": "p", "17": "p"}), MAPPING)
    assert not Observation.objects.filter(area__code="099902", period="2024").exists()


def test_the_indicator_page_and_its_download_show_the_meaning(client, catalogue, settings):
    settings.LANGUAGE_CODE = "en"
    run(MARKERS_CSV)
    url = reverse("indicators:detail", args=["not_employed"])
    html = client.get(url, {"level": "subdistrict", "period": "2024"}).content.decode()
    assert "not available" in html
    assert "confidential" in html
    download = reverse("indicators:download", args=["not_employed", "csv"])
    response = client.get(download, {"level": "subdistrict", "period": "2024"})
    rows = {r["area"]: r for r in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))}
    assert rows["0999010101"]["status"] == "not available"
    assert (rows["0999020201"]["status"], rows["0999020201"]["denominator"]) == (
        "confidential",
        "",
    )


def test_the_area_profile_download_names_the_meaning(client, catalogue, settings):
    settings.LANGUAGE_CODE = "en"
    run(MARKERS_CSV)
    url = reverse("indicators:area_profile_download", args=["0999020201", "csv"])
    rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig"))))
    by_indicator = {r["indicator"]: r for r in rows}
    assert by_indicator["not_employed"]["value"] == ""
    assert by_indicator["not_employed"]["missing"] == "confidential"
    assert by_indicator["population"]["missing"] == "not applicable"


def test_disclosure_control_runs_over_missing_observations(catalogue):
    run(MARKERS_CSV)
    statuses = set(Observation.objects.filter(missing="").values_list("suppression", flat=True))
    assert statuses <= set(Suppression.values)
    assert not Observation.objects.exclude(missing="").exclude(value=None).exists()


def test_the_command_imports_markers_and_refuses_bad_files_writing_nothing(catalogue, tmp_path):
    call_command("import_observations", str(MARKERS_CSV))
    assert Observation.objects.imported().exclude(missing="").count() == 5
    bad = write_csv(tmp_path / "bad.csv", ["not_employed,0999010101,2022,..,..,..", "x,y,z,,,"])
    with pytest.raises(CommandError):
        call_command("import_observations", str(bad))
    assert not Observation.objects.filter(period="2022").exists()
