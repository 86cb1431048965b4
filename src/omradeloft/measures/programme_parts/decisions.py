"""The measures a programme decision concerns: the decision form's field, which measures
it may concern and how they are linked, and which of them a reader of the decisions may
see."""

from django import forms
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from omradeloft.core.i18n import localized
from omradeloft.measures.access import visible_measures
from omradeloft.measures.models import Measure
from omradeloft.programmes.models import Decision, Programme


class MeasureChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Measure) -> str:
        return f"{obj.code}: {localized(obj, 'title')}"


def measure_field(programme: Programme) -> forms.Field:
    return MeasureChoiceField(
        label=_("Measures concerned"),
        queryset=programme.measures.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl or Cmd to choose several."),
    )


def foreign_measures(programme: Programme, measures: list[Measure]) -> str:
    """Why a decision of `programme` may not concern `measures` ("" when it may)."""
    foreign = [m.code for m in measures if m.programme_id != programme.pk]
    if not foreign:
        return ""
    return gettext(
        "%(codes)s: not measures of %(programme)s; a decision can only concern "
        "measures of its own programme."
    ) % {"codes": ", ".join(foreign), "programme": programme}


def attach_measures(decision: Decision, measures: list[Measure]) -> None:
    # The link is declared on Measure; this is its reverse side.
    decision.measures.set(measures)


def readable_measures(request: HttpRequest, programme: Programme) -> Prefetch:
    """Linked measures the user may read; the others stay unnamed."""
    return Prefetch("measures", queryset=visible_measures(request.user, programme))


def measures_cell(decision: Decision) -> str:
    """The decision's readable measures for the CSV (after `readable_measures`)."""
    return "; ".join(f"{m.code}: {localized(m, 'title')}" for m in decision.measures.all())
