"""Progress reports and documents on a measure."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import acting_user
from omradeloft.core.http import show_service_errors
from omradeloft.core.params import text
from omradeloft.measures import access
from omradeloft.measures.forms import AttachmentForm, ReportForm
from omradeloft.measures.models import MeasureAttachment
from omradeloft.measures.services import (
    add_attachment,
    delete_attachment,
    file_report,
    may_attach,
    may_change_report,
)
from omradeloft.measures.views.common import find_measure
from omradeloft.programmes.context import render_programme_page


def _existing_report_initial(request: HttpRequest, measure) -> dict | None:
    """The values of the report for `?period=`, when the user may change it."""
    period = text(request, "period", max_length=20)
    report = measure.reports.filter(period=period).prefetch_related("output_values").first()
    if report is None or not may_change_report(request.user, report):
        return None
    initial = {name: getattr(report, name) for name in ReportForm.base_fields}
    for value in report.output_values.all():
        initial[f"output_{value.output_id}"] = value.value
    return initial


@login_required
def measure_report(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_report)
    outputs = list(found.outputs.all())
    if request.method != "POST":
        form = ReportForm(initial=_existing_report_initial(request, found), outputs=outputs)
    else:
        form = ReportForm(request.POST, outputs=outputs)
        if form.is_valid():
            data = form.cleaned_data
            try:
                report = file_report(
                    acting_user(request),
                    found,
                    data["period"],
                    data["status"],
                    data["narrative"],
                    data["risks"],
                    data["next_steps"],
                    form.output_values(),
                )
            except ValidationError as error:
                show_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The progress report for %(period)s was saved.") % {"period": report.period},
                )
                return redirect("measures:detail", found.programme.code, found.code)
    context = {"form": form, "measure": found}
    return render_programme_page(
        request, found.programme, "measures", "measures/report_form.html", context, forms=[form]
    )


def _attachable_measure(request: HttpRequest, programme: str, measure: str):
    found = find_measure(request, programme, measure)
    if not may_attach(request.user, found):
        raise PermissionDenied(_("You may not add documents to this measure."))
    return found


@login_required
def attachment_add(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = _attachable_measure(request, programme, measure)
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            add_attachment(acting_user(request), found, data["title"], data["file"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The document was added."))
            return redirect("measures:detail", found.programme.code, found.code)
    context = {"form": form, "measure": found}
    return render_programme_page(
        request, found.programme, "measures", "measures/attachment_form.html", context, forms=[form]
    )


def attachment_download(
    request: HttpRequest, programme: str, measure: str, pk: int
) -> FileResponse:
    found = find_measure(request, programme, measure)
    attachment = get_object_or_404(MeasureAttachment, pk=pk, measure=found)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document's file is missing.")) from None
    name = attachment.file.name
    assert name is not None  # the file is required, and it just opened
    return FileResponse(handle, as_attachment=True, filename=Path(name).name)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, programme: str, measure: str, pk: int) -> HttpResponse:
    found = find_measure(request, programme, measure)
    attachment = get_object_or_404(MeasureAttachment, pk=pk, measure=found)
    attachment.measure = found
    delete_attachment(acting_user(request), attachment)
    messages.success(request, _("The document was removed."))
    return redirect("measures:detail", found.programme.code, found.code)
