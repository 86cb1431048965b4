from django import forms
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Role, User
from omradeloft.areas.models import Area
from omradeloft.core.forms import DatePicker


class RoleAssignmentForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=User.objects.filter(is_active=True).order_by("username"),
        empty_label=_("Choose a user"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    area_codes = forms.CharField(
        label=_("Limit to areas"),
        required=False,
        help_text=_("Area codes separated by commas; leave empty for the whole programme."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DatePicker())
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DatePicker())

    def clean_area_codes(self) -> list[Area]:
        codes = [c.strip() for c in self.cleaned_data["area_codes"].split(",") if c.strip()]
        areas = {a.code: a for a in Area.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in areas]
        if unknown:
            raise forms.ValidationError(
                _("Unknown area code(s): %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return [areas[c] for c in codes]
