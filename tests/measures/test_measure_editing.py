"""Creating and editing measures through the services: who may place a measure where, and
clear errors for bad input that leave nothing written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omradeloft.measures.models import Measure, StatusChange
from omradeloft.measures.services import create_measure, set_published, update_measure
from tests.factories import make_area, make_programme
from tests.measures.factories import field_of, measure_data
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")


def test_district_coordinator_creates_a_measure_in_their_district(programme, personas, field):
    data = measure_data([personas.d1, personas.s11], fields=[field], title_en="Homework help")
    measure = create_measure(personas.district_coordinator, programme, data)
    assert measure.programme == programme
    assert set(measure.areas.all()) == {personas.d1, personas.s11}
    assert list(measure.fields.all()) == [field]
    assert measure.title_en == "Homework help"
    assert not measure.is_published


@pytest.mark.parametrize("where", [["d2"], ["d1", "d2"], ["s21"], ["municipality"]])
def test_district_coordinator_is_refused_creating_a_measure_outside_their_district(
    programme, personas, where
):
    areas = [getattr(personas, name) for name in where]
    with pytest.raises(PermissionDenied):
        create_measure(personas.district_coordinator, programme, measure_data(areas))
    assert not Measure.objects.exists()
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize(
    "persona", ["project_lead", "partner", "evaluator", "resident", "outsider"]
)
def test_only_measure_managers_create_measures(programme, personas, persona):
    with pytest.raises(PermissionDenied):
        create_measure(getattr(personas, persona), programme, measure_data([personas.d1]))
    assert not Measure.objects.exists()


def test_a_measure_needs_at_least_one_area(programme, personas):
    with pytest.raises(ValidationError) as refused:
        create_measure(personas.programme_admin, programme, measure_data([]))
    assert "areas" in refused.value.message_dict


def test_an_area_outside_the_programme_is_refused_by_name(programme, personas):
    elsewhere = make_area("1199", "municipality", name="Annenby")
    with pytest.raises(ValidationError) as refused:
        create_measure(personas.programme_admin, programme, measure_data([elsewhere]))
    assert "Annenby" in refused.value.message_dict["areas"][0]
    assert not Measure.objects.exists()


def test_a_code_already_used_in_the_programme_is_refused_clearly(programme, personas):
    make_measure(programme, areas=[personas.d1], code="leksehjelp")
    with pytest.raises(ValidationError) as refused:
        create_measure(personas.programme_admin, programme, measure_data([personas.d2]))
    assert "“leksehjelp” already exists" in refused.value.message_dict["code"][0]
    assert Measure.objects.count() == 1


def test_the_same_code_may_be_used_in_another_programme(programme, personas):
    other = make_programme()
    make_measure(other, areas=[personas.d1], code="leksehjelp")
    create_measure(personas.programme_admin, programme, measure_data([personas.d1]))
    assert Measure.objects.filter(code="leksehjelp").count() == 2


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"code": "not a slug"}, "code"),
        ({"code": "new"}, "code"),
        ({"code": ""}, "code"),
        ({"title": "  "}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"kind": "miracle"}, "kind"),
        ({"owner": None}, "owner"),
        ({"latitude": 59.9}, "latitude"),
        ({"latitude": 91.0, "longitude": 10.0}, "latitude"),
        ({"latitude": 59.9, "longitude": float("nan")}, "longitude"),
        ({"start": datetime.date(2025, 1, 1), "end": datetime.date(2024, 1, 1)}, "end"),
    ],
)
def test_bad_values_are_named_by_field_and_nothing_is_written(programme, personas, values, field):
    with pytest.raises(ValidationError) as refused:
        create_measure(personas.programme_admin, programme, measure_data([personas.d1], **values))
    assert field in refused.value.message_dict
    assert not Measure.objects.exists()


def test_a_field_of_another_programme_is_refused(programme, personas):
    stray = field_of(make_programme(), name="Fremmed felt", name_en="Foreign field")
    with pytest.raises(ValidationError) as refused:
        create_measure(
            personas.programme_admin, programme, measure_data([personas.d1], fields=[stray])
        )
    assert "Foreign field" in refused.value.message_dict["fields"][0]


def test_district_coordinator_edits_a_measure_in_their_district(programme, personas):
    measure = make_measure(programme, areas=[personas.d1], title="Gammel tittel")
    update_measure(personas.district_coordinator, measure, {"title": "Ny tittel"})
    measure.refresh_from_db()
    assert measure.title == "Ny tittel"
    assert list(measure.areas.all()) == [personas.d1]


@pytest.mark.parametrize("where", [["d2"], ["d1", "d2"]])
def test_district_coordinator_is_refused_editing_a_measure_that_reaches_another_district(
    programme, personas, where
):
    measure = make_measure(programme, areas=[getattr(personas, n) for n in where], title="Før")
    with pytest.raises(PermissionDenied):
        update_measure(personas.district_coordinator, measure, {"title": "Etter"})
    measure.refresh_from_db()
    assert measure.title == "Før"


def test_district_coordinator_cannot_move_their_measure_into_another_district(programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    with pytest.raises(PermissionDenied):
        update_measure(
            personas.district_coordinator, measure, {"areas": [personas.d1, personas.d2]}
        )
    assert list(measure.areas.all()) == [personas.d1]


def test_a_coordinator_may_move_a_measure_anywhere_in_the_programme(programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    update_measure(personas.state_coordinator, measure, {"areas": [personas.d2]})
    assert list(measure.areas.all()) == [personas.d2]


def test_editing_keeps_the_code_unique(programme, personas):
    make_measure(programme, areas=[personas.d1], code="taken")
    measure = make_measure(programme, areas=[personas.d1], code="mine")
    with pytest.raises(ValidationError):
        update_measure(personas.programme_admin, measure, {"code": "taken"})
    update_measure(personas.programme_admin, measure, {"code": "mine", "title": "Same code"})
    measure.refresh_from_db()
    assert (measure.code, measure.title) == ("mine", "Same code")


def test_publishing_needs_an_editor(programme, personas):
    measure = make_measure(programme, areas=[personas.d2])
    with pytest.raises(PermissionDenied):
        set_published(personas.district_coordinator, measure, True)
    set_published(personas.municipal_coordinator, measure, True)
    measure.refresh_from_db()
    assert measure.is_published
