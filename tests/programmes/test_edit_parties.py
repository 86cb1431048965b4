"""Editing the parties to a programme: add, change and remove, one party per organisation."""

import pytest
from django.urls import reverse

from omradeloft.programmes.models import Party, PartyRole, PartySide
from tests.factories import make_organisation


def parties_url(personas):
    return reverse("programmes:edit_parties", args=[personas.programme.code])


def party_data(organisation, **changes):
    return {
        "organisation": organisation.pk,
        "role": PartyRole.MEMBER,
        "side": PartySide.STATE,
        "responsibility": "Sysselsetting.",
        "responsibility_en": "Employment.",
        "valid_from": "2017-01-01",
        "valid_to": "",
    } | changes


def make_party(personas, organisation=None):
    return Party.objects.create(
        programme=personas.programme,
        organisation=organisation or make_organisation(name="Arbeidsdepartementet"),
        role=PartyRole.MEMBER,
        side=PartySide.STATE,
    )


def test_programme_admin_adds_a_party(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    organisation = make_organisation(name="Husbanken")
    client.force_login(personas.programme_admin)
    response = client.post(parties_url(personas), party_data(organisation))
    assert response.status_code == 302
    party = Party.objects.get(programme=personas.programme)
    assert (party.organisation, party.role, party.responsibility_en) == (
        organisation,
        "member",
        "Employment.",
    )
    assert "Husbanken" in client.get(parties_url(personas)).content.decode()


def test_state_coordinator_changes_a_partys_role_and_period(client, personas):
    party = make_party(personas)
    client.force_login(personas.state_coordinator)
    url = reverse("programmes:edit_party", args=[personas.programme.code, party.pk])
    assert client.get(url).context["form"].initial["role"] == "member"
    data = party_data(party.organisation, role="coordinator", valid_to="2026-12-31")
    assert client.post(url, data).status_code == 302
    party.refresh_from_db()
    assert party.role == "coordinator"
    assert str(party.valid_to) == "2026-12-31"


def test_municipal_coordinator_removes_a_party(client, personas):
    party = make_party(personas)
    client.force_login(personas.municipal_coordinator)
    url = reverse("programmes:edit_party_remove", args=[personas.programme.code, party.pk])
    assert client.post(url).status_code == 302
    assert not Party.objects.filter(pk=party.pk).exists()


def test_an_organisation_takes_part_only_once(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    party = make_party(personas)
    client.force_login(personas.programme_admin)
    response = client.post(parties_url(personas), party_data(party.organisation))
    assert response.status_code == 400
    assert "Arbeidsdepartementet is already a party to the programme" in response.content.decode()
    assert Party.objects.count() == 1


def test_a_party_cannot_end_before_it_starts(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    party = make_party(personas)
    client.force_login(personas.programme_admin)
    url = reverse("programmes:edit_party", args=[personas.programme.code, party.pk])
    data = party_data(party.organisation, valid_from="2020-01-01", valid_to="2019-12-31")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "The last day (2019-12-31) is before the first day (2020-01-01)" in (
        response.content.decode()
    )
    party.refresh_from_db()
    assert party.valid_to is None


def test_an_unknown_role_is_refused(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(parties_url(personas), party_data(make_organisation(), role="king"))
    assert response.status_code == 400
    assert not Party.objects.exists()


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_parties(client, personas, persona):
    party = make_party(personas)
    client.force_login(getattr(personas, persona))
    code = personas.programme.code
    assert client.get(parties_url(personas)).status_code == 403
    assert client.post(parties_url(personas), party_data(make_organisation())).status_code == 403
    edit = reverse("programmes:edit_party", args=[code, party.pk])
    assert client.post(edit, party_data(party.organisation, role="owner")).status_code == 403
    remove = reverse("programmes:edit_party_remove", args=[code, party.pk])
    assert client.post(remove).status_code == 403
    assert list(Party.objects.values_list("role", flat=True)) == ["member"]


def test_anonymous_visitors_are_sent_to_log_in_from_parties(client, personas):
    response = client.post(parties_url(personas), party_data(make_organisation()))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Party.objects.exists()
