"""The write path for the results framework: goals in their tree, the indicators that
measure them and the targets set for those indicators."""

from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.core.i18n import localized
from omradeloft.indicators.importing.validation import PERIOD_PATTERNS, normalise_period
from omradeloft.indicators.models import Indicator
from omradeloft.programmes import contributions
from omradeloft.programmes.models import Goal, GoalIndicator, GoalLevel, GoalTarget, Programme
from omradeloft.programmes.services.programme import apply, editing

GOAL_FIELDS = (
    "parent",
    "level",
    "field",
    "title",
    "title_en",
    "description",
    "description_en",
    "order",
)
# The level of the goals that serve a goal, by its level.
CHILD_LEVEL: dict[str, str] = {GoalLevel.PROGRAMME: GoalLevel.FIELD, GoalLevel.FIELD: GoalLevel.SUB}


def normalised_period(text: str, indicator: Indicator, *, key: str = "period") -> str:
    """`text` in the indicator's period format (2024, 2024Q1, 2024-01), as statistics are
    imported; ValidationError under `key` if it does not fit the indicator's periodicity."""
    period = normalise_period(text.strip().upper(), indicator.periodicity)
    if period is None:
        raise ValidationError(
            {
                key: _(
                    "%(period)s is not a period of %(indicator)s, which is %(periodicity)s: "
                    "expected %(expected)s."
                )
                % {
                    "period": text,
                    "indicator": localized(indicator, "name"),
                    "periodicity": indicator.get_periodicity_display(),
                    "expected": PERIOD_PATTERNS[indicator.periodicity][2],
                }
            }
        )
    return period


def _check_parent(record: Goal, programme: Programme) -> None:
    """The goal serves a goal of the same programme, one level up, and not one below it."""
    parent = record.parent
    if record.level not in GoalLevel.values:
        raise ValidationError(
            {
                "level": _("Unknown level %(level)s; expected one of %(levels)s.")
                % {"level": record.level, "levels": ", ".join(GoalLevel.values)}
            }
        )
    if parent is not None and parent.programme_id != programme.pk:
        raise ValidationError(
            {"parent": _("The goal %(goal)s belongs to another programme.") % {"goal": parent}}
        )
    seen, node = set(), parent
    while node is not None and node.pk not in seen:
        if node.pk == record.pk:
            raise ValidationError(
                {
                    "parent": _(
                        "%(parent)s lies under this goal; a goal cannot serve itself or "
                        "one of its own sub-goals."
                    )
                    % {"parent": parent}
                }
            )
        seen.add(node.pk)
        node = node.parent
    if record.level == GoalLevel.PROGRAMME and parent is not None:
        raise ValidationError(
            {"parent": _("A programme goal serves no other goal; leave this empty.")}
        )
    if record.level == GoalLevel.FIELD and (parent is None or parent.level != GoalLevel.PROGRAMME):
        raise ValidationError({"parent": _("A field goal serves a programme goal; choose one.")})
    if record.level == GoalLevel.SUB and (parent is None or parent.level != GoalLevel.FIELD):
        raise ValidationError({"parent": _("A sub-goal serves a field goal; choose one.")})


def _check_field(record: Goal, programme: Programme) -> None:
    """A field goal has a field of the programme; a sub-goal the field of its goal; a
    programme goal none."""
    if record.level == GoalLevel.PROGRAMME and record.field_id is not None:
        raise ValidationError({"field": _("A programme goal spans every field; leave this empty.")})
    if record.level == GoalLevel.FIELD and record.field_id is None:
        raise ValidationError({"field": _("A field goal needs the field it belongs to.")})
    # A sub-goal's parent was checked first (_check_parent).
    if record.level == GoalLevel.SUB and record.parent is not None:
        parent_field = record.parent.field
        if record.field_id is None:
            record.field = parent_field
        elif record.field_id != record.parent.field_id:
            raise ValidationError(
                {
                    "field": _(
                        "A sub-goal is in the field of the goal it serves (%(field)s); "
                        "leave this empty or choose that field."
                    )
                    % {"field": localized(parent_field, "name") if parent_field else "–"}
                }
            )
    if record.field is not None and record.field.programme_id != programme.pk:
        raise ValidationError(
            {
                "field": _("The field %(field)s belongs to another programme.")
                % {"field": record.field}
            }
        )


def _check_children(record: Goal) -> None:
    """Changing a goal's level must leave the goals serving it one level below it."""
    if record.pk is None:
        return
    wrong = [c for c in record.children.all() if c.level != CHILD_LEVEL.get(record.level)]
    if wrong:
        raise ValidationError(
            {
                "level": _(
                    "The goal is served by %(children)s, which could not serve a goal at the "
                    "level “%(level)s”. Move or remove those goals first."
                )
                % {
                    "children": "; ".join(localized(c, "title") for c in wrong),
                    "level": GoalLevel(record.level).label,
                }
            }
        )


