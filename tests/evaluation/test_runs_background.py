"""The laptop's task runner: each task in a daemon thread, started once the enqueuing
transaction commits; an evaluation run computed that way ends done."""

import threading

import pytest
from django.db import transaction
from django.tasks import TaskResultStatus, task

from omradeloft.evaluation.models import EvaluationRun, RunStatus
from omradeloft.evaluation.services import start_runs

THREADED = {"default": {"BACKEND": "omradeloft.core.tasks.ThreadBackend"}}
seen: list[tuple[str, threading.Thread]] = []


@task
def remember(word: str) -> str:
    seen.append((word, threading.current_thread()))
    return word.upper()


@task
def fail() -> None:
    raise RuntimeError("broken on purpose")


def wait_for(result) -> None:
    """Join the thread that runs `result`'s task."""
    for thread in threading.enumerate():
        if result.id in thread.name:
            thread.join(timeout=30)


@pytest.fixture
def threaded(settings, transactional_db, django_db_serialized_rollback):
    """The thread backend, on a database whose commits other threads see; serialized
    rollback restores the rows data migrations made (area levels) after the flush."""
    settings.TASKS = THREADED


def test_a_task_runs_in_a_daemon_thread_and_records_its_return_value(threaded):
    result = remember.enqueue("hei")

    wait_for(result)

    assert result.status == TaskResultStatus.SUCCESSFUL
    assert result.return_value == "HEI"
    [thread] = [thread for word, thread in seen if word == "hei"]
    assert thread.daemon
    assert thread is not threading.current_thread()


def test_a_task_enqueued_in_a_transaction_starts_after_the_commit(threaded):
    with transaction.atomic():
        result = remember.enqueue("etterpå")
        assert not [t for t in threading.enumerate() if result.id in t.name]
        assert result.status == TaskResultStatus.READY

    wait_for(result)
    assert result.status == TaskResultStatus.SUCCESSFUL


def test_a_failing_task_is_recorded_as_failed(threaded):
    result = fail.enqueue()

    wait_for(result)

    assert result.status == TaskResultStatus.FAILED
    assert "broken on purpose" in result.errors[0].traceback


def test_a_run_computed_in_the_background_ends_done(threaded, personas, did_design):
    [run] = start_runs(personas.evaluator, did_design)

    # Join the worker rather than poll: SQLite's shared-cache test database refuses a write
    # outright (no waiting) while another connection reads the same table.
    for thread in threading.enumerate():
        if thread.name.startswith("task-"):
            thread.join(timeout=60)
    run.refresh_from_db()
    assert run.status == RunStatus.DONE, run.message
    assert run.result["att"] > 2
    assert EvaluationRun.objects.get().inputs_hash == run.inputs_hash
