from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.demo.loader import DEMO_PASSWORD, DEMO_USERS, load_demo


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
        areas, statistics = report.areas, report.statistics
        self.stdout.write(
            f"Demo areas: {len(areas.created)} created, {len(areas.updated)} updated, "
            f"{areas.unchanged} unchanged ({len(areas.warnings)} geometries repaired)."
        )
        self.stdout.write(
            f"Synthetic statistics: {statistics.created} new, {statistics.changed} changed, "
            f"{statistics.unchanged} unchanged observations; {statistics.derived} derived."
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for user in DEMO_USERS:
            role = user.role.label if user.role else "superuser (administration)"
            scope = f" in {user.area_code}" if user.area_code else ""
            self.stdout.write(f"  {user.username:<14} {role}{scope}")
