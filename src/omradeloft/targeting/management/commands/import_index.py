import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.targeting.presentation.notes import normalisation_note
from omradeloft.targeting.services import (
    IndexSpecRefusedError,
    define_index,
    weight_normalisations,
)


class Command(BaseCommand):
    help = "Define (or redefine) a composite index from a JSON spec."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("spec", type=Path, help="the index spec, JSON")
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["spec"]
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise CommandError(f"{path}: {e}") from None
        user = user_from_option(options["user"])
        with acting_as(user, AuditSource.CLI):
            try:
                definition = define_index(spec, actor=user, dry_run=options["dry_run"])
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except IndexSpecRefusedError as e:
                for error in e.errors:
                    self.stderr.write(f"{path.name}: {error}")
                raise CommandError(f"{path.name}: {e}") from None
        verb = "is valid (dry run: nothing written)" if options["dry_run"] else "saved"
        self.stdout.write(f"Index {definition.code} ({definition.method}) {verb}.")
        for normalisation in weight_normalisations(definition):
            self.stdout.write(normalisation_note(normalisation))
