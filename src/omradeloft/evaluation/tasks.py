"""The background computation of an evaluation run: data, estimate, and the record of which
inputs and which engine made it."""

import hashlib
import importlib.metadata
import json
import time
from typing import Any

import pandas as pd
from django.tasks import task
from django.utils import timezone

from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditSource
from omradeloft.core.notices import Message, MessageError
from omradeloft.evaluation import runner
from omradeloft.evaluation.data import EvaluationData, load
from omradeloft.evaluation.models import DataLevel, EvaluationRun, RunStatus
from omradeloft.evaluation.spec import SpecError, parse_spec

# Progress (with a heartbeat) is written to the database at most this often (seconds).
PROGRESS_INTERVAL = 0.5


def engine_version() -> str:
    try:
        return importlib.metadata.version("omradeloft")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "unknown"


def inputs_hash(spec: dict[str, Any], data: EvaluationData) -> str:
    """SHA-256 of the spec and the values it read: equal hashes, equal inputs."""
    digest = hashlib.sha256(json.dumps(spec, sort_keys=True).encode())
    for frame in (data.outcome, data.predictors):
        if frame is None:
            digest.update(b"-")
            continue
        digest.update(json.dumps([list(map(str, frame.columns)), frame.shape]).encode())
        digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
    digest.update(json.dumps([data.treated, data.donors, data.periods]).encode())
    return digest.hexdigest()


class RunInterruptedError(Exception):
    """The run was ended elsewhere (marked interrupted) while this worker computed it."""


class _Heartbeat:
    """Tells the database that a running run is alive: `beat()` at each step, and as the
    engine's progress callback with the percent done, no more often than PROGRESS_INTERVAL.
    Raises RunInterruptedError once the run is no longer running, so that a worker that was
    given up on stops instead of overwriting the record."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.written_at = 0.0

    def beat(self, **values: Any) -> None:
        self.written_at = time.monotonic()
        # An update, not a save: heartbeats are not worth an audit entry each.
        running = EvaluationRun.objects.filter(pk=self.run_id, status=RunStatus.RUNNING)
        if not running.update(heartbeat_at=timezone.now(), **values):
            raise RunInterruptedError(self.run_id)

    def __call__(self, done: int, total: int) -> None:
        if total <= 0 or (time.monotonic() - self.written_at < PROGRESS_INTERVAL and done < total):
            return
        self.beat(progress=min(100, round(100 * done / total)))


# Stored as a code, so that it reads in the language of whoever opens the run.
UNEXPECTED = Message(
    "run.unexpected", "The computation stopped on an unexpected error; it has been logged."
)


def failure(problems: list[str | Message]) -> dict[str, Any]:
    """A failed run's message in English (commands, the admin) and its problems as data,
    worded in the reader's language on the run page."""
    return {
        "message": "\n".join(str(problem) for problem in problems),
        "problems": [p.as_json() if isinstance(p, Message) else p for p in problems],
    }


def _finish(run: EvaluationRun, **values: Any) -> None:
    if not EvaluationRun.objects.filter(pk=run.pk, status=RunStatus.RUNNING).exists():
        run.refresh_from_db()  # ended elsewhere (interrupted) during the last step: leave it
        return
    for name, value in values.items():
        setattr(run, name, value)
    run.finished_at = timezone.now()
    run.save()


@task
def compute_run(run_id: int) -> str:
    """Compute the queued run `run_id` and store its result, or why it failed. Returns the
    run's final status."""
    run = EvaluationRun.objects.select_related("requested_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return run.status  # ended (interrupted) before a worker took it up
    with acting_as(run.requested_by, AuditSource.SYSTEM):
        run.status = RunStatus.RUNNING
        run.progress = 0
        run.message = ""
        run.problems = []
        run.started_at = run.heartbeat_at = timezone.now()
        run.engine_version = engine_version()
        run.save()
        heart = _Heartbeat(run.pk)
        try:
            spec = parse_spec(run.spec)
            level = DataLevel(run.data_level)
            data = load(spec, level)
            heart.beat()
            digest = inputs_hash(run.spec, data)
            result = runner.run(spec, level, progress=heart, data=data)
        except RunInterruptedError:
            run.refresh_from_db()
        except SpecError as error:
            _finish(run, status=RunStatus.FAILED, **failure(error.messages))
        except MessageError as error:
            _finish(run, status=RunStatus.FAILED, **failure([error.message]))
        except ValueError as error:
            _finish(run, status=RunStatus.FAILED, message=str(error))
        except Exception:
            _finish(run, status=RunStatus.FAILED, **failure([UNEXPECTED]))
            raise
        else:
            _finish(run, status=RunStatus.DONE, progress=100, result=result, inputs_hash=digest)
    return run.status
