"""The one write path for areas: import (validate everything, then commit atomically) and export."""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from types import SimpleNamespace
from typing import Any

from django.db import transaction
from django.db.models import Field, QuerySet
from django.utils import timezone

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.geometry import GeometryError, normalise_boundary
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.areas.readers import AreaRecord
from omradeloft.core.audit import BulkChange, acting_as, current_actor, record_bulk_changes
from omradeloft.core.bulk import insert_rows, update_rows
from omradeloft.core.imports import ImportRefusedError

UPDATABLE = ("name", "name_en", "parent", "boundary", "valid_from", "valid_to")
WRITE_BATCH = 2_000  # areas per bulk statement and audit write
QUERY_SLICE = 5_000  # codes per lookup query (SQLite may take only 32,766, PostgreSQL 65,535)


@dataclass(frozen=True)
class RecordError:
    location: str
    code: str
    field: str
    message: str

    def __str__(self) -> str:
        code = f" (code {self.code})" if self.code else ""
        return f"{self.location}{code}: {self.field}: {self.message}"


class AreaImportError(ImportRefusedError):
    """The area file has errors (RecordError each); nothing was written."""


@dataclass
class _Planned:
    record: AreaRecord
    level: AreaLevel
    values: dict[str, Any]
    parent_key: tuple[int, str] | None  # (level rank, code) of the parent
    existing: dict[str, Any] | None = None  # the stored row, by attribute name
    changed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class _Options:
    repair: bool
    source: str | None  # boundary source for records that do not name one


@dataclass
class ImportReport:
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False


def _parse_date(value: str | None, record: AreaRecord, name: str, errors: list[RecordError]) -> Any:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        errors.append(
            RecordError(record.location, record.code, name, f"{value!r} is not a date YYYY-MM-DD")
        )
        return None


def _check_record(
    record: AreaRecord,
    levels: dict[str, AreaLevel],
    options: "_Options",
    errors: list[RecordError],
    warnings: list[str],
) -> _Planned | None:
    start = len(errors)

    def error(field_name: str, message: str) -> None:
        errors.append(RecordError(record.location, record.code, field_name, message))

    if not record.code:
        error("code", "missing")
    if not record.name:
        error("name", "missing")
    level = levels.get(record.level)
    if not record.level:
        error("level", f"missing; expected one of {', '.join(levels)}")
    elif level is None:
        error("level", f"unknown level {record.level!r}; expected one of {', '.join(levels)}")
    values: dict[str, Any] = {"name": record.name}
    if "name_en" in record.given:
        values["name_en"] = record.name_en or ""
    if "boundary" in record.given:
        try:
            boundary = normalise_boundary(record.boundary, repair=options.repair)
        except GeometryError as e:
            error("geometry", str(e))
        else:
            values["boundary"] = boundary.geojson
            source = record.source if "source" in record.given else options.source
            if source is not None:
                values["boundary_source"] = source
            if boundary.repaired:
                where = f"{record.location} (code {record.code})"
                warnings.append(f"{where}: geometry repaired: {boundary.repaired}")
    for name in ("valid_from", "valid_to"):
        if name in record.given:
            values[name] = _parse_date(getattr(record, name), record, name, errors)
    if (
        values.get("valid_from")
        and values.get("valid_to")
        and values["valid_to"] < values["valid_from"]
    ):
        error("valid_to", "is before valid_from")
    if len(errors) > start or level is None:
        return None
    return _Planned(record, level, values, None)


def _resolve_parents(
    planned: list[_Planned], levels: dict[str, AreaLevel], errors: list[RecordError]
) -> None:
    """Find each parent in the file or the database, at the nearest level above the child."""
    known: dict[str, set[int]] = defaultdict(set)  # code -> ranks it has, in file or database
    for p in planned:
        known[p.record.code].add(p.level.rank)
    parent_codes = {p.record.parent for p in planned if p.record.parent}
    for rank, code in _in_slices(
        Area.objects.values_list("level__rank", "code"), "code", parent_codes
    ):
        known[code].add(rank)
    for item in planned:
        code = item.record.parent
        if not code:
            continue
        if item.record.parent_level:
            parent_level = levels.get(item.record.parent_level)
            if parent_level is None:
                errors.append(
                    RecordError(
                        item.record.location,
                        item.record.code,
                        "parent_level",
                        f"unknown level {item.record.parent_level!r}",
                    )
                )
                continue
            ranks = [parent_level.rank]
        else:
            ranks = sorted(known.get(code, ()), reverse=True)
        ranks = [r for r in ranks if r < item.level.rank and r in known.get(code, ())]
        if not ranks:
            errors.append(
                RecordError(
                    item.record.location,
                    item.record.code,
                    "parent",
                    f"parent {code!r} is neither in the file nor in the database "
                    f"at a level above {item.level.code}",
                )
            )
            continue
        item.parent_key = (ranks[0], code)


