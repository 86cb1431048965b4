"""Creating and editing measures, changing their status and publishing them.

`actor` None means the system (demo loader, operator shell): no permission is checked.
"""

import datetime
import math
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.i18n import localized
from omradeloft.measures import access
from omradeloft.measures.models import Measure, MeasureKind, Status, StatusChange
from omradeloft.measures.places import programme_areas
from omradeloft.programmes.models import Programme

TRANSITIONS: dict[str, tuple[str, ...]] = {
    Status.PROPOSED: (Status.APPROVED, Status.STOPPED),
    Status.APPROVED: (Status.ACTIVE, Status.STOPPED),
    Status.ACTIVE: (Status.COMPLETED, Status.STOPPED),
    Status.COMPLETED: (),
    Status.STOPPED: (),
}

SCALAR_FIELDS = (
    "code",
    "title",
    "title_en",
    "kind",
    "owner",
    "lead",
    "start",
    "end",
    "description",
    "description_en",
    "latitude",
    "longitude",
)
RELATED_FIELDS = ("fields", "areas", "partners")
# Codes that would clash with the addresses of the measure pages.
RESERVED_CODES = frozenset({"new"})
TEXT_FIELDS = ("code", "title", "title_en", "description", "description_en")
MAX_LENGTHS = {"code": 50, "title": 200, "title_en": 200}


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses a measure in `status` may move to; none for the final ones."""
    return TRANSITIONS.get(status, ())


def _require_edit(actor: User | None, measure: Measure, message: str) -> None:
    if actor is not None and not access.may_edit(actor, measure):
        raise PermissionDenied(message)


def _check_location(values: dict[str, Any], errors: dict[str, str]) -> None:
    latitude, longitude = values["latitude"], values["longitude"]
    if (latitude is None) != (longitude is None):
        errors["latitude"] = _("Give both latitude and longitude, or neither.")
        return
    for name, value, limit in (("latitude", latitude, 90), ("longitude", longitude, 180)):
        if value is not None and not (math.isfinite(value) and -limit <= value <= limit):
            errors[name] = _("%(value)s is outside %(low)s to %(high)s.") % {
                "value": value,
                "low": -limit,
                "high": limit,
            }


def _check_places(programme: Programme, values: dict[str, Any], errors: dict[str, str]) -> None:
    stray_fields = [f for f in values["fields"] if f.programme_id != programme.pk]
    if stray_fields:
        errors["fields"] = _("%(fields)s: not a field of %(programme)s.") % {
            "fields": ", ".join(localized(f, "name") for f in stray_fields),
            "programme": localized(programme, "name"),
        }
    if not values["areas"]:
        errors["areas"] = _("Choose at least one area the measure works in.")
        return
    allowed = {area.pk for area in programme_areas(programme)}
    stray_areas = [a for a in values["areas"] if a.pk not in allowed]
    if stray_areas:
        errors["areas"] = _(
            "%(areas)s: not a target area of %(programme)s, nor above or inside one."
        ) % {
            "areas": ", ".join(str(a) for a in stray_areas),
            "programme": localized(programme, "name"),
        }


def _check_code(
    programme: Programme, code: str, measure: Measure | None, errors: dict[str, str]
) -> None:
    if not code:
        errors["code"] = _("Give the measure a code.")
        return
    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = _("“%(code)s”: use only letters, digits, hyphens and underscores.") % {
            "code": code
        }
        return
    if code in RESERVED_CODES:
        errors["code"] = _("“%(code)s” is reserved; choose another code.") % {"code": code}
        return
    taken = Measure.objects.filter(programme=programme, code=code)
    if measure is not None:
        taken = taken.exclude(pk=measure.pk)
    if taken.exists():
        errors["code"] = _(
            "A measure with the code “%(code)s” already exists in %(programme)s."
        ) % {"code": code, "programme": localized(programme, "name")}


def _validated(
    programme: Programme, values: dict[str, Any], measure: Measure | None
) -> dict[str, Any]:
    """`values` cleaned, or ValidationError listing every problem by field."""
    values = values | {name: (values[name] or "").strip() for name in TEXT_FIELDS}
    values |= {name: list(values[name] or []) for name in RELATED_FIELDS}
    errors: dict[str, str] = {}
    for name, limit in MAX_LENGTHS.items():
        if len(values[name]) > limit:
            errors[name] = _("At most %(max)d characters; this has %(n)d.") % {
                "max": limit,
                "n": len(values[name]),
            }
    if "code" not in errors:
        _check_code(programme, values["code"], measure, errors)
    if not values["title"]:
        errors["title"] = _("Give the measure a title.")
    if values["kind"] not in MeasureKind.values:
        errors["kind"] = _("“%(kind)s” is not a kind of measure; expected one of %(kinds)s.") % {
            "kind": values["kind"],
            "kinds": ", ".join(MeasureKind.values),
        }
    if values["owner"] is None:
        errors["owner"] = _("Choose the organisation responsible for the measure.")
    if values["start"] and values["end"] and values["end"] < values["start"]:
        errors["end"] = _("The last day (%(end)s) is before the first day (%(start)s).") % {
            "end": values["end"],
            "start": values["start"],
        }
    _check_location(values, errors)
    _check_places(programme, values, errors)
    if errors:
        raise ValidationError(errors)
    return values


def _write(measure: Measure, values: dict[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        setattr(measure, name, values[name])
    try:
        with transaction.atomic():
            measure.save()
    except IntegrityError:
        raise ValidationError(
            {"code": _("A measure with the code “%(code)s” already exists.") % values}
        ) from None
    for name in RELATED_FIELDS:
        getattr(measure, name).set(values[name])


def _with_defaults(data: Mapping[str, Any]) -> dict[str, Any]:
    values = {name: data.get(name) for name in (*SCALAR_FIELDS, *RELATED_FIELDS)}
    values["kind"] = values["kind"] or MeasureKind.MEASURE
    return values


def create_measure(actor: User | None, programme: Programme, data: Mapping[str, Any]) -> Measure:
    """Create a measure from `data` (the keys of SCALAR_FIELDS and RELATED_FIELDS); it starts
    as proposed, with that first step in its history."""
    if actor is not None:
        require(actor, Action.MANAGE_MEASURES, programme=programme)
    values = _validated(programme, _with_defaults(data), None)
    if actor is not None and not access.may_create_in(actor, programme, values["areas"]):
        raise PermissionDenied(_("You may create measures only in the areas you manage."))
    with acting_as(actor, current_actor().source), transaction.atomic():
        measure = Measure(programme=programme, status=Status.PROPOSED)
        _write(measure, values)
        StatusChange.objects.create(
            measure=measure,
            from_status="",
            to_status=Status.PROPOSED,
            date=timezone.localdate(),
            changed_by=actor,
            reason=_("Measure registered."),
        )
    return measure


def update_measure(actor: User | None, measure: Measure, data: Mapping[str, Any]) -> Measure:
    """Change what `data` gives (keys as for `create_measure`); the rest stays."""
    _require_edit(actor, measure, _("You may not edit this measure."))
    current = {name: getattr(measure, name) for name in SCALAR_FIELDS}
    current |= {name: list(getattr(measure, name).all()) for name in RELATED_FIELDS}
    values = _validated(measure.programme, current | dict(data), measure)
    if actor is not None and not access.may_create_in(actor, measure.programme, values["areas"]):
        raise PermissionDenied(_("You may not move the measure to areas you do not manage."))
    with acting_as(actor, current_actor().source), transaction.atomic():
        _write(measure, values)
    return measure


def change_status(
    actor: User | None, measure: Measure, to_status: str, date: datetime.date | None, reason: str
) -> StatusChange:
    """Move `measure` to `to_status` along the allowed transitions, with the date and reason
    recorded in its history."""
    _require_edit(actor, measure, _("You may not change the status of this measure."))
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    if to_status not in Status.values:
        errors["to_status"] = _("“%(status)s” is not a status; expected one of %(all)s.") % {
            "status": to_status,
            "all": ", ".join(Status.values),
        }
    if date is None:
        errors["date"] = _("Give the date the change took effect.")
    if not reason:
        errors["reason"] = _("Give the reason for the change.")
    if errors or date is None:
        raise ValidationError(errors)
    with acting_as(actor, current_actor().source), transaction.atomic():
        # Locked, so that two changes made at once cannot both start from the same status.
        locked = Measure.objects.select_for_update().get(pk=measure.pk)
        allowed = allowed_next(locked.status)
        if to_status not in allowed:
            raise ValidationError({"to_status": _refusal(locked.status, to_status, allowed)})
        change = StatusChange.objects.create(
            measure=locked,
            from_status=locked.status,
            to_status=to_status,
            date=date,
            changed_by=actor,
            reason=reason,
        )
        locked.status = to_status
        locked.save(update_fields=["status", "updated_at"])
    measure.status = to_status
    return change


def _refusal(from_status: str, to_status: str, allowed: tuple[str, ...]) -> str:
    names = {"from": Status(from_status).label, "to": Status(to_status).label}
    if not allowed:
        return _("A measure cannot go from “%(from)s” to “%(to)s”: “%(from)s” is final.") % names
    return _(
        "A measure cannot go from “%(from)s” to “%(to)s”; from “%(from)s” it can go to %(allowed)s."
    ) % (names | {"allowed": ", ".join(f"“{Status(s).label}”" for s in allowed)})


def set_published(actor: User | None, measure: Measure, published: bool) -> Measure:
    """Show `measure` to the public, or take it back."""
    _require_edit(actor, measure, _("You may not publish this measure."))
    with acting_as(actor, current_actor().source), transaction.atomic():
        measure.is_published = bool(published)
        measure.save(update_fields=["is_published", "updated_at"])
    return measure
