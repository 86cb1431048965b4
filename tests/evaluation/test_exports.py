"""A finished run's tables as CSV downloads, with the rows the page shows."""

import csv
import io

import pytest
from django.http import Http404

from omradeloft.evaluation.exports import result_csv
from omradeloft.evaluation.models import RunStatus
from tests.evaluation.test_presentation import (
    did_result,
    event_study_result,
    make_run,
    synthetic_result,
)


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_path_table_has_period_actual_synthetic_and_gap(personas):
    response = result_csv(make_run(personas, synthetic_result()), "path")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="main-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('-synthetic_control-path.csv"')
    rows = rows_of(response)
    assert rows[0] == ["period", "actual", "synthetic", "gap", "post_treatment"]
    assert len(rows) == 12
    assert rows[7][0] == "2016"
    assert float(rows[7][3]) == -1.5
    assert rows[7][4] == "True"


def test_weights_table_lists_every_donor_largest_first(personas):
    rows = rows_of(result_csv(make_run(personas, synthetic_result()), "weights"))
    assert rows[0] == ["area", "area_name", "weight"]
    assert [row[0] for row in rows[1:]] == ["D1", "D2", "D3", "D4", "D5", "D6"]
    assert rows[1] == ["D1", "Area D1", "0.6"]


def test_balance_table_has_the_predictors(personas):
    rows = rows_of(result_csv(make_run(personas, synthetic_result()), "balance"))
    assert rows == [
        ["predictor", "treated", "synthetic", "donor_mean"],
        ["not_employed 2015", "20.5", "20.3", "15.0"],
    ]


def test_placebos_table_ranks_the_treated_area_among_the_placebos(personas):
    result = synthetic_result(excluded_placebos=["D6"])
    rows = rows_of(result_csv(make_run(personas, result), "placebos"))
    assert rows[0] == ["area", "area_name", "rmspe_ratio", "treated", "excluded"]
    assert rows[2] == ["T1", "Nordhagen", "10.5", "True", "False"]
    assert rows[-1] == ["D6", "Area D6", "0.5", "False", "True"]


def test_coefficients_table_is_sorted_by_relative_period(personas):
    rows = rows_of(result_csv(make_run(personas, event_study_result()), "coefficients"))
    assert rows == [
        ["relative_period", "estimate", "lower", "upper"],
        ["-3", "0.1", "-0.4", "0.6"],
        ["-2", "0.0", "-0.5", "0.5"],
        ["0", "-0.5", "-1.0", "0.0"],
    ]


def test_unknown_table_is_not_found(personas):
    with pytest.raises(Http404):
        result_csv(make_run(personas, synthetic_result()), "secrets")


def test_table_of_another_method_is_not_found(personas):
    with pytest.raises(Http404):
        result_csv(make_run(personas, synthetic_result()), "coefficients")
    with pytest.raises(Http404):
        result_csv(make_run(personas, did_result()), "weights")


def test_did_without_coefficients_has_no_coefficients_table(personas):
    with pytest.raises(Http404):
        result_csv(make_run(personas, did_result()), "coefficients")


def test_table_missing_from_the_result_is_not_found(personas):
    with pytest.raises(Http404):
        result_csv(make_run(personas, synthetic_result(balance=None)), "balance")


def test_run_without_a_result_has_no_tables(personas):
    with pytest.raises(Http404):
        result_csv(make_run(personas, None, method="synthetic_control"), "path")


def test_failed_run_has_no_tables_even_with_a_stale_result(personas):
    run = make_run(personas, synthetic_result())
    run.status = RunStatus.FAILED
    run.save()
    with pytest.raises(Http404):
        result_csv(run, "path")
