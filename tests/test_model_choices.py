"""Forms reach their model choice fields through one typed helper to set a queryset."""

import pytest
from django import forms

from omradeloft.accounts.models import Organisation
from omradeloft.core.forms import model_choices


class PickForm(forms.Form):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none())
    note = forms.CharField()


def test_model_choices_gives_the_forms_own_field_to_narrow(db):
    Organisation.objects.create(name="Bydel Alna")
    form = PickForm()
    model_choices(form, "organisation").queryset = Organisation.objects.all()
    assert [label for _, label in form.fields["organisation"].choices][1:] == ["Bydel Alna"]
    assert len(PickForm().fields["organisation"].choices) == 1  # the empty choice alone


def test_model_choices_refuses_a_field_that_offers_no_records():
    with pytest.raises(TypeError, match=r"PickForm\.note is not a model choice field"):
        model_choices(PickForm(), "note")
