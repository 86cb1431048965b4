"""Derived values of an indicator and period whose import left rows for codes outside the
area register out say so wherever they are shown, and never more than disclosure control
allows."""

import csv
import io
from pathlib import Path

import pytest
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import ImportBatch, Observation, Suppression
from tests.factories import make_area
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "files" / "oslo_bydel_uten_adresse.json"
BYDEL = {"dimension": "Bydel"}
COUNTS = {
    "area": BYDEL | {"skip": ["030199"]},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
    "filter": {"ContentsCode": "Personer"},
}
PLACED = COUNTS | {"area": BYDEL | {"outside_register": {"030199": "0301"}}}
NOTE = "rows for codes outside the area register (030199) were left out"


@pytest.fixture
def oslo(personas, settings):
    settings.LANGUAGE_CODE = "en"
    make_indicator("population", unit="count", polarity="higher_is_better")
    oslo = make_area("0301", "municipality", name="Oslo")
    make_area("030101", "district", name="Gamle Oslo", parent=oslo)
    make_area("030102", "district", name="Grünerløkka", parent=oslo)
    return personas


def run(mapping: dict) -> None:
    chunks, info = open_observation_file(FILE, mapping=mapping)
    import_observations(chunks, info, actor=None)


def detail(client, **params):
    return client.get(
        reverse("indicators:detail", args=["population"]),
        {"period": "2024", **params},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def cells(response) -> dict:
    return {c.observation.area.code: c for c in response.context["cells"]}


def test_the_indicator_page_marks_a_derived_total_that_lacks_skipped_rows(client, oslo):
    run(COUNTS)
    response = detail(client, level="municipality", area="0301")
    assert NOTE in cells(response)["0301"].note
    assert NOTE in response.content.decode()
    districts = cells(detail(client, level="district"))
    assert all(not cell.note for cell in districts.values())


def test_a_total_completed_by_rows_placed_under_it_has_no_note(client, oslo):
    run(PLACED)
    response = detail(client, level="municipality")
    assert cells(response)["0301"].note == ""
    assert NOTE not in response.content.decode()


def test_the_chart_hover_carries_the_note(client, oslo):
    run(COUNTS)
    figure = detail(client, level="municipality", area="0301").context["series_figure"]
    (trace,) = figure["data"]
    assert all(NOTE in text for text in trace["text"])


def test_the_csv_download_has_the_note(client, oslo):
    run(COUNTS)
    url = reverse("indicators:download", args=["population", "csv"])
    response = client.get(url, {"level": "municipality", "period": "2024"})
    (row,) = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert NOTE in row["note"]


def test_the_area_profile_notes_its_own_and_its_parents_derived_value(client, oslo):
    run(COUNTS)
    own = client.get(reverse("indicators:area_profile", args=["0301"]), HTTP_ACCEPT_LANGUAGE="en")
    assert NOTE in own.content.decode()
    (row,) = own.context["rows"]
    assert NOTE in row.cell.note
    district = client.get(reverse("indicators:area_profile", args=["030101"]))
    (row,) = district.context["rows"]
    assert row.cell.note == ""
    assert NOTE in row.parent.note
    url = reverse("indicators:area_profile_download", args=["030101", "csv"])
    (line,) = csv.DictReader(io.StringIO(client.get(url).content.decode("utf-8-sig")))
    assert (line["note"], NOTE in line["parent_note"]) == ("", True)


def test_a_suppressed_total_gets_no_note_and_its_value_stays_hidden(client, oslo):
    run(COUNTS)
    total = Observation.objects.get(area__code="0301", period="2024")
    Observation.objects.filter(area__code="0301").update(suppression=Suppression.PRIMARY)
    response = detail(client, level="municipality")
    cell = cells(response)["0301"]
    assert (cell.hidden, cell.note, cell.value) == (True, "", None)
    html = response.content.decode()
    assert NOTE not in html
    assert f"{total.value:.0f}" not in html
    url = reverse("indicators:download", args=["population", "csv"])
    (row,) = csv.DictReader(
        io.StringIO(
            client.get(url, {"level": "municipality", "period": "2024"}).content.decode("utf-8-sig")
        )
    )
    assert (row["value"], row["note"]) == ("", "")
    client.force_login(oslo.superuser)
    cell = cells(detail(client, level="municipality"))["0301"]
    assert cell.value == total.value
    assert NOTE in cell.note


def test_a_rolled_back_import_leaves_no_note(client, oslo):
    run(COUNTS)
    rollback_batch(ImportBatch.objects.get(), actor=None)
    run(PLACED)
    assert cells(detail(client, level="municipality"))["0301"].note == ""
