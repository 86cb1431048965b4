"""Early-warning engine: Theil–Sen slopes and Sen's interval by hand, adverse trends against
the city, polarity, k, too few points, rank deterioration and bad parameters.

Plain tests without a database: the engine is framework-free.
"""

import numpy as np
import pandas as pd
import pytest

from omradeloft.targeting.engine.warning import (
    TrendResult,
    WarningError,
    rank_flags,
    theil_sen,
    trend_flags,
)

PERIODS = [str(year) for year in range(2019, 2025)]  # six periods, x = 0 .. 5
NOISE = np.array([0.0, 0.3, -0.2, 0.1, -0.3, 0.2])
X = np.arange(6)


def long(area: str, indicator: str, ys) -> list[dict]:
    return [
        {"area": area, "period": p, "indicator": indicator, "value": y}
        for p, y in zip(PERIODS, ys, strict=True)
        if not np.isnan(y)
    ]


def city_frame(series: dict[str, np.ndarray]) -> pd.DataFrame:
    rows = [
        {"period": p, "indicator": ind, "value": y}
        for ind, ys in series.items()
        for p, y in zip(PERIODS, ys, strict=True)
    ]
    return pd.DataFrame(rows)


# City: unemployment creeping up 0.1 a period, employment flat.
CITY = city_frame({"not_employed": 30 + 0.1 * X, "employed": 70 + 0 * X})
POLARITY = {"not_employed": True, "employed": False}


def neighbourhood() -> pd.DataFrame:
    rows = []
    rows += long("worsening", "not_employed", 20 + 2.0 * X + NOISE)
    rows += long("worsening", "employed", 75 - 1.5 * X + NOISE)
    rows += long("stable", "not_employed", 25 + NOISE)
    rows += long("stable", "employed", 72 + NOISE)
    rows += long("follows_city", "not_employed", 28 + 0.1 * X + NOISE)
    rows += long("follows_city", "employed", 70 + NOISE[::-1])
    return pd.DataFrame(rows)


# --- Theil-Sen ----------------------------------------------------------------------------


def test_theil_sen_slope_is_the_median_of_the_pairwise_slopes():
    # y = 1, 3, 2, 6 at x = 0..3. Pairwise slopes (y_j - y_i) / (j - i):
    #   (0,1) 2   (0,2) 0.5   (0,3) 5/3   (1,2) -1   (1,3) 1.5   (2,3) 4
    # sorted: -1, 0.5, 1.5, 5/3, 2, 4 -> median (1.5 + 5/3) / 2 = 19/12
    slope, _, _, points = theil_sen(np.array([[1.0, 3.0, 2.0, 6.0]]))
    assert slope[0] == pytest.approx(19 / 12)
    assert points[0] == 4


def test_theil_sen_slope_shrugs_off_one_outlier():
    # y = x except y_5 = 100: the 10 pairs without x = 5 all have slope 1, the 5 with it
    # 20, 24.75, 32.7, 48.5, 96; the median (8th of 15) is 1. Least squares would give ~15.
    slope, _, _, _ = theil_sen(np.array([[0.0, 1, 2, 3, 4, 100]]))
    assert slope[0] == pytest.approx(1.0)


def test_theil_sen_skips_missing_points_but_keeps_their_x():
    # points at x = 0, 2, 3: slopes (3-1)/2 = 1, (7-1)/3 = 2, (7-3)/1 = 4 -> median 2
    slope, low, high, points = theil_sen(np.array([[1.0, np.nan, 3.0, 7.0]]))
    assert (slope[0], points[0]) == (pytest.approx(2.0), 3)
    assert (low[0], high[0]) == (pytest.approx(1.0), pytest.approx(4.0))


