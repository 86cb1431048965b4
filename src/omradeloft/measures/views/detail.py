"""A measure's page: everything about it, with the actions the user may take."""

from typing import Any

from django.db.models import Prefetch, Sum, prefetch_related_objects
from django.http import HttpRequest, HttpResponse

from omradeloft.measures import access
from omradeloft.measures.forms import StatusForm
from omradeloft.measures.models import Measure, OutputValue
from omradeloft.measures.services import (
    allowed_next,
    may_attach,
    may_change_report,
    may_delete_attachment,
)
from omradeloft.measures.views.common import find_measure
from omradeloft.programmes.context import render_programme_page


def detail_context(
    request: HttpRequest, measure: Measure, status_form: StatusForm | None = None
) -> dict[str, Any]:
    """The page's content; `status_form` is a bound form to show again with its errors."""
    user = request.user
    # Every permission check below reads the measure's areas: load them once.
    prefetch_related_objects([measure], "areas")
    may_edit = access.may_edit(user, measure)
    may_report = access.may_report(user, measure)
    next_statuses = allowed_next(measure.status) if may_edit else ()
    if status_form is None and next_statuses:
        status_form = StatusForm(next_statuses=next_statuses)
    values = OutputValue.objects.select_related("output").order_by("output__order", "output__pk")
    reports = list(
        measure.reports.select_related("submitted_by").prefetch_related(
            Prefetch("output_values", queryset=values)
        )
    )
    for report in reports:
        report.measure = measure
        report.may_change = may_report and may_change_report(user, report)
    attachments = list(measure.attachments.select_related("uploaded_by"))
    for attachment in attachments:
        attachment.measure = measure
        attachment.may_delete = may_report and may_delete_attachment(user, attachment)
    return {
        "measure": measure,
        "history": measure.status_changes.select_related("changed_by"),
        "activities": measure.activities.all(),
        "outputs": measure.outputs.annotate(delivered=Sum("values__value")),
        "outcomes": measure.outcomes.select_related("goal", "indicator"),
        "reports": reports,
        "attachments": attachments,
        "decisions": measure.decisions.select_related("meeting__body"),
        "may_edit": may_edit,
        "may_report": may_report,
        "may_attach": may_attach(user, measure),
        "status_form": status_form,
    }


def render_detail(
    request: HttpRequest, measure: Measure, status_form: StatusForm | None = None
) -> HttpResponse:
    return render_programme_page(
        request,
        measure.programme,
        "measures",
        "measures/detail.html",
        detail_context(request, measure, status_form),
        forms=[status_form],
    )


def measure_detail(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    return render_detail(request, find_measure(request, programme, measure))
