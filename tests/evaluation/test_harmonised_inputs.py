"""An evaluation with `harmonise_to` reads its outcome and covariates on the areas in use that
day, across a split (tests/files/boundaries/evaluation_across_split.csv)."""

import io
import json
import math

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.evaluation.data import load
from omradeloft.evaluation.models import DataLevel
from omradeloft.evaluation.spec import SpecError, parse_spec
from omradeloft.indicators.models import Observation, Suppression
from tests.boundaries import import_series

pytestmark = pytest.mark.django_db

SPEC = {
    "method": "did",
    "outcome": "low_income",
    "treated": ["030116A"],
    "treatment_period": "2019",
    "level": "subdistrict",
}
HARMONISED = {**SPEC, "harmonise_to": "2018-01-01"}


@pytest.fixture
def series_across_a_split():
    import_series("evaluation_across_split.csv", comparison_areas=True)


def suppress_2016_on_the_old_area() -> None:
    Observation.objects.filter(area__code="030116", period="2016").update(
        suppression=Suppression.PRIMARY
    )


def test_without_harmonising_the_successor_area_has_no_values_before_the_split(
    series_across_a_split,
):
    data = load(parse_spec(SPEC))
    assert data.outcome.loc["030116A"].first_valid_index() == "2018"
    assert data.harmonised_values == 0


def test_with_harmonise_to_the_successor_area_reads_the_old_areas_values_before_the_split(
    series_across_a_split,
):
    data = load(parse_spec(HARMONISED))
    treated = data.outcome.loc["030116A"]
    assert list(treated.loc["2014":"2017"]) == pytest.approx([20.0, 20.5, 27.3, 21.5])
    assert "030116" not in data.outcome.index
    assert set(data.donors) == {"030116B", "030117", "030118", "030119", "030120"}
    # 030116A and 030116B, 2014-2017: moved from 030116 by the split's shares.
    assert data.harmonised_values == 8


def test_harmonised_covariates_are_read_through_the_same_layer(series_across_a_split):
    spec = {
        **HARMONISED,
        "method": "synthetic_control",
        "predictors": [{"indicator": "low_income", "periods": ["2014", "2015"]}],
    }
    data = load(parse_spec(spec))
    assert data.predictors.loc["030116A"].iloc[0] == pytest.approx(20.25)


def test_only_the_harmonised_values_of_the_runs_areas_are_counted(series_across_a_split):
    data = load(parse_spec({**HARMONISED, "donors": ["030117", "030118", "030119"]}))
    assert data.harmonised_values == 4


def test_a_harmonise_to_that_is_not_a_date_is_refused():
    with pytest.raises(SpecError) as refused:
        parse_spec({**SPEC, "harmonise_to": "2018"})
    assert refused.value.problems == [
        "'harmonise_to' is “2018”; expected a date YYYY-MM-DD (the day whose areas the "
        "series are read on)"
    ]


@pytest.mark.parametrize("value", [2018, "2018-02-30", "20180101", "01.01.2018"])
def test_a_harmonise_to_that_is_no_real_date_written_yyyy_mm_dd_is_refused(value):
    with pytest.raises(SpecError) as refused:
        parse_spec({**SPEC, "harmonise_to": value})
    assert refused.value.problems[0].startswith(f"'harmonise_to' is “{value}”; expected a date")


def test_an_area_not_in_use_on_the_harmonise_to_date_is_refused(series_across_a_split):
    with pytest.raises(SpecError) as refused:
        load(parse_spec({**HARMONISED, "treated": ["030116"]}))
    assert refused.value.problems == [
        "area(s) not in use on 2018-01-01, the date the series are harmonised to: 030116"
    ]


def test_a_harmonised_value_resting_on_a_suppressed_one_is_not_read_for_published_runs(
    series_across_a_split,
):
    suppress_2016_on_the_old_area()
    published = load(parse_spec(HARMONISED), DataLevel.PUBLISHED)
    assert math.isnan(published.outcome.loc["030116A", "2016"])
    # The default comparison pool keeps areas with a full series only.
    assert "030116B" not in published.donors
    unsuppressed = load(parse_spec(HARMONISED), DataLevel.UNSUPPRESSED)
    assert unsuppressed.outcome.loc["030116A", "2016"] == pytest.approx(27.3)


def evaluate(tmp_path, spec: dict) -> tuple[dict, str]:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    output = tmp_path / "result.json"
    out = io.StringIO()
    call_command("evaluate", str(path), "--output", str(output), stdout=out)
    return json.loads(output.read_text()), out.getvalue()


def test_the_evaluate_command_records_and_says_that_its_inputs_were_harmonised(
    series_across_a_split, tmp_path
):
    result, said = evaluate(tmp_path, HARMONISED)
    assert result["harmonised_to"] == "2018-01-01"
    assert result["harmonised_values"] == 8
    assert result["att"] < 0
    assert "inputs harmonised to the areas in use on 2018-01-01 (8 harmonised values)" in said


def test_the_evaluate_command_without_harmonising_says_nothing_of_it(
    series_across_a_split, tmp_path
):
    result, said = evaluate(tmp_path, {**SPEC, "treated": ["030117"]})
    assert "harmonised_to" not in result
    assert "harmonised" not in said


def test_the_evaluate_command_refuses_a_bad_harmonise_to_and_writes_nothing(
    series_across_a_split, tmp_path
):
    with pytest.raises(CommandError):
        evaluate(tmp_path, {**SPEC, "harmonise_to": "1. januar 2018"})
    assert not (tmp_path / "result.json").exists()
