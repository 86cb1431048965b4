"""Exporting areas writes GeoJSON that the importer reads back unchanged."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.areas.readers import read_geojson
from omradeloft.areas.services import import_areas
from tests.factories import make_area, square


@pytest.mark.django_db
def test_export_writes_every_area_of_the_level_with_its_parent(tmp_path):
    top = make_area("0999", "municipality")
    make_area("099901", "district", parent=top, boundary=square(), name_en="North")
    make_area("099902", "district", parent=top)
    make_area("0999010101", "subdistrict")
    out = tmp_path / "districts.geojson"
    call_command("export_areas", level="district", output=out)
    document = json.loads(out.read_text())
    assert document["type"] == "FeatureCollection"
    props = {f["properties"]["code"]: f["properties"] for f in document["features"]}
    assert set(props) == {"099901", "099902"}
    assert props["099901"] | {} == {
        "code": "099901",
        "name": "Area 099901",
        "name_en": "North",
        "level": "district",
        "parent": "0999",
        "parent_level": "municipality",
    }
    geometries = {f["properties"]["code"]: f["geometry"] for f in document["features"]}
    assert geometries["099901"] == square()
    assert geometries["099902"] is None


@pytest.mark.django_db
def test_exported_file_imports_back_with_nothing_changed(capsys):
    top = make_area("0999", "municipality")
    make_area("099901", "district", parent=top, boundary=square(), valid_from="2020-01-01")
    call_command("export_areas", level="district")
    exported = capsys.readouterr().out
    report = import_areas(read_geojson(exported), actor=None)
    assert (report.created, report.updated, report.unchanged) == ([], {}, 1)


@pytest.mark.django_db
def test_export_of_an_unknown_level_lists_the_known_ones():
    with pytest.raises(CommandError, match=r"unknown level 'county'.*subdistrict"):
        call_command("export_areas", level="county")
