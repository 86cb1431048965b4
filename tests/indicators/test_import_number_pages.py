"""The web import says how numbers were read, takes a decimal mark, and needs implausible
values confirmed before it writes them."""

import pytest
from django.urls import reverse

from omradeloft.indicators.models import Observation
from tests.indicators.test_import_pages import catalogue, csv_file, preview_url, token_of, upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]
__all__ = ["catalogue"]

IMPLAUSIBLE = ["not_employed,0999010101,2024,150,,"]


def test_the_check_says_how_each_number_column_was_read(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(['population,0999010101,2024,"12 345",,'])))
    page = client.get(preview_url(token)).content.decode()
    assert "How the numbers were read" in page
    assert "whole numbers, thousands separated by space" in page


def test_an_ambiguous_column_is_refused_until_the_form_says_the_decimal_mark(client, catalogue):
    client.force_login(catalogue.analyst)
    rows = ['population,0999010101,2024,"287,000",,']
    token = token_of(upload(client, csv_file(rows)))
    refused = client.get(preview_url(token))
    assert refused.status_code == 400
    assert "“287,000”" in refused.content.decode()
    response = upload(client, csv_file(rows), decimal="point")
    assert response.status_code == 302
    assert response["Location"].endswith("?decimal=point")
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert 'name="decimal" value="point"' in page.content.decode()
    client.post(response["Location"].split("?")[0], {"decimal": "point"})
    assert Observation.objects.imported().get().value == 287000


def test_an_unknown_decimal_mark_is_refused_by_the_form(client, catalogue):
    client.force_login(catalogue.analyst)
    response = upload(client, csv_file(IMPLAUSIBLE), decimal="semicolon")
    assert response.status_code == 400
    assert not Observation.objects.exists()


def test_implausible_values_are_listed_with_a_box_to_confirm_them(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(IMPLAUSIBLE)))
    page = client.get(preview_url(token)).content.decode()
    assert "Values to check" in page
    assert "row 2: value: 150 is a percentage outside 0-100" in page
    assert 'name="accept_warnings"' in page


def test_importing_without_ticking_the_box_writes_nothing(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(IMPLAUSIBLE)))
    response = client.post(preview_url(token))
    assert response.status_code == 400
    assert "Tick the box" in response.content.decode()
    assert not Observation.objects.exists()


def test_importing_with_the_box_ticked_writes_the_values(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(IMPLAUSIBLE)))
    response = client.post(preview_url(token), {"accept_warnings": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:batches")
    assert Observation.objects.imported().get().value == 150


def test_a_file_without_warnings_has_no_box_to_tick(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(["not_employed,0999010101,2024,15,,"])))
    page = client.get(preview_url(token)).content.decode()
    assert 'name="accept_warnings"' not in page


def test_someone_else_cannot_confirm_the_warnings_of_an_upload(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(IMPLAUSIBLE)))
    client.force_login(catalogue.programme_admin)
    response = client.post(preview_url(token), {"accept_warnings": "1"})
    assert response.status_code == 404
    client.force_login(catalogue.resident)
    assert client.post(preview_url(token), {"accept_warnings": "1"}).status_code == 403
    assert not Observation.objects.exists()
