"""Logging in and out, the profile page and password change and reset."""

import pytest
from django.core import mail
from django.urls import reverse

from omradeloft.accounts.models import Role
from tests.factories import PASSWORD


@pytest.mark.parametrize("role", list(Role))
def test_each_persona_logs_in_and_sees_their_role(client, personas, role, settings):
    settings.LANGUAGE_CODE = "en"
    response = client.post(
        reverse("login"), {"username": role.value, "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("accounts:profile")
    assert str(role.label) in response.content.decode()


def test_wrong_password_is_refused(client, personas):
    response = client.post(reverse("login"), {"username": "resident", "password": "wrong"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_profile_needs_login(client, db):
    assert client.get(reverse("accounts:profile")).status_code == 302


def test_profile_of_an_outsider_says_they_have_no_roles(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.outsider)
    assert "You have no roles" in client.get(reverse("accounts:profile")).content.decode()


def test_profile_links_to_each_programme_the_user_has_a_role_in(client, personas):
    client.force_login(personas.project_lead)
    html = client.get(reverse("accounts:profile")).content.decode()
    detail = reverse("programmes:detail", args=[personas.programme.code])
    assert f'<a href="{detail}">{personas.programme.name}</a>' in html


def test_logout_needs_a_post_and_ends_the_session(client, personas):
    client.force_login(personas.resident)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(client, personas):
    client.force_login(personas.resident)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-much-longer-pass-2026",
            "new_password2": "a-much-longer-pass-2026",
        },
    )
    assert response.status_code == 302
    personas.resident.refresh_from_db()
    assert personas.resident.check_password("a-much-longer-pass-2026")


def test_password_reset_sends_a_link_by_email(client, personas):
    personas.resident.email = "resident@example.invalid"
    personas.resident.save()
    response = client.post(reverse("password_reset"), {"email": "resident@example.invalid"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/reset/" in mail.outbox[0].body


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/accounts/password_reset/", "/programmes/", "/areas/"]
)
def test_public_pages_answer(client, db, url):
    assert client.get(url).status_code == 200


def test_bokmal_is_the_default_whatever_the_browser_asks_for(client, db):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert '<html lang="nb">' in response.content.decode()
    assert response["Content-Language"] == "nb"


def test_the_language_switch_chooses_english_until_switched_back(client, db):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/").content.decode()
    client.post("/i18n/setlang/", {"language": "nb", "next": "/"})
    assert '<html lang="nb">' in client.get("/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_bokmal(client, db):
    client.cookies["django_language"] = "xx"
    assert '<html lang="nb">' in client.get("/").content.decode()
