"""Form fields shared by every app: a record is labelled the same way on every form that
chooses it, and every date field offers the browser's date picker."""

import datetime

from django.utils import translation

from omradeloft.core.forms import DatePicker
from omradeloft.core.i18n import localized
from omradeloft.evaluation.forms import DesignForm
from omradeloft.measures.filters import MeasureFilterForm
from omradeloft.measures.forms import MeasureForm, OutcomeForm, StatusForm
from omradeloft.programmes.forms.areas import TargetAreaForm
from omradeloft.programmes.forms.goals import GoalForm, GoalIndicatorForm
from omradeloft.programmes.forms.organisation import BodyForm, MembershipForm
from omradeloft.programmes.forms.programme import PartyForm
from omradeloft.programmes.forms.team import RoleAssignmentForm
from omradeloft.programmes.models import Goal, GoalLevel
from tests.indicators.factories import make_indicator


def labels(fields, record) -> set[str]:
    return {field.label_from_instance(record) for field in fields}


def test_every_form_that_chooses_an_area_labels_it_by_name_code_and_level(personas):
    fields = [
        BodyForm.base_fields["area"],
        MeasureFilterForm.base_fields["area"],
        MeasureForm.base_fields["areas"],
        TargetAreaForm.base_fields["area"],
        GoalIndicatorForm.base_fields["areas"],
    ]
    with translation.override("en"):
        (label,) = labels(fields, personas.s11)
        assert personas.s11.name in label
        assert personas.s11.code in label
        assert localized(personas.s11.level, "name") in label


def test_every_form_that_chooses_an_indicator_labels_it_the_same_way(db):
    indicator = make_indicator("unemployed", name="Arbeidsledige")
    fields = [
        DesignForm.base_fields["outcomes"],
        GoalIndicatorForm.base_fields["indicator"],
        OutcomeForm.base_fields["indicator"],
    ]
    (label,) = labels(fields, indicator)
    assert "Arbeidsledige" in label
    assert "unemployed" in label


def test_every_form_that_chooses_a_goal_labels_it_the_same_way(personas):
    goal = Goal.objects.create(
        programme=personas.programme, level=GoalLevel.PROGRAMME, title="Bedre levekår"
    )
    fields = [GoalForm.base_fields["parent"], OutcomeForm.base_fields["goal"]]
    (label,) = labels(fields, goal)
    assert "Bedre levekår" in label


def test_every_date_field_offers_the_date_picker():
    fields = [
        StatusForm.base_fields["date"],
        RoleAssignmentForm.base_fields["valid_from"],
        DesignForm.base_fields["harmonise_to"],
        PartyForm.base_fields["valid_from"],
        MembershipForm.base_fields["valid_from"],
    ]
    assert all(isinstance(field.widget, DatePicker) for field in fields)


def test_the_date_picker_writes_its_value_as_iso_8601_in_either_language():
    for language in ("nb", "en"):
        with translation.override(language):
            html = DatePicker().render("day", datetime.date(2024, 3, 1))
        assert 'type="date"' in html
        assert 'value="2024-03-01"' in html
