"""Why a run failed reads in the reader's language: the run stores its problems as codes
with their values, and a run that failed before that shows its stored text as it was."""

import contextlib

import pytest
from django.urls import reverse

from omradeloft.evaluation.models import EvaluationRun, RunStatus
from omradeloft.evaluation.services import start_runs

pytestmark = pytest.mark.django_db


def run_url(run: EvaluationRun) -> str:
    design = run.design
    return reverse("evaluation:run", args=[design.programme.code, design.code, run.pk])


@pytest.fixture
def failed_run(personas, did_design):
    did_design.treatment_period = "2000"
    did_design.save()
    [run] = start_runs(personas.evaluator, did_design)
    run.refresh_from_db()
    return run


def test_a_failed_run_stores_its_problem_as_a_code_with_values(failed_run):
    assert failed_run.status == RunStatus.FAILED
    [problem] = failed_run.problems
    assert problem["code"] == "data.treatment_period_absent"
    assert problem["params"]["period"] == "2000"
    assert "treatment period 2000" in failed_run.message  # commands and the admin: English


def test_a_bokmal_run_page_says_in_bokmal_why_the_run_failed(client, personas, failed_run):
    client.force_login(personas.partner)
    html = client.get(run_url(failed_run)).text
    assert "oppstartsperioden 2000 er ikke blant periodene med verdier for effekten" in html
    assert "treatment period 2000" not in html


def test_an_english_run_page_says_why_the_run_failed_in_english(client, personas, failed_run):
    client.force_login(personas.partner)
    client.cookies["django_language"] = "en"
    html = client.get(run_url(failed_run)).text
    assert "treatment period 2000 is not among the outcome&#x27;s periods" in html


def test_a_run_that_failed_before_problems_were_data_shows_its_stored_text(
    client, personas, failed_run
):
    failed_run.problems = []
    failed_run.message = "weights: the optimiser did not converge"
    failed_run.save()
    client.force_login(personas.partner)
    html = client.get(run_url(failed_run)).text
    assert "weights: the optimiser did not converge" in html


def test_a_bokmal_design_form_says_in_bokmal_what_is_wrong_with_the_predictors(
    client, personas, did_programme
):
    from tests.evaluation.test_designs import form_post, new_url

    client.force_login(personas.evaluator)
    bad = '[{"indicator": "employed", "periods": "2010"}]'
    response = client.post(new_url(did_programme), form_post(did_programme, predictors=bad))
    assert response.status_code == 400
    [error] = response.context["form"].errors["predictors"]
    assert error == (
        "forklaringsvariabel 1: 'periods' må være en ikke-tom liste med perioder (tekst)"
    )


def test_a_run_stopped_by_an_unexpected_error_says_so_in_the_reader_s_language(
    client, personas, did_design, monkeypatch
):
    from omradeloft.evaluation import runner

    def broken(*args, **kwargs):
        raise RuntimeError("broken on purpose")

    monkeypatch.setattr(runner, "run", broken)
    with contextlib.suppress(RuntimeError):  # logged by the task, the run marked failed first
        start_runs(personas.evaluator, did_design)
    run = EvaluationRun.objects.get()
    assert run.status == RunStatus.FAILED
    client.force_login(personas.partner)
    html = client.get(run_url(run)).text
    assert "Beregningen stoppet på grunn av en uventet feil. Feilen er logget." in html
    client.cookies["django_language"] = "en"
    html = client.get(run_url(run)).text
    assert "The computation stopped on an unexpected error; it has been logged." in html
