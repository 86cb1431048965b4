"""People and roles: programme members see the team; only programme admins change it."""

import pytest
from django.urls import reverse

from omradeloft.accounts.models import Role, RoleAssignment


def team_url(personas):
    return reverse("programmes:team", args=[personas.programme.code])


@pytest.mark.parametrize("role", [r for r in Role if r != Role.RESIDENT])
def test_programme_members_see_the_team(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.get(team_url(personas))
    assert response.status_code == 200
    assert "district_coordinator" in response.content.decode()


@pytest.mark.parametrize("persona", ["resident", "outsider"])
def test_residents_and_outsiders_are_refused_the_team(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(team_url(personas)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in(client, personas):
    assert client.get(team_url(personas)).status_code == 302


def test_only_the_programme_admin_sees_the_form(client, personas):
    client.force_login(personas.state_coordinator)
    assert '<form method="post" class="stack' not in client.get(team_url(personas)).content.decode()
    client.force_login(personas.programme_admin)
    assert '<form method="post" class="stack' in client.get(team_url(personas)).content.decode()


def test_programme_admin_gives_an_area_limited_role(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(
        team_url(personas),
        {"user": personas.outsider.pk, "role": Role.DISTRICT_COORDINATOR, "area_codes": "099902"},
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=personas.outsider)
    assert [a.code for a in assignment.areas.all()] == ["099902"]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.PROGRAMME_ADMIN])
def test_others_cannot_give_roles(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.post(team_url(personas), {"user": personas.outsider.pk, "role": Role.PARTNER})
    assert response.status_code == 403
    assert not RoleAssignment.objects.filter(user=personas.outsider).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "king"}, "king"),
        ({"area_codes": "099901, nowhere"}, "nowhere"),
        ({"valid_from": "2026-02-01", "valid_to": "2026-01-01"}, "2026"),
        ({"role": Role.ANALYST}, "analyst"),
    ],
)
def test_bad_role_input_is_refused_with_a_message_and_changes_nothing(
    client, personas, data, message, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    count = RoleAssignment.objects.count()
    user = personas.analyst if data.get("role") == Role.ANALYST else personas.outsider
    response = client.post(team_url(personas), {"user": user.pk, "role": Role.PARTNER} | data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert RoleAssignment.objects.count() == count


def test_programme_admin_removes_a_role(client, personas):
    client.force_login(personas.programme_admin)
    assignment = personas.partner.role_assignments.get()
    response = client.post(
        reverse("programmes:revoke", args=[personas.programme.code, assignment.pk])
    )
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_others_cannot_remove_roles(client, personas):
    client.force_login(personas.state_coordinator)
    assignment = personas.partner.role_assignments.get()
    response = client.post(
        reverse("programmes:revoke", args=[personas.programme.code, assignment.pk])
    )
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_removing_needs_a_post(client, personas):
    client.force_login(personas.programme_admin)
    assignment = personas.partner.role_assignments.get()
    url = reverse("programmes:revoke", args=[personas.programme.code, assignment.pk])
    assert client.get(url).status_code == 405


def test_team_page_has_a_query_ceiling(client, personas, django_assert_max_num_queries):
    client.force_login(personas.programme_admin)
    with django_assert_max_num_queries(12):
        client.get(team_url(personas))


def test_programme_pages_are_public(client, personas):
    assert client.get(reverse("programmes:list")).status_code == 200
    response = client.get(reverse("programmes:detail", args=[personas.programme.code]))
    assert response.status_code == 200
    assert "Testprogrammet" in response.content.decode()
    assert client.get(reverse("programmes:detail", args=["nope"])).status_code == 404
