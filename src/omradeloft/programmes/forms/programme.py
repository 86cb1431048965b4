"""Forms for a programme's basics, parties, fields and cross-cutting themes.

The forms check what a single record needs; the services check it against the rest of the
programme and save it. Edit pages fill them from `initial`, never from an instance, so a
refused submission leaves the stored record untouched in memory too.
"""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation
from omradeloft.core.forms import DatePicker, LocalizedChoiceField, model_choices
from omradeloft.programmes.models import CrossCuttingTheme, Field, Party, Programme
from omradeloft.programmes.services.programme import check_validity, check_years

SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class ProgrammeBasicsForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ("name", "name_en", "purpose", "purpose_en", "start_year", "end_year")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        try:
            check_years(data.get("start_year"), data.get("end_year"))
        except ValidationError as e:
            self.add_error(None, e)
        return data


class PartyForm(forms.ModelForm):
    organisation = LocalizedChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.order_by("name"),
        empty_label=_("Choose an organisation"),
        help_text=_("Who takes part."),
    )

    class Meta:
        model = Party
        fields = (
            "organisation",
            "role",
            "side",
            "responsibility",
            "responsibility_en",
            "valid_from",
            "valid_to",
        )
        widgets = {
            "responsibility": SHORT_TEXT,
            "responsibility_en": SHORT_TEXT,
            "valid_from": DatePicker(),
            "valid_to": DatePicker(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        try:
            check_validity(data.get("valid_from"), data.get("valid_to"))
        except ValidationError as e:
            self.add_error(None, e)
        return data


class FieldForm(forms.ModelForm):
    class Meta:
        model = Field
        fields = ("code", "name", "name_en", "strategy", "strategy_en", "order")


class ThemeForm(forms.ModelForm):
    class Meta:
        model = CrossCuttingTheme
        fields = ("name", "name_en", "description", "description_en", "fields")
        help_texts = {
            "fields": _("The programme's fields the theme is tied to; choose several with Ctrl.")
        }

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choices(self, "fields").queryset = programme.fields.all()
