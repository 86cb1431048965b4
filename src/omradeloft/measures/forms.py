"""Forms for measure pages. They only read and shape input; the services validate the rest
and write."""

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation, User
from omradeloft.areas.forms import AreaMultipleChoiceField
from omradeloft.areas.models import Area
from omradeloft.core.forms import (
    DatePicker,
    LocalizedChoiceField,
    LocalizedMultipleChoiceField,
    model_choices,
)
from omradeloft.indicators.forms import IndicatorChoiceField
from omradeloft.indicators.models import Indicator
from omradeloft.measures.models import Measure, MeasureKind, Output, Status, TrafficLight
from omradeloft.measures.services.measures import RELATED_FIELDS, SCALAR_FIELDS
from omradeloft.programmes.forms.goals import GoalChoiceField
from omradeloft.programmes.models import Programme


class MeasureForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=50,
        help_text=_("Short identifier used in the address, e.g. homework-help."),
    )
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("In Norwegian."))
    title_en = forms.CharField(
        label=_("Title in English"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to show the Norwegian title on English pages too."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=MeasureKind.choices)
    # Posted as "fields"; Django moves declared fields into `base_fields`, so this does not
    # replace the form's own `fields` mapping, which the stubs cannot tell.
    fields = LocalizedMultipleChoiceField(  # type: ignore[assignment]
        label=_("Fields"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The programme fields the measure serves."),
    )
    areas = AreaMultipleChoiceField(
        label=_("Areas"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the measure works: at least one."),
    )
    owner = LocalizedChoiceField(
        label=_("Owner"),
        queryset=Organisation.objects.all(),
        empty_label=_("Choose an organisation"),
        help_text=_("The organisation responsible for the measure."),
    )
    partners = LocalizedMultipleChoiceField(
        label=_("Partners"),
        queryset=Organisation.objects.all(),
        required=False,
        help_text=_("Organisations that take part; hold Ctrl or ⌘ to choose several."),
    )
    lead: "forms.ModelChoiceField[User]" = forms.ModelChoiceField(
        label=_("Project lead"),
        queryset=None,
        required=False,
        empty_label=_("No project lead"),
        help_text=_("The person who reports progress."),
    )
    start = forms.DateField(label=_("Start"), required=False, widget=DatePicker())
    end = forms.DateField(label=_("End"), required=False, widget=DatePicker())
    description = forms.CharField(
        label=_("Description"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What is done and why, in Norwegian."),
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Leave empty to show the Norwegian description on English pages too."),
    )
    latitude = forms.FloatField(
        localize=True,
        label=_("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=_("Optional location on the map, in decimal degrees (WGS 84), e.g. 59.95."),
    )
    longitude = forms.FloatField(
        localize=True,
        label=_("Longitude"),
        required=False,
        min_value=-180,
        max_value=180,
        help_text=_("Give it together with the latitude, e.g. 10.88."),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        areas: list[Area],
        lead_id: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "fields").queryset = programme.fields.all()
        model_choices(self, "areas").queryset = (
            Area.objects.filter(pk__in=[a.pk for a in areas])
            .select_related("level")
            .order_by("level__rank", "code")
        )
        members = Q(role_assignments__programme=programme)
        if lead_id is not None:
            members |= Q(pk=lead_id)
        model_choices(self, "lead").queryset = (
            User.objects.filter(members, is_active=True).distinct().order_by("username")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            self.add_error("latitude", _("Give both latitude and longitude, or neither."))
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end is before the start."))
        return data


def measure_initial(measure: Measure) -> dict[str, Any]:
    """The form's values for an existing measure."""
    initial: dict[str, Any] = {name: getattr(measure, name) for name in SCALAR_FIELDS}
    return initial | {name: list(getattr(measure, name).all()) for name in RELATED_FIELDS}


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"))
    date = forms.DateField(
        label=_("Date"), widget=DatePicker(), help_text=_("When it took effect.")
    )
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), help_text=_("Why it changed.")
    )

    def __init__(self, *args: Any, next_statuses: tuple[str, ...], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
        to_status = self.fields["to_status"]
        assert isinstance(to_status, forms.ChoiceField)
        to_status.choices = [(s, Status(s).label) for s in next_statuses]


class ReportForm(forms.Form):
    period = forms.CharField(
        label=_("Period"),
        max_length=20,
        help_text=_("A year (2024), a half-year (2024H1) or a quarter (2024Q3)."),
    )
    status = forms.ChoiceField(
        label=_("How is it going?"), choices=TrafficLight.choices, widget=forms.RadioSelect
    )
    narrative = forms.CharField(
        label=_("What happened"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What was done and achieved in the period."),
    )
    risks = forms.CharField(
        label=_("Risks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    next_steps = forms.CharField(
        label=_("Next steps"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, outputs: list[Output], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.outputs = outputs
        for output in outputs:
            label = f"{output.name} ({output.unit})" if output.unit else output.name
            self.fields[self.output_field(output)] = forms.FloatField(
                localize=True,
                label=label,
                required=False,
                min_value=0,
                help_text=_("Delivered in the period; leave empty if not counted."),
            )

    @staticmethod
    def output_field(output: Output) -> str:
        return f"output_{output.pk}"

    def output_values(self) -> dict[Output, float | None]:
        return {o: self.cleaned_data.get(self.output_field(o)) for o in self.outputs}


class AttachmentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, help_text=_("What the document is."))
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, office document, image, text or CSV.")
    )


class ActivityForm(forms.Form):
    text = forms.CharField(label=_("Activity"), max_length=300, help_text=_("What is done."))


class OutputForm(forms.Form):
    name = forms.CharField(
        label=_("Output"), max_length=200, help_text=_("What is delivered, e.g. participants.")
    )
    unit = forms.CharField(label=_("Unit"), max_length=50, required=False)
    target = forms.FloatField(
        localize=True,
        label=_("Target"),
        required=False,
        min_value=0,
        help_text=_("How much by the end of the measure."),
    )


class OutcomeForm(forms.Form):
    text = forms.CharField(label=_("Outcome"), max_length=300, help_text=_("The change expected."))
    goal = GoalChoiceField(label=_("Goal"), queryset=None, required=False, empty_label=_("No goal"))
    indicator = IndicatorChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.order_by("code"),
        required=False,
        empty_label=_("No indicator"),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "goal").queryset = programme.goals.all()
