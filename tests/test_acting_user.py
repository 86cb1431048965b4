"""Views hand services the signed-in user as the actor; an anonymous visitor is never the system."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from omradeloft.accounts.permissions import Action, acting_user, can, require
from tests.factories import make_programme


def _request(user):
    request = RequestFactory().post("/")
    request.user = user
    return request


def test_acting_user_is_the_signed_in_user(personas):
    assert acting_user(_request(personas.programme_admin)) == personas.programme_admin


def test_acting_user_refuses_an_anonymous_visitor_instead_of_passing_none_on():
    with pytest.raises(PermissionDenied):
        acting_user(_request(AnonymousUser()))


@pytest.mark.django_db
def test_nobody_signed_in_is_decided_like_an_anonymous_visitor():
    programme = make_programme()
    for action in Action:
        assert can(None, action, programme=programme) is can(
            AnonymousUser(), action, programme=programme
        )
        with pytest.raises(PermissionDenied):
            require(None, action, programme=programme)
