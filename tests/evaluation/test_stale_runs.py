"""Runs whose computation stopped without finishing (the server was stopped or restarted
mid-run): a running run records a heartbeat, and one silent for longer than
EVALUATION_HEARTBEAT_TIMEOUT is marked failed, interrupted, when its page, its status or a
run list is read and by `omradeloft fail-stale-runs` (which `make run` calls before
serving); it can then be run again."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from omradeloft.core.models import AuditEntry
from omradeloft.evaluation.models import EvaluationRun, FailureReason, Method, RunStatus
from omradeloft.evaluation.services import build_spec, fail_stale_runs, start_runs
from omradeloft.evaluation.tasks import RunInterruptedError, _Heartbeat, compute_run
from tests.test_settings import load_settings

pytestmark = pytest.mark.django_db

DUMMY = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
LIMIT = 300


@pytest.fixture
def limit(settings):
    settings.EVALUATION_HEARTBEAT_TIMEOUT = LIMIT
    return datetime.timedelta(seconds=LIMIT)


def running_run(
    design, *, beat: datetime.timedelta | None, started: datetime.timedelta | None = None
) -> EvaluationRun:
    """A run left running, as a stopped server leaves it: started `started` ago (default:
    when it last beat), its last heartbeat `beat` ago (None: it never beat)."""
    outcome = design.outcomes.get()
    now = timezone.now()
    ago = started if started is not None else beat
    assert ago is not None, "a run that never beat needs its start"
    return EvaluationRun.objects.create(
        design=design,
        method=Method.DID,
        outcome=outcome,
        spec=build_spec(design, Method.DID, outcome),
        status=RunStatus.RUNNING,
        started_at=now - ago,
        heartbeat_at=None if beat is None else now - beat,
    )


def run_url(name: str, run: EvaluationRun) -> str:
    design = run.design
    return reverse(f"evaluation:{name}", args=[design.programme.code, design.code, run.pk])


def test_a_run_silent_for_longer_than_the_limit_fails_interrupted_when_its_page_is_read(
    client, settings, personas, did_design, limit
):
    settings.LANGUAGE_CODE = "en"
    run = running_run(did_design, beat=limit + datetime.timedelta(seconds=1))
    client.force_login(personas.partner)

    page = client.get(run_url("run", run))

    run.refresh_from_db()
    assert (run.status, run.failure_reason) == (RunStatus.FAILED, FailureReason.INTERRUPTED)
    assert run.finished_at is not None
    assert "interrupted" in page.text
    assert "the server was stopped or restarted" in page.text
    assert "<progress" not in page.text


def test_the_status_of_a_silent_run_says_it_failed(client, personas, did_design, limit):
    run = running_run(did_design, beat=limit * 2)
    client.force_login(personas.evaluator)

    state = client.get(run_url("run_status", run)).json()

    assert (state["status"], state["finished"]) == (RunStatus.FAILED, True)


def test_the_run_lists_end_silent_runs(client, settings, personas, did_design, limit):
    settings.LANGUAGE_CODE = "en"
    run = running_run(did_design, beat=limit * 2)
    client.force_login(personas.partner)

    for name, args in (
        ("designs", [did_design.programme.code]),
        ("design", [did_design.programme.code, did_design.code]),
    ):
        EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING, failure_reason="")
        page = client.get(reverse(f"evaluation:{name}", args=args))
        run.refresh_from_db()
        assert run.status == RunStatus.FAILED, name
        assert "interrupted" in page.text, name


def test_the_command_ends_silent_runs_and_says_how_many(personas, did_design, limit):
    run = running_run(did_design, beat=limit * 2)
    out = io.StringIO()

    call_command("fail_stale_runs", stdout=out)

    run.refresh_from_db()
    assert (run.status, run.failure_reason) == (RunStatus.FAILED, FailureReason.INTERRUPTED)
    assert "1 run" in out.getvalue()
    entry = AuditEntry.objects.for_object(run).latest("at")
    assert entry.actor is None
    assert entry.changes["status"] == [RunStatus.RUNNING, RunStatus.FAILED]


def test_a_run_that_beat_within_the_limit_is_left_running(personas, did_design, limit):
    run = running_run(did_design, beat=datetime.timedelta(seconds=5), started=limit * 10)

    assert fail_stale_runs() == []
    call_command("fail_stale_runs", stdout=io.StringIO())

    run.refresh_from_db()
    assert run.status == RunStatus.RUNNING


def test_a_running_run_from_before_heartbeats_counts_from_its_start(personas, did_design, limit):
    old = running_run(did_design, beat=None, started=limit * 2)
    recent = running_run(did_design, beat=None, started=limit / 2)

    assert fail_stale_runs() == [old]

    recent.refresh_from_db()
    assert recent.status == RunStatus.RUNNING


def test_finished_and_queued_runs_are_left_alone(personas, did_design, limit, settings):
    [done] = start_runs(None, did_design)
    settings.TASKS = DUMMY
    [queued] = start_runs(None, did_design)
    long_ago = timezone.now() - limit * 10
    EvaluationRun.objects.update(heartbeat_at=long_ago, started_at=long_ago)

    assert fail_stale_runs() == []

    assert {run.status for run in EvaluationRun.objects.all()} == {
        RunStatus.DONE,
        RunStatus.QUEUED,
    }
    assert {done.pk, queued.pk} == set(EvaluationRun.objects.values_list("pk", flat=True))


def test_an_interrupted_run_can_be_run_again(client, personas, did_design, limit):
    run = running_run(did_design, beat=limit * 2)
    client.force_login(personas.evaluator)
    page = client.get(run_url("run", run))
    assert run_url("run_again", run) in page.text

    response = client.post(run_url("run_again", run))

    again = EvaluationRun.objects.exclude(pk=run.pk).get()
    assert response.url == run_url("run", again)
    assert again.status == RunStatus.DONE
    assert again.result["att"] > 2


def test_a_computed_run_beats_while_it_runs(personas, did_design):
    before = timezone.now()

    [run] = start_runs(None, did_design)

    run.refresh_from_db()
    assert run.status == RunStatus.DONE
    assert before <= run.heartbeat_at <= run.finished_at


def test_progress_beats_the_heart(personas, did_design, settings):
    settings.TASKS = DUMMY
    [run] = start_runs(None, did_design)
    EvaluationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)

    _Heartbeat(run.pk)(3, 10)

    run.refresh_from_db()
    assert run.progress == 30
    assert timezone.now() - run.heartbeat_at < datetime.timedelta(seconds=5)


def test_a_worker_whose_run_was_marked_interrupted_stops_and_leaves_it_failed(
    personas, did_design, limit
):
    run = running_run(did_design, beat=limit * 2)
    fail_stale_runs()

    with pytest.raises(RunInterruptedError):
        _Heartbeat(run.pk)(5, 10)
    run.refresh_from_db()
    assert (run.status, run.failure_reason, run.progress) == (
        RunStatus.FAILED,
        FailureReason.INTERRUPTED,
        0,
    )


def test_a_worker_does_not_start_a_run_that_was_ended_before_it_came(personas, did_design, limit):
    run = running_run(did_design, beat=limit * 2)
    fail_stale_runs()

    assert compute_run.call(run.pk) == RunStatus.FAILED

    run.refresh_from_db()
    assert (run.status, run.failure_reason, run.result) == (
        RunStatus.FAILED,
        FailureReason.INTERRUPTED,
        None,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [("0", "must be a positive number of seconds"), ("soon", "is not a whole number")],
)
def test_a_bad_heartbeat_timeout_is_refused(value, message):
    result = load_settings(DEBUG="true", EVALUATION_HEARTBEAT_TIMEOUT=value)
    assert result.returncode != 0
    assert f"EVALUATION_HEARTBEAT_TIMEOUT={value!r} {message}" in result.stderr
