"""The one write path for the programme description: publishing a version."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.programmes.description import assemble
from omradeloft.programmes.models import DescriptionVersion, Programme

NOTE_MAX_LENGTH = DescriptionVersion._meta.get_field("note").max_length


def snapshot(programme: Programme) -> dict[str, list[dict[str, Any]]]:
    """The description as it reads now, in every language of the site."""
    return {code: assemble(programme, code) for code, _name in settings.LANGUAGES}


def publish_version(actor: User | None, programme: Programme, note: str = "") -> DescriptionVersion:
    """Freeze the description of `programme` as its next version.

    `actor` None means the system (demo loader, operator shell); otherwise the actor must be
    allowed to edit the programme. Refused when the description reads exactly as the latest
    version does, since a version that changes nothing tells readers nothing.
    """
    if actor is not None:
        require(actor, Action.EDIT_PROGRAMME, programme=programme)
    note = note.strip()
    if NOTE_MAX_LENGTH is not None and len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {
                "note": _("The note has %(length)d characters; at most %(max)d are allowed.")
                % {"length": len(note), "max": NOTE_MAX_LENGTH}
            }
        )
    with acting_as(actor, current_actor().source), transaction.atomic():
        # Locking the programme row makes concurrent publishes take turns, so each one
        # sees the number the other wrote.
        Programme.objects.select_for_update().get(pk=programme.pk)
        latest = programme.description_versions.order_by("-number").first()
        content = snapshot(programme)
        if latest is not None and latest.content == content:
            raise ValidationError(
                _(
                    "Nothing has changed since version %(number)d was published, so there is "
                    "nothing new to publish."
                )
                % {"number": latest.number}
            )
        return DescriptionVersion.objects.create(
            programme=programme,
            number=latest.number + 1 if latest else 1,
            published_by=actor,
            note=note,
            content=content,
        )
