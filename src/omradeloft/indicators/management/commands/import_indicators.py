from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.indicators.catalogue import CatalogueError, import_catalogue


class Command(BaseCommand):
    help = "Import the indicator catalogue from CSV or JSON (code,name,name_en,unit,polarity,...)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["csv", "json"], help="override the extension")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        file_format = options["format"] or path.suffix.lower().lstrip(".")
        if file_format not in {"csv", "json"}:
            raise CommandError(f"{path.name}: use a .csv or .json file, or --format csv|json")
        try:
            data = path.read_bytes()
        except OSError as e:
            raise CommandError(f"cannot read {path}: {e.strerror}") from None
        user = user_from_option(options["user"])
        with acting_as(user, AuditSource.CLI):
            try:
                report = import_catalogue(data, file_format, actor=user, dry_run=options["dry_run"])
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except (CatalogueError, ValidationError) as e:
                for error in e.errors if isinstance(e, CatalogueError) else e.messages:
                    self.stderr.write(f"{path.name}, {error}")
                raise CommandError(f"{path.name}: nothing was imported") from None
        for code, fields in report.updated.items():
            self.stdout.write(f"  {code}: {', '.join(fields)}")
        verb = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{path.name}: {len(report.created)} {verb}created, {len(report.updated)} {verb}"
            f"updated, {report.unchanged} unchanged, {len(report.topics_created)} new topics"
            + (" (dry run: nothing written)" if report.dry_run else "")
        )
