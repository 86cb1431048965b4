"""Editing a measure's results chain: activities -> outputs with targets -> outcomes that
serve the programme's goals.

`actor` None means the system (demo loader, operator shell): no permission is checked.
"""

import math
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.i18n import localized
from omradeloft.indicators.models import Indicator
from omradeloft.measures import access
from omradeloft.measures.models import Activity, Measure, Outcome, Output
from omradeloft.programmes.models import Goal


def _require_edit(actor: User | None, measure: Measure) -> None:
    if actor is not None and not access.may_edit(actor, measure):
        raise PermissionDenied(_("You may not edit this measure's results chain."))


def _saved[Part: models.Model](actor: User | None, part: Part) -> Part:
    with acting_as(actor, current_actor().source), transaction.atomic():
        part.save()
    return part


def _required_text(name: str, value: str, max_length: int, what: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({name: _("Describe the %(what)s.") % {"what": what}})
    if len(value) > max_length:
        raise ValidationError(
            {
                name: _("At most %(max)d characters; this has %(n)d.")
                % {"max": max_length, "n": len(value)}
            }
        )
    return value


def _next_order(parts: models.QuerySet[Any]) -> int:
    return (parts.aggregate(top=Max("order"))["top"] or 0) + 1


def _delete(actor: User | None, part: models.Model, measure: Measure) -> None:
    _require_edit(actor, measure)
    with acting_as(actor, current_actor().source), transaction.atomic():
        part.delete()


# Activities


def add_activity(actor: User | None, measure: Measure, text: str) -> Activity:
    _require_edit(actor, measure)
    text = _required_text("text", text, 300, _("activity"))
    activity = Activity(measure=measure, text=text, order=_next_order(measure.activities.all()))
    return _saved(actor, activity)


def update_activity(actor: User | None, activity: Activity, text: str) -> Activity:
    _require_edit(actor, activity.measure)
    activity.text = _required_text("text", text, 300, _("activity"))
    return _saved(actor, activity)


def delete_activity(actor: User | None, activity: Activity) -> None:
    _delete(actor, activity, activity.measure)


# Outputs


def _target(target: float | None) -> float | None:
    if target is None:
        return None
    if isinstance(target, bool) or not isinstance(target, int | float):
        raise ValidationError({"target": _("The target must be a number.")})
    if not math.isfinite(target) or target < 0:
        raise ValidationError(
            {
                "target": _("%(value)s is not a target; expected a number of 0 or more.")
                % {"value": target}
            }
        )
    return float(target)


def add_output(
    actor: User | None, measure: Measure, name: str, unit: str = "", target: float | None = None
) -> Output:
    _require_edit(actor, measure)
    output = Output(
        measure=measure,
        name=_required_text("name", name, 200, _("output")),
        unit=(unit or "").strip()[:50],
        target=_target(target),
        order=_next_order(measure.outputs.all()),
    )
    return _saved(actor, output)


def update_output(
    actor: User | None, output: Output, name: str, unit: str = "", target: float | None = None
) -> Output:
    _require_edit(actor, output.measure)
    output.name = _required_text("name", name, 200, _("output"))
    output.unit = (unit or "").strip()[:50]
    output.target = _target(target)
    return _saved(actor, output)


def delete_output(actor: User | None, output: Output) -> None:
    """Delete an output no report has given a value for (those values would be lost)."""
    _require_edit(actor, output.measure)
    reported = output.values.count()
    if reported:
        raise ValidationError(
            _(
                "“%(output)s” has values in %(n)d progress report(s); remove them from the "
                "reports before deleting the output."
            )
            % {"output": output.name, "n": reported}
        )
    _delete(actor, output, output.measure)


# Outcomes


def _check_outcome_links(measure: Measure, goal: Goal | None, indicator: Indicator | None) -> None:
    if goal is not None and goal.programme_id != measure.programme_id:
        raise ValidationError(
            {
                "goal": _("“%(goal)s” is a goal of another programme, not of %(programme)s.")
                % {
                    "goal": localized(goal, "title"),
                    "programme": localized(measure.programme, "name"),
                }
            }
        )
    if indicator is not None and not isinstance(indicator, Indicator):
        raise ValidationError({"indicator": _("Choose an indicator from the catalogue.")})


def add_outcome(
    actor: User | None,
    measure: Measure,
    text: str,
    goal: Goal | None = None,
    indicator: Indicator | None = None,
) -> Outcome:
    _require_edit(actor, measure)
    text = _required_text("text", text, 300, _("outcome"))
    _check_outcome_links(measure, goal, indicator)
    return _saved(actor, Outcome(measure=measure, text=text, goal=goal, indicator=indicator))


def update_outcome(
    actor: User | None,
    outcome: Outcome,
    text: str,
    goal: Goal | None = None,
    indicator: Indicator | None = None,
) -> Outcome:
    _require_edit(actor, outcome.measure)
    outcome.text = _required_text("text", text, 300, _("outcome"))
    _check_outcome_links(outcome.measure, goal, indicator)
    outcome.goal, outcome.indicator = goal, indicator
    return _saved(actor, outcome)


def delete_outcome(actor: User | None, outcome: Outcome) -> None:
    _delete(actor, outcome, outcome.measure)
