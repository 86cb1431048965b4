import json
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import override
from tqdm import tqdm

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.indicators.importing.files import FORMATS, open_observation_file
from omradeloft.indicators.importing.left_out import summary as left_out_summary
from omradeloft.indicators.importing.mapping_file import read_mapping
from omradeloft.indicators.importing.number_format import DECIMAL_MARKS
from omradeloft.indicators.importing.plausibility import PlausibilityWarnings
from omradeloft.indicators.importing.service import (
    ObservationImportError,
    WarningsNotAcceptedError,
    import_observations,
)
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.importing.sparse import missing_is_zero_of


class Command(BaseCommand):
    help = "Import observations (CSV, XLSX, XLS or JSON-stat 2.0), all or nothing, idempotently."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--format", choices=FORMATS, help="override the extension")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        parser.add_argument("--mapping", type=Path, help="JSON-stat or wide table: mapping file")
        parser.add_argument("--sheet", help="XLSX/XLS: the sheet to read (default: the first)")
        parser.add_argument(
            "--encoding",
            help="CSV and JSON-stat: utf-8, windows-1252 or iso-8859-1 (default: detected)",
        )
        parser.add_argument(
            "--missing-is-zero",
            action="store_true",
            help="counts: an area of the file's level without a row gets 0 (default: missing)",
        )
        parser.add_argument(
            "--decimal",
            choices=tuple(DECIMAL_MARKS),
            help="the decimal mark of numbers written as text (default: decided per column)",
        )
        parser.add_argument(
            "--accept-warnings",
            action="store_true",
            help="import even values that look implausible (a dry run lists them)",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        user = user_from_option(options["user"])
        mapping = None
        if options["mapping"]:
            try:
                mapping = read_mapping(options["mapping"])
            except SourceError as e:
                raise CommandError(f"--mapping {options['mapping']}: {e}") from None
        try:
            missing_is_zero = options["missing_is_zero"] or missing_is_zero_of(mapping)
            chunks, info = open_observation_file(
                path,
                options["format"],
                mapping=mapping,
                sheet=options["sheet"],
                encoding=options["encoding"],
            )
        except (SourceError, json.JSONDecodeError) as e:
            raise CommandError(f"{path.name}: {e}") from None
        bar = tqdm(desc="rows", unit="row", disable=not sys.stderr.isatty())
        with acting_as(user, AuditSource.CLI), bar:
            try:
                report = import_observations(
                    chunks,
                    info,
                    actor=user,
                    dry_run=options["dry_run"],
                    missing_is_zero=missing_is_zero,
                    on_progress=bar.update,
                    decimal=options["decimal"],
                    accept_warnings=options["accept_warnings"],
                )
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except SourceError as e:
                raise CommandError(f"{path.name}: {e}") from None
            except ObservationImportError as e:
                for error in e.errors:
                    self.stderr.write(f"{path.name}, {error}")
                raise CommandError(f"{path.name}: {e}") from None
            except WarningsNotAcceptedError as e:
                self._warnings(path, e.warnings)
                raise CommandError(
                    f"{path.name}: {e.total} warning(s) ({e.warnings.summary()}); nothing was "
                    "imported: check them, then import with --accept-warnings"
                ) from None
        for column, decision in report.number_formats.items():
            self.stdout.write(f"{path.name}: {column}: {decision.describe()}")
        self._warnings(path, report.warnings)
        verb = "would be " if report.dry_run else ""
        if report.batch:
            batch = f" (batch {report.batch.pk})"
        elif report.dry_run:
            batch = " (dry run: nothing written)"
        else:
            batch = " (nothing to write)"
        read_as = f"; read as {info.encoding}" if info.encoding else ""
        if missing_is_zero:
            self.stdout.write(
                f"{path.name}: {report.zeros_filled} zeros {verb}filled in for areas without a row"
            )
        self.stdout.write(
            f"{path.name}: {report.rows} rows: {report.created} {verb}new, {report.changed} "
            f"{verb}changed, {report.unchanged} unchanged; {report.derived} derived values"
            f"{batch}{read_as}"
        )
        if report.skipped:
            self.stdout.write(f"{path.name}: {report.skipped} rows with codes to skip left out")
        if report.left_out:
            with override("en"):  # as the lines above
                self.stdout.write(f"{path.name}: {left_out_summary(report.left_out)}")

    def _warnings(self, path: Path, warnings: PlausibilityWarnings) -> None:
        if not warnings.total:
            return
        self.stderr.write(f"{path.name}: {warnings.total} warning(s): {warnings.summary()}")
        for warning in warnings.messages:
            self.stderr.write(f"{path.name}, warning: {warning}")
        if warnings.total > len(warnings.messages):
            self.stderr.write(f"{path.name}: (the first {len(warnings.messages)} are listed)")
