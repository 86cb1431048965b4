"""The design form, and the choice of data a run reads. They read and shape input (area
codes to areas, predictors from JSON); `evaluation.services` validates the rest and writes."""

import json
import re
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.models import Area
from omradeloft.core.forms import DatePicker
from omradeloft.core.i18n import localized
from omradeloft.evaluation.models import DataLevel, EvaluationDesign, Method
from omradeloft.evaluation.services import predictor_problems
from omradeloft.indicators.forms import IndicatorMultipleChoiceField
from omradeloft.indicators.models import Indicator

_SEPARATORS = re.compile(r"[\s,;]+")


def codes_text(areas: list[Area]) -> str:
    return ", ".join(area.code for area in areas)


def _areas_from_codes(text: str, level_ids: set[int] | None = None) -> list[Area]:
    """The areas named by the codes in `text`, in order; a code on several levels is read
    on `level_ids` when given. ValidationError names every code that does not resolve."""
    codes = list(dict.fromkeys(code for code in _SEPARATORS.split(text) if code))
    found: dict[str, list[Area]] = {}
    for area in Area.objects.filter(code__in=codes).select_related("level"):
        found.setdefault(area.code, []).append(area)
    unknown = [code for code in codes if code not in found]
    if unknown:
        raise forms.ValidationError(
            _("Unknown area code(s): %(codes)s."), params={"codes": ", ".join(unknown)}
        )
    areas = []
    for code in codes:
        candidates = found[code]
        if len(candidates) > 1 and level_ids:
            candidates = [a for a in candidates if a.level_id in level_ids] or candidates
        if len(candidates) > 1:
            raise forms.ValidationError(
                _("The code %(code)s exists on several levels (%(levels)s)."),
                params={"code": code, "levels": ", ".join(a.level.code for a in candidates)},
            )
        areas.append(candidates[0])
    return areas


class DesignForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("Short identifier used in the address, e.g. employment-2017."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, help_text=_("In Norwegian."))
    name_en = forms.CharField(
        label=_("Name in English"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to show the Norwegian name on English pages too."),
    )
    outcomes = IndicatorMultipleChoiceField(
        label=_("Outcome indicators"),
        queryset=Indicator.objects.order_by("code"),
        help_text=_("The indicators the effect is estimated on; hold Ctrl or ⌘ to choose several."),
    )
    treated = forms.CharField(
        label=_("Treated areas"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Area codes, separated by commas: where the programme works."),
    )
    comparison_pool = forms.CharField(
        label=_("Comparison pool"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Area codes to compare with; empty: every untreated area on the treated areas' level."
        ),
    )
    exclude_neighbours = forms.BooleanField(
        label=_("Leave out areas bordering a treated area"),
        required=False,
        help_text=_("Limits spill-over from the treated areas into the comparison."),
    )
    treatment_period = forms.CharField(
        label=_("Treatment start"),
        max_length=20,
        help_text=_("The first period under the programme, as the statistics name it, e.g. 2017."),
    )
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Method.choices, widget=forms.CheckboxSelectMultiple
    )
    predictors = forms.CharField(
        label=_("Predictors for synthetic control"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "false"}),
        help_text=_(
            'JSON: a list of {"indicator": code, "periods": ["2010", ...], "op": "mean"}; '
            "empty for none."
        ),
    )
    harmonise_to = forms.DateField(
        label=_("Harmonise to the areas in use on"),
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=DatePicker(),
        help_text=_(
            "A date, YYYY-MM-DD: every series is read on the areas in use that day, values "
            "on earlier or later areas moved by the recorded boundary changes. Empty: as "
            "observed."
        ),
    )

    def __init__(self, *args: Any, target_areas: list[Area] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if target_areas:
            names = ", ".join(f"{localized(a, 'name')} ({a.code})" for a in target_areas)
            self.fields["treated"].help_text = _(
                "Area codes, separated by commas. The programme's target areas: %(areas)s."
            ) % {"areas": names}

    def clean_treated(self) -> list[Area]:
        return _areas_from_codes(self.cleaned_data["treated"])

    def clean_comparison_pool(self) -> list[Area]:
        treated = self.cleaned_data.get("treated") or []
        return _areas_from_codes(
            self.cleaned_data["comparison_pool"], {area.level_id for area in treated}
        )

    def clean_predictors(self) -> list[Any]:
        text = self.cleaned_data["predictors"].strip()
        if not text:
            return []
        try:
            value = json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s."), params={"error": error}
            ) from None
        problems = predictor_problems(value)
        if problems:
            raise forms.ValidationError("; ".join(problems))
        return value


class RunForm(forms.Form):
    """The data a run reads, for those who may choose (see `evaluation.access`); the
    published data are the default, so results from unsuppressed data are never made by
    accident."""

    data_level = forms.ChoiceField(
        label=_("Data the run reads"),
        choices=[
            (
                DataLevel.PUBLISHED.value,
                _("Published data: the results may be shown to everyone in the programme"),
            ),
            (
                DataLevel.UNSUPPRESSED.value,
                _(
                    "Unsuppressed data, with the values disclosure control suppresses: the "
                    "results are shown only to those who may see unsuppressed statistics"
                ),
            ),
        ],
        initial=DataLevel.PUBLISHED.value,
        widget=forms.RadioSelect,
    )


def design_initial(values: dict[str, Any]) -> dict[str, Any]:
    """Form values from a design's (or the defaults') model values."""
    return values | {
        "treated": codes_text(values["treated"]),
        "comparison_pool": codes_text(values["comparison_pool"]),
        "predictors": json.dumps(values["predictors"], ensure_ascii=False)
        if values["predictors"]
        else "",
    }


def design_values(design: EvaluationDesign) -> dict[str, Any]:
    return {
        "code": design.code,
        "name": design.name,
        "name_en": design.name_en,
        "outcomes": list(design.outcomes.order_by("code")),
        "treated": list(design.treated.order_by("code")),
        "comparison_pool": list(design.comparison_pool.order_by("code")),
        "exclude_neighbours": design.exclude_neighbours,
        "treatment_period": design.treatment_period,
        "methods": list(design.methods),
        "predictors": design.predictors,
        "harmonise_to": design.harmonise_to,
    }
