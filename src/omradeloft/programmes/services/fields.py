"""The write path for a programme's fields (innsatsfelt) with their strategies, and the
cross-cutting themes tied to them."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.core.i18n import localized
from omradeloft.programmes import contributions
from omradeloft.programmes.models import CrossCuttingTheme, Field, Programme
from omradeloft.programmes.services.programme import apply, editing

FIELD_FIELDS = ("code", "name", "name_en", "strategy", "strategy_en", "order")
THEME_FIELDS = ("name", "name_en", "description", "description_en")


def save_field(
    actor: User | None, programme: Programme, data: Mapping[str, Any], *, field: Field | None = None
) -> Field:
    """Add a field to the programme (`field` None) or change one."""
    with editing(actor, programme):
        if field is None:
            record = Field(programme=programme)
        else:
            record = Field.objects.select_for_update().get(pk=field.pk, programme=programme)
        apply(record, data, FIELD_FIELDS)
        same_code = Field.objects.filter(programme=programme, code=record.code)
        if same_code.exclude(pk=record.pk).exists():
            raise ValidationError(
                {
                    "code": _(
                        "Another field in this programme has the code %(code)s; "
                        "each field needs its own code."
                    )
                    % {"code": record.code}
                }
            )
        record.full_clean()
        record.save()
    return record


def move_field(actor: User | None, field: Field, *, up: bool) -> None:
    """Swap the field with the one before (`up`) or after it in the listing order."""
    with editing(actor, field.programme):
        fields = list(Field.objects.select_for_update().filter(programme=field.programme_id))
        position = next(i for i, f in enumerate(fields) if f.pk == field.pk)
        other = position - 1 if up else position + 1
        if not 0 <= other < len(fields):
            return
        fields[position], fields[other] = fields[other], fields[position]
        # Renumber all of them: fields added with the default order share the same number.
        for number, record in enumerate(fields, 1):
            if record.order != number:
                record.order = number
                record.save(update_fields=["order", "updated_at"])


def remove_field(actor: User | None, field: Field) -> None:
    """Remove a field no goal (nor anything an app above registers, e.g. a measure) uses;
    otherwise say which use it."""
    with editing(actor, field.programme):
        users = []
        goals = [localized(goal, "title") for goal in field.goals.all()]
        if goals:
            users.append(_("goals: %(names)s") % {"names": "; ".join(goals)})
        for check in contributions.registry.field_users:
            names = check.users(field)
            if names:
                users.append(check.refusal(field, "; ".join(names)))
        if users:
            raise ValidationError(
                _(
                    "The field %(field)s cannot be removed while it is in use (%(users)s). "
                    "Move those to another field or remove them first."
                )
                % {"field": localized(field, "name"), "users": "; ".join(users)}
            )
        field.delete()


def save_theme(
    actor: User | None,
    programme: Programme,
    data: Mapping[str, Any],
    *,
    theme: CrossCuttingTheme | None = None,
) -> CrossCuttingTheme:
    """Add a cross-cutting theme (`theme` None) or change one; `data["fields"]`, if given,
    replaces the fields it is tied to, which must all be the programme's own."""
    with editing(actor, programme):
        if theme is None:
            record = CrossCuttingTheme(programme=programme)
        else:
            record = CrossCuttingTheme.objects.select_for_update().get(
                pk=theme.pk, programme=programme
            )
        apply(record, data, THEME_FIELDS)
        fields = list(data["fields"]) if "fields" in data else None
        foreign = [f for f in fields or [] if f.programme_id != programme.pk]
        if foreign:
            raise ValidationError(
                {
                    "fields": _(
                        "A theme can only be tied to this programme's fields; "
                        "%(names)s belong to another programme."
                    )
                    % {"names": ", ".join(localized(f, "name") for f in foreign)}
                }
            )
        record.full_clean()
        record.save()
        if fields is not None:
            record.fields.set(fields)
    return record


def remove_theme(actor: User | None, theme: CrossCuttingTheme) -> None:
    with editing(actor, theme.programme):
        theme.delete()
