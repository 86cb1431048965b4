"""The pages that change a measure: each refuses the wrong persona, re-shows bad input with
its errors and status 400, and changes nothing then."""

import datetime

import pytest
from django.urls import reverse

from omradeloft.measures.models import Measure, Status, StatusChange
from tests.factories import make_organisation
from tests.measures.factories import form_data
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")


def url(programme, name, *args) -> str:
    return reverse(f"measures:{name}", args=[programme.code, *args])


@pytest.fixture
def owner():
    return make_organisation(name="Bydel Nordbyen")


# Creating


def test_district_coordinator_creates_a_measure_in_their_district_through_the_form(
    client, programme, personas, field, owner
):
    client.force_login(personas.district_coordinator)
    data = form_data(
        [personas.d1], owner, fields=[str(field.pk)], latitude="59.9", longitude="10.9"
    )
    response = client.post(url(programme, "create"), data)
    measure = Measure.objects.get()
    assert response.status_code == 302
    assert response["Location"] == url(programme, "detail", measure.code)
    assert list(measure.fields.all()) == [field]
    assert (measure.latitude, measure.longitude) == (59.9, 10.9)
    assert measure.status_changes.get().to_status == Status.PROPOSED


def test_the_form_offers_a_district_coordinator_only_areas_in_their_district(
    client, programme, personas
):
    client.force_login(personas.district_coordinator)
    form = client.get(url(programme, "create")).context["form"]
    assert set(form.fields["areas"].queryset) == {personas.d1, personas.s11}


def test_the_form_offers_a_coordinator_the_target_areas_with_their_parents_and_children(
    client, programme, personas
):
    client.force_login(personas.state_coordinator)
    form = client.get(url(programme, "create")).context["form"]
    expected = {personas.municipality, personas.d1, personas.d2, personas.s11, personas.s21}
    assert set(form.fields["areas"].queryset) == expected


def test_district_coordinator_posting_another_district_is_refused_and_nothing_is_created(
    client, programme, personas, owner
):
    client.force_login(personas.district_coordinator)
    response = client.post(url(programme, "create"), form_data([personas.d2], owner))
    assert response.status_code == 400
    assert "areas" in response.context["form"].errors
    assert not Measure.objects.exists()


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"latitude": "59.9"}, "latitude", "Give both latitude and longitude, or neither."),
        ({"areas": []}, "areas", "This field is required."),
        ({"code": "with space"}, "code", "Enter a valid “slug”"),
        ({"start": "2025-05-01", "end": "2025-01-01"}, "end", "The end is before the start."),
    ],
)
def test_bad_input_is_shown_again_with_status_400(
    client, programme, personas, owner, values, field, message
):
    client.force_login(personas.municipal_coordinator)
    response = client.post(url(programme, "create"), form_data([personas.d1], owner, **values))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message in response.content.decode()
    assert not Measure.objects.exists()


def test_a_code_already_in_use_is_reported_on_the_code_field(client, programme, personas, owner):
    make_measure(programme, areas=[personas.d1], code="leksehjelp")
    client.force_login(personas.municipal_coordinator)
    response = client.post(url(programme, "create"), form_data([personas.d1], owner))
    assert response.status_code == 400
    assert "already exists" in response.context["form"].errors["code"][0]
    assert Measure.objects.count() == 1


@pytest.mark.parametrize(
    "persona", ["project_lead", "partner", "evaluator", "resident", "outsider"]
)
def test_the_create_page_is_refused_to_those_who_may_not_manage_measures(
    client, programme, personas, owner, persona
):
    client.force_login(getattr(personas, persona))
    assert client.get(url(programme, "create")).status_code == 403
    assert client.post(url(programme, "create"), form_data([personas.d1], owner)).status_code == 403
    assert not Measure.objects.exists()


