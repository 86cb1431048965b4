"""The early-warning page passes disclosure control: a Theil–Sen slope printed from a series
with suppressed points could give them back, so the public's trends use published values
only; an analyst's include them, marked."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Observation, Suppression
from tests.indicators.factories import make_indicator, write_csv
from tests.targeting.factories import write_spec

pytestmark = pytest.mark.django_db

# Nordhagen's mortality is flat at about 11 % until 2019, then counts of 1 to 3 among 3 or
# 4 people: suppressed, and only those make its trend steeper than the city's.
NORDHAGEN = ["10/100", "11/100", "10/100", "12/100", "1/4", "2/4", "2/3", "3/4", "3/3"]
SORHAGEN = [
    "20/100",
    "21/100",
    "20/100",
    "22/100",
    "21/100",
    "22/100",
    "21/100",
    "20/100",
    "22/100",
]
YEARS = [str(year) for year in range(2016, 2025)]
SPEC = {
    "code": "mortality",
    "name": "Dødelighetsindeks",
    "level": "subdistrict",
    "method": "zscore",
    "components": [{"indicator": "mortality", "weight": 1.0}],
}


@pytest.fixture
def sliding(personas, tmp_path):
    make_indicator("mortality", name="Dødelighet")
    rows = []
    for area, series in (("0999010101", NORDHAGEN), ("0999020201", SORHAGEN)):
        for year, counts in zip(YEARS, series, strict=True):
            numerator, denominator = counts.split("/")
            rows.append(f"mortality,{area},{year},,{numerator},{denominator}")
    chunks, info = open_observation_file(write_csv(tmp_path / "m.csv", rows))
    import_observations(chunks, info, actor=None)
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "mortality")
    return personas


def flags(client):
    client.cookies["django_language"] = "en"  # the assertions read the English wording
    url = reverse("targeting:warnings", args=["mortality"])
    response = client.get(url, {"k": 1, "window": 8, "places": 50})
    return response, {
        area.code: (reasons, marked) for area, reasons, marked in response.context["flags"]
    }


def test_the_public_early_warning_uses_published_values_only(client, sliding):
    hidden = Observation.objects.filter(area__code="0999010101").exclude(
        suppression=Suppression.PUBLISHED
    )
    assert sorted(hidden.values_list("period", flat=True)) == YEARS[4:]
    response, public = flags(client)
    assert "0999010101" not in public
    client.force_login(sliding.analyst)
    _, analyst = flags(client)
    reasons, marked = analyst["0999010101"]
    assert marked
    assert "mortality rising" in reasons[0]
    # Whatever the analyst's slope says is nowhere on the public page.
    slope = reasons[0].split(" per period")[0].split()[-1]
    assert f"rising {slope}" not in response.content.decode()


def test_the_public_trends_are_those_without_the_suppressed_values(client, sliding):
    _, public = flags(client)
    Observation.objects.exclude(suppression=Suppression.PUBLISHED).delete()
    _, without = flags(client)
    assert public == without


def test_a_partner_sees_the_public_early_warning(client, sliding):
    client.force_login(sliding.partner)
    _, seen = flags(client)
    assert "0999010101" not in seen
