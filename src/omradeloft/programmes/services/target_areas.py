"""The write path for the areas a programme targets: chosen by hand, or picked from the
result of a classification rule."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.programmes.models import Programme, TargetArea
from omradeloft.programmes.services.programme import editing
from omradeloft.targeting.models import ClassificationRun


@dataclass
class PickResult:
    added: list[TargetArea] = field(default_factory=list)
    already_targeted: list[Area] = field(default_factory=list)


def classification_reason(run: ClassificationRun) -> str:
    """A reason for areas picked from `run`, for people to adjust before adding them."""
    return _(
        "Selected by the classification rule %(rule)s (version %(version)s) "
        "for %(period)s, classified on %(date)s."
    ) % {
        "rule": localized(run.rule, "name"),
        "version": run.rule_version,
        "period": run.period,
        "date": run.created_at.date().isoformat(),
    }


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _check_reason(reason: str, chosen_on: datetime.date | None) -> None:
    errors = {}
    if not reason.strip():
        errors["reason"] = _("Say why the area is targeted.")
    if chosen_on is None:
        errors["chosen_on"] = _("Give the date the area was chosen.")
    if errors:
        raise ValidationError(errors)


def _already_targeted_error(target: TargetArea) -> ValidationError:
    return ValidationError(
        {
            "area": _("%(area)s is already a target area of the programme (chosen on %(date)s).")
            % {"area": target.area, "date": target.chosen_on.isoformat()}
        }
    )


def add_target_area(
    actor: User | None, programme: Programme, *, area: Area, reason: str, chosen_on: datetime.date
) -> TargetArea:
    """Target `area` by hand, saying why and since when."""
    with editing(actor, programme):
        _check_reason(reason, chosen_on)
        existing = TargetArea.objects.filter(programme=programme, area=area).first()
        if existing is not None:
            raise _already_targeted_error(existing)
        return TargetArea.objects.create(
            programme=programme,
            area=area,
            reason=reason.strip(),
            chosen_on=chosen_on,
            chosen_by=_user(actor),
        )


def add_from_classification(
    actor: User | None,
    programme: Programme,
    run: ClassificationRun,
    areas: Iterable[Area],
    *,
    reason: str,
    chosen_on: datetime.date,
) -> PickResult:
    """Target those of `areas` (all selected by `run`) that are not targeted already; the
    others are returned as already targeted rather than added twice."""
    with editing(actor, programme):
        _check_reason(reason, chosen_on)
        areas = list(areas)
        if not areas:
            raise ValidationError({"areas": _("Choose at least one area to add.")})
        selected = set(run.areas.values_list("area_id", flat=True))
        strangers = [a for a in areas if a.pk not in selected]
        if strangers:
            raise ValidationError(
                {
                    "areas": _("The classification %(run)s did not select %(areas)s.")
                    % {"run": run, "areas": ", ".join(str(a) for a in strangers)}
                }
            )
        targeted = set(
            TargetArea.objects.filter(programme=programme).values_list("area_id", flat=True)
        )
        result = PickResult()
        for area in areas:
            if area.pk in targeted:
                result.already_targeted.append(area)
                continue
            result.added.append(
                TargetArea.objects.create(
                    programme=programme,
                    area=area,
                    reason=reason.strip(),
                    chosen_on=chosen_on,
                    classification=run,
                    chosen_by=_user(actor),
                )
            )
    return result


def remove_target_area(actor: User | None, target: TargetArea) -> None:
    with editing(actor, target.programme):
        target.delete()
