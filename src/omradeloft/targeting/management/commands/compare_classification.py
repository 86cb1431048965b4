from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.targeting.classification import compare_periods
from omradeloft.targeting.engine.rules import RuleError
from omradeloft.targeting.models import ClassificationRule


class Command(BaseCommand):
    help = "Show which areas entered and left a rule's list between two periods, and why."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the rule code")
        parser.add_argument("before", help="the earlier period")
        parser.add_argument("after", help="the later period")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rule = ClassificationRule.objects.get(code=options["code"])
        except ClassificationRule.DoesNotExist:
            raise CommandError(f"there is no rule {options['code']!r}") from None
        try:
            result = compare_periods(rule, options["before"], options["after"])
        except RuleError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"{rule.code}: {len(result.entered)} entered, {len(result.left)} left "
            f"between {options['before']} and {options['after']}"
        )
        for row in result.entered.itertuples():
            self.stdout.write(f"  + {row.area}: {'; '.join(row.reasons)}")
        for row in result.left.itertuples():
            self.stdout.write(f"  - {row.area} (was: {'; '.join(row.reasons)})")
