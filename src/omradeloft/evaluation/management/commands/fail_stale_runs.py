from typing import Any

from django.core.management.base import BaseCommand

from omradeloft.evaluation.services import fail_stale_runs


class Command(BaseCommand):
    help = (
        "Mark evaluation runs left running by a stopped server (no heartbeat for "
        "EVALUATION_HEARTBEAT_TIMEOUT seconds) as failed, interrupted, so they can be run again."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        ended = fail_stale_runs()
        self.stdout.write(f"{len(ended)} run(s) without a heartbeat marked interrupted")
