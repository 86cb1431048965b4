"""Importing statistics from the web: upload, check (a dry run), commit, and roll back.

An upload is kept under MEDIA_ROOT/imports/ as `<token><suffix>` beside `<token>.meta.json`
(original name, format, uploader, mapping) until it is imported or discarded. Only the user
who uploaded a file (or a superuser) may see its check or import it.
"""

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action, require
from omradeloft.core.params import page_number
from omradeloft.indicators.forms import UploadForm
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import RollbackRefusedError, rollback_batch
from omradeloft.indicators.importing.service import (
    ImportReport,
    ObservationImportError,
    import_observations,
)
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import ImportBatch

_TOKEN = re.compile(r"[A-Za-z0-9_-]{20,64}")
BATCHES_PER_PAGE = 50


@dataclass
class StagedUpload:
    token: str
    path: Path
    file_name: str
    file_format: str
    uploader_id: int
    mapping: dict[str, Any] | None

    @property
    def sidecar(self) -> Path:
        return _sidecar(self.token)


def _folder() -> Path:
    return Path(settings.MEDIA_ROOT) / "imports"


def _sidecar(token: str) -> Path:
    # Not `<token>.json`: a JSON-stat upload itself is stored under that name.
    return _folder() / f"{token}.meta.json"


def stage_upload(
    upload: UploadedFile, file_format: str, mapping: dict[str, Any] | None, user: Any
) -> StagedUpload:
    folder = _folder()
    folder.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(24)
    staged = StagedUpload(
        token=token,
        path=folder / f"{token}{Path(upload.name).suffix.lower()}",
        file_name=Path(upload.name).name,
        file_format=file_format,
        uploader_id=user.pk,
        mapping=mapping,
    )
    with staged.path.open("wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    meta = {
        "file_name": staged.file_name,
        "format": file_format,
        "suffix": staged.path.suffix,
        "uploader": user.pk,
        "mapping": mapping,
    }
    staged.sidecar.write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return staged


def staged_upload(token: str, user: Any) -> StagedUpload:
    """The upload `token` if `user` may use it; otherwise, as for an unknown token, 404."""
    if not _TOKEN.fullmatch(token):
        raise Http404(_("There is no such upload."))
    try:
        meta = json.loads(_sidecar(token).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise Http404(_("There is no such upload.")) from None
    path = _folder() / f"{token}{meta['suffix']}"
    if not path.is_file() or (meta["uploader"] != user.pk and not user.is_superuser):
        raise Http404(_("There is no such upload."))
    return StagedUpload(
        token=token,
        path=path,
        file_name=meta["file_name"],
        file_format=meta["format"],
        uploader_id=meta["uploader"],
        mapping=meta["mapping"],
    )


def discard_upload(staged: StagedUpload) -> None:
    staged.path.unlink(missing_ok=True)
    staged.sidecar.unlink(missing_ok=True)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    if form.is_valid():
        staged = stage_upload(
            form.cleaned_data["file"], form.file_format, form.cleaned_data["mapping"], request.user
        )
        return redirect("indicators:import_preview", token=staged.token)
    return render(
        request,
        "indicators/import_upload.html",
        {"nav": "indicators", "form": form},
        status=400 if form.errors else 200,
    )


def _run(staged: StagedUpload, user: Any, *, dry_run: bool) -> ImportReport:
    chunks, info = open_observation_file(
        staged.path, staged.file_format, mapping=staged.mapping, display_name=staged.file_name
    )
    return import_observations(chunks, info, actor=user, dry_run=dry_run)


@login_required
@require_http_methods(["GET", "POST"])
def preview(request: HttpRequest, token: str) -> HttpResponse:
    """GET: check the file and show what importing it would do. POST: import it (or discard)."""
    require(request.user, Action.MANAGE_STATISTICS)
    staged = staged_upload(token, request.user)
    if request.method == "POST" and "discard" in request.POST:
        discard_upload(staged)
        messages.success(
            request, _("The uploaded file %(file)s was discarded.") % {"file": staged.file_name}
        )
        return redirect("indicators:import")
    context: dict[str, Any] = {"nav": "indicators", "staged": staged}
    try:
        report = _run(staged, request.user, dry_run=request.method != "POST")
    except ObservationImportError as e:
        context.update(errors=e.errors, total=e.total)
    except SourceError as e:
        context.update(problem=str(e))
    except (UnicodeDecodeError, json.JSONDecodeError, pd.errors.ParserError) as e:
        context.update(problem=_("The file cannot be read: %(problem)s") % {"problem": e})
    else:
        if request.method == "POST":
            discard_upload(staged)
            messages.success(request, _committed_message(staged, report))
            return redirect("indicators:batches")
        context["report"] = report
        return render(request, "indicators/import_preview.html", context)
    return render(request, "indicators/import_preview.html", context, status=400)


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
    return render(request, "indicators/batches.html", {"nav": "indicators", "page_obj": page})


@require_POST
@login_required
def rollback(request: HttpRequest, pk: int) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    batch = get_object_or_404(ImportBatch, pk=pk)
    try:
        rollback_batch(batch, actor=request.user)
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
