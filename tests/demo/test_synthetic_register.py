"""The synthetic register: deterministic, well-typed, flagged as invented and plausible."""

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from omradeloft.demo.synthetic.parameters import (
    DEMOGRAPHY,
    LEVELS_2008,
    expected_population,
    read_subdistricts,
    resolve,
)
from omradeloft.demo.synthetic.register import generate_register
from tests.demo.conftest import SCALE, SMALL, YEARS

TINY = [("0301101004", "10"), ("0301070705", "07")]

EXPECTED_TYPES = {
    "person_id": pa.int64(),
    "year": pa.int16(),
    "subdistrict": pa.string(),
    "age": pa.int16(),
    "sex": pa.string(),
    "household_id": pa.int64(),
    "household_type": pa.string(),
    "employed": pa.bool_(),
    "household_income": pa.float64(),
    "low_income_eu60": pa.bool_(),
    "education": pa.string(),
    "completed_upper_secondary_within_5y": pa.bool_(),
    "disability_benefit": pa.bool_(),
    "dwelling_rooms": pa.int8(),
    "dwelling_area_m2": pa.float64(),
    "died": pa.bool_(),
}


def test_same_seed_gives_an_identical_register():
    first = generate_register(TINY, range(2008, 2010), seed=11, scale=0.1)
    second = generate_register(TINY, range(2008, 2010), seed=11, scale=0.1)
    assert first.equals(second)


def test_another_seed_gives_another_register():
    first = generate_register(TINY, range(2008, 2010), seed=11, scale=0.1)
    second = generate_register(TINY, range(2008, 2010), seed=12, scale=0.1)
    assert not first.equals(second)


def test_register_has_the_documented_columns_and_dtypes(small_register):
    assert {f.name: f.type for f in small_register.schema} == EXPECTED_TYPES


def test_categorical_columns_hold_only_the_documented_values(small_register):
    def values(name):
        return set(pc.unique(small_register.column(name)).to_pylist())

    assert values("sex") == {"F", "M"}
    assert values("household_type") <= {
        "single", "couple_no_children", "couple_with_children", "single_parent", "other"
    }  # fmt: skip
    assert values("education") == {None, "basic", "upper_secondary", "higher"}
    assert values("subdistrict") == {code for code, _ in SMALL}


def test_parquet_file_says_it_is_synthetic(small_register_file):
    metadata = pq.read_metadata(small_register_file).metadata
    assert metadata[b"synthetic"] == b"true"
    assert b"SYNTHETIC" in metadata[b"description"]
    assert b"made up" in metadata[b"description"]


def test_parquet_file_holds_the_same_rows_as_the_table(small_register_file, small_register):
    assert pq.read_table(small_register_file).equals(small_register)


def test_population_follows_the_parameter_targets_each_year(small_register):
    years = small_register.column("year").to_numpy()
    for year in YEARS:
        target = expected_population(SMALL, year, seed=7, scale=SCALE)
        assert (years == year).sum() == pytest.approx(target, rel=0.03)


def test_whole_city_population_is_about_oslos_size():
    subdistricts = read_subdistricts()
    assert 650_000 < expected_population(subdistricts, 2025) < 750_000
    assert 520_000 < expected_population(subdistricts, 2008) < 600_000


def test_subdistricts_are_between_three_and_fifteen_thousand_people():
    params = resolve(read_subdistricts(), range(2025, 2026), seed=2017)
    assert params.population.min() >= 3_000
    assert params.population.max() <= 15_000


def test_age_structure_is_plausible_for_a_city(small_register):
    age = small_register.column("age").to_numpy()
    share = {
        "0-5": np.mean(age <= 5),
        "6-15": np.mean((age >= 6) & (age <= 15)),
        "16-19": np.mean((age >= 16) & (age <= 19)),
        "20-66": np.mean((age >= 20) & (age <= 66)),
        "67+": np.mean(age >= 67),
    }
    assert 0.04 < share["0-5"] < 0.11
    assert 0.07 < share["6-15"] < 0.16
    assert 0.02 < share["16-19"] < 0.07
    assert 0.55 < share["20-66"] < 0.75
    assert 0.06 < share["67+"] < 0.18
    assert age.max() <= 105


