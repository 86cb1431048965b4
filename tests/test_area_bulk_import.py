"""Areas are written in batches: the same rows and audit entries as one save() per area,
nothing on a re-import, nothing at all when a batch fails."""

import json

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from omradeloft.areas import services
from omradeloft.areas.models import Area
from omradeloft.areas.readers import read_geojson
from omradeloft.areas.services import import_areas, plan_import
from omradeloft.core import bulk
from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditEntry
from tests.factories import square


def feature(code, level, parent="", geometry=None, **props):
    properties = {"code": code, "name": f"Name {code}", "level": level, "parent": parent} | props
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def small_file(**renamed) -> str:
    features = [
        feature("1234", "municipality"),
        feature("123401", "district", "1234", square(10.0), name_en="North"),
        feature("123402", "district", "1234", square(10.02), valid_from="2020-01-01"),
        feature("1234010101", "subdistrict", "123401", square(10.0, size=0.005)),
        feature("1234020101", "subdistrict", "123402"),
    ]
    for feat in features:
        feat["properties"]["name"] = renamed.get(feat["properties"]["code"], "Name")
    return json.dumps({"type": "FeatureCollection", "features": features})


def stored_state() -> tuple[list, list]:
    """Areas and their audit entries with database ids replaced by codes, so that two
    writes of the same file compare equal."""
    code_of = dict(Area.objects.values_list("pk", "code"))
    areas = sorted(
        Area.objects.values_list(
            "level__code",
            "code",
            "name",
            "name_en",
            "parent__code",
            "boundary",
            "boundary_source",
            "valid_from",
            "valid_to",
        )
    )
    entries = []
    for entry in AuditEntry.objects.filter(content_type__model="area"):
        changes = dict(entry.changes)
        for name in ("id", "parent"):
            if name in changes:
                changes[name] = [code_of.get(pk) for pk in changes[name]]
        entries.append(
            (
                code_of[int(entry.object_id)],
                entry.action,
                entry.actor_id,
                entry.source,
                entry.object_repr,
                json.dumps(changes, sort_keys=True),
            )
        )
    return areas, sorted(entries)


def save_one_by_one(text: str) -> None:
    """The write path before batches: the same checks, then save() per area."""
    planned, _ = plan_import(read_geojson(text))
    saved: dict[tuple[int, str], Area] = {}
    for item in planned:
        if item.existing is None:
            area = Area(level=item.level, code=item.record.code)
        else:
            area = Area.objects.get(pk=item.existing["id"])
        if item.existing is None or item.changed:
            for name, value in item.values.items():
                setattr(area, name, value)
            area.parent = saved[item.parent_key] if item.parent_key else None
            area.save()
        saved[(item.level.rank, area.code)] = area


