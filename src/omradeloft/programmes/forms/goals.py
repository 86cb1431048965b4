"""Forms for the results framework: goals, goal indicators and targets."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.forms import AreaMultipleChoiceField
from omradeloft.core.forms import model_choices
from omradeloft.core.i18n import localized
from omradeloft.indicators.forms import IndicatorChoiceField
from omradeloft.indicators.models import Indicator
from omradeloft.programmes.forms.areas import all_areas, areas_by_code
from omradeloft.programmes.models import Goal, GoalIndicator, GoalTarget, Programme


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        return f"{obj.get_level_display()}: {localized(obj, 'title')}"


class GoalForm(forms.ModelForm):
    parent = GoalChoiceField(
        label=_("Serves"),
        queryset=Goal.objects.none(),
        required=False,
        empty_label=_("No other goal (programme goal)"),
        help_text=_("The goal this one contributes to; empty for the programme goal."),
    )

    class Meta:
        model = Goal
        fields = (
            "level",
            "parent",
            "field",
            "title",
            "title_en",
            "description",
            "description_en",
            "order",
        )
        help_texts = {
            "field": _("Required for a field goal; a sub-goal takes the field of its goal.")
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "parent").queryset = programme.goals.all()
        model_choices(self, "field").queryset = programme.fields.all()


class GoalIndicatorForm(forms.ModelForm):
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("name"),
        empty_label=_("Choose an indicator"),
        help_text=_("From the indicator catalogue."),
    )
    area_codes = forms.CharField(
        label=_("Area codes"),
        required=False,
        help_text=_("Separated by commas; added to the areas chosen below."),
    )
    areas = AreaMultipleChoiceField(
        label=_("Areas"),
        queryset=all_areas(),
        required=False,
        help_text=_(
            "Where progress is followed; choose several with Ctrl. "
            "Leave both empty to follow the programme's target areas."
        ),
    )

    class Meta:
        model = GoalIndicator
        fields = ("indicator", "baseline_period", "baseline_value", "area_codes", "areas")
        help_texts = {
            "baseline_period": _("In the indicator's period format: 2016, 2016Q1 or 2016-01.")
        }

    def __init__(self, *args: Any, with_indicator: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_indicator:
            # Targets are written in the indicator's period format, so it stays as chosen.
            del self.fields["indicator"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        try:
            by_code = areas_by_code(data.get("area_codes", ""))
        except forms.ValidationError as e:
            self.add_error("area_codes", e)
        else:
            chosen = list(data.get("areas") or [])
            data["areas"] = chosen + [a for a in by_code if a not in chosen]
        return data


class GoalTargetForm(forms.ModelForm):
    class Meta:
        model = GoalTarget
        fields = ("period", "value")
        help_texts = {"period": _("In the indicator's period format: 2026, 2026Q4 or 2026-12.")}
