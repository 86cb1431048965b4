"""The one write path for role assignments."""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import Role, RoleAssignment, User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor


def assign_role(
    actor: User | None,
    *,
    user: User,
    programme: Any,
    role: Role | str,
    areas: Iterable[Any] = (),
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> RoleAssignment:
    """Give `user` a role in `programme` (optionally limited to `areas`).

    `actor` None means the system (demo loader, operator shell); otherwise the actor must be
    allowed to manage the programme's roles.
    """
    if actor is not None:
        require(actor, Action.MANAGE_ROLES, programme=programme)
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role %(role)s.") % {"role": role}})
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The last day is before the first day.")})
    with acting_as(actor, current_actor().source), transaction.atomic():
        if RoleAssignment.objects.filter(user=user, programme=programme, role=role).exists():
            raise ValidationError(
                _("%(user)s already has this role in the programme.") % {"user": user}
            )
        assignment = RoleAssignment.objects.create(
            user=user, programme=programme, role=role, valid_from=valid_from, valid_to=valid_to
        )
        areas = list(areas)
        if areas:
            assignment.areas.set(areas)
    return assignment


def revoke_role(actor: User | None, assignment: RoleAssignment) -> None:
    if actor is not None:
        require(actor, Action.MANAGE_ROLES, programme=assignment.programme)
    with acting_as(actor, current_actor().source), transaction.atomic():
        assignment.delete()
