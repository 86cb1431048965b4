import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.targeting.classification import RuleRefusedError, define_rule


class Command(BaseCommand):
    help = "Define a classification rule (which areas count as deprived) from a JSON spec."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("spec", type=Path)
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["spec"]
        try:
            spec = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as e:
            raise CommandError(f"{path}: {e}") from None
        if not isinstance(spec, dict):
            raise CommandError(f"{path}: the spec must be a JSON object")
        user = user_from_option(options["user"])
        with acting_as(user, AuditSource.CLI):
            try:
                rule = define_rule(spec, actor=user)
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
            except RuleRefusedError as e:
                for error in e.errors:
                    self.stderr.write(f"{path.name}: {error}")
                raise CommandError(f"{path.name}: {e}") from None
        self.stdout.write(f"Rule {rule.code} saved (version {rule.version}).")
