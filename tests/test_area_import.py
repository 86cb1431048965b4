"""Importing areas: everything is checked first, then written all at once, and only once."""

import json
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.areas import services
from omradeloft.areas.models import Area
from omradeloft.areas.readers import read_csv, read_geojson
from omradeloft.areas.services import AreaImportError, import_areas
from omradeloft.core.models import AuditEntry
from tests.factories import bowtie, make_area, square


def feature(code, level, parent="", geometry=None, **props):
    properties = {"code": code, "name": f"Name {code}", "level": level, "parent": parent} | props
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def collection(*features):
    return {"type": "FeatureCollection", "features": list(features)}


def valid_collection():
    return collection(
        feature("1234", "municipality"),
        feature("123401", "district", "1234", square(10.0)),
        feature("123402", "district", "1234", square(10.02)),
        feature("1234010101", "subdistrict", "123401", square(10.0, size=0.005)),
    )


def write(tmp_path: Path, document, name="areas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(document) if not isinstance(document, str) else document)
    return path


def snapshot():
    return sorted(Area.objects.values_list("level__code", "code", "name", "parent__code"))


def run(command: str, *args: str) -> int:
    """Run a command as the console script would; return its exit status.

    (The console script itself closes every database connection when it ends, which would
    end the test's transaction; `call_command` runs the same command without that.)
    """
    try:
        call_command(command.replace("-", "_"), *args)
    except CommandError as e:
        sys.stderr.write(f"CommandError: {e}\n")
        return 1
    return 0


@pytest.mark.django_db
class TestValidFiles:
    def test_geojson_import_creates_areas_with_their_parents(self):
        report = import_areas(read_geojson(json.dumps(valid_collection())), actor=None)
        assert sorted(report.created) == sorted(["1234", "123401", "123402", "1234010101"])
        sub = Area.objects.get(code="1234010101")
        assert [a.code for a in sub.ancestors()] == ["1234", "123401"]
        assert sub.boundary["type"] == "MultiPolygon"
        assert Area.objects.get(code="1234").boundary is None

    def test_importing_the_same_file_twice_changes_nothing(self, tmp_path, capsys):
        path = write(tmp_path, valid_collection())
        assert run("import-areas", str(path)) == 0
        before_log = AuditEntry.objects.count()
        before = list(Area.objects.values())
        capsys.readouterr()
        assert run("import-areas", str(path)) == 0
        out = capsys.readouterr().out
        assert "0 created, 0 updated, 4 unchanged" in out
        assert list(Area.objects.values()) == before
        assert AuditEntry.objects.count() == before_log

    def test_dry_run_reports_what_would_change_and_writes_nothing(self, tmp_path, capsys):
        path = write(tmp_path, valid_collection())
        assert run("import-areas", str(path), "--dry-run") == 0
        assert "4 would be created" in capsys.readouterr().out
        assert Area.objects.count() == 0

    def test_changed_names_and_boundaries_are_updated_and_listed(self, capsys):
        import_areas(read_geojson(json.dumps(valid_collection())), actor=None)
        changed = valid_collection()
        changed["features"][1]["properties"]["name"] = "Renamed"
        changed["features"][1]["geometry"] = square(11.0)
        report = import_areas(read_geojson(json.dumps(changed)), actor=None)
        assert report.updated == {"123401": ["name", "boundary"]}
        assert report.unchanged == 3
        assert Area.objects.get(code="123401").name == "Renamed"

    def test_a_parent_already_in_the_database_is_found(self):
        make_area("0999", "municipality")
        import_areas(
            read_geojson(json.dumps(collection(feature("099901", "district", "0999")))), actor=None
        )
        assert Area.objects.get(code="099901").parent.code == "0999"

    def test_areas_without_geometry_are_statistics_only_units(self):
        report = import_areas(
            read_geojson(json.dumps(collection(feature("X1", "basic_unit")))), actor=None
        )
        assert report.created == ["X1"]
        assert Area.objects.get(code="X1").boundary is None

    def test_a_polygon_is_stored_as_a_multipolygon(self):
        polygon = {"type": "Polygon", "coordinates": square()["coordinates"][0]}
        import_areas(
            read_geojson(json.dumps(collection(feature("P", "district", geometry=polygon)))),
            actor=None,
        )
        assert Area.objects.get(code="P").boundary["type"] == "MultiPolygon"

    def test_csv_import_with_comma_or_semicolon_and_a_byte_order_mark(self):
        import_areas(read_csv("code,name,level,parent\n1234,Testby,municipality,\n"), actor=None)
        text = "\ufeffcode;name;level;parent;name_en\n123401;Nord;district;1234;North\n"
        report = import_areas(read_csv(text.encode("utf-8")), actor=None)
        assert report.created == ["123401"]
        area = Area.objects.get(code="123401")
        assert (area.parent.code, area.name_en) == ("1234", "North")

    def test_repair_mends_invalid_geometry_and_says_so(self):
        records = read_geojson(json.dumps(collection(feature("B", "district", geometry=bowtie()))))
        report = import_areas(records, actor=None, repair=True)
        assert report.created == ["B"]
        assert "geometry repaired" in report.warnings[0]
        assert "Self-intersection" in report.warnings[0]

    def test_the_boundary_source_is_kept_for_maps(self):
        records = read_geojson(json.dumps(collection(feature("S", "district", geometry=square()))))
        import_areas(records, actor=None, source="Testby kommune, CC BY 4.0")
        assert Area.objects.get(code="S").boundary_source == "Testby kommune, CC BY 4.0"


@pytest.mark.django_db
class TestBadInput:
    def bad(self, *features):
        make_area("0999", "municipality", name="Existing")
        before = snapshot()
        with pytest.raises(AreaImportError) as caught:
            import_areas(read_geojson(json.dumps(collection(*features))), actor=None)
        assert snapshot() == before
        return [str(e) for e in caught.value.errors]

    def test_self_intersecting_geometry_is_refused_with_its_location(self):
        (error,) = self.bad(feature("B", "district", "0999", bowtie()))
        assert error.startswith("feature 1 (code B): geometry: invalid geometry: Self-intersection")

    def test_unknown_level_is_refused_listing_the_known_levels(self):
        (error,) = self.bad(feature("L", "county", "0999"))
        assert "level: unknown level 'county'" in error
        assert "subdistrict" in error

    def test_parent_missing_from_file_and_database_is_refused(self):
        (error,) = self.bad(feature("C", "district", "nowhere"))
        assert "parent: parent 'nowhere' is neither in the file nor in the database" in error

    def test_a_parent_must_be_on_a_level_above(self):
        (error,) = self.bad(feature("D", "district", "0999"), feature("E", "district", "D"))
        assert "feature 2 (code E): parent" in error

    def test_duplicate_code_in_the_file_names_both_places(self):
        (error,) = self.bad(feature("D", "district", "0999"), feature("D", "district", "0999"))
        assert error == ("feature 2 (code D): code: duplicate: district D is also in feature 1")

    def test_missing_name_and_code_are_refused(self):
        errors = self.bad(feature("", "district", "0999", name=""))
        assert any("code: missing" in e for e in errors)
        assert any("name: missing" in e for e in errors)

    def test_projected_coordinates_are_refused_with_a_hint(self):
        utm = {
            "type": "Polygon",
            "coordinates": [
                [[597000, 6643000], [598000, 6643000], [598000, 6644000], [597000, 6643000]]
            ],
        }
        (error,) = self.bad(feature("U", "district", "0999", utm))
        assert "not longitude/latitude" in error
        assert "EPSG:4326" in error

    def test_a_point_is_not_a_boundary(self):
        (error,) = self.bad(
            feature("P", "district", "0999", {"type": "Point", "coordinates": [10, 59]})
        )
        assert "expected a Polygon or MultiPolygon geometry, found Point" in error

    def test_bad_dates_are_refused(self):
        errors = self.bad(
            feature("T", "district", "0999", valid_from="2020-13-01"),
            feature("V", "district", "0999", valid_from="2020-01-01", valid_to="2019-01-01"),
        )
        assert "feature 1 (code T): valid_from: '2020-13-01' is not a date YYYY-MM-DD" in errors
        assert "feature 2 (code V): valid_to: is before valid_from" in errors

    def test_every_problem_is_reported_at_once(self):
        errors = self.bad(
            feature("B", "district", "0999", bowtie()),
            feature("C", "district", "nowhere"),
            feature("D", "district", "0999"),
            feature("D", "district", "0999"),
        )
        assert len(errors) == 3

    def test_a_failure_while_writing_leaves_nothing_behind(self, monkeypatch):
        calls = {"n": 0}
        real_insert = services.insert_rows

        def failing_insert(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 3:
                raise RuntimeError("disk full")
            return real_insert(*args, **kwargs)

        monkeypatch.setattr(services, "insert_rows", failing_insert)
        with pytest.raises(RuntimeError):
            import_areas(read_geojson(json.dumps(valid_collection())), actor=None)
        assert Area.objects.count() == 0
        assert AuditEntry.objects.filter(content_type__model="area").count() == 0


@pytest.mark.django_db
class TestCommand:
    def test_the_three_problems_are_named_and_the_area_count_is_unchanged(self, tmp_path, capsys):
        make_area("0999", "municipality")
        path = write(
            tmp_path,
            collection(
                feature("B", "district", "0999", bowtie()),
                feature("C", "district", "nowhere"),
                feature("D", "district", "0999"),
                feature("D", "district", "0999"),
            ),
        )
        assert run("import-areas", str(path)) == 1
        err = capsys.readouterr().err
        assert "Self-intersection" in err
        assert "parent 'nowhere'" in err
        assert "duplicate" in err
        assert "3 error(s); nothing was imported" in err
        assert Area.objects.count() == 1

    def test_unreadable_files_get_a_clear_message(self, tmp_path):
        with pytest.raises(CommandError, match="not valid JSON"):
            call_command("import_areas", str(write(tmp_path, "{not json")))
        with pytest.raises(CommandError, match="cannot tell the format"):
            call_command("import_areas", str(write(tmp_path, "x", name="areas.txt")))
        with pytest.raises(CommandError, match="missing column"):
            call_command("import_areas", str(write(tmp_path, "code,name\n1,A\n", name="a.csv")))
        with pytest.raises(CommandError, match="expected a GeoJSON FeatureCollection"):
            call_command("import_areas", str(write(tmp_path, {"type": "Feature"})))

    def test_acting_user_needs_permission_to_manage_areas(self, personas, tmp_path, settings):
        settings.LANGUAGE_CODE = "en"
        path = write(tmp_path, valid_collection())
        with pytest.raises(CommandError, match="not allowed"):
            call_command("import_areas", str(path), user="resident")
        assert not Area.objects.filter(code="1234").exists()
        with pytest.raises(CommandError, match="no user called 'ghost'"):
            call_command("import_areas", str(path), user="ghost")

    def test_the_audit_log_names_the_acting_user(self, personas, tmp_path):
        call_command(
            "import_areas", str(write(tmp_path, valid_collection())), user="programme_admin"
        )
        entry = AuditEntry.objects.get(object_repr="Name 123401 (123401)")
        assert (entry.actor, entry.source, entry.action) == (
            personas.programme_admin,
            "cli",
            "create",
        )
