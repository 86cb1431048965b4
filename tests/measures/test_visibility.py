"""Who sees which measure: unpublished measures are hidden (404) from everyone but the
programme's staff and the organisations and people involved; published ones are public."""

import pytest
from django.urls import reverse

from omradeloft.accounts.models import Role
from tests.factories import make_organisation, make_programme
from tests.programmes.factories import make_measure


def detail(measure) -> str:
    return reverse("measures:detail", args=[measure.programme.code, measure.code])


@pytest.fixture
def partner_organisation(personas):
    organisation = make_organisation(name="Frivilligsentralen")
    personas.partner.organisation = organisation
    personas.partner.save()
    return organisation


@pytest.mark.parametrize(
    "role",
    [
        Role.PROGRAMME_ADMIN,
        Role.STATE_COORDINATOR,
        Role.MUNICIPAL_COORDINATOR,
        Role.DISTRICT_COORDINATOR,
        Role.EVALUATOR,
        Role.ANALYST,
    ],
)
def test_programme_staff_read_unpublished_measures(client, programme, personas, role):
    measure = make_measure(programme, areas=[personas.d2], title="Skjult tiltak")
    client.force_login(personas.by_role(role))
    response = client.get(detail(measure))
    assert response.status_code == 200
    assert "Skjult tiltak" in response.content.decode()


@pytest.mark.parametrize("how", ["owner", "partner"])
def test_partner_reads_an_unpublished_measure_their_organisation_takes_part_in(
    client, programme, personas, partner_organisation, how
):
    if how == "owner":
        measure = make_measure(programme, areas=[personas.d1], owner=partner_organisation)
    else:
        measure = make_measure(programme, areas=[personas.d1], partners=[partner_organisation])
    client.force_login(personas.partner)
    assert client.get(detail(measure)).status_code == 200


def test_partner_gets_404_for_an_unpublished_measure_of_others(
    client, programme, personas, partner_organisation
):
    measure = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.partner)
    assert client.get(detail(measure)).status_code == 404


def test_project_lead_reads_the_unpublished_measure_they_lead_only(client, programme, personas):
    led = make_measure(programme, areas=[personas.d1], lead=personas.project_lead)
    other = make_measure(programme, areas=[personas.d1])
    client.force_login(personas.project_lead)
    assert client.get(detail(led)).status_code == 200
    assert client.get(detail(other)).status_code == 404


@pytest.mark.parametrize("persona", ["resident", "outsider", None])
def test_residents_outsiders_and_visitors_see_published_measures_only(
    client, programme, personas, persona
):
    published = make_measure(programme, areas=[personas.d1], is_published=True)
    hidden = make_measure(programme, areas=[personas.d1])
    if persona:
        client.force_login(getattr(personas, persona))
    assert client.get(detail(published)).status_code == 200
    assert client.get(detail(hidden)).status_code == 404
    listing = client.get(reverse("measures:list", args=[programme.code])).content.decode()
    assert published.title in listing
    assert hidden.title not in listing


def test_an_unknown_measure_or_programme_is_404(client, programme, personas):
    client.force_login(personas.programme_admin)
    assert client.get(reverse("measures:detail", args=[programme.code, "nope"])).status_code == 404
    assert client.get(reverse("measures:list", args=["nope"])).status_code == 404


def test_a_measure_is_found_only_under_its_own_programme(client, programme, personas):
    other = make_programme()
    measure = make_measure(other, areas=[personas.d1], is_published=True)
    url = reverse("measures:detail", args=[programme.code, measure.code])
    assert client.get(url).status_code == 404
