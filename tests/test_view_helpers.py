"""The helpers every view shares: the status of a page with a form, a service's refusal
shown on the form, and the one lookup of a programme with a permission check."""

import pytest
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import page_status, posted, render_form_page, show_service_errors
from omradeloft.programmes.access import programme_for


class NameForm(forms.Form):
    name = forms.CharField()


def request_by(user=None, method: str = "get", data: dict | None = None):
    request = getattr(RequestFactory(), method)("/", data or {})
    if user is not None:
        request.user = user
    return request


def test_a_page_with_a_bound_invalid_form_is_400():
    assert page_status(NameForm({"name": ""})) == 400


def test_a_page_with_a_valid_an_unbound_or_no_form_is_200():
    assert page_status(NameForm({"name": "Furuset"}), NameForm(), None) == 200
    assert page_status() == 200


def test_a_page_that_shows_a_refusal_is_400_even_with_valid_forms():
    assert page_status(NameForm({"name": "Furuset"}), refused=True) == 400


def test_a_rendered_form_page_shows_the_reason_of_a_refusal_with_status_400():
    response = render_form_page(
        request_by(), "core/form.html", {"form": NameForm()}, error="Already taken."
    )
    assert response.status_code == 400


def test_a_rendered_form_page_with_an_invalid_form_is_400_and_with_a_valid_one_200():
    bad = render_form_page(request_by(), "core/form.html", {}, forms=[NameForm({"name": ""})])
    good = render_form_page(request_by(), "core/form.html", {}, forms=[NameForm({"name": "x"})])
    assert (bad.status_code, good.status_code) == (400, 200)


def test_posted_data_is_the_post_of_a_post_request_and_none_otherwise():
    assert posted(request_by(method="post", data={"name": "x"}))["name"] == "x"
    assert posted(request_by(data={"name": "x"})) is None


def test_a_service_error_naming_a_field_of_the_form_lands_on_that_field():
    form = NameForm({"name": "x"})
    form.is_valid()
    show_service_errors(form, ValidationError({"name": "Already taken."}))
    assert form.errors["name"] == ["Already taken."]
    assert not form.non_field_errors()


def test_a_service_error_naming_no_field_of_the_form_lands_above_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    show_service_errors(form, ValidationError({"budget": "Too large."}))
    show_service_errors(form, ValidationError("Not now."))
    assert form.non_field_errors() == ["Too large.", "Not now."]
    assert "name" not in form.errors


def test_the_programme_lookup_is_404_for_an_unknown_code(personas):
    with pytest.raises(Http404):
        programme_for(request_by(personas.programme_admin), "no-such-programme")


def test_the_programme_lookup_refuses_a_user_without_the_permission(personas):
    with pytest.raises(PermissionDenied):
        programme_for(request_by(personas.outsider), personas.programme.code)
    with pytest.raises(PermissionDenied):
        programme_for(request_by(personas.partner), personas.programme.code, Action.EDIT_PROGRAMME)


def test_the_programme_lookup_gives_the_programme_to_a_user_with_the_permission(personas):
    code = personas.programme.code
    admin = request_by(personas.programme_admin)
    assert programme_for(admin, code) == personas.programme
    assert programme_for(admin, code, Action.EDIT_PROGRAMME) == personas.programme


def test_a_public_programme_lookup_needs_no_permission(personas):
    assert programme_for(request_by(personas.outsider), personas.programme.code, action=None)
