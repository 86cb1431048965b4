"""Guessing passwords is throttled per account and per address: after the limit even the
right password is refused until the cool-off has passed, the page says in bokmål when to
try again, and the answer is the same whether or not the account exists."""

import datetime
import re

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.factories import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def attempt(client, username: str, password: str, address: str = "192.0.2.10"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_fifty_wrong_passwords_then_the_right_one_does_not_log_in(client):
    make_user("kari")
    for _ in range(50):
        attempt(client, "kari", "wrong-password")
    response = attempt(client, "kari", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)


def test_the_lockout_page_says_in_bokmal_when_to_try_again(client):
    make_user("kari")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "kari", "wrong-password")
    before = timezone.localtime()
    html = attempt(client, "kari", PASSWORD).content.decode()
    assert "Prøv igjen etter kl." in html
    shown = re.search(r"kl\. (\d\d):(\d\d)", html)
    assert shown
    earliest = before + settings.AXES_COOLOFF_TIME
    minutes = {(earliest + datetime.timedelta(minutes=m)).strftime("%H:%M") for m in (0, 1)}
    assert f"{shown[1]}:{shown[2]}" in minutes


def test_the_limit_leaves_room_for_a_few_typing_errors(client):
    make_user("kari")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "kari", "wrong-password").status_code == 200
    attempt(client, "kari", PASSWORD)
    assert signed_in(client)


def test_an_unknown_account_gets_the_same_answer_as_a_known_one(client):
    make_user("kari")
    answers = {}
    for username in ("kari", "nobody-by-this-name"):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            first = attempt(client, username, "wrong-password", address=f"192.0.2.{len(answers)}")
        answers[username] = (
            first.status_code,
            attempt(client, username, "wrong-password", address=f"192.0.2.{len(answers)}"),
        )
    (known_first, known), (unknown_first, unknown) = answers.values()
    assert known_first == unknown_first
    assert known.status_code == unknown.status_code == 429
    assert page_of(known, "kari") == page_of(unknown, "nobody-by-this-name")


def page_of(response, username: str) -> str:
    """The page without what differs by request anyway: the username, the CSRF token and
    the time to try again (the two requests may fall in different minutes)."""
    html = response.content.decode().replace(username, "X")
    html = re.sub(r"kl\. \d\d:\d\d", "kl. HH:MM", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_one_address_trying_many_accounts_is_throttled(client):
    make_user("kari")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, f"guess{n}", "wrong-password", address="198.51.100.7")
    assert attempt(client, "kari", PASSWORD, address="198.51.100.7").status_code == 429
    assert not signed_in(client)
    attempt(client, "kari", PASSWORD, address="198.51.100.8")
    assert signed_in(client)


def test_one_account_guessed_from_many_addresses_is_throttled(client):
    make_user("kari")
    for n in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "kari", "wrong-password", address=f"203.0.113.{n}")
    assert attempt(client, "kari", PASSWORD, address="203.0.113.200").status_code == 429
    assert not signed_in(client)


def test_after_the_cool_off_the_right_password_logs_in(client):
    from axes.models import AccessAttempt

    make_user("kari")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, "kari", "wrong-password")
    past = timezone.now() - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    AccessAttempt.objects.update(attempt_time=past)
    attempt(client, "kari", PASSWORD)
    assert signed_in(client)
