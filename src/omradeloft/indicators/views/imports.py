"""Importing statistics from the web: upload, check (a dry run), commit, and roll back.

An upload is read once, when it arrives, and its rows are staged (importing/staging.py) for
the check and the import. Only the user who uploaded a file (or a superuser) may see its
check or import it.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action, acting_user, require
from omradeloft.core.http import render_form_page
from omradeloft.core.message_catalogues import render_message
from omradeloft.core.params import choice, page_number
from omradeloft.core.problem_texts import render_problem
from omradeloft.indicators.forms import UploadForm
from omradeloft.indicators.importing.left_out import summary as left_out_summary
from omradeloft.indicators.importing.message_catalogue import CATALOGUE as IMPORT_TEXTS
from omradeloft.indicators.importing.number_format import DECIMAL_MARKS
from omradeloft.indicators.importing.rollback import RollbackRefusedError, rollback_batch
from omradeloft.indicators.importing.service import (
    ImportReport,
    ObservationImportError,
    WarningsNotAcceptedError,
    import_observations,
)
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.importing.staging import (
    StagedUpload,
    StagedUploadMissingError,
    discard,
    stage_upload,
    staged_upload,
)
from omradeloft.indicators.models import ImportBatch

BATCHES_PER_PAGE = 50


def _staged_or_404(token: str, user: Any) -> StagedUpload:
    """Someone else's upload is as unknown as one that never was."""
    try:
        return staged_upload(token, user)
    except StagedUploadMissingError:
        raise Http404(_("There is no such upload.")) from None


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_valid():
        assert form.file_format is not None  # a valid form has its file
        try:
            staged = stage_upload(
                form.cleaned_data["file"],
                form.file_format,
                form.cleaned_data["mapping"],
                acting_user(request),
                encoding=form.cleaned_data["encoding"] or None,
                missing_is_zero=form.cleaned_data["missing_is_zero"],
            )
        except SourceError as e:
            form.add_error("file", render_problem(e.message, IMPORT_TEXTS))
        else:
            url = reverse("indicators:import_preview", args=[staged.token])
            decimal = form.cleaned_data["decimal"]
            return redirect(f"{url}?decimal={decimal}" if decimal else url)
    context = {"nav": "indicators", "form": form}
    return render_form_page(request, "indicators/import_upload.html", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """GET: check the staged rows and show what importing them would do. POST: import them
    (or discard them)."""
    require(request.user, Action.MANAGE_STATISTICS)
    staged = _staged_or_404(token, acting_user(request))
    if request.method == "POST" and "discard" in request.POST:
        discard(staged)
        messages.success(
            request, _("The uploaded file %(file)s was discarded.") % {"file": staged.file_name}
        )
        return redirect("indicators:import")
    # The form sends the decimal mark back; the upload's redirect gives it in the address.
    decimal = request.POST.get("decimal") or choice(request, "decimal", DECIMAL_MARKS, None)
    decimal = decimal if decimal in DECIMAL_MARKS else None
    context: dict[str, Any] = {"nav": "indicators", "staged": staged, "decimal": decimal}
    dry_run = request.method != "POST"
    try:
        report = import_observations(
            staged.chunks,
            staged.info,
            actor=acting_user(request),
            dry_run=dry_run,
            missing_is_zero=staged.missing_is_zero,
            decimal=decimal,
            accept_warnings=request.POST.get("accept_warnings") == "1",
        )
    except WarningsNotAcceptedError:
        # Shown again with the warnings, and the box that accepts them marked as not ticked.
        report = import_observations(
            staged.chunks, staged.info, actor=acting_user(request), dry_run=True, decimal=decimal
        )
        context.update(report=report, not_accepted=True, **_reading(report))
        return render(request, "indicators/import_preview.html", context, status=400)
    except ObservationImportError as e:
        errors = [render_problem(problem, IMPORT_TEXTS) for problem in e.problems]
        context.update(errors=errors, total=e.total, grouped=e.grouped)
    except SourceError as e:  # e.g. zeros asked for an indicator that is not a count
        context.update(errors=[render_problem(e.message, IMPORT_TEXTS)], total=1)
    except FileNotFoundError:
        raise Http404(_("There is no such upload.")) from None  # cleaned away meanwhile
    else:
        if not dry_run:
            discard(staged)
            messages.success(request, _committed_message(staged, report))
            return redirect("indicators:batches")
        context.update(report=report, **_reading(report))
        return render(request, "indicators/import_preview.html", context)
    return render(request, "indicators/import_preview.html", context, status=400)


def _reading(report: ImportReport) -> dict[str, Any]:
    """How each number column was read, in the request's language, and the warnings."""
    return {
        "number_formats": [
            (column, decision.describe(_)) for column, decision in report.number_formats.items()
        ],
        "warnings": report.warnings,
        "warning_lines": [
            render_message(message, IMPORT_TEXTS) for message in report.warnings.messages
        ],
        "left_out": left_out_summary(report.left_out),
    }


def _committed_message(staged: StagedUpload, report: ImportReport) -> str:
    if report.batch is None:
        return _(
            "Nothing was imported from %(file)s: all %(rows)s rows were already as in the file."
        ) % {"file": staged.file_name, "rows": report.rows}
    return _(
        "Imported %(file)s as batch %(batch)s: %(rows)s rows, %(new)s new, %(changed)s changed "
        "and %(unchanged)s unchanged values."
    ) % {
        "file": staged.file_name,
        "batch": report.batch.pk,
        "rows": report.rows,
        "new": report.created,
        "changed": report.changed,
        "unchanged": report.unchanged,
    }


@login_required
def batches(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    page = Paginator(ImportBatch.objects.select_related("user"), BATCHES_PER_PAGE).get_page(
        page_number(request)
    )
    for batch in page:
        batch.left_out_text = left_out_summary(batch.left_out)
    return render(request, "indicators/batches.html", {"nav": "indicators", "page_obj": page})


@require_POST
@login_required
def rollback(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        rollback_batch(batch, actor=acting_user(request))
    except RollbackRefusedError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request,
            _("The import of %(file)s (batch %(batch)s) was rolled back.")
            % {"file": batch.file_name, "batch": batch.pk},
        )
    url = reverse("indicators:batches")
    page = request.POST.get("page", "")
    return redirect(f"{url}?page={page}" if page.isdigit() else url)
