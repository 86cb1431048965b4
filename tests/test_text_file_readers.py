"""The area and indicator-catalogue importers read Windows-1252 and Latin-1 files as the
observation importer does, and refuse rows with more fields than the header and files that
are not text with a message, on the command line, writing nothing."""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from omradeloft.areas.models import Area
from omradeloft.core.tabular import csv_rows
from omradeloft.indicators.models import Indicator

pytestmark = pytest.mark.django_db

AREAS = "code;name;level;parent\r\n1234;Bjørnåsen – øst;municipality;\r\n"
CATALOGUE = (
    "code;name;name_en;unit;polarity\r\n"
    "not_employed;Ikke sysselsatte – andel;Not employed;percent;higher_is_worse\r\n"
)
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(command: str, *args: str) -> str:
    errors = StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(command, *args, stdout=StringIO(), stderr=errors)
    return errors.getvalue() + str(refused.value)


def test_csv_rows_reads_windows_1252_with_its_letters():
    _, rows = csv_rows(AREAS.encode("cp1252"))
    assert next(rows)[1]["name"] == "Bjørnåsen – øst"


def test_csv_rows_refuses_a_row_with_more_fields_than_the_header():
    _, rows = csv_rows('code,name,level,parent\n1,A,municipality,\n2,=HYPERLINK("x","y"),x,\n')
    with pytest.raises(ValueError, match="row 3: 5 fields, but the header has 4"):
        list(rows)


def test_csv_rows_keeps_rows_with_too_few_fields_with_empty_cells():
    _, rows = csv_rows("code,name,level,parent\n1,A\n")
    assert next(rows)[1] == {"code": "1", "name": "A", "level": "", "parent": ""}


def test_areas_import_from_a_windows_1252_csv(tmp_path, personas):
    path = tmp_path / "areas.csv"
    path.write_bytes(AREAS.encode("cp1252"))
    call_command("import_areas", str(path), stdout=StringIO())
    assert Area.objects.get(code="1234").name == "Bjørnåsen – øst"


def test_areas_import_from_a_latin_1_geojson_file(tmp_path, personas):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"code": "1234", "name": "Sørhagen", "level": "municipality"},
                "geometry": None,
            }
        ],
    }
    path = tmp_path / "areas.geojson"
    path.write_bytes(json.dumps(collection, ensure_ascii=False).encode("latin-1"))
    call_command("import_areas", str(path), stdout=StringIO())
    assert Area.objects.get(code="1234").name == "Sørhagen"


def test_the_area_import_refuses_a_row_with_extra_fields_and_writes_nothing(tmp_path, personas):
    path = tmp_path / "areas.csv"
    path.write_text("code,name,level,parent\n1234,Testby,municipality,,\n", encoding="utf-8")
    message = refusal("import_areas", str(path))
    assert "row 2: 5 fields, but the header has 4" in message
    assert not Area.objects.filter(code="1234").exists()


def test_the_area_import_refuses_an_image_renamed_csv(tmp_path, personas):
    path = tmp_path / "areas.csv"
    path.write_bytes(PNG)
    assert "not text (it looks like a PNG image)" in refusal("import_areas", str(path))


def test_the_catalogue_imports_from_a_windows_1252_csv(tmp_path, personas):
    path = tmp_path / "catalogue.csv"
    path.write_bytes(CATALOGUE.encode("cp1252"))
    call_command("import_indicators", str(path), stdout=StringIO())
    assert Indicator.objects.get(code="not_employed").name == "Ikke sysselsatte – andel"


def test_the_catalogue_imports_from_a_latin_1_json_file(tmp_path, personas):
    document = [
        {
            "code": "pop",
            "name": "Befolkning på 1. januar",
            "name_en": "Population",
            "unit": "count",
            "polarity": "higher_is_better",
        }
    ]
    path = tmp_path / "catalogue.json"
    path.write_bytes(json.dumps(document, ensure_ascii=False).encode("latin-1"))
    call_command("import_indicators", str(path), stdout=StringIO())
    assert Indicator.objects.get(code="pop").name == "Befolkning på 1. januar"


def test_the_catalogue_import_refuses_a_row_with_extra_fields_and_writes_nothing(
    tmp_path, personas
):
    path = tmp_path / "catalogue.csv"
    path.write_text(CATALOGUE.replace("\r\n", ";extra\r\n").replace("polarity;extra", "polarity"))
    message = refusal("import_indicators", str(path))
    assert "row 2: 6 fields, but the header has 5" in message
    assert not Indicator.objects.exists()


def test_the_catalogue_import_refuses_a_file_that_is_not_text(tmp_path, personas):
    path = tmp_path / "catalogue.json"
    path.write_bytes(PNG)
    assert "not text (it looks like a PNG image)" in refusal("import_indicators", str(path))
