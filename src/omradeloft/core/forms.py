"""Form fields and widgets every app's forms share."""

from typing import Any

from django import forms

from omradeloft.core.i18n import localized


class DatePicker(forms.DateInput):
    """The browser's date picker. Its value is always written as YYYY-MM-DD, the only form a
    date input reads, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class LocalizedChoiceField(forms.ModelChoiceField):
    """A choice of records labelled by their name in the user's language."""

    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


class LocalizedMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A choice of several records labelled by their name in the user's language."""

    def label_from_instance(self, obj: Any) -> str:
        return localized(obj, "name")


def model_choices(form: forms.BaseForm, name: str) -> "forms.ModelChoiceField[Any]":
    """The form's field `name`, known to be a model choice field, to set its queryset on."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field
