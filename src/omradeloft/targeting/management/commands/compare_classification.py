from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.classification import compare_periods
from omradeloft.targeting.engine.rules import RuleError
from omradeloft.targeting.models import ClassificationRule
from omradeloft.targeting.presentation.reasons import plain, shown_reasons


class Command(BaseCommand):
    help = (
        "Show which areas entered and left a rule's list between two periods, and why "
        "(as published unless --user may see suppressed values)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the rule code")
        parser.add_argument("before", help="the earlier period")
        parser.add_argument("after", help="the later period")
        add_user_argument(parser)

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
        viewer = Viewer(user_from_option(options["user"]))
        entered = shown_reasons(viewer, result.after, result.entered)
        left = shown_reasons(viewer, result.before, result.left)
        for item in result.entered:
            self.stdout.write(f"  + {item.area.code}: {plain(entered[item.area_id])}")
        for item in result.left:
            self.stdout.write(f"  - {item.area.code} (was: {plain(left[item.area_id])})")
