"""The DuckDB pipeline turns the synthetic register into Oslo's living-conditions indicators."""

import math

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from omradeloft.demo.synthetic.pipeline import INDICATORS, aggregate
from omradeloft.demo.synthetic.register import FIELDS
from tests.demo.conftest import GRORUD, VESTRE_AKER

EAST, WEST = "0301101001", "0301070701"


def person(**values):
    row = {
        "person_id": None,
        "year": 2020,
        "subdistrict": EAST,
        "age": 40,
        "sex": "F",
        "household_id": None,
        "household_type": "single",
        "employed": True,
        "household_income": 500_000.0,
        "low_income_eu60": False,
        "education": "upper_secondary",
        "completed_upper_secondary_within_5y": None,
        "disability_benefit": False,
        "dwelling_rooms": 3,
        "dwelling_area_m2": 80.0,
        "died": False,
    }
    row.update(values)
    return row


def hand_made_rows():
    """Eight people in five households in EAST, four in two households in WEST, in 2020."""
    family = {
        "household_id": 1,
        "household_type": "couple_with_children",
        "low_income_eu60": True,
        "dwelling_rooms": 2,
        "dwelling_area_m2": 60.0,
    }
    lone = {
        "household_id": 5,
        "household_type": "single_parent",
        "dwelling_rooms": 1,
        "dwelling_area_m2": 40.0,
    }
    couple = {"subdistrict": WEST, "household_id": 6, "household_type": "couple_no_children",
              "dwelling_rooms": 2, "dwelling_area_m2": 45.0}  # fmt: skip
    rows = [
        # EAST: a crowded low-income family of three.
        person(age=35, education="higher", **family),
        person(age=40, employed=False, **family),
        person(age=5, employed=False, education=None, **family),
        # EAST: a 60-year-old on disability benefit in a bedsit, who dies this year.
        person(household_id=2, age=60, employed=False, education="basic",
               disability_benefit=True, died=True, dwelling_rooms=1, dwelling_area_m2=20.0),
        # EAST: a 21-year-old who did not finish upper secondary in five years; 30 m2 studio.
        person(household_id=3, age=21, education="basic", employed=False,
               completed_upper_secondary_within_5y=False, dwelling_rooms=1,
               dwelling_area_m2=30.0),
        # EAST: a 70-year-old who dies this year.
        person(household_id=4, age=70, employed=False, died=True),
        # EAST: a lone parent on disability benefit with a 17-year-old; crowded.
        person(age=45, employed=False, education="basic", disability_benefit=True, **lone),
        person(age=17, employed=False, education="basic", **lone),
        # WEST: a couple in two rooms (not crowded), one of them with unknown education.
        person(age=30, **couple),
        person(age=50, education=None, **couple),
        # WEST: a 21-year-old who finished in time.
        person(subdistrict=WEST, household_id=7, age=21,
               completed_upper_secondary_within_5y=True),
    ]  # fmt: skip
    for number, row in enumerate(rows, start=1):
        row["person_id"] = number
    return rows


@pytest.fixture
def hand_made(tmp_path):
    path = tmp_path / "hand_made.parquet"
    pq.write_table(pa.Table.from_pylist(hand_made_rows(), schema=pa.schema(FIELDS)), path)
    return aggregate(path).set_index(["indicator", "area", "period"])


EXPECTED_EAST = {
    "not_employed_30_59": (2, 3),  # 35 employed; 40 and 45 not
    "reduced_functional_ability_16_66": (2, 6),  # 35, 40, 60, 21, 45, 17; 60 and 45 on benefit
    "low_education_30_59": (1, 3),  # 35 higher, 40 upper secondary, 45 basic
    "not_completing_upper_secondary": (1, 1),
    "mortality_55_79": (2, 2),
    "low_income_households_with_children": (1, 2),  # the family yes, the lone parent no
    "crowded_housing": (
        6,
        8,
    ),  # family 3 + bedsit 1 + lone parent 2; studio and the 70-year-old not
}
EXPECTED_WEST = {
    "not_employed_30_59": (0, 2),
    "reduced_functional_ability_16_66": (0, 3),
    "low_education_30_59": (0, 1),  # unknown education is left out of the denominator
    "not_completing_upper_secondary": (0, 1),
    "crowded_housing": (0, 3),
}


