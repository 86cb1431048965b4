"""The measures that still use a programme's field or goal, which keep it from being
removed."""

from django.utils.translation import gettext as _

from omradeloft.core.i18n import localized
from omradeloft.measures.models import Measure, Outcome
from omradeloft.programmes.models import Field, Goal


def measures_in_field(field: Field) -> list[str]:
    return [localized(measure, "title") for measure in Measure.objects.filter(fields=field)]


def measures_in_field_refusal(field: Field, names: str) -> str:
    return _("measures: %(names)s") % {"names": names}


def measures_serving_goal(goal: Goal) -> list[str]:
    outcomes = Outcome.objects.filter(goal=goal).select_related("measure")
    return sorted({localized(outcome.measure, "title") for outcome in outcomes})


def measures_serving_goal_refusal(goal: Goal, names: str) -> str:
    return _(
        "Outcomes of measures serve %(goal)s (%(names)s); link them to another goal first."
    ) % {
        "goal": localized(goal, "title"),
        "names": names,
    }
