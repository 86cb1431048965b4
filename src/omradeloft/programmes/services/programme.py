"""The write path for a programme's basics, and the frame every edit of a programme runs in."""

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.programmes.models import Programme

BASICS = ("name", "name_en", "purpose", "purpose_en", "start_year", "end_year")


@contextmanager
def editing(actor: User | None, programme: Programme) -> Iterator[None]:
    """Run the block as one transaction in `actor`'s name, if `actor` may edit `programme`.

    `actor` None means the system (the demo loader, an operator's shell). A ValidationError
    raised inside the block rolls everything back.
    """
    if actor is not None:
        require(actor, Action.EDIT_PROGRAMME, programme=programme)
    with acting_as(actor, current_actor().source), transaction.atomic():
        yield


def check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year is not None and end_year is not None and end_year < start_year:
        raise ValidationError(
            {
                "end_year": _(
                    "The last year (%(end)s) is before the first year (%(start)s); "
                    "expected %(start)s or later."
                )
                % {"end": end_year, "start": start_year}
            }
        )


def check_validity(valid_from: Any, valid_to: Any) -> None:
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError(
            {
                "valid_to": _("The last day (%(to)s) is before the first day (%(from)s).")
                % {"to": valid_to, "from": valid_from}
            }
        )


def apply(record: Any, data: Mapping[str, Any], names: tuple[str, ...]) -> None:
    """Copy the values `data` has for `names` onto `record`; the others stay as they are."""
    for name in names:
        if name in data:
            setattr(record, name, data[name])


def update_programme(
    actor: User | None, programme: Programme, data: Mapping[str, Any]
) -> Programme:
    """Change the programme's name, purpose and years; keys `data` lacks stay as they are."""
    with editing(actor, programme):
        record = Programme.objects.select_for_update().get(pk=programme.pk)
        apply(record, data, BASICS)
        check_years(record.start_year, record.end_year)
        record.full_clean()
        record.save()
    return record
