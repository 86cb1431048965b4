from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from omradeloft.indicators.catalogue import export_catalogue


class Command(BaseCommand):
    help = "Write the indicator catalogue as CSV or JSON (to stdout or --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["csv", "json"], default="csv")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = export_catalogue(options["format"])
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
        else:
            self.stdout.write(text, ending="")