def test_sen_interval_on_a_hand_worked_small_case():
    # y = 0, 2, 1, 4, 5 at x = 0..4; pairwise slopes:
    #   (0,1) 2  (0,2) 0.5  (0,3) 4/3  (0,4) 1.25  (1,2) -1
    #   (1,3) 1  (1,4) 1    (2,3) 3    (2,4) 2     (3,4) 1
    # sorted: -1, 0.5, 1, 1, 1, 1.25, 4/3, 2, 2, 3 (N = 10); median (1 + 1.25) / 2
    # var = 5·4·15/18 = 50/3; C = 1.6449·4.0825 = 6.715; M1 = 1.64 -> 2; M2 + 1 = 9.36 -> 9
    # so the 90 % interval is [d_(2), d_(9)] = [0.5, 2].
    y = np.array([[0.0, 2, 1, 4, 5]])
    slope, low, high, _ = theil_sen(y, confidence=0.9)
    assert slope[0] == pytest.approx(1.125)
    assert (low[0], high[0]) == (pytest.approx(0.5), pytest.approx(2.0))
    # 99 %: C = 2.5758·4.0825 = 10.52, M1 = -0.26 -> 0 and M2 + 1 = 11.26 -> 11, both
    # clipped to 1 .. 10: the whole range of slopes.
    _, low, high, _ = theil_sen(y, confidence=0.99)
    assert (low[0], high[0]) == (pytest.approx(-1.0), pytest.approx(3.0))


def test_theil_sen_works_row_by_row_over_many_areas():
    rng = np.random.default_rng(1)
    y = rng.normal(size=(50, 7)) + np.arange(7) * rng.normal(size=(50, 1))
    slope, low, high, _ = theil_sen(y)
    for row, s in zip(y, slope, strict=True):
        i, j = np.triu_indices(7, k=1)
        assert s == pytest.approx(np.median((row[j] - row[i]) / (j - i)))
    assert (low <= slope).all()
    assert (slope <= high).all()


# --- Adverse trends -----------------------------------------------------------------------


def test_a_steadily_worsening_area_is_flagged_with_its_reasons_and_the_others_are_not():
    result = trend_flags(neighbourhood(), POLARITY, CITY, window=6, k=2)
    assert isinstance(result, TrendResult)
    assert result.flags["area"].tolist() == ["worsening"]
    reasons = [str(reason) for reason in result.flags["reasons"].iloc[0]]
    assert reasons == [
        "employed falling 1.52 per period (-1.7 to -1.2) vs city 0",
        "not_employed rising 1.97 per period (1.8 to 2.3) vs city 0.1",
    ]
    adverse = result.slopes.set_index(["area", "indicator"])["adverse"]
    assert not adverse.loc["stable"].any()
    assert not adverse.loc["follows_city"].any()
    assert result.not_judged.empty
    assert list(result.slopes.columns) == [
        "area", "indicator", "slope", "low", "high", "city_slope", "adverse",
    ]  # fmt: skip


def test_polarity_is_respected():
    # Falling employment is adverse when higher is better, and not when higher is worse.
    values = neighbourhood()
    adverse = trend_flags(values, POLARITY, CITY, window=6, k=1).slopes.set_index(
        ["area", "indicator"]
    )["adverse"]
    assert adverse.loc[("worsening", "employed")]
    flipped = {"not_employed": True, "employed": True}
    adverse = trend_flags(values, flipped, CITY, window=6, k=1).slopes.set_index(
        ["area", "indicator"]
    )["adverse"]
    assert not adverse.loc[("worsening", "employed")]


def test_k_is_respected():
    values = neighbourhood()
    only_unemployment = values[
        ~((values["area"] == "worsening") & (values["indicator"] == "employed"))
    ]
    only_unemployment = pd.concat(
        [only_unemployment, pd.DataFrame(long("worsening", "employed", 72 + NOISE))]
    )
    one = trend_flags(only_unemployment, POLARITY, CITY, window=6, k=1)
    two = trend_flags(only_unemployment, POLARITY, CITY, window=6, k=2)
    assert one.flags["area"].tolist() == ["worsening"]
    assert len(one.flags["reasons"].iloc[0]) == 1
    assert two.flags.empty
    assert list(two.flags.columns) == ["area", "reasons"]


def test_the_window_keeps_only_the_last_periods():
    # Worsening until 2023, flat in 2024: over the last three periods (22, 26, 26; slopes
    # 0, 2, 4) the interval spans 0 and the city's 0.1, over all six it lies above it.
    ys = np.array([10.0, 14, 18, 22, 26, 26])
    values = pd.DataFrame(long("early", "not_employed", ys) + long("early", "employed", 70 + 0 * X))
    assert trend_flags(values, POLARITY, CITY, window=6, k=1).flags["area"].tolist() == ["early"]
    assert trend_flags(values, POLARITY, CITY, window=3, k=1, min_points=3).flags.empty


