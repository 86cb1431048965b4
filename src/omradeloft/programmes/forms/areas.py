"""Forms that choose areas: a programme's target areas (by hand or from a classification)
and the areas a goal indicator follows."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.forms import AreaChoiceField
from omradeloft.areas.models import Area
from omradeloft.core.forms import DatePicker, model_choices
from omradeloft.core.i18n import localized
from omradeloft.targeting.models import ClassificationRun


def areas_by_code(text: str) -> list[Area]:
    """The areas with the codes in `text` (separated by commas or spaces), in that order."""
    codes = list(dict.fromkeys(text.replace(",", " ").split()))
    found: dict[str, list[Area]] = {}
    for area in Area.objects.filter(code__in=codes).select_related("level"):
        found.setdefault(area.code, []).append(area)
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise forms.ValidationError(
            _("There is no area with the code(s) %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    ambiguous = [code for code in codes if len(found[code]) > 1]
    if ambiguous:
        raise forms.ValidationError(
            _("The code(s) %(codes)s are used at more than one level; choose from the list.")
            % {"codes": ", ".join(ambiguous)}
        )
    return [found[code][0] for code in codes]


def all_areas() -> Any:
    return Area.objects.select_related("level").order_by("level__rank", "name")


class TargetReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why the area is targeted, e.g. the statistics or decision behind it."),
    )
    chosen_on = forms.DateField(
        label=_("Chosen on"),
        widget=DatePicker(),
        initial=timezone.localdate,
        help_text=_("When the area was chosen."),
    )


class TargetAreaForm(TargetReasonForm):
    area_code = forms.CharField(
        label=_("Area code"), required=False, help_text=_("E.g. 030110; or choose below.")
    )
    area = AreaChoiceField(
        label=_("Area"), queryset=all_areas(), required=False, empty_label=_("Choose an area")
    )
    field_order = ("area_code", "area", "reason", "chosen_on")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        chosen, code = data.get("area"), data.get("area_code", "").strip()
        if code:
            try:
                by_code = areas_by_code(code)
            except forms.ValidationError as e:
                self.add_error("area_code", e)
                return data
            if len(by_code) != 1:
                self.add_error("area_code", _("Give one area code."))
            elif chosen is not None and chosen != by_code[0]:
                self.add_error(
                    "area", _("The code and the chosen area differ; give only one of them.")
                )
            else:
                data["area"] = by_code[0]
        elif chosen is None and "area" not in self.errors:
            self.add_error("area", _("Give an area code or choose an area."))
        return data


class RunChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: ClassificationRun) -> str:
        return _("%(rule)s, version %(version)s, %(period)s (classified on %(date)s)") % {
            "rule": localized(obj.rule, "name"),
            "version": obj.rule_version,
            "period": obj.period,
            "date": obj.created_at.date().isoformat(),
        }


class RunChoiceForm(forms.Form):
    run = RunChoiceField(
        label=_("Classification"),
        queryset=ClassificationRun.objects.select_related("rule"),
        empty_label=_("Choose a classification"),
        help_text=_("The areas a classification rule selected in one period."),
    )


class PickAreasForm(forms.Form):
    """The areas ticked in the list of a classification's selected areas."""

    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Area.objects.none(),
        error_messages={"required": _("Choose at least one area to add.")},
    )

    def __init__(self, *args: Any, run: ClassificationRun, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "areas").queryset = Area.objects.filter(
            pk__in=run.areas.values("area_id")
        ).select_related("level")
