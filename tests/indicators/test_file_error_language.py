"""A file refused as a whole (a broken JSON-stat dataset, a wide table its mapping does not
fit, too many rows, text in an unknown encoding) is explained in the reader's language on
the web and in English on the command line."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from tests.indicators.test_import_pages import catalogue, upload

pytestmark = pytest.mark.django_db
__all__ = ["catalogue"]

MAPPING = {
    "area": {"dimension": "Region", "prefix": "0999"},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}


def dataset_with_text_value() -> dict:
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 1],
        "dimension": {
            "Region": {"category": {"index": ["01", "02"]}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": [1000, "abc"],
    }


@pytest.fixture
def own_var(settings, tmp_path):
    settings.VAR_DIR = tmp_path / "var"


def refused_jsonstat(client, dataset: dict) -> str:
    response = upload(
        client,
        SimpleUploadedFile("ssb.json", json.dumps(dataset).encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(MAPPING).encode()),
    )
    assert response.status_code == 400
    return response.content.decode()


def test_a_bokmal_upload_of_a_broken_json_stat_file_is_refused_in_bokmal(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    page = refused_jsonstat(client, dataset_with_text_value())
    assert "ikke et brukbart JSON-stat 2.0-datasett: $.value[1]: forventet et tall" in page
    assert "i celle 1 (Region=02, Tid=2024)" in page
    assert "expected a number or null" not in page


def test_an_english_upload_of_a_broken_json_stat_file_is_refused_in_english(
    client, catalogue, own_var
):
    client.force_login(catalogue.analyst)
    client.cookies["django_language"] = "en"
    page = refused_jsonstat(client, dataset_with_text_value())
    assert (
        "$.value[1]: expected a number or null, got &#x27;abc&#x27; (a string) "
        "at cell 1 (Region=02, Tid=2024)"
    ) in page


def test_a_bokmal_upload_of_a_json_stat_collection_is_refused_in_bokmal(client, catalogue, own_var):
    client.force_login(catalogue.analyst)
    page = refused_jsonstat(client, {"class": "collection", "link": {}})
    assert "$: dette er en JSON-stat-samling" in page
    assert "this is a JSON-stat collection" not in page


def test_the_command_line_refuses_a_broken_json_stat_file_in_english(
    catalogue, settings, tmp_path: Path
):
    settings.LANGUAGE_CODE = "nb"
    data, mapping = tmp_path / "ssb.json", tmp_path / "map.json"
    data.write_text(json.dumps(dataset_with_text_value()), encoding="utf-8")
    mapping.write_text(json.dumps(MAPPING), encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_observations",
            str(data),
            mapping=mapping,
            stdout=StringIO(),
            stderr=StringIO(),
        )
    assert (
        "not a usable JSON-stat 2.0 dataset: $.value[1]: expected a number or null, got 'abc' "
        "(a string) at cell 1 (Region=02, Tid=2024)"
    ) in str(refused.value)
