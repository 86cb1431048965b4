"""`import-areas` shows progress while boundaries are checked, as it does while areas are
written: checking a national set of polygons takes as long as writing it."""

import json
from contextlib import contextmanager

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.areas.management.commands import import_areas as command
from omradeloft.areas.models import Area
from omradeloft.areas.readers import read_geojson
from omradeloft.areas.services import AreaImportError, import_areas
from tests.factories import square

pytestmark = pytest.mark.django_db


def feature(code, level, parent="", geometry=None):
    properties = {"code": code, "name": f"Name {code}", "level": level, "parent": parent}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def geojson(*features) -> str:
    return json.dumps({"type": "FeatureCollection", "features": list(features)})


THREE_AREAS = geojson(
    feature("1234", "municipality"),
    feature("123401", "district", "1234", square(10.0)),
    feature("123402", "district", "1234", square(10.02)),
)


class Bars:
    """Stands in for core.commands.progress_bar: records each bar's total and updates."""

    def __init__(self):
        self.bars: dict[str, list] = {}

    @contextmanager
    def __call__(self, total, description):
        counts = self.bars.setdefault(description, [total])

        class Bar:
            def update(self, n=1):
                counts.append(n)

        yield Bar()


def test_the_check_of_every_record_is_reported_before_anything_is_written():
    checked: list[int] = []
    written: list[int] = []

    def on_written(n):
        assert sum(checked) == 3  # all checked first
        written.append(n)

    import_areas(
        read_geojson(THREE_AREAS), actor=None, on_checked=checked.append, on_progress=on_written
    )
    assert (sum(checked), sum(written)) == (3, 3)


def test_a_dry_run_reports_its_checks_and_writes_nothing():
    checked: list[int] = []
    import_areas(read_geojson(THREE_AREAS), actor=None, dry_run=True, on_checked=checked.append)
    assert sum(checked) == 3
    assert not Area.objects.exists()


def test_a_refused_file_has_checked_every_record_and_writes_nothing():
    broken = geojson(
        feature("1234", "municipality"),
        feature("123401", "district", "1234", {"type": "Point", "coordinates": [10, 59]}),
        feature("123402", "district", "1234", square(10.02)),
    )
    checked: list[int] = []
    with pytest.raises(AreaImportError):
        import_areas(read_geojson(broken), actor=None, on_checked=checked.append)
    assert sum(checked) == 3
    assert not Area.objects.exists()


def test_the_command_shows_a_bar_for_checking_and_one_for_writing(monkeypatch, tmp_path):
    bars = Bars()
    monkeypatch.setattr(command, "progress_bar", bars)
    path = tmp_path / "areas.geojson"
    path.write_text(THREE_AREAS, "utf-8")
    call_command("import_areas", str(path))
    assert {name: (counts[0], sum(counts[1:])) for name, counts in bars.bars.items()} == {
        "checking": (3, 3),
        "areas": (3, 3),
    }


def test_the_command_shows_the_checks_of_a_refused_file(monkeypatch, tmp_path):
    bars = Bars()
    monkeypatch.setattr(command, "progress_bar", bars)
    path = tmp_path / "areas.geojson"
    path.write_text(geojson(feature("1234", "nowhere")), "utf-8")
    with pytest.raises(CommandError):
        call_command("import_areas", str(path))
    assert sum(bars.bars["checking"][1:]) == 1
    assert not Area.objects.exists()
