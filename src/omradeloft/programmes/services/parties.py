"""The write path for the parties to a programme."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.core.i18n import localized
from omradeloft.programmes.models import Party, Programme
from omradeloft.programmes.services.programme import apply, check_validity, editing

PARTY_FIELDS = (
    "organisation",
    "role",
    "side",
    "responsibility",
    "responsibility_en",
    "valid_from",
    "valid_to",
)


def save_party(
    actor: User | None, programme: Programme, data: Mapping[str, Any], *, party: Party | None = None
) -> Party:
    """Add an organisation to the programme (`party` None) or change its part in it."""
    with editing(actor, programme):
        if party is None:
            record = Party(programme=programme)
        else:
            record = Party.objects.select_for_update().get(pk=party.pk, programme=programme)
        apply(record, data, PARTY_FIELDS)
        check_validity(record.valid_from, record.valid_to)
        taken = Party.objects.filter(programme=programme, organisation=record.organisation_id)
        if record.organisation_id and taken.exclude(pk=record.pk).exists():
            raise ValidationError(
                {
                    "organisation": _(
                        "%(organisation)s is already a party to the programme; "
                        "an organisation takes part once. Edit that party instead."
                    )
                    % {"organisation": localized(record.organisation, "name")}
                }
            )
        record.full_clean()
        record.save()
    return record


def remove_party(actor: User | None, party: Party) -> None:
    with editing(actor, party.programme):
        party.delete()
