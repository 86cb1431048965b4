from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.areas.readers import FileFormatError, read_area_file
from omradeloft.areas.services import AreaImportError, ImportReport, import_areas
from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, progress_bar, user_from_option
from omradeloft.core.models import AuditSource


class Command(BaseCommand):
    help = "Import areas from GeoJSON or CSV (code,name,level,parent), all or nothing."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=["geojson", "csv"], help="override the extension")
        parser.add_argument(
            "--dry-run", action="store_true", help="check and show what would change, write nothing"
        )
        parser.add_argument(
            "--repair-geometry",
            action="store_true",
            help="mend invalid polygons (shapely make_valid) instead of refusing them",
        )
        parser.add_argument(
            "--source",
            help="who made the boundaries and under what licence, for features without 'source'",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = user_from_option(options["user"])
        try:
            records = read_area_file(path, options["format"])
        except FileFormatError as e:
            raise CommandError(f"{path}: {e}") from None
        with (
            acting_as(user, AuditSource.CLI),
            progress_bar(len(records), "checking") as checking,
            progress_bar(len(records), "areas") as bar,
        ):
            try:
                report = import_areas(
                    records,
                    actor=user,
                    dry_run=options["dry_run"],
                    repair=options["repair_geometry"],
                    source=options["source"],
                    on_progress=bar.update,
                    on_checked=checking.update,
                )
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except AreaImportError as e:
                for error in e.errors:
                    self.stderr.write(f"{path.name}, {error}")
                raise CommandError(f"{path.name}: {e}") from None
        self._print(path, report)

    def _print(self, path: Path, report: ImportReport) -> None:
        for warning in report.warnings:
            self.stderr.write(f"{path.name}, {warning}")
        for code, fields in report.updated.items():
            self.stdout.write(f"  {code}: {', '.join(fields)}")
        verb = "would be " if report.dry_run else ""
        self.stdout.write(
            f"{path.name}: {len(report.created)} {verb}created, {len(report.updated)} "
            f"{verb}updated, {report.unchanged} unchanged"
            + (" (dry run: nothing written)" if report.dry_run else "")
        )
