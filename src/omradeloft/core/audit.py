"""Who is acting, and the signal handlers that write the audit log.

Every change made through the ORM to an `AuditedModel` is logged with the actor and source
set by `acting_as` (the web middleware and every management command set it).
"""

import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.fields.files import FieldFile
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils import timezone

from omradeloft.core.bulk import insert_rows
from omradeloft.core.models import AuditAction, AuditedModel, AuditEntry, AuditSource


@dataclass(frozen=True)
class Actor:
    user: Any  # a saved user, or None for the system
    source: str


ENTRY_COLUMNS = (
    "at",
    "actor_id",
    "source",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
)
_SYSTEM = Actor(None, AuditSource.SYSTEM)
_current: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)


@contextmanager
def acting_as(user: Any, source: str) -> Iterator[None]:
    """Attribute every change made inside the block to `user` (None: the system)."""
    saved_user = user if user is not None and getattr(user, "pk", None) else None
    token = _current.set(Actor(saved_user, source))
    try:
        yield
    finally:
        _current.reset(token)


def current_actor() -> Actor:
    return _current.get() or _SYSTEM


def _jsonable(value: Any) -> Any:
    if value is None or type(value) in _PLAIN:
        return value
    if isinstance(value, datetime.date | datetime.time | decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, FieldFile):  # an uploaded file is logged by its stored name
        return value.name or None
    return value


_PLAIN = frozenset({str, int, float, bool})


@cache
def _audited(model: type[AuditedModel]) -> list[tuple[str, str, bool]]:
    """(attribute name, name in the log, whether only the fact of a change is logged) of
    every field whose changes are logged."""
    audited = []
    for field in model._meta.concrete_fields:
        if field.name in model.audit_ignore or field.attname in model.audit_ignore:
            continue
        name = field.attname
        logged = name.removesuffix("_id") if name.endswith("_id") else name
        opaque = logged in model.audit_opaque or name in model.audit_opaque
        audited.append((name, logged, opaque))
    return audited


def _changes(
    model: type[AuditedModel], before: dict[str, Any] | None, after: dict[str, Any]
) -> dict[str, Any]:
    """What changed from `before` (None: the record is new) to `after`, by attribute name."""
    changes: dict[str, Any] = {}
    for name, logged, opaque in _audited(model):
        if name not in after or (before is not None and name not in before):
            continue
        old, new = None if before is None else before[name], after[name]
        if old == new:
            continue
        changes[logged] = "changed" if opaque else [_jsonable(old), _jsonable(new)]
    return changes


def _diff(instance: AuditedModel, created: bool) -> dict[str, Any]:
    after = {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }
    return _changes(
        type(instance), None if created else getattr(instance, "_audit_loaded", {}), after
    )


def _write(instance: models.Model, action: str, changes: dict[str, Any]) -> None:
    actor = current_actor()
    AuditEntry.objects.create(
        actor=actor.user,
        source=actor.source,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        changes=changes,
    )


def _remember(instance: AuditedModel) -> None:
    """Keep the values just written, so that the next save logs only what changes after."""
    instance._audit_loaded = {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


def _on_save(sender: type, instance: models.Model, created: bool, raw: bool, **_: Any) -> None:
    if raw or not isinstance(instance, AuditedModel):
        return
    changes = _diff(instance, created)
    _remember(instance)
    if created or changes:
        _write(instance, AuditAction.CREATE if created else AuditAction.UPDATE, changes)


@dataclass(frozen=True)
class BulkChange:
    """One record written in bulk: its values before (None: created) and after, by
    attribute name, and how it reads (its str())."""

    pk: Any
    text: str
    before: dict[str, Any] | None
    after: dict[str, Any]


def record_bulk_changes(model: type[AuditedModel], records: Iterable[BulkChange]) -> None:
    """Write the entries that save() would have written for rows written in bulk, which
    sends no signals: one per created or changed record, attributed to the current actor,
    all in one statement."""
    actor = current_actor()
    content_type = ContentType.objects.get_for_model(model)
    now = timezone.now()
    rows = []
    for record in records:
        changes = _changes(model, record.before, record.after)
        if record.before is None or changes:
            rows.append(
                (
                    now,
                    actor.user.pk if actor.user else None,
                    actor.source,
                    AuditAction.CREATE if record.before is None else AuditAction.UPDATE,
                    content_type.pk,
                    str(record.pk),
                    record.text[:200],
                    changes,
                )
            )
    insert_rows(AuditEntry, ENTRY_COLUMNS, rows)


def _on_delete(sender: type, instance: models.Model, **_: Any) -> None:
    if isinstance(instance, AuditedModel):
        _write(instance, AuditAction.DELETE, {})


def _on_m2m(
    sender: type,
    instance: models.Model,
    action: str,
    model: type[models.Model],
    pk_set: set[Any] | None,
    **_: Any,
) -> None:
    if not isinstance(instance, AuditedModel) or not action.startswith("post_"):
        return
    field = next(
        (f.name for f in instance._meta.many_to_many if f.remote_field.through is sender), "?"
    )
    verb = action.removeprefix("post_")
    if verb == "clear":
        _write(instance, AuditAction.UPDATE, {field: "cleared"})
    elif pk_set:
        names = sorted(str(obj) for obj in model._default_manager.filter(pk__in=pk_set))
        _write(instance, AuditAction.UPDATE, {field: {verb: names}})


def connect_signals() -> None:
    post_save.connect(_on_save, dispatch_uid="omradeloft_audit_save")
    post_delete.connect(_on_delete, dispatch_uid="omradeloft_audit_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="omradeloft_audit_m2m")
