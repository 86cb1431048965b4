"""Progress reports on a measure, one per period, with the outputs delivered in it.

`actor` None means the system (demo loader, operator shell): no permission is checked.
"""

import math
import re
from collections.abc import Mapping
from numbers import Real

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Visitor
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.measures import access
from omradeloft.measures.models import Measure, Output, OutputValue, ProgressReport, TrafficLight

PERIOD = re.compile(r"^\d{4}(H[12]|Q[1-4])?$")


def _check_report(
    period: str,
    status: str,
    narrative: str,
    output_values: Mapping[Output, float | None],
    measure: Measure,
) -> None:
    errors: dict[str, list[str]] = {}
    if not PERIOD.match(period):
        errors["period"] = [
            _(
                "“%(period)s” is not a period; expected a year (2024), a half-year (2024H1, "
                "2024H2) or a quarter (2024Q1 to 2024Q4)."
            )
            % {"period": period}
        ]
    if status not in TrafficLight.values:
        errors["status"] = [
            _("“%(status)s” is not a traffic light; expected one of %(all)s.")
            % {"status": status, "all": ", ".join(TrafficLight.values)}
        ]
    if not narrative:
        errors["narrative"] = [_("Say what was done and achieved in the period.")]
    problems = []
    for output, value in output_values.items():
        if output.measure_id != measure.pk:
            problems.append(
                _("“%(output)s” is not an output of this measure.") % {"output": output}
            )
        elif value is not None and (
            isinstance(value, bool)
            or not isinstance(value, Real)
            or not math.isfinite(value)
            or value < 0
        ):
            problems.append(
                _("“%(output)s”: %(value)s is not accepted; expected a number of 0 or more.")
                % {"output": output, "value": value}
            )
    if problems:
        errors["output_values"] = problems
    if errors:
        raise ValidationError(errors)


def may_change_report(user: Visitor, report: ProgressReport) -> bool:
    """Its submitter (while they may still report) or whoever may edit the measure."""
    if user is None:
        return True
    if access.may_edit(user, report.measure):
        return True
    return report.submitted_by_id == user.pk and access.may_report(user, report.measure)


def file_report(
    actor: User | None,
    measure: Measure,
    period: str,
    status: str,
    narrative: str,
    risks: str = "",
    next_steps: str = "",
    output_values: Mapping[Output, float | None] | None = None,
) -> ProgressReport:
    """File the report for `period`, or update the one already filed for it.

    `output_values` maps outputs of the measure to what the period delivered; None removes
    an output's value, and outputs left out keep theirs.
    """
    if actor is not None and not access.may_report(actor, measure):
        raise PermissionDenied(_("You may not report progress on this measure."))
    period, narrative = (period or "").strip().upper(), (narrative or "").strip()
    output_values = dict(output_values or {})
    _check_report(period, status, narrative, output_values, measure)
    with acting_as(actor, current_actor().source), transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .filter(measure=measure, period=period)
            .first()
        )
        if report is None:
            report = ProgressReport(measure=measure, period=period, submitted_by=actor)
        elif not may_change_report(actor, report):
            raise PermissionDenied(
                _("The report for %(period)s was filed by someone else; you may not change it.")
                % {"period": period}
            )
        report.status = status
        report.narrative = narrative
        report.risks = (risks or "").strip()
        report.next_steps = (next_steps or "").strip()
        report.save()
        for output, value in output_values.items():
            if value is None:
                OutputValue.objects.filter(report=report, output=output).delete()
            else:
                OutputValue.objects.update_or_create(
                    report=report, output=output, defaults={"value": float(value)}
                )
    return report
