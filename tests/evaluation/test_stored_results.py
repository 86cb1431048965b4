"""A run's result has one declared shape (evaluation.results): the runner writes only declared
keys, and results stored as JSON, old ones included, read back unchanged."""

import json
from typing import get_type_hints

import pytest
from django.utils import translation

from omradeloft.evaluation.models import Method
from omradeloft.evaluation.presentation import result_context
from omradeloft.evaluation.results import RunResult, stored_result
from omradeloft.evaluation.services import create_design, start_runs
from omradeloft.evaluation.views.common import headline
from tests.evaluation.conftest import design_data
from tests.evaluation.test_presentation import did_result, make_run, synthetic_result

pytestmark = pytest.mark.django_db

DECLARED = set(get_type_hints(RunResult))


@pytest.mark.parametrize("method", [Method.DID, Method.EVENT_STUDY, Method.SYNTHETIC_CONTROL])
def test_every_key_the_runner_writes_is_declared(personas, did_programme, method):
    data = design_data(did_programme, code=f"d-{method}", methods=[method.value])
    [run] = start_runs(None, create_design(None, did_programme.programme, data))

    run.refresh_from_db()
    assert run.result, run.message
    assert set(run.result) <= DECLARED


def test_a_did_result_stored_as_json_reads_back_unchanged(personas):
    stored = json.loads(json.dumps(did_result()))
    run = make_run(personas, stored)
    run.refresh_from_db()

    assert stored_result(run.result) == stored
    with translation.override("en"):
        assert headline(run) == "Effect -0.80 (95 % CI -1.50 to -0.10)"
    assert result_context(run)["att"] == -0.8


def test_an_old_synthetic_control_result_without_newer_keys_still_reads(personas):
    old = json.loads(json.dumps(synthetic_result()))
    for newer in ("leave_one_out", "excluded_placebos", "pre_periods", "area_names"):
        old.pop(newer)
    run = make_run(personas, old)
    run.refresh_from_db()

    context = result_context(run)
    assert context["pre_rmspe"] == 0.2
    assert context["rmspe_ratio"] == 10.5


@pytest.mark.parametrize("value", [None, [], "not a result", 3])
def test_a_stored_value_that_is_no_json_object_reads_as_an_empty_result(value):
    assert stored_result(value) == {}