def _in_slices(queryset: QuerySet[Any], name: str, values: set[Any]) -> Iterator[Any]:
    """The rows of `queryset` whose `name` is one of `values`, asked for in slices: a
    national set has more codes than SQLite takes parameters in one query."""
    ordered = sorted(values)
    for start in range(0, len(ordered), QUERY_SLICE):
        yield from queryset.filter(**{f"{name}__in": ordered[start : start + QUERY_SLICE]})


def _find_duplicates(planned: list[_Planned], errors: list[RecordError]) -> None:
    first_seen: dict[tuple[str, str], str] = {}
    for item in planned:
        key = (item.level.code, item.record.code)
        if key in first_seen:
            errors.append(
                RecordError(
                    item.record.location,
                    item.record.code,
                    "code",
                    f"duplicate: {item.level.code} {item.record.code} is also in {first_seen[key]}",
                )
            )
        else:
            first_seen[key] = item.record.location


def plan_import(
    records: list[AreaRecord],
    *,
    repair: bool = False,
    source: str | None = None,
    on_checked: Callable[[int], None] | None = None,
) -> tuple[list[_Planned], list[str]]:
    """Validate every record; raise AreaImportError listing all problems, or return the plan.
    `on_checked` is told of each record checked (its boundary made valid and normalised)."""
    levels = {level.code: level for level in AreaLevel.objects.all()}
    errors: list[RecordError] = []
    warnings: list[str] = []
    options = _Options(repair, source)
    checked = []
    for record in records:
        checked.append(_check_record(record, levels, options, errors, warnings))
        if on_checked:
            on_checked(1)
    planned = [p for p in checked if p is not None]
    _find_duplicates(planned, errors)
    _resolve_parents(planned, levels, errors)
    if errors:
        raise AreaImportError(errors)

    existing = {
        (row["level_id"], row["code"]): row
        for row in _in_slices(Area.objects.values(), "code", {p.record.code for p in planned})
    }
    parents = {
        pk: (rank, code)
        for pk, rank, code in _in_slices(
            Area.objects.values_list("pk", "level__rank", "code"),
            "pk",
            {row["parent_id"] for row in existing.values() if row["parent_id"]},
        )
    }
    for item in planned:
        item.existing = existing.get((item.level.pk, item.record.code))
        if item.existing is None:
            continue
        if parents.get(item.existing["parent_id"]) != item.parent_key:
            item.changed.append("parent")
        item.changed += [
            name for name, value in item.values.items() if item.existing[name] != value
        ]
    planned.sort(key=lambda p: p.level.rank)
    return planned, warnings


def import_areas(
    records: list[AreaRecord],
    *,
    actor: User | None,
    dry_run: bool = False,
    repair: bool = False,
    source: str | None = None,
    on_progress: Callable[[int], None] | None = None,
    on_checked: Callable[[int], None] | None = None,
) -> ImportReport:
    """Create and update areas from `records`, all or nothing.

    `actor` is the user doing the import (None: the system, e.g. an operator's shell).
    Re-importing the same records changes nothing. `on_checked` is told of each record
    checked, then `on_progress` how many areas each written batch held.
    """
    if actor is not None:
        require(actor, Action.MANAGE_AREAS)
    planned, warnings = plan_import(records, repair=repair, source=source, on_checked=on_checked)
    report = ImportReport(warnings=warnings, dry_run=dry_run)
    for item in planned:
        if item.existing is None:
            report.created.append(item.record.code)
        elif item.changed:
            report.updated[item.record.code] = item.changed
        else:
            report.unchanged += 1
    if dry_run:
        return report

    with acting_as(actor, current_actor().source), transaction.atomic():
        _write(planned, on_progress)
    return report


