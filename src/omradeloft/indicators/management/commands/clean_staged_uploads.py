from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.indicators.importing.staging import clean_abandoned


class Command(BaseCommand):
    help = "Delete statistics uploads checked on the web but neither imported nor discarded."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=float,
            metavar="HOURS",
            default=None,
            help="age in hours (default: STAGED_UPLOAD_MAX_AGE_HOURS, "
            f"now {settings.STAGED_UPLOAD_MAX_AGE_HOURS})",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than"]
        if hours is None:
            hours = settings.STAGED_UPLOAD_MAX_AGE_HOURS
        if not hours > 0:
            # Younger folders may belong to an upload being read right now.
            raise CommandError(f"--older-than {hours:g}: expected a positive number of hours")
        deleted = clean_abandoned(timedelta(hours=hours))
        self.stdout.write(f"Deleted {deleted} staged upload(s) older than {hours:g} hours.")
