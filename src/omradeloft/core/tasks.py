"""The in-process task runner for a laptop: each enqueued task runs in its own daemon thread.

Production runs a real worker, chosen in settings (`TASKS_BACKEND`); this backend needs
nothing but the web process. Results live only in the task's own records (a task stores what
it produces in the database), so the backend keeps no result store.
"""

import threading
from traceback import format_exception
from typing import Any

from django.db import close_old_connections, connections, transaction
from django.tasks import Task, TaskContext, TaskResult, TaskResultStatus
from django.tasks.backends.base import BaseTaskBackend
from django.tasks.base import TaskError
from django.tasks.signals import task_enqueued, task_finished, task_started
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.json import normalize_json


def _set(result: TaskResult, **values: Any) -> None:
    # TaskResult is a frozen dataclass that backends update in place.
    for name, value in values.items():
        object.__setattr__(result, name, value)


class ThreadBackend(BaseTaskBackend):
    """Runs every task in a daemon thread started once the enqueuing transaction commits
    (so the task sees what was saved with it), and closes the thread's database connections
    when the task ends."""

    supports_async_task = True

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self.worker_id = get_random_string(32)

    def enqueue(self, task: Task, args: Any, kwargs: Any) -> TaskResult:
        self.validate_task(task)
        result: TaskResult = TaskResult(
            task=task,
            id=get_random_string(32),
            status=TaskResultStatus.READY,
            enqueued_at=timezone.now(),
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        task_enqueued.send(type(self), task_result=result)
        thread = threading.Thread(
            target=self._work, args=(result,), name=f"task-{task.name}-{result.id}", daemon=True
        )
        transaction.on_commit(thread.start)
        return result

    def _work(self, result: TaskResult) -> None:
        try:
            self._execute(result)
        finally:
            connections.close_all()

    def _execute(self, result: TaskResult) -> None:
        close_old_connections()
        started = timezone.now()
        _set(result, status=TaskResultStatus.RUNNING, started_at=started, last_attempted_at=started)
        result.worker_ids.append(self.worker_id)
        task_started.send(type(self), task_result=result)
        task = result.task
        try:
            if task.takes_context:
                value = task.call(TaskContext(task_result=result), *result.args, **result.kwargs)
            else:
                value = task.call(*result.args, **result.kwargs)
        except Exception as error:
            # A thread has nobody to raise to: the error goes on the result, and into the log
            # through task_finished, sent here so that the log has the traceback.
            path = f"{type(error).__module__}.{type(error).__qualname__}"
            result.errors.append(
                TaskError(exception_class_path=path, traceback="".join(format_exception(error)))
            )
            _set(result, status=TaskResultStatus.FAILED, finished_at=timezone.now())
            task_finished.send(type(self), task_result=result)
            return
        _set(
            result,
            _return_value=normalize_json(value),
            status=TaskResultStatus.SUCCESSFUL,
            finished_at=timezone.now(),
        )
        task_finished.send(type(self), task_result=result)
