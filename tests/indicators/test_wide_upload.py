"""A wide statistics-bank table uploaded on the web with its mapping: checked, then imported;
a shape the mapping does not fit is refused on the upload page, with nothing staged."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omradeloft.indicators.models import ImportBatch, Observation
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

FILES = Path(__file__).parent / "files"


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def upload(client, name, mapping=None):
    data = {"file": SimpleUploadedFile(name, (FILES / name).read_bytes())}
    if mapping is not None:
        data["mapping"] = SimpleUploadedFile("mapping.json", mapping.encode())
    return client.post(reverse("indicators:import"), data)


def mapping_text(name):
    return (FILES / name).read_text("utf-8")


def staged(settings):
    folder = Path(settings.VAR_DIR) / "staged"
    return list(folder.iterdir()) if folder.exists() else []


def test_a_wide_ssb_csv_with_its_mapping_is_checked_then_imported(client, catalogue):
    client.force_login(catalogue.analyst)
    response = upload(client, "ssb_07459_wide.csv", mapping_text("ssb_07459_wide.mapping.json"))
    assert response.status_code == 302, response.content.decode()
    preview = response["Location"]
    html = client.get(preview).content.decode()
    assert "Check of ssb_07459_wide.csv" in html
    assert [c.split(">")[-1] for c in html.split("</td>")[:4]] == ["6", "6", "0", "0"]
    assert not Observation.objects.exists()
    assert client.post(preview).status_code == 302
    assert ImportBatch.objects.get().created_count == 6
    assert Observation.objects.get(area__code="099902", period="2024").value == 2040.0


def test_an_old_xls_workbook_in_long_format_is_accepted_on_the_web(client, catalogue):
    client.force_login(catalogue.programme_admin)
    response = upload(client, "long_format.xls")
    assert response.status_code == 302, response.content.decode()
    assert client.post(response["Location"]).status_code == 302
    assert ImportBatch.objects.get().file_format == "xls"


def test_a_wide_file_without_its_mapping_is_refused_with_a_pointer_to_one(
    client, catalogue, settings
):
    client.force_login(catalogue.analyst)
    response = upload(client, "ssb_07459_wide.csv")
    assert response.status_code == 400
    html = response.content.decode()
    assert "wide statistics-bank table" in html
    assert "mapping file" in html
    assert staged(settings) == []


def test_a_mapping_that_does_not_fit_the_table_is_refused_showing_the_header(
    client, catalogue, settings
):
    client.force_login(catalogue.analyst)
    mapping = mapping_text("ssb_07459_wide.mapping.json").replace('"Region"', '"bydel"')
    response = upload(client, "ssb_07459_wide.csv", mapping)
    assert response.status_code == 400
    html = response.content.decode()
    assert "no column &#x27;bydel&#x27; in the header row (row 3)" in html
    assert "&quot;statistikkvariabel&quot;, &quot;2022&quot;" in html
    assert staged(settings) == []
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", ["resident", "outsider", "state_coordinator"])
def test_who_may_not_import_cannot_upload_a_wide_table(client, catalogue, persona):
    client.force_login(getattr(catalogue, persona))
    response = upload(client, "ssb_07459_wide.csv", mapping_text("ssb_07459_wide.mapping.json"))
    assert response.status_code == 403
    assert not Observation.objects.exists()
