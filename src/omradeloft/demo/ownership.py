"""What the demo made itself, read from the audit log: the demo may top up its own records
but leaves everything else in the installation exactly as it is."""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import models

from omradeloft.core.models import AuditAction, AuditEntry, AuditSource


def made_by_demo(model: type[models.Model], pks: Iterable[int]) -> set[int]:
    """The primary keys among `pks` of `model` records the demo loader created."""
    wanted = [str(pk) for pk in pks]
    if not wanted:
        return set()
    found = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(model),
        action=AuditAction.CREATE,
        source=AuditSource.DEMO,
        object_id__in=wanted,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in found}


def not_made_by_demo(model: type[models.Model], objects: Iterable[models.Model]) -> list:
    """Those of `objects` someone else created."""
    objects = list(objects)
    ours = made_by_demo(model, [o.pk for o in objects])
    return [o for o in objects if o.pk not in ours]