def failing_on_call(monkeypatch, number: int) -> None:
    """Make the `number`th batch of new areas fail to write, as a full disk would."""
    real = bulk.insert_rows
    calls = {"n": 0}

    def insert_rows(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == number:
            raise RuntimeError("disk full")
        return real(*args, **kwargs)

    monkeypatch.setattr(services, "insert_rows", insert_rows)


@pytest.mark.django_db
class TestSameResultAsSavingEachArea:
    def test_a_new_file_gives_the_same_areas_and_audit_entries(self, personas):
        with acting_as(personas.programme_admin, "cli"):
            with transaction.atomic():
                save_one_by_one(small_file())
                one_by_one = stored_state()
                transaction.set_rollback(True)
            import_areas(read_geojson(small_file()), actor=personas.programme_admin)
        assert stored_state() == one_by_one
        assert sum(1 for entry in one_by_one[1] if entry[3] == "cli") == 5

    def test_a_changed_file_gives_the_same_updates(self, personas):
        changed = small_file(**{"123401": "Renamed", "1234020101": "Also renamed"})
        import_areas(read_geojson(small_file()), actor=None)
        with acting_as(personas.programme_admin, "cli"):
            with transaction.atomic():
                save_one_by_one(changed)
                one_by_one = stored_state()
                transaction.set_rollback(True)
            import_areas(read_geojson(changed), actor=personas.programme_admin)
        assert stored_state() == one_by_one
        assert sum(1 for entry in one_by_one[1] if entry[1] == "update") == 2


@pytest.mark.django_db
class TestBatches:
    def test_importing_the_same_file_again_writes_nothing(self):
        import_areas(read_geojson(small_file()), actor=None)
        before = list(Area.objects.values())
        entries = AuditEntry.objects.count()
        with CaptureQueriesContext(connection) as queries:
            report = import_areas(read_geojson(small_file()), actor=None)
        assert report.unchanged == 5
        writes = [
            q["sql"] for q in queries if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))
        ]
        assert writes == []
        assert list(Area.objects.values()) == before
        assert AuditEntry.objects.count() == entries

    def test_a_batch_that_fails_leaves_no_area_and_no_audit_entry(self, monkeypatch):
        monkeypatch.setattr(services, "WRITE_BATCH", 1)
        failing_on_call(monkeypatch, 3)
        with pytest.raises(RuntimeError, match="disk full"):
            import_areas(read_geojson(small_file()), actor=None)
        assert Area.objects.count() == 0
        assert AuditEntry.objects.filter(content_type__model="area").count() == 0

    def test_a_failed_update_leaves_the_areas_as_they_were(self, monkeypatch):
        import_areas(read_geojson(small_file()), actor=None)
        before = stored_state()
        monkeypatch.setattr(services, "WRITE_BATCH", 1)
        real = services.update_rows
        failing = Area.objects.get(code="1234020101").pk

        def update_rows(model, names, rows):
            if rows[0][-1] == failing:
                raise RuntimeError("disk full")
            return real(model, names, rows)

        monkeypatch.setattr(services, "update_rows", update_rows)
        with pytest.raises(RuntimeError, match="disk full"):
            import_areas(
                read_geojson(small_file(**{"123401": "New", "1234020101": "New"})), actor=None
            )
        assert stored_state() == before

    def test_the_audit_of_a_batch_says_who_from_where_and_what(self, personas, tmp_path):
        path = tmp_path / "areas.geojson"
        path.write_text(small_file())
        call_command("import_areas", str(path), user="programme_admin")
        path.write_text(small_file(**{"123401": "Renamed"}))
        call_command("import_areas", str(path), user="programme_admin")
        district = Area.objects.get(code="123401")
        created, updated = AuditEntry.objects.for_object(district).order_by("id")
        for entry in (created, updated):
            assert (entry.actor, entry.source) == (personas.programme_admin, "cli")
        assert created.action == "create"
        assert created.object_repr == "Name (123401)"
        assert created.changes["code"] == [None, "123401"]
        assert created.changes["name_en"] == [None, "North"]
        assert created.changes["parent"] == [None, district.parent_id]
        assert created.changes["boundary"] == "changed"
        assert (updated.action, updated.changes) == ("update", {"name": ["Name", "Renamed"]})

    def test_a_moved_area_gets_its_new_parent_in_the_same_import(self):
        import_areas(read_geojson(small_file()), actor=None)
        moved = json.loads(small_file())
        moved["features"].append(feature("123403", "district", "1234"))
        moved["features"][4]["properties"]["parent"] = "123403"
        report = import_areas(read_geojson(json.dumps(moved)), actor=None)
        assert report.created == ["123403"]
        assert report.updated == {"1234020101": ["parent"]}
        assert Area.objects.get(code="1234020101").parent.code == "123403"
        entry = AuditEntry.objects.for_object(Area.objects.get(code="1234020101")).first()
        new_parent = Area.objects.get(code="123403").pk
        assert entry.changes["parent"][1] == new_parent

    def test_progress_counts_every_area_once(self, monkeypatch):
        monkeypatch.setattr(services, "WRITE_BATCH", 2)
        counts: list[int] = []
        import_areas(read_geojson(small_file()), actor=None, on_progress=counts.append)
        assert sum(counts) == 5
        counts.clear()
        import_areas(read_geojson(small_file()), actor=None, on_progress=counts.append)
        assert sum(counts) == 5


@pytest.mark.django_db
def test_lookups_go_in_slices_so_a_national_set_stays_within_parameter_limits(monkeypatch):
    monkeypatch.setattr(services, "QUERY_SLICE", 2)
    report = import_areas(read_geojson(small_file()), actor=None)
    assert len(report.created) == 5
    parents = dict(Area.objects.values_list("code", "parent__code"))
    assert parents["1234010101"] == "123401"
    renamed = small_file(**{"1234": "Renamed"})
    again = import_areas(read_geojson(renamed), actor=None)
    assert (again.created, again.updated, again.unchanged) == ([], {"1234": ["name"]}, 4)
