"""Region codes as SSB writes them become the register's codes through the mapping's rules."""

import json
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from omradeloft.indicators.importing.codes import leading_zero_hints, map_codes
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import Observation
from tests.factories import make_area
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

FILES = Path(__file__).parent / "files"
SSB_MAPPING = {
    "area": {"dimension": "Region", "strip_prefix": "K-", "skip": ["K-Rest", "K-21-22"]},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}


@pytest.fixture
def municipalities(personas):
    make_indicator("population", unit="count", polarity="higher_is_better")
    make_area("0301", "municipality", name="Oslo")
    make_area("3201", "municipality", name="Bærum")
    return personas


def run(path: Path, mapping: dict):
    chunks, info = open_observation_file(path, mapping=mapping)
    return import_observations(chunks, info, actor=None)


def stored():
    return sorted(
        Observation.objects.imported().values_list("area__code", "period", "value", "missing")
    )


def write_mapping(tmp_path: Path, mapping: dict) -> Path:
    path = tmp_path / "mapping.json"
    path.write_text(json.dumps(mapping), encoding="utf-8")
    return path


def test_ssb_municipality_codes_lose_their_prefix_and_pseudo_regions_are_skipped(
    municipalities,
):
    report = run(FILES / "ssb_06913_kommune.json", SSB_MAPPING)
    assert stored() == [
        ("0301", "2022", 697010.0, ""),
        ("0301", "2023", 699827.0, ""),
        ("0301", "2024", 709037.0, ""),
        ("3201", "2022", 129401.0, ""),
        ("3201", "2023", 130772.0, ""),
        ("3201", "2024", None, "not_available"),
    ]
    # K-Rest (3 years, one of them confidential) and K-21-22 (3 years)
    assert report.skipped == 6


def test_without_a_skip_list_pseudo_regions_are_unknown_area_codes(municipalities):
    mapping = SSB_MAPPING | {"area": {"dimension": "Region", "strip_prefix": "K-"}}
    with pytest.raises(ObservationImportError) as caught:
        run(FILES / "ssb_06913_kommune.json", mapping)
    assert any("unknown area code “Rest”" in error for error in caught.value.errors)
    assert not Observation.objects.exists()


def test_skip_matches_a_code_as_the_rules_turn_it_out():
    codes = pd.Series(["K-0301", "K-Rest", "EAK"])
    spec = {"strip_prefix": "K-", "skip": ["Rest", "EAK"]}
    assert map_codes(codes, spec, "area").tolist() == ["0301", None, None]


def test_a_rewrite_turns_basic_units_into_their_districts():
    codes = pd.Series(["0301151505", "0301020101", "0301"])
    spec = {"rewrite": {"pattern": r"^(\d{6})\d{4}$", "replace": r"\1"}}
    assert map_codes(codes, spec, "area").tolist() == ["030115", "030102", "0301"]


def test_rules_apply_in_order_lookup_strip_rewrite_prefix():
    codes = pd.Series(["K-01", "X"])
    spec = {
        "codes": {"X": "K-02"},
        "strip_prefix": "K-",
        "rewrite": {"pattern": "^0", "replace": ""},
        "prefix": "03010",
    }
    assert map_codes(codes, spec, "area").tolist() == ["030101", "030102"]


def test_an_invalid_rewrite_pattern_is_refused_naming_the_pattern(municipalities):
    mapping = SSB_MAPPING | {
        "area": {"dimension": "Region", "rewrite": {"pattern": r"^K-(\d{4}", "replace": r"\1"}}
    }
    with pytest.raises(SourceError, match=r"area.rewrite.pattern .* is not a valid regular"):
        run(FILES / "ssb_06913_kommune.json", mapping)
    assert not Observation.objects.exists()