@pytest.mark.parametrize(("area", "expected"), [(EAST, EXPECTED_EAST), (WEST, EXPECTED_WEST)])
def test_pipeline_counts_numerators_and_denominators_exactly(hand_made, area, expected):
    for code, (numerator, denominator) in expected.items():
        row = hand_made.loc[(code, area, 2020)]
        assert (row.numerator, row.denominator) == (numerator, denominator), code


def test_population_counts_by_age_group_have_no_denominator(hand_made):
    expected = {
        "population_total": 8,
        "population_0_5": 1,
        "population_6_15": 0,
        "population_16_19": 1,
        "population_20_66": 5,
        "population_67_plus": 1,
    }
    for code, count in expected.items():
        row = hand_made.loc[(code, EAST, 2020)]
        assert row.numerator == count == row.value
        assert math.isnan(row.denominator)


def test_value_is_numerator_over_denominator_times_the_unit_scale(hand_made):
    scale = {"percent": 100, "per_1000": 1000}
    units = {item["code"]: item["unit"] for item in INDICATORS}
    rates = hand_made[hand_made.denominator > 0]
    assert len(rates) == len(EXPECTED_EAST) + len(EXPECTED_WEST)
    for (code, _, _), row in rates.iterrows():
        assert row.value == pytest.approx(row.numerator / row.denominator * scale[units[code]])
    assert hand_made.loc[("mortality_55_79", EAST, 2020)].value == 1000
    assert hand_made.loc[("crowded_housing", EAST, 2020)].value == 75


def test_rates_with_nobody_to_count_keep_their_zero_counts_without_a_value(hand_made):
    for code in ("mortality_55_79", "low_income_households_with_children"):
        row = hand_made.loc[(code, WEST, 2020)]
        assert (row.numerator, row.denominator) == (0, 0)
        assert np.isnan(row.value)


def test_result_has_the_documented_columns_and_dtypes(small_register_file):
    frame = aggregate(small_register_file)
    assert list(frame.columns) == [
        "indicator",
        "area",
        "period",
        "numerator",
        "denominator",
        "value",
    ]
    assert pd.api.types.is_string_dtype(frame.indicator)
    assert pd.api.types.is_string_dtype(frame.area)
    assert frame.dtypes[["period", "numerator", "denominator", "value"]].tolist() == [
        "int64",
        "float64",
        "float64",
        "float64",
    ]
    assert set(frame.indicator) == {item["code"] for item in INDICATORS}
    assert set(frame.area) == {code for code, _ in GRORUD + VESTRE_AKER}


def test_grorud_is_worse_off_than_vestre_aker(small_register_file):
    frame = aggregate(small_register_file)
    frame["district"] = frame.area.str[4:6]
    totals = frame.groupby(["indicator", "district"])[["numerator", "denominator"]].sum()
    rate = totals.numerator / totals.denominator
    for code in [
        "not_employed_30_59",
        "low_income_households_with_children",
        "low_education_30_59",
        "reduced_functional_ability_16_66",
        "crowded_housing",
    ]:
        assert rate[(code, "10")] > 1.5 * rate[(code, "07")], code
    assert rate[("not_employed_30_59", "10")] > 0.2
    assert rate[("not_employed_30_59", "07")] < 0.15


def test_catalogue_describes_every_indicator_in_both_languages():
    required = {"code", "name", "name_en", "unit", "polarity", "numerator", "denominator",
                "definition", "definition_en"}  # fmt: skip
    codes = [item["code"] for item in INDICATORS]
    assert len(codes) == len(set(codes)) == 13
    for item in INDICATORS:
        assert set(item) == required
        assert item["unit"] in {"percent", "per_1000", "count"}
        assert item["polarity"] in {"higher_is_worse", "higher_is_better"}
        assert "Syntetisk" in item["definition"]
        assert "Synthetic" in item["definition_en"]


def test_missing_register_file_is_reported_by_name(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"nowhere\.parquet"):
        aggregate(tmp_path / "nowhere.parquet")


def test_aggregate_returns_a_frame_sorted_by_indicator_area_and_period(small_register_file):
    frame = aggregate(small_register_file)
    assert isinstance(frame, pd.DataFrame)
    codes = [item["code"] for item in INDICATORS]
    order = frame.indicator.map(codes.index)
    assert order.is_monotonic_increasing
    for _, group in frame.groupby("indicator"):
        keys = list(zip(group.area, group.period, strict=True))
        assert keys == sorted(keys)
