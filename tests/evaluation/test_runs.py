"""Running a design: one run per method and outcome, computed in the background (here at
once), with its result, inputs hash and engine version; failures say why; every run page
refuses those who may not see it."""

import importlib.metadata

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from omradeloft.evaluation.models import EvaluationRun, Method, RunStatus
from omradeloft.evaluation.services import rerun, start_runs
from omradeloft.indicators.models import Observation

pytestmark = pytest.mark.django_db

MANAGERS = ["programme_admin", "evaluator", "analyst"]
READERS_ONLY = ["partner", "district_coordinator", "state_coordinator", "project_lead"]
REFUSED = ["resident", "outsider"]


def run_url(name: str, run: EvaluationRun) -> str:
    design = run.design
    return reverse(f"evaluation:{name}", args=[design.programme.code, design.code, run.pk])


def test_a_run_ends_done_with_the_result_hash_and_engine_version(personas, did_design):
    [run] = start_runs(personas.evaluator, did_design)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.progress == 100
    assert run.result["att"] == pytest.approx(3.0, abs=0.3)
    assert run.result["treated"] == ["A01", "A02", "A03"]
    assert len(run.inputs_hash) == 64
    assert run.engine_version == importlib.metadata.version("omradeloft")
    assert run.started_at <= run.finished_at
    assert run.requested_by == personas.evaluator
    assert run.spec["method"] == Method.DID
    assert run.message == ""


def test_a_design_starts_one_run_per_method_and_outcome(personas, did_design):
    did_design.methods = [Method.DID, Method.EVENT_STUDY]
    # The event study's default 4 lags need 4 periods after the start.
    did_design.treatment_period = "2015"
    did_design.save()

    runs = start_runs(personas.analyst, did_design)

    assert sorted(run.method for run in runs) == [Method.DID, Method.EVENT_STUDY]
    study = EvaluationRun.objects.get(method=Method.EVENT_STUDY)
    assert study.status == RunStatus.DONE
    assert set(study.result["coefficients"]) >= {"0", "4"}


def test_an_event_study_fits_its_window_to_the_periods_after_the_start(personas, did_design):
    did_design.methods = [Method.EVENT_STUDY]
    did_design.save()

    [run] = start_runs(personas.analyst, did_design)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert run.result["lags"] < 4
    assert str(run.result["lags"]) in run.result["coefficients"]


def test_unchanged_data_gives_equal_hashes_and_a_changed_observation_another(personas, did_design):
    [first] = start_runs(personas.evaluator, did_design)
    again = rerun(personas.evaluator, first)
    first.refresh_from_db()
    again.refresh_from_db()
    assert again.pk != first.pk
    assert again.inputs_hash == first.inputs_hash

    Observation.objects.filter(area__code="A05", period="2012").update(value=99.0)
    [changed] = start_runs(personas.evaluator, did_design)

    changed.refresh_from_db()
    assert changed.status == RunStatus.DONE
    assert changed.inputs_hash != first.inputs_hash


def test_a_run_that_cannot_be_estimated_ends_failed_with_the_reason(personas, did_design):
    did_design.treatment_period = "2000"
    did_design.save()

    [run] = start_runs(personas.evaluator, did_design)

    run.refresh_from_db()
    assert run.status == RunStatus.FAILED
    assert "treatment period 2000" in run.message
    assert run.result is None
    assert run.finished_at is not None


def test_the_run_page_shows_a_failed_run_s_reason(client, personas, did_design):
    did_design.treatment_period = "2000"
    did_design.save()
    [run] = start_runs(personas.evaluator, did_design)
    client.force_login(personas.partner)
    client.cookies["django_language"] = "en"  # the reason is worded in the reader's language

    response = client.get(run_url("run", run))

    assert response.status_code == 200
    assert "treatment period 2000" in response.text


