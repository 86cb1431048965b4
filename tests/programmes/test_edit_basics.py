"""Editing a programme's name, purpose and years."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditEntry, AuditSource
from omradeloft.programmes.models import Programme
from omradeloft.programmes.services.programme import update_programme
from tests.programmes.test_edit_access import EDITORS

BASICS = {
    "name": "Områdeløft Testby",
    "name_en": "Testby area programme",
    "purpose": "Bedre levekår",
    "purpose_en": "Better living conditions",
    "start_year": 2018,
    "end_year": 2027,
}


def basics_url(personas):
    return reverse("programmes:edit_basics", args=[personas.programme.code])


@pytest.mark.parametrize("persona", EDITORS)
def test_coordinators_change_the_programme_basics(client, personas, persona):
    client.force_login(getattr(personas, persona))
    form = client.get(basics_url(personas)).context["form"]
    assert form.initial["name"] == "Testprogrammet"
    response = client.post(basics_url(personas), BASICS)
    assert response.status_code == 302
    programme = Programme.objects.get(pk=personas.programme.pk)
    assert (programme.name_en, programme.start_year, programme.end_year) == (
        "Testby area programme",
        2018,
        2027,
    )
    entry = AuditEntry.objects.for_object(programme).first()
    assert entry.actor == getattr(personas, persona)
    assert entry.changes["end_year"] == [2026, 2027]


def test_an_end_year_before_the_start_year_is_refused_clearly(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    response = client.post(basics_url(personas), BASICS | {"start_year": 2020, "end_year": 2019})
    assert response.status_code == 400
    text = response.content.decode()
    assert "The last year (2019) is before the first year (2020)" in text
    assert 'class="error-summary"' in text
    assert "Constraint" not in text
    assert Programme.objects.get(pk=personas.programme.pk).end_year == 2026


def test_a_missing_name_is_refused_and_nothing_changes(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(basics_url(personas), BASICS | {"name": ""})
    assert response.status_code == 400
    assert Programme.objects.get(pk=personas.programme.pk).name == "Testprogrammet"


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_the_basics(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(basics_url(personas)).status_code == 403
    assert client.post(basics_url(personas), BASICS).status_code == 403
    assert Programme.objects.get(pk=personas.programme.pk).name == "Testprogrammet"


def test_anonymous_visitors_are_sent_to_log_in_from_the_basics(client, personas):
    response = client.post(basics_url(personas), BASICS)
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert Programme.objects.get(pk=personas.programme.pk).name == "Testprogrammet"


def test_the_service_refuses_years_in_the_wrong_order_for_any_caller(personas, settings):
    settings.LANGUAGE_CODE = "en"
    with acting_as(None, AuditSource.SYSTEM), pytest.raises(ValidationError) as refused:
        update_programme(None, personas.programme, {"end_year": 2000})
    assert "before the first year (2017)" in refused.value.message_dict["end_year"][0]
    assert Programme.objects.get(pk=personas.programme.pk).end_year == 2026


def test_the_service_refuses_an_actor_who_may_not_edit(personas):
    with pytest.raises(PermissionDenied):
        update_programme(personas.partner, personas.programme, {"name": "Nytt"})
    assert Programme.objects.get(pk=personas.programme.pk).name == "Testprogrammet"
