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
from django.utils.translation import gettext as _

from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditSource
from omradeloft.evaluation import runner
from omradeloft.evaluation.data import EvaluationData, load
from omradeloft.evaluation.models import DataLevel, EvaluationRun, RunStatus
from omradeloft.evaluation.spec import SpecError, parse_spec

# Progress is written to the database at most this often (seconds).
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


class _ProgressWriter:
    """Writes a run's percent done, no more often than PROGRESS_INTERVAL."""

    def __init__(self, run_id: int) -> None:
        self.run_id = run_id
        self.written_at = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if total <= 0 or (now - self.written_at < PROGRESS_INTERVAL and done < total):
            return
        self.written_at = now
        percent = min(100, round(100 * done / total))
        # An update, not a save: progress ticks are not worth an audit entry each.
        EvaluationRun.objects.filter(pk=self.run_id).update(progress=percent)


def _finish(run: EvaluationRun, **values: Any) -> None:
    for name, value in values.items():
        setattr(run, name, value)
    run.finished_at = timezone.now()
    run.save()


@task
def compute_run(run_id: int) -> str:
    """Compute the queued run `run_id` and store its result, or why it failed. Returns the
    run's final status."""
    run = EvaluationRun.objects.select_related("requested_by").get(pk=run_id)
    with acting_as(run.requested_by, AuditSource.SYSTEM):
        run.status = RunStatus.RUNNING
        run.progress = 0
        run.message = ""
        run.started_at = timezone.now()
        run.engine_version = engine_version()
        run.save()
        try:
            spec = parse_spec(run.spec)
            level = DataLevel(run.data_level)
            data = load(spec, level)
            digest = inputs_hash(run.spec, data)
            result = runner.run(spec, level, progress=_ProgressWriter(run.pk), data=data)
        except SpecError as error:
            _finish(run, status=RunStatus.FAILED, message="\n".join(error.problems))
        except ValueError as error:
            _finish(run, status=RunStatus.FAILED, message=str(error))
        except Exception:
            _finish(
                run,
                status=RunStatus.FAILED,
                message=_("The computation stopped on an unexpected error; it has been logged."),
            )
            raise
        else:
            _finish(run, status=RunStatus.DONE, progress=100, result=result, inputs_hash=digest)
    return run.status
