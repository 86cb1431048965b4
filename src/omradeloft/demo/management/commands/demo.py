from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.demo.loader import DEMO_PASSWORD, DEMO_USERS, DemoReport, load_demo


class Command(BaseCommand):
    help = "Load the Groruddalen demo (areas, organisations, programme, one user per role)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even with DEBUG off (the demo users have a published password)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "DEBUG is off: the demo creates users with a published password. "
                "Use --force only on a throwaway installation."
            )
        report = load_demo()
        if report.loaded_before is not None:
            self.stdout.write(
                f"The demo was loaded on {report.loaded_before.created_at:%Y-%m-%d %H:%M}; "
                "nothing was changed."
            )
        else:
            self._loaded(report)
        for line in report.skipped:
            self.stdout.write(f"  left as it was: {line}")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            role = user.role.label if user.role else "superuser (administration)"
            scope = f" in {user.area_code}" if user.area_code else ""
            self.stdout.write(f"  {user.username:<14} {role}{scope}")

    def _loaded(self, report: DemoReport) -> None:
        areas, statistics = report.areas, report.statistics
        # A first full load (the only kind this command starts) reports both.
        assert areas is not None
        assert statistics is not None
        self.stdout.write(
            f"Demo areas: {len(areas.created)} created ({len(areas.warnings)} geometries "
            "repaired); areas the installation had were left as they were."
        )
        self.stdout.write(
            f"Synthetic statistics: {statistics.created} new observations, "
            f"{statistics.unchanged} already there and left as they were; "
            f"{statistics.derived} derived."
        )
