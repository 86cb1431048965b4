from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.indicators.importing.rollback import RollbackRefusedError, rollback_batch
from omradeloft.indicators.models import ImportBatch


class Command(BaseCommand):
    help = "Undo one import batch: remove what it added, restore what it replaced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("batch", type=int, help="the batch number import-observations gave")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_from_option(options["user"])
        try:
            batch = ImportBatch.objects.get(pk=options["batch"])
        except ImportBatch.DoesNotExist:
            raise CommandError(f"there is no import batch {options['batch']}") from None
        with acting_as(user, AuditSource.CLI):
            try:
                rollback_batch(batch, actor=user)
            except (PermissionDenied, RollbackRefusedError) as e:
                raise CommandError(str(e)) from None
        self.stdout.write(f"Batch {batch.pk} ({batch.file_name}) rolled back.")
