"""Parent values are derived from children's summed numerators and denominators."""

import pandas as pd
import pytest

from omradeloft.indicators.engine.aggregation import Hierarchy, derive_parents
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator, write_csv

# 1 <- 10 <- (100, 101);  1 <- 11 <- (110)
HIERARCHY = Hierarchy(
    parent=pd.Series({10: 1, 11: 1, 100: 10, 101: 10, 110: 11}),
    depth=pd.Series({1: 0, 10: 1, 11: 1, 100: 2, 101: 2, 110: 2}),
)


def observed(rows):
    frame = pd.DataFrame(
        rows, columns=["area_id", "period", "numerator", "denominator", "value", "is_provisional"]
    )
    for column in ("numerator", "denominator", "value"):
        frame[column] = frame[column].astype("float64")
    return frame


def by_area(frame):
    return {row.area_id: (row.numerator, row.denominator, row.value) for row in frame.itertuples()}


def test_rates_are_sums_of_numerators_over_sums_of_denominators_not_averages():
    frame = observed(
        [
            (100, "2024", 1, 10, 10.0, False),
            (101, "2024", 90, 100, 90.0, False),
            (110, "2024", 5, 50, 10.0, False),
        ]
    )
    derived = by_area(derive_parents(frame, HIERARCHY, method="ratio", scale=100))
    assert derived[10] == (91, 110, pytest.approx(91 / 110 * 100))  # not (10 + 90) / 2 = 50
    assert derived[11] == (5, 50, 10.0)
    assert derived[1] == (96, 160, pytest.approx(60.0))


def test_a_parent_with_a_missing_child_is_not_derived():
    frame = observed([(100, "2024", 1, 10, 10.0, False), (110, "2024", 5, 50, 10.0, False)])
    derived = by_area(derive_parents(frame, HIERARCHY, method="ratio", scale=100))
    assert set(derived) == {11}


def test_an_observed_parent_value_wins_over_a_derived_one_and_feeds_the_level_above():
    frame = observed(
        [
            (100, "2024", 1, 10, 10.0, False),
            (101, "2024", 9, 10, 90.0, False),
            (10, "2024", 12, 20, 60.0, False),  # the source's own figure
            (110, "2024", 8, 20, 40.0, False),
        ]
    )
    derived = by_area(derive_parents(frame, HIERARCHY, method="ratio", scale=100))
    assert 10 not in derived
    assert derived[1] == (20, 40, 50.0)


def test_counts_are_summed_and_periods_kept_apart():
    frame = observed(
        [
            (100, "2023", None, None, 5, False),
            (101, "2023", None, None, 7, True),
            (100, "2024", None, None, 1, False),
        ]
    )
    result = derive_parents(frame, HIERARCHY, method="sum", scale=1)
    assert result[["area_id", "period", "value", "is_provisional"]].to_numpy().tolist() == [
        [10, "2023", 12.0, True]
    ]


@pytest.mark.django_db
def test_district_value_equals_its_subdistricts_summed_counts(personas, tmp_path):
    make_indicator("not_employed")
    path = write_csv(
        tmp_path / "a.csv",
        [
            "not_employed,0999010101,2024,25,250,1000",
            "not_employed,0999020201,2024,10,30,300",
        ],
    )
    chunks, info = open_observation_file(path)
    import_observations(chunks, info, actor=None)
    derived = {
        o.area.code: (o.numerator, o.denominator, o.value, o.is_derived)
        for o in Observation.objects.filter(is_derived=True).select_related("area")
    }
    assert derived == {
        "099901": (250.0, 1000.0, 25.0, True),
        "099902": (30.0, 300.0, 10.0, True),
        "0999": (280.0, 1300.0, pytest.approx(280 / 1300 * 100), True),
    }
