from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.areas.change_files import ChangeFileError, read_change_file
from omradeloft.areas.change_services import AreaChangeImportError, import_area_changes
from omradeloft.areas.models import ShareMeasure
from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource


class Command(BaseCommand):
    help = "Import an area change table (KLASS CSV: oldCode;...;newCode;...;changeOccurred)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--level", help="the level of the codes, when a code repeats")
        parser.add_argument(
            "--share-of",
            choices=ShareMeasure.values,
            default=ShareMeasure.POPULATION,
            help="what the share column measures (default: population)",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show what would change"
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = user_from_option(options["user"])
        try:
            rows, read_errors = read_change_file(path.read_bytes())
        except OSError as e:
            raise CommandError(f"{path}: cannot read the file: {e.strerror}") from None
        except ChangeFileError as e:
            raise CommandError(f"{path.name}: {e}") from None
        with acting_as(user, AuditSource.CLI):
            try:
                report = import_area_changes(
                    rows,
                    actor=user,
                    level=options["level"],
                    share_of=options["share_of"],
                    dry_run=options["dry_run"],
                    read_errors=read_errors,
                )
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except AreaChangeImportError as e:
                for error in e.errors:
                    self.stderr.write(f"{path.name}, {error}")
                raise CommandError(f"{path.name}: {e}") from None
        for line in report.changes:
            self.stdout.write(f"  {line}")
        verb = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{path.name}: {report.created} {verb}created, {report.updated} {verb}updated, "
            f"{report.unchanged} unchanged"
            + (" (dry run: nothing written)" if report.dry_run else "")
        )
