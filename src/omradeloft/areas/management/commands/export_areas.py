import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.areas.models import AreaLevel
from omradeloft.areas.services import export_areas


class Command(BaseCommand):
    help = "Write the areas of one level as GeoJSON (to stdout or --output FILE)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--level", required=True, help="level code, e.g. subdistrict")
        parser.add_argument("--output", type=Path, help="file to write (default: stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            level = AreaLevel.objects.get(code=options["level"])
        except AreaLevel.DoesNotExist:
            known = ", ".join(AreaLevel.objects.values_list("code", flat=True))
            raise CommandError(
                f"--level: unknown level {options['level']!r}; known: {known}"
            ) from None
        collection = export_areas(level)
        text = json.dumps(collection, ensure_ascii=False)
        if options["output"]:
            options["output"].write_text(text, encoding="utf-8")
            self.stderr.write(f"{len(collection['features'])} areas written to {options['output']}")
        else:
            self.stdout.write(text)
