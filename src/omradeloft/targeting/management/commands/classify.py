from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.core.audit import acting_as
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.core.models import AuditSource
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.classification import classify
from omradeloft.targeting.engine.rules import RuleError
from omradeloft.targeting.models import ClassificationRule
from omradeloft.targeting.presentation.reasons import plain, shown_reasons


class Command(BaseCommand):
    help = (
        "Apply a classification rule to a period and store (and print) the selected areas; "
        "reasons are printed as published unless --user may see suppressed values."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("code", help="the rule code")
        parser.add_argument("--period", required=True)
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rule = ClassificationRule.objects.get(code=options["code"])
        except ClassificationRule.DoesNotExist:
            raise CommandError(f"there is no rule {options['code']!r}") from None
        user = user_from_option(options["user"])
        with acting_as(user, AuditSource.CLI):
            try:
                run = classify(rule, options["period"], actor=user)
            except (PermissionDenied, RuleError) as e:
                raise CommandError(str(e)) from None
        selected = list(run.areas.select_related("area").order_by("area__code"))
        reasons = shown_reasons(Viewer(user), run, selected)
        self.stdout.write(
            f"{rule.code} v{run.rule_version}, {run.period}: {len(selected)} areas selected"
        )
        for item in selected:
            self.stdout.write(
                f"  {item.area.code} {item.area.name}: {plain(reasons[item.area_id])}"
            )
