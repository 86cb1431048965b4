"""The upload page's "a missing row means zero" checkbox: preview, import and refusal."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omradeloft.indicators.models import Observation
from tests.factories import make_area
from tests.indicators.factories import make_indicator
from tests.indicators.test_import_pages import preview_url, token_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

SPARSE = Path(__file__).parent / "files" / "sparse_counts.csv"


@pytest.fixture
def burglaries(personas):
    make_area("0999010102", "subdistrict", name="Nordåsen", parent=personas.d1)
    make_indicator("burglaries", unit="count", polarity="higher_is_worse")
    return personas


def sparse_upload(client, content=None, **extra):
    data = content if content is not None else SPARSE.read_bytes()
    file = SimpleUploadedFile("burglaries.csv", data, "text/csv")
    return client.post(reverse("indicators:import"), {"file": file, **extra})


def test_the_preview_says_how_many_zeros_are_filled_and_the_import_stores_them(client, burglaries):
    client.force_login(burglaries.analyst)
    token = token_of(sparse_upload(client, missing_is_zero="on"))
    page = client.get(preview_url(token))
    assert page.status_code == 200
    assert "3 zeros are filled in for areas without a row" in page.content.decode()
    assert not Observation.objects.exists()
    assert client.post(preview_url(token)).status_code == 302
    zeros = Observation.objects.filter(is_derived=False, value=0)
    assert zeros.count() == 3


def test_without_the_checkbox_no_zeros_are_filled(client, burglaries):
    client.force_login(burglaries.analyst)
    token = token_of(sparse_upload(client))
    page = client.get(preview_url(token)).content.decode()
    assert "zeros are filled in" not in page
    client.post(preview_url(token))
    assert not Observation.objects.filter(value=0).exists()


def test_zeros_for_a_rate_are_refused_on_the_page_and_nothing_is_written(client, burglaries):
    make_indicator("not_employed")
    client.force_login(burglaries.analyst)
    content = b"indicator,area,period,value\nnot_employed,0999010101,2023,12.5\n"
    token = token_of(sparse_upload(client, content, missing_is_zero="on"))
    page = client.get(preview_url(token))
    assert page.status_code == 400
    assert "only mean zero for counts, and not for not_employed" in page.content.decode()
    assert client.post(preview_url(token)).status_code == 400
    assert not Observation.objects.exists()


def test_people_who_may_not_import_cannot_ask_for_zeros(client, burglaries):
    client.force_login(burglaries.resident)
    response = sparse_upload(client, missing_is_zero="on")
    assert response.status_code == 403
    assert not Observation.objects.exists()