@pytest.mark.parametrize("username", MANAGERS)
def test_the_run_button_starts_the_runs_and_shows_the_result(
    client, settings, personas, did_design, username
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(getattr(personas, username))
    code = did_design.programme.code

    response = client.post(reverse("evaluation:design_run", args=[code, "employment"]))

    run = EvaluationRun.objects.get()
    assert response.status_code == 302
    assert response.url == run_url("run", run)
    page = client.get(response.url)
    assert page.status_code == 200
    assert run.inputs_hash in page.text
    assert "<progress" not in page.text
    assert "Run again" in page.text


def test_a_queued_run_page_shows_progress_a_refresh_link_and_polls(
    client, settings, personas, did_design
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    [run] = start_runs(personas.evaluator, did_design)
    client.force_login(personas.evaluator)

    page = client.get(run_url("run", run))

    assert '<progress id="run-progress" max="100" value="0"' in page.text
    assert f'href="{run_url("run", run)}"' in page.text
    assert run_url("run_status", run) in page.text


def test_status_json_tells_the_status_and_progress(client, settings, personas, did_design):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    [run] = start_runs(personas.evaluator, did_design)
    EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, progress=40)
    client.force_login(personas.partner)

    response = client.get(run_url("run_status", run))

    assert response.status_code == 200
    assert response.json() == {
        "status": "running",
        "status_label": str(RunStatus.RUNNING.label),
        "progress": 40,
        "finished": False,
    }


def test_status_json_says_finished_when_done(client, personas, did_design):
    [run] = start_runs(personas.evaluator, did_design)
    client.force_login(personas.evaluator)

    state = client.get(run_url("run_status", run)).json()

    assert state["status"] == "done"
    assert state["finished"] is True
    assert state["progress"] == 100


def test_run_again_starts_a_new_run_of_the_same_spec(client, personas, did_design):
    [run] = start_runs(personas.evaluator, did_design)
    client.force_login(personas.analyst)

    response = client.post(run_url("run_again", run))

    again = EvaluationRun.objects.exclude(pk=run.pk).get()
    assert response.status_code == 302
    assert response.url == run_url("run", again)
    assert again.spec == run.spec
    assert again.requested_by == personas.analyst
    assert again.status == RunStatus.DONE


@pytest.mark.parametrize("username", READERS_ONLY + REFUSED)
def test_others_may_not_start_runs(client, personas, did_design, username):
    [run] = start_runs(None, did_design)
    user = getattr(personas, username)
    client.force_login(user)
    code = did_design.programme.code

    assert client.post(reverse("evaluation:design_run", args=[code, "employment"])).status_code == (
        403
    )
    assert client.post(run_url("run_again", run)).status_code == 403
    with pytest.raises(PermissionDenied):
        start_runs(user, did_design)
    with pytest.raises(PermissionDenied):
        rerun(user, run)
    assert EvaluationRun.objects.count() == 1


@pytest.mark.parametrize("username", MANAGERS + READERS_ONLY)
def test_workspace_users_read_run_pages_and_status(client, personas, did_design, username):
    [run] = start_runs(None, did_design)
    client.force_login(getattr(personas, username))

    page = client.get(run_url("run", run))

    assert page.status_code == 200
    assert client.get(run_url("run_status", run)).status_code == 200
    assert (run_url("run_again", run) in page.text) is (username in MANAGERS)


@pytest.mark.parametrize("username", REFUSED)
def test_residents_and_outsiders_are_refused_runs(client, personas, did_design, username):
    [run] = start_runs(None, did_design)
    client.force_login(getattr(personas, username))

    assert client.get(run_url("run", run)).status_code == 403
    assert client.get(run_url("run_status", run)).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_from_run_pages(client, did_design):
    [run] = start_runs(None, did_design)

    for response in (
        client.get(run_url("run", run)),
        client.get(run_url("run_status", run)),
        client.post(run_url("run_again", run)),
        client.post(
            reverse("evaluation:design_run", args=[did_design.programme.code, "employment"])
        ),
    ):
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    assert EvaluationRun.objects.count() == 1


def test_a_run_of_another_design_is_not_found(client, personas, did_design):
    [run] = start_runs(None, did_design)
    client.force_login(personas.evaluator)
    code = did_design.programme.code

    response = client.get(reverse("evaluation:run", args=[code, "other", run.pk]))

    assert response.status_code == 404


def test_the_designs_page_shows_the_latest_run_s_estimate(client, settings, personas, did_design):
    settings.LANGUAGE_CODE = "en"
    start_runs(None, did_design)
    [latest] = start_runs(None, did_design)
    client.force_login(personas.partner)

    page = client.get(reverse("evaluation:designs", args=[did_design.programme.code]))

    assert page.text.count(run_url("run", latest)) == 1
    assert "Effect 3" in page.text or "Effect 2" in page.text


def test_a_result_table_downloads_as_csv_for_workspace_users_only(client, personas, did_design):
    did_design.methods = [Method.EVENT_STUDY]
    did_design.treatment_period = "2015"
    did_design.save()
    [run] = start_runs(None, did_design)
    design = run.design
    url = reverse(
        "evaluation:run_table", args=[design.programme.code, design.code, run.pk, "coefficients"]
    )
    client.force_login(personas.partner)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert b"relative_period" in response.content or b"estimate" in response.content
    assert client.get(url.replace("coefficients", "weights")).status_code == 404
    client.force_login(personas.resident)
    assert client.get(url).status_code == 403


def test_a_synthetic_control_run_of_a_design_fits_every_pre_period(personas, did_design):
    did_design.methods = [Method.SYNTHETIC_CONTROL]
    did_design.predictors = [{"indicator": "employed", "periods": ["2012"], "op": "mean"}]
    did_design.save()

    [run] = start_runs(personas.analyst, did_design)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert "fit_periods" not in run.spec
    assert run.result["fit_periods"] == [str(year) for year in range(2010, 2016)]
