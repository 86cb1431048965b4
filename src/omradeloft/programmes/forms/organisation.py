"""Forms for bodies, members, meetings, attendance, decisions and meeting documents. They
check the shape of the input; the rules live in `services.organisation`."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation
from omradeloft.areas.forms import AreaChoiceField
from omradeloft.areas.models import Area
from omradeloft.core.forms import DatePicker, LocalizedChoiceField, model_choices
from omradeloft.programmes import contributions
from omradeloft.programmes.models import Body, Decision, Meeting, Membership, Programme


class BodyForm(forms.ModelForm):
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Area.objects.select_related("level").order_by("level__rank", "name"),
        required=False,
        empty_label=_("No particular area"),
        help_text=_("Required for a local area committee."),
    )

    class Meta:
        model = Body
        fields = ["kind", "name", "name_en", "mandate", "area"]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 5})}


class MembershipForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("None"),
        help_text=_("Whom the person represents."),
    )

    class Meta:
        model = Membership
        fields = ["person", "organisation", "role", "valid_from", "valid_to"]
        widgets = {"valid_from": DatePicker(), "valid_to": DatePicker()}


class EndMembershipForm(forms.Form):
    valid_to = forms.DateField(label=_("Last day"), required=False, widget=DatePicker())


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["date", "place", "agenda", "minutes"]
        widgets = {
            "date": DatePicker(),
            "agenda": forms.Textarea(attrs={"rows": 6}),
            "minutes": forms.Textarea(attrs={"rows": 10}),
        }


class AttendanceForm(forms.Form):
    """Who was present. Any member of the body is accepted here, so that the service can
    say by name who was not a member on the meeting's date."""

    present = forms.ModelMultipleChoiceField(
        label=_("Present"),
        queryset=Membership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, body: Body, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "present").queryset = body.memberships.all()


class DecisionForm(forms.ModelForm):
    """A decision's number and text, and a field for each kind of thing a decision may
    concern that another app contributes (`contributions.DecisionLink`)."""

    class Meta:
        model = Decision
        fields = ["number", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for link in contributions.registry.decision_links:
            self.fields[link.key] = link.form_field(programme)


class AttachmentForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        required=False,
        help_text=_("What the document is; leave empty to use the file's name."),
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, office document, image, text or CSV.")
    )


class DecisionFilterForm(forms.Form):
    body = LocalizedChoiceField(
        label=_("Body"), queryset=Body.objects.none(), required=False, empty_label=_("All")
    )
    q = forms.CharField(label=_("Text or number contains"), required=False, max_length=200)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "body").queryset = programme.bodies.all()