def save_goal(
    actor: User | None, programme: Programme, data: Mapping[str, Any], *, goal: Goal | None = None
) -> Goal:
    """Add a goal to the framework (`goal` None) or change one.

    A programme goal serves no other goal and has no field; a field goal serves a programme
    goal and has a field; a sub-goal serves a field goal and is in its field (taken from it
    when left empty). A field goal's sub-goals follow it when its field changes.
    """
    with editing(actor, programme):
        if goal is None:
            record = Goal(programme=programme)
        else:
            record = Goal.objects.select_for_update().get(pk=goal.pk, programme=programme)
        apply(record, data, GOAL_FIELDS)
        _check_parent(record, programme)
        _check_field(record, programme)
        _check_children(record)
        record.full_clean()
        record.save()
        if record.level == GoalLevel.FIELD:
            for child in record.children.exclude(field=record.field_id):
                child.field = record.field
                child.save(update_fields=["field", "updated_at"])
    return record


def remove_goal(actor: User | None, goal: Goal) -> None:
    """Remove a goal with its indicators and targets, unless other goals (or anything an app
    above registers, e.g. a measure's outcome) build on it."""
    with editing(actor, goal.programme):
        children = [localized(c, "title") for c in goal.children.all()]
        if children:
            raise ValidationError(
                _("%(goal)s is served by other goals (%(names)s); remove or move them first.")
                % {"goal": localized(goal, "title"), "names": "; ".join(children)}
            )
        for check in contributions.registry.goal_users:
            names = check.users(goal)
            if names:
                raise ValidationError(check.refusal(goal, "; ".join(names)))
        goal.delete()


def save_goal_indicator(
    actor: User | None,
    goal: Goal,
    data: Mapping[str, Any],
    *,
    goal_indicator: GoalIndicator | None = None,
) -> GoalIndicator:
    """Measure `goal` with an indicator from the catalogue (`goal_indicator` None), or change
    its baseline and areas. `data["areas"]`, if given, replaces the areas; none means the
    programme's target areas. The indicator of an existing one stays: its targets are in its
    period format."""
    with editing(actor, goal.programme):
        if goal_indicator is None:
            record = GoalIndicator(goal=goal, indicator=data["indicator"])
            if GoalIndicator.objects.filter(goal=goal, indicator=record.indicator).exists():
                raise ValidationError(
                    {
                        "indicator": _("%(indicator)s already measures this goal.")
                        % {"indicator": localized(record.indicator, "name")}
                    }
                )
        else:
            record = GoalIndicator.objects.select_for_update().get(pk=goal_indicator.pk, goal=goal)
        apply(record, data, ("baseline_period", "baseline_value"))
        record.baseline_period = normalised_period(
            record.baseline_period, record.indicator, key="baseline_period"
        )
        early = record.targets.filter(period__lte=record.baseline_period) if record.pk else []
        if early:
            raise ValidationError(
                {
                    "baseline_period": _(
                        "There are targets for %(periods)s, not after the baseline period."
                    )
                    % {"periods": ", ".join(t.period for t in early)}
                }
            )
        record.full_clean()
        record.save()
        if "areas" in data:
            record.areas.set(list(data["areas"]))
    return record


def remove_goal_indicator(actor: User | None, goal_indicator: GoalIndicator) -> None:
    with editing(actor, goal_indicator.goal.programme):
        goal_indicator.delete()


def save_target(
    actor: User | None,
    goal_indicator: GoalIndicator,
    data: Mapping[str, Any],
    *,
    target: GoalTarget | None = None,
) -> GoalTarget:
    """Set a target (`target` None) or change one: a period after the baseline, in the
    indicator's period format, and the value to reach by then."""
    with editing(actor, goal_indicator.goal.programme):
        if target is None:
            record = GoalTarget(goal_indicator=goal_indicator)
        else:
            record = GoalTarget.objects.select_for_update().get(
                pk=target.pk, goal_indicator=goal_indicator
            )
        apply(record, data, ("period", "value"))
        record.period = normalised_period(record.period, goal_indicator.indicator)
        if record.period <= goal_indicator.baseline_period:
            raise ValidationError(
                {
                    "period": _(
                        "A target comes after the baseline period %(baseline)s; "
                        "%(period)s does not."
                    )
                    % {"baseline": goal_indicator.baseline_period, "period": record.period}
                }
            )
        same_period = GoalTarget.objects.filter(goal_indicator=goal_indicator, period=record.period)
        if same_period.exclude(pk=record.pk).exists():
            raise ValidationError(
                {
                    "period": _("There is already a target for %(period)s; change that one.")
                    % {"period": record.period}
                }
            )
        record.full_clean()
        record.save()
    return record


def remove_target(actor: User | None, target: GoalTarget) -> None:
    with editing(actor, target.goal_indicator.goal.programme):
        target.delete()
