from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.tabular import write_csv
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.models import IndexDefinition
from omradeloft.targeting.presentation.scores import export_rows


class Command(BaseCommand):
    help = (
        "Write an index's scores for one period as CSV (area,period,score,rank,decile,...), "
        "as published unless --user may see suppressed values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the index code")
        parser.add_argument("--period", required=True)
        parser.add_argument("--output", type=Path, required=True, help="CSV file to write")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            definition = IndexDefinition.objects.get(code=options["code"])
        except IndexDefinition.DoesNotExist:
            raise CommandError(f"there is no index {options['code']!r}") from None
        viewer = Viewer(user_from_option(options["user"]))
        columns, rows = export_rows(definition, options["period"], viewer)
        if not rows:
            raise CommandError(
                f"{definition.code} has no scores for {options['period']}: run compute-index"
            )
        with options["output"].open("w", newline="", encoding="utf-8") as handle:
            write_csv(handle, columns, rows)
        self.stdout.write(f"{len(rows)} areas written to {options['output']}")
