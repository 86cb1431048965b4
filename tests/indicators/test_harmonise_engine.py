"""Series on changing areas expressed in one area version (framework-free engine)."""

import pandas as pd
import pytest

from omradeloft.indicators.engine.harmonise import harmonise, weights_to_targets

T = pd.Timestamp
# 1 split into 2 (0.6) and 3 (0.4) on 2018-01-01; 4 and 5 merged into 6 on 2020-01-01.
AREAS = pd.DataFrame(
    {
        "code": ["old", "west", "east", "a", "b", "ab"],
        "valid_from": [pd.NaT, T("2018-01-01"), T("2018-01-01"), pd.NaT, pd.NaT, T("2020-01-01")],
        "valid_to": [T("2017-12-31"), pd.NaT, pd.NaT, T("2019-12-31"), T("2019-12-31"), pd.NaT],
    },
    index=[1, 2, 3, 4, 5, 6],
)
CHANGES = pd.DataFrame(
    {"old_id": [1, 1, 4, 5], "new_id": [2, 3, 6, 6], "share": [0.6, 0.4, 1.0, 1.0]}
)
NOW = T("2024-01-01")


def observed(rows):
    frame = pd.DataFrame(rows, columns=["area_id", "period", "numerator", "denominator", "value"])
    frame["period_start"] = pd.to_datetime(frame["period"] + "-01-01")
    frame["period_end"] = pd.to_datetime(frame["period"] + "-12-31")
    return frame.astype({"numerator": "float64", "denominator": "float64", "value": "float64"})


def table(result):
    return {
        (row.area_id, row.period): (row.value, row.harmonised) for row in result.values.itertuples()
    }


def test_counts_of_a_split_area_are_divided_by_share_and_merged_areas_summed():
    weights = weights_to_targets(AREAS, CHANGES, NOW, {2, 3, 6})
    series = observed(
        [
            (1, "2017", None, None, 1000),
            (2, "2019", None, None, 640),
            (3, "2019", None, None, 420),
            (4, "2019", None, None, 6600),
            (5, "2019", None, None, 10600),
            (6, "2021", None, None, 17500),
        ]
    )
    result = harmonise(series, weights, AREAS, method="sum", scale=1)
    assert table(result) == {
        (2, "2017"): (600.0, True),
        (3, "2017"): (400.0, True),
        (2, "2019"): (640.0, False),
        (3, "2019"): (420.0, False),
        (6, "2019"): (17200.0, True),
        (6, "2021"): (17500.0, False),
    }
    assert result.problems == []


def test_rates_are_recomputed_from_harmonised_counts_never_averaged():
    weights = weights_to_targets(AREAS, CHANGES, NOW, {6})
    series = observed([(4, "2019", 10, 100, 10.0), (5, "2019", 90, 300, 30.0)])
    result = harmonise(series, weights, AREAS, method="ratio", scale=100)
    assert table(result) == {(6, "2019"): (pytest.approx(25.0), True)}  # not (10 + 30) / 2


def test_a_rate_without_counts_is_not_split_and_the_reason_is_given():
    weights = weights_to_targets(AREAS, CHANGES, NOW, {2, 3})
    series = observed([(1, "2017", None, None, 12.5), (2, "2019", None, None, 11.0)])
    result = harmonise(series, weights, AREAS, method="ratio", scale=100)
    assert table(result) == {(2, "2019"): (11.0, False)}
    assert result.problems == [
        "west 2017: a rate without numerator and denominator cannot be split or combined "
        "across a boundary change",
        "east 2017: a rate without numerator and denominator cannot be split or combined "
        "across a boundary change",
    ]


def test_a_merged_value_needs_every_area_that_fed_it():
    weights = weights_to_targets(AREAS, CHANGES, NOW, {6})
    result = harmonise(
        observed([(4, "2019", None, None, 6600)]), weights, AREAS, method="sum", scale=1
    )
    assert table(result) == {}
    assert result.problems == ["ab 2019: no value from b, which fed it then"]


def test_going_back_in_time_a_split_area_counts_whole_in_the_area_it_came_from():
    weights = weights_to_targets(AREAS, CHANGES, T("2017-06-30"), {1, 4, 5})
    series = observed([(2, "2019", None, None, 640), (3, "2019", None, None, 420)])
    result = harmonise(series, weights, AREAS, method="sum", scale=1)
    assert table(result) == {(1, "2019"): (1060.0, True)}
    # 6 came from two areas: nothing says how to divide it back.
    assert set(weights["source_id"]) == {1, 2, 3, 4, 5}
