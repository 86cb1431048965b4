"""Form fields that choose areas, labelled the same way on every page."""

from django import forms

from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized


def area_label(area: Area) -> str:
    """The area's name with its code and level, so that areas of the same name at different
    levels (a district and its subdistrict) can be told apart."""
    return f"{localized(area, 'name')} ({area.code}, {localized(area.level, 'name')})"


class AreaChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return area_label(obj)


class AreaMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Area) -> str:
        return area_label(obj)
