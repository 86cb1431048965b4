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


def test_a_child_retired_by_a_boundary_change_is_not_missing_from_the_years_after():
    # 10 <- 100 (until 2017), 101 and 102 (from 2018), 103 (always)
    t = pd.Timestamp
    hierarchy = Hierarchy(
        parent=pd.Series({100: 10, 101: 10, 102: 10, 103: 10}),
        depth=pd.Series({10: 0, 100: 1, 101: 1, 102: 1, 103: 1}),
        valid_from=pd.Series(
            {10: pd.NaT, 100: pd.NaT, 101: t("2018-01-01"), 102: t("2018-01-01"), 103: pd.NaT}
        ),
        valid_to=pd.Series(
            {10: pd.NaT, 100: t("2017-12-31"), 101: pd.NaT, 102: pd.NaT, 103: pd.NaT}
        ),
    )
    frame = observed(
        [
            (100, "2017", None, None, 1000, False),
            (103, "2017", None, None, 500, False),
            (101, "2019", None, None, 640, False),
            (102, "2019", None, None, 420, False),
            (103, "2019", None, None, 510, False),
            (101, "2020", None, None, 650, False),
            (103, "2020", None, None, 520, False),
        ]
    )
    result = derive_parents(frame, hierarchy, method="sum", scale=1)
    assert sorted(result[["period", "value"]].itertuples(index=False, name=None)) == [
        ("2017", 1500.0),
        ("2019", 1570.0),
    ]  # 2020 lacks 102, which was in use: not derived


@pytest.mark.django_db
def test_a_district_total_is_derived_on_both_sides_of_a_subdistrict_split():
    from tests.boundaries import FILES, make_changed_areas

    make_changed_areas()
    make_indicator("residents", unit="count")
    make_indicator("low_income")
    chunks, info = open_observation_file(FILES / "observations_across_changes.csv")
    import_observations(chunks, info, actor=None)
    district = {
        (o.indicator.code, o.period): o.value
        for o in Observation.objects.filter(area__code="0316", is_derived=True).select_related(
            "indicator"
        )
    }
    assert district == {
        ("residents", "2017"): 1500.0,
        ("residents", "2019"): 1570.0,
        ("low_income", "2017"): pytest.approx(250 / 1500 * 100),
        ("low_income", "2019"): pytest.approx(253 / 1570 * 100),
    }