def test_a_replacement_naming_a_group_the_pattern_lacks_is_refused(municipalities):
    mapping = SSB_MAPPING | {
        "area": {"dimension": "Region", "rewrite": {"pattern": r"^K-(\d+)$", "replace": r"\2"}}
    }
    with pytest.raises(SourceError, match=r"area.rewrite.replace '\\\\2' does not fit"):
        run(FILES / "ssb_06913_kommune.json", mapping)
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ({"skip": "K-Rest"}, "area.skip must be a list of codes"),
        ({"rewrite": r"^K-"}, "area.rewrite must be an object"),
        ({"rewrite": {"pattern": "^K-"}}, "area.rewrite must be an object"),
        ({"strip_prefix": 1}, "area.strip_prefix must be text"),
        ({"codes": ["0301"]}, "area.codes must be an object"),
    ],
)
def test_badly_shaped_code_rules_are_refused(municipalities, rules, message):
    mapping = SSB_MAPPING | {"area": {"dimension": "Region", **rules}}
    with pytest.raises(SourceError, match=message):
        run(FILES / "ssb_06913_kommune.json", mapping)
    assert not Observation.objects.exists()


def test_the_command_reports_rows_left_out_by_the_skip_list(municipalities, tmp_path, capsys):
    mapping = write_mapping(tmp_path, SSB_MAPPING)
    call_command(
        "import_observations", str(FILES / "ssb_06913_kommune.json"), "--mapping", str(mapping)
    )
    assert "6 rows with codes to skip left out" in capsys.readouterr().out
    assert Observation.objects.imported().count() == 6


def test_the_command_refuses_an_invalid_pattern_without_a_traceback(municipalities, tmp_path):
    mapping = write_mapping(
        tmp_path,
        SSB_MAPPING | {"area": {"dimension": "Region", "rewrite": {"pattern": "(", "replace": ""}}},
    )
    with pytest.raises(CommandError, match="is not a valid regular expression"):
        call_command(
            "import_observations", str(FILES / "ssb_06913_kommune.json"), "--mapping", str(mapping)
        )
    assert not Observation.objects.exists()


def test_a_code_that_lost_its_leading_zero_in_excel_gets_a_hint(personas, capsys):
    make_indicator("not_employed")
    with pytest.raises(CommandError):
        call_command("import_observations", str(FILES / "excel_lost_zeros.csv"))
    errors = capsys.readouterr().err
    assert (
        "unknown area code “999010101”; did you mean “0999010101” (Excel drops leading zeros)?"
        in errors
    )
    assert "did you mean “0999020201”" in errors
    assert not Observation.objects.exists()


def test_no_hint_when_the_padded_code_is_not_known_either():
    known = ["0999", "099901", "0999010101"]
    assert leading_zero_hints(["999", "123456789", "K-999", "99901"], known) == {
        "999": "0999",
        "99901": "099901",
    }


@pytest.mark.usefixtures("english_with_own_var")
def test_the_upload_preview_counts_rows_the_skip_list_leaves_out(client, municipalities):
    client.force_login(municipalities.analyst)
    data = (FILES / "ssb_06913_kommune.json").read_bytes()
    response = client.post(
        reverse("indicators:import"),
        {
            "file": SimpleUploadedFile("06913.json", data, "application/json"),
            "mapping": SimpleUploadedFile("map.json", json.dumps(SSB_MAPPING).encode()),
        },
    )
    assert response.status_code == 302, response.content.decode()
    preview = client.get(response["Location"]).content.decode()
    assert "6 rows with codes the mapping skips are left out." in preview
    assert not Observation.objects.exists()


@pytest.mark.usefixtures("english_with_own_var")
def test_an_upload_with_an_invalid_pattern_is_refused_with_the_message(client, municipalities):
    client.force_login(municipalities.analyst)
    mapping = SSB_MAPPING | {
        "area": {"dimension": "Region", "rewrite": {"pattern": "[", "replace": ""}}
    }
    response = client.post(
        reverse("indicators:import"),
        {
            "file": SimpleUploadedFile(
                "06913.json", (FILES / "ssb_06913_kommune.json").read_bytes()
            ),
            "mapping": SimpleUploadedFile("map.json", json.dumps(mapping).encode()),
        },
    )
    assert response.status_code == 400
    assert "is not a valid regular expression" in response.content.decode()
    assert not Observation.objects.exists()