def test_a_visitor_is_sent_to_log_in(client, programme):
    response = client.get(url(programme, "create"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


# Editing


def test_the_edit_form_starts_from_the_measure(client, programme, personas, field):
    measure = make_measure(programme, areas=[personas.d1], fields=[field], title="Leksehjelp")
    client.force_login(personas.district_coordinator)
    form = client.get(url(programme, "edit", measure.code)).context["form"]
    assert form.initial["title"] == "Leksehjelp"
    assert form.initial["areas"] == [personas.d1]


def test_district_coordinator_saves_a_measure_in_their_district(client, programme, personas, owner):
    measure = make_measure(programme, areas=[personas.d1], code="leksehjelp")
    client.force_login(personas.district_coordinator)
    data = form_data([personas.s11], owner, title="Leksehjelp for alle")
    response = client.post(url(programme, "edit", measure.code), data)
    assert response.status_code == 302
    measure.refresh_from_db()
    assert measure.title == "Leksehjelp for alle"
    assert list(measure.areas.all()) == [personas.s11]


@pytest.mark.parametrize("where", [["d2"], ["d1", "d2"]])
def test_district_coordinator_is_refused_editing_another_districts_measure(
    client, programme, personas, owner, where
):
    measure = make_measure(programme, areas=[getattr(personas, n) for n in where], title="Før")
    client.force_login(personas.district_coordinator)
    assert client.get(url(programme, "edit", measure.code)).status_code == 403
    data = form_data([personas.d1], owner, code=measure.code, title="Etter")
    assert client.post(url(programme, "edit", measure.code), data).status_code == 403
    measure.refresh_from_db()
    assert measure.title == "Før"


def test_the_edit_page_of_a_hidden_measure_is_404_for_a_partner(client, programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.partner)
    assert client.get(url(programme, "edit", measure.code)).status_code == 404


# Status


def test_the_status_form_changes_the_status(client, programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.district_coordinator)
    data = {"to_status": Status.APPROVED, "date": "2025-02-01", "reason": "Vedtatt"}
    response = client.post(url(programme, "status", measure.code), data)
    assert response.status_code == 302
    change = StatusChange.objects.get()
    assert (change.to_status, change.date, change.reason) == (
        Status.APPROVED,
        datetime.date(2025, 2, 1),
        "Vedtatt",
    )


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"to_status": Status.APPROVED, "date": "2025-02-01", "reason": ""}, "reason"),
        ({"to_status": Status.COMPLETED, "date": "2025-02-01", "reason": "Ferdig"}, "to_status"),
        ({"to_status": Status.APPROVED, "date": "i går", "reason": "Vedtatt"}, "date"),
    ],
)
def test_a_bad_status_change_shows_the_measure_again_with_status_400(
    client, programme, personas, data, field
):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.district_coordinator)
    response = client.post(url(programme, "status", measure.code), data)
    assert response.status_code == 400
    assert field in response.context["status_form"].errors
    assert not StatusChange.objects.exists()
    measure.refresh_from_db()
    assert measure.status == Status.PROPOSED


@pytest.mark.parametrize(("persona", "status"), [("project_lead", 403), ("partner", 404)])
def test_the_status_form_is_refused_to_non_editors(client, programme, personas, persona, status):
    measure = make_measure(programme, areas=[personas.d1], lead=personas.project_lead)
    client.force_login(getattr(personas, persona))
    data = {"to_status": Status.APPROVED, "date": "2025-02-01", "reason": "Ja"}
    assert client.post(url(programme, "status", measure.code), data).status_code == status
    assert not StatusChange.objects.exists()


# Publishing


def test_an_editor_publishes_and_unpublishes(client, programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.district_coordinator)
    client.post(url(programme, "publish", measure.code), {"published": "1"})
    measure.refresh_from_db()
    assert measure.is_published
    client.post(url(programme, "publish", measure.code), {"published": "0"})
    measure.refresh_from_db()
    assert not measure.is_published


def test_publishing_is_refused_to_a_district_coordinator_elsewhere(client, programme, personas):
    measure = make_measure(programme, areas=[personas.d2])
    client.force_login(personas.district_coordinator)
    assert (
        client.post(url(programme, "publish", measure.code), {"published": "1"}).status_code == 403
    )
    measure.refresh_from_db()
    assert not measure.is_published


def test_numbers_may_be_written_with_a_decimal_comma_in_norwegian(
    client, programme, personas, owner, settings
):
    settings.LANGUAGE_CODE = "nb"
    client.force_login(personas.municipal_coordinator)
    data = form_data([personas.d1], owner, latitude="59,95", longitude="10.88")
    assert client.post(url(programme, "create"), data).status_code == 302
    measure = Measure.objects.get()
    assert (measure.latitude, measure.longitude) == (59.95, 10.88)


def test_the_administration_lists_and_opens_measures(client, programme, personas):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.superuser)
    assert client.get(reverse("admin:measures_measure_changelist")).status_code == 200
    change = reverse("admin:measures_measure_change", args=[measure.pk])
    assert client.get(change).status_code == 200
    assert client.get(reverse("admin:measures_progressreport_changelist")).status_code == 200