def test_too_few_points_means_not_judged():
    values = neighbourhood()
    gappy = 20 + 2.0 * X
    gappy[[1, 3, 4]] = np.nan  # three points in the window
    values = pd.concat([values, pd.DataFrame(long("gappy", "not_employed", gappy))])
    result = trend_flags(values, POLARITY, CITY, window=6, k=1)
    assert result.not_judged.to_dict("records") == [
        {"area": "gappy", "indicator": "employed", "points": 0},
        {"area": "gappy", "indicator": "not_employed", "points": 3},
    ]
    assert "gappy" not in set(result.slopes["area"])
    assert "gappy" not in set(result.flags["area"])
    judged = trend_flags(values, POLARITY, CITY, window=6, k=1, min_points=3)
    pairs = set(zip(judged.slopes["area"], judged.slopes["indicator"], strict=True))
    assert ("gappy", "not_employed") in pairs


# --- Rank deterioration -------------------------------------------------------------------


def test_rank_flags_catch_areas_moving_towards_rank_one():
    rows = [
        ("falling", "2020", 40), ("falling", "2022", 40), ("falling", "2024", 12),
        ("edge", "2022", 15), ("edge", "2024", 10),
        ("steady", "2022", 20), ("steady", "2024", 18),
        ("improving", "2022", 5), ("improving", "2024", 30),
        ("missing", "2020", 50), ("missing", "2024", 1),  # no 2022: not judged
        ("filler", "2023", 7),
    ]  # fmt: skip
    ranks = pd.DataFrame(rows, columns=["area", "period", "rank"])
    # periods 2020, 2022, 2023, 2024: two periods before 2024 is 2022
    flags = rank_flags(ranks, places=5, periods=2)
    flags["reasons"] = [[str(reason) for reason in reasons] for reasons in flags["reasons"]]
    assert flags.to_dict("records") == [
        {"area": "edge", "reasons": ["rank 15 → 10 over 2 periods"]},
        {"area": "falling", "reasons": ["rank 40 → 12 over 2 periods"]},
    ]
    # three periods back is 2020, where 'missing' has a rank (and 'edge' has none)
    assert rank_flags(ranks, places=5, periods=3)["area"].tolist() == ["falling", "missing"]
    assert rank_flags(ranks, places=5, periods=4).empty


# --- Bad parameters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"places": 0, "periods": 1}, "places"),
        ({"places": 1, "periods": 0}, "periods"),
        ({"places": 1.5, "periods": 1}, "places"),
        ({"places": True, "periods": 1}, "places"),
    ],
)
def test_bad_rank_parameters_are_refused(kwargs, message):
    ranks = pd.DataFrame({"area": ["a"], "period": ["2024"], "rank": [1]})
    with pytest.raises(WarningError, match=message):
        rank_flags(ranks, **kwargs)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"window": 1}, "window"),
        ({"k": 0}, "k: expected"),
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0}, "confidence"),
        ({"min_points": 1}, "min_points"),
    ],
)
def test_bad_trend_parameters_are_refused(kwargs, message):
    with pytest.raises(WarningError, match=message):
        trend_flags(neighbourhood(), POLARITY, CITY, **{"window": 6, "k": 1, **kwargs})


def test_an_indicator_without_polarity_is_refused():
    with pytest.raises(WarningError, match="polarity: no higher_is_worse given for employed"):
        trend_flags(neighbourhood(), {"not_employed": True}, CITY, window=6, k=1)


def test_a_city_missing_an_indicator_is_refused():
    city = CITY[CITY["indicator"] == "not_employed"]
    with pytest.raises(WarningError, match="city: no values for employed"):
        trend_flags(neighbourhood(), POLARITY, city, window=6, k=1)
    short = CITY[~((CITY["indicator"] == "employed") & (CITY["period"] < "2022"))]
    with pytest.raises(WarningError, match="city: 3 value"):
        trend_flags(neighbourhood(), POLARITY, short, window=6, k=1)


def test_duplicate_rows_and_missing_columns_are_refused():
    values = neighbourhood()
    with pytest.raises(WarningError, match="more than one row"):
        trend_flags(pd.concat([values, values.head(1)]), POLARITY, CITY, window=6, k=1)
    with pytest.raises(WarningError, match="missing column"):
        rank_flags(pd.DataFrame({"area": ["a"], "period": ["2024"]}), places=1, periods=1)
