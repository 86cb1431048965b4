import sys
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.targeting.engine import IndexInputError
from omradeloft.targeting.models import IndexDefinition
from omradeloft.targeting.presentation.notes import normalisation_note, skipped_note
from omradeloft.targeting.services import compute, weight_normalisations


class Command(BaseCommand):
    help = (
        "Compute an index for every period where all components have data (or --period P) "
        "and store the scores."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the index code")
        parser.add_argument("--period", action="append", help="a period; may be repeated")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = IndexDefinition.objects.get(code=options["code"])
        except IndexDefinition.DoesNotExist:
            raise CommandError(f"there is no index {options['code']!r}") from None
        user = user_from_option(options["user"])
        bar = tqdm(desc="periods", unit="period", disable=not sys.stderr.isatty())
        with acting_as(user, AuditSource.CLI), bar:
            try:
                run = compute(
                    definition,
                    actor=user,
                    periods=options["period"],
                    on_progress=lambda _: bar.update(),
                )
            except (PermissionDenied, IndexInputError) as e:
                raise CommandError(str(e)) from None
        self.stdout.write(
            f"{definition.code}: {run.scored} area-periods scored, {run.missing} without every "
            f"component, periods {', '.join(run.periods)}"
        )
        for period, gap in run.skipped.items():
            self.stdout.write(skipped_note(period, gap))
        for normalisation in weight_normalisations(definition):
            self.stdout.write(normalisation_note(normalisation))