def test_people_keep_their_id_age_one_year_a_year_and_do_not_return_after_death(small_register):
    frame = small_register.select(["person_id", "year", "age", "sex", "died"]).to_pandas()
    first, second = (frame[frame.year == y].set_index("person_id") for y in (2019, 2020))
    both = first.merge(second, left_index=True, right_index=True, suffixes=("", "_next"))
    assert len(both) > 0.8 * len(first)
    assert ((both.age_next == both.age + 1) | (both.age == 105)).all()
    assert (both.sex_next == both.sex).all()
    assert not both.died.any()
    newborns = second[~second.index.isin(first.index) & (second.age == 0)]
    assert len(newborns) > 0


def test_every_household_lives_in_one_subdistrict_with_one_dwelling(small_register):
    frame = small_register.to_pandas()
    per_household = frame.groupby(["year", "household_id"]).agg(
        subdistricts=("subdistrict", "nunique"),
        rooms=("dwelling_rooms", "nunique"),
        incomes=("household_income", "nunique"),
    )
    assert (per_household == 1).all().all()


def test_low_income_flag_is_sixty_percent_of_the_median_on_the_eu_scale(small_register):
    frame = small_register.to_pandas()
    frame["grown"] = frame.age >= 14
    frame["young"] = frame.age < 14
    for _, year in frame.groupby("year"):
        households = year.groupby("household_id").agg(
            income=("household_income", "first"), grown=("grown", "sum"), young=("young", "sum")
        )
        units = 1 + 0.5 * (households.grown - 1).clip(lower=0) + 0.3 * households.young
        per_unit = year.household_id.map(households.income / units.clip(lower=1))
        expected = per_unit < 0.6 * per_unit.median()
        assert (expected == year.low_income_eu60).all()


def test_upper_secondary_completion_is_known_only_for_the_21_year_olds(small_register):
    frame = small_register.select(["age", "completed_upper_secondary_within_5y"]).to_pandas()
    known = frame.completed_upper_secondary_within_5y.notna()
    assert (frame.age[known] == 21).all()
    assert known[frame.age == 21].all()


def test_education_is_unknown_only_under_16(small_register):
    frame = small_register.select(["age", "education"]).to_pandas()
    assert frame.education.isna().eq(frame.age < 16).all()


def test_disability_benefit_and_work_only_at_working_ages(small_register):
    frame = small_register.select(["age", "disability_benefit", "employed"]).to_pandas()
    assert not frame.disability_benefit[(frame.age < 16) | (frame.age > 66)].any()
    assert not frame.employed[frame.age < 16].any()
    assert not (frame.employed & frame.disability_benefit).any()


def test_a_subdistrict_draws_the_same_parameters_whatever_else_is_generated():
    alone = resolve(TINY[:1], range(2008, 2026), seed=2017)
    among_all = resolve(read_subdistricts(), range(2008, 2026), seed=2017)
    i = among_all.codes.index(TINY[0][0])
    for name, rates in alone.rates.items():
        np.testing.assert_allclose(rates[0], among_all.rates[name][i])
    assert alone.population[0, 0] == pytest.approx(among_all.population[i, 0])


def test_adding_later_years_leaves_the_earlier_parameters_alone():
    short = resolve(TINY, range(2008, 2026), seed=2017)
    long = resolve(TINY, range(2008, 2031), seed=2017)
    for name, rates in short.rates.items():
        np.testing.assert_allclose(rates, long.rates[name][:, :18])


def test_unknown_district_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match="0301999901: unknown district '99'"):
        generate_register([("0301999901", "99")], range(2008, 2009))


def test_demo_geojson_gives_96_subdistricts_in_15_districts():
    subdistricts = read_subdistricts()
    assert len(subdistricts) == 96
    assert {district for _, district in subdistricts} == {d.code for d in DEMOGRAPHY}
    counts = {d.code: d.subdistricts for d in DEMOGRAPHY}
    for district, expected in counts.items():
        assert sum(1 for _, d in subdistricts if d == district) == expected


def test_parameter_table_puts_groruddalen_and_the_inner_east_below_the_west():
    position = {d.code: i for i, d in enumerate(DEMOGRAPHY)}
    east = ["01", "02", "09", "10", "11", "12", "15"]
    west = ["05", "06", "07", "08"]
    for name, levels in LEVELS_2008.items():
        worst_west = max(levels[position[c]] for c in west)
        best_east = min(levels[position[c]] for c in east)
        if name == "higher_education_30_59":
            assert min(levels[position[c]] for c in west) > max(levels[position[c]] for c in east)
        else:
            assert best_east > worst_west, name
