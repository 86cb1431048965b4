"""On every map the worse areas are the darker, whichever way "worse" runs."""

import pytest
from django.urls import reverse

from omradeloft.areas.maps import choropleth
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Polarity
from tests.factories import make_area, square
from tests.indicators.factories import make_indicator, write_csv
from tests.maps import darkest, palest

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_areas(personas):
    return [
        personas.s11,
        personas.s21,
        make_area(
            "0999010102", "subdistrict", name="Nordlia", parent=personas.d1, boundary=square(11)
        ),
    ]


@pytest.mark.parametrize("higher_is_worse", [True, False])
def test_the_worst_area_is_the_darkest_for_either_direction(three_areas, higher_is_worse):
    values = {"0999010101": 10.0, "0999020201": 50.0, "0999010102": 30.0}
    figure = choropleth(three_areas, values, "%", higher_is_worse=higher_is_worse)
    worst, best = ("0999020201", "0999010101") if higher_is_worse else ("0999010101", "0999020201")
    assert darkest(figure) == worst
    assert palest(figure) == best


def test_a_selection_drawn_as_one_and_zero_shows_the_chosen_areas_dark(three_areas):
    figure = choropleth(three_areas, {"0999010101": 1, "0999020201": 0, "0999010102": 0}, "")
    assert darkest(figure) == "0999010101"


@pytest.mark.parametrize("polarity", list(Polarity))
def test_the_indicator_map_draws_the_worst_area_darkest(client, personas, tmp_path, polarity):
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1, boundary=square(11))
    make_indicator("employed", name="Sysselsatt", polarity=polarity)
    rows = [
        "employed,0999010101,2024,,60,100",
        "employed,0999010102,2024,,75,100",
        "employed,0999020201,2024,,90,100",
    ]
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", rows))
    import_observations(chunks, info, actor=None)
    response = client.get(
        reverse("indicators:detail", args=["employed"]), {"level": "subdistrict", "period": "2024"}
    )
    figure = response.context["figure"]
    highest, lowest = "0999020201", "0999010101"
    if polarity == Polarity.HIGHER_IS_WORSE:
        assert (darkest(figure), palest(figure)) == (highest, lowest)
    else:
        assert (darkest(figure), palest(figure)) == (lowest, highest)