def _write(planned: list[_Planned], on_progress: Callable[[int], None] | None) -> None:
    """Write the plan level by level, from the top, so that every parent has its id before
    its children are written; rows go in batches, each batch with its audit entries.
    Parents already stored are looked up once; new ones are added as they are written."""
    parent_codes = {p.parent_key[1] for p in planned if p.parent_key}
    ids: dict[tuple[int, str], int] = {
        (rank, code): pk
        for rank, code, pk in _in_slices(
            Area.objects.values_list("level__rank", "code", "pk"), "code", parent_codes
        )
    }
    now = timezone.now()
    new_row = {f.attname: f.get_default() for f in Area._meta.concrete_fields if not f.primary_key}
    new_row |= {"created_at": now, "updated_at": now}
    for rank, group in groupby(planned, key=lambda p: p.level.rank):
        created: list[dict[str, Any]] = []
        updated: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (before, after)
        fields: set[str] = set()  # what changed in any of the updated areas
        items = list(group)
        for item in items:
            parent_id = ids[item.parent_key] if item.parent_key else None
            if item.existing is None:
                level_code = {"level_id": item.level.pk, "code": item.record.code}
                created.append(new_row | level_code | item.values | {"parent_id": parent_id})
            elif item.changed:
                after = item.existing | item.values | {"parent_id": parent_id, "updated_at": now}
                updated.append((item.existing, after))
                fields.update(item.changed)
        for batch in _batches(created):
            _insert(batch)
            ids.update({(rank, row["code"]): row["id"] for row in batch})
            if on_progress:
                on_progress(len(batch))
        columns = []
        for name in sorted(fields):
            field = Area._meta.get_field(name)
            assert isinstance(field, Field)  # the changed fields are Area's own, never relations
            columns.append(field.attname)
        columns.append("updated_at")
        for batch in _batches(updated):
            update_rows(Area, columns, [[*(a[c] for c in columns), a["id"]] for _, a in batch])
            record_bulk_changes(
                Area, (BulkChange(a["id"], _text(a), before, a) for before, a in batch)
            )
            if on_progress:
                on_progress(len(batch))
        if on_progress:
            on_progress(len(items) - len(created) - len(updated))


def _insert(rows: list[dict[str, Any]]) -> None:
    """Insert new areas of one level, learn their ids, and log them."""
    columns = list(rows[0])
    insert_rows(Area, columns, [[row[c] for c in columns] for row in rows])
    found = dict(
        Area.objects.filter(
            level_id=rows[0]["level_id"], code__in=[row["code"] for row in rows]
        ).values_list("code", "pk")
    )
    for row in rows:
        row["id"] = found[row["code"]]
    record_bulk_changes(Area, (BulkChange(row["id"], _text(row), None, row) for row in rows))


def _text(row: dict[str, Any]) -> str:
    """How the area reads in the log: Area.__str__ applied to the row, without the cost of
    a model instance per row."""
    # Area.__str__ reads plain attributes only, which the namespace has.
    return Area.__str__(SimpleNamespace(**row))  # type: ignore[arg-type]


def _batches(areas: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(areas), WRITE_BATCH):
        yield areas[start : start + WRITE_BATCH]


def export_areas(level: AreaLevel) -> dict[str, Any]:
    """All areas of `level` as a GeoJSON FeatureCollection that `import_areas` reads back."""
    features = []
    for area in Area.objects.at_level(level).select_related("parent__level").order_by("code"):
        properties: dict[str, Any] = {
            "code": area.code,
            "name": area.name,
            "level": level.code,
            "parent": area.parent.code if area.parent else "",
        }
        if area.parent:
            properties["parent_level"] = area.parent.level.code
        if area.name_en:
            properties["name_en"] = area.name_en
        if area.boundary_source:
            properties["source"] = area.boundary_source
        for name in ("valid_from", "valid_to"):
            value = getattr(area, name)
            if value:
                properties[name] = value.isoformat()
        features.append({"type": "Feature", "properties": properties, "geometry": area.boundary})
    return {"type": "FeatureCollection", "features": features}
