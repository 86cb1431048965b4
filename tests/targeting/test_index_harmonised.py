"""An index with `harmonise_to` reads its inputs on one area version across a change."""

import pytest

from omradeloft.indicators.models import Observation, Suppression
from omradeloft.targeting.models import IndexScore
from omradeloft.targeting.services import (
    IndexSpecRefusedError,
    compute,
    define_index,
    spec_of,
)
from tests.boundaries import import_series

pytestmark = pytest.mark.django_db

SPEC = {
    "code": "low_income_index",
    "name": "Lavinntekt",
    "level": "subdistrict",
    "method": "zscore",
    "components": [{"indicator": "low_income", "weight": 1}],
}


@pytest.fixture
def series_across_a_split():
    import_series()


def scored(period):
    return sorted(IndexScore.objects.filter(period=period).values_list("area__code", flat=True))


def test_without_harmonising_the_years_before_a_split_are_scored_on_the_old_areas(
    series_across_a_split,
):
    compute(define_index(SPEC, actor=None), actor=None)
    assert scored("2017") == ["030116", "030117"]


def test_with_harmonise_to_every_year_is_scored_on_the_areas_in_use_that_day(
    series_across_a_split,
):
    definition = define_index({**SPEC, "harmonise_to": "2019-01-01"}, actor=None)
    run = compute(definition, actor=None)
    assert scored("2017") == ["030116A", "030116B", "030117"]
    assert scored("2019") == ["030116A", "030116B", "030117"]
    assert run.harmonised_to.isoformat() == "2019-01-01"
    assert run.harmonised_values == 2  # 030116A and 030116B in 2017
    assert spec_of(definition)["harmonise_to"] == "2019-01-01"


def test_a_harmonised_value_resting_on_a_suppressed_one_stays_suppressed(
    series_across_a_split,
):
    Observation.objects.filter(area__code="030116", indicator__code="low_income").update(
        suppression=Suppression.PRIMARY
    )
    compute(define_index({**SPEC, "harmonise_to": "2019-01-01"}, actor=None), actor=None)
    score = IndexScore.objects.get(area__code="030116A", period="2017")
    assert score.suppressed_components == ["low_income"]


def test_a_harmonise_to_that_is_not_a_date_is_refused():
    with pytest.raises(IndexSpecRefusedError) as refused:
        define_index({**SPEC, "harmonise_to": "2019"}, actor=None)
    assert any("harmonise_to: '2019' is not a date" in e for e in refused.value.errors)


def test_the_index_page_says_its_inputs_were_harmonised(series_across_a_split, client):
    definition = define_index({**SPEC, "harmonise_to": "2019-01-01"}, actor=None)
    compute(definition, actor=None)
    text = client.get("/targeting/low_income_index/").content.decode()
    assert "harmonisert til områdene som var i bruk 2019-01-01" in text
    assert "2 harmoniserte verdier" in text
