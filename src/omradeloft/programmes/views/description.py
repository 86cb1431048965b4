"""Programme pages: the programme description, its published versions, what changed between
two of them, and the description for print and as a Word document.

Everyone reads published versions. The live draft, built from the data as it is now, is for
those who may edit the programme: they read it, compare it with the latest version and
publish it.
"""

import re
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, can, require
from omradeloft.core.http import page_status, show_service_errors
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice, text
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.description import Section, assemble
from omradeloft.programmes.description_diff import diff_descriptions
from omradeloft.programmes.description_docx import description_docx
from omradeloft.programmes.models import DescriptionVersion, Programme
from omradeloft.programmes.services.description import NOTE_MAX_LENGTH, publish_version

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DRAFT = "draft"
MAX_VERSION_DIGITS = 9
DEMO_NOTICE = gettext_lazy(
    "This programme is demo content: it shows how the platform works and is not official "
    "information."
)


class PublishForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note"),
        help_text=gettext_lazy("What changed since the last version, in a sentence."),
        max_length=NOTE_MAX_LENGTH,
        required=False,
    )


class ComparisonError(Exception):
    """The versions asked for cannot be compared; the message says why."""


def _language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _sections_of(version: DescriptionVersion) -> tuple[list[Section], str]:
    """The version's sections in the reader's language (bokmål if it lacks that one)."""
    language = _language()
    if language not in version.content:
        language = settings.LANGUAGE_CODE
    return version.content[language], language


def _latest(programme: Programme) -> DescriptionVersion | None:
    return programme.description_versions.select_related("published_by").order_by("-number").first()


def _version(programme: Programme, number: int) -> DescriptionVersion:
    return get_object_or_404(
        DescriptionVersion.objects.select_related("published_by"),
        programme=programme,
        number=number,
    )


def _refuse_draft(request: HttpRequest, programme: Programme) -> HttpResponse | None:
    """A login redirect for visitors, PermissionDenied for users who may not edit, or None."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    require(request.user, Action.EDIT_PROGRAMME, programme=programme)
    return None


def _page(request: HttpRequest, programme: Programme, **extra: Any) -> dict[str, Any]:
    return programme_context(request, programme, "description") | extra


def description(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    return _render_current(request, programme, PublishForm())


def _render_current(
    request: HttpRequest, programme: Programme, form: PublishForm, status: int = 200
) -> HttpResponse:
    may_edit = can(request.user, Action.EDIT_PROGRAMME, programme=programme)
    latest = _latest(programme)
    context = _page(request, programme, may_edit=may_edit, latest=latest)
    if may_edit:
        context |= {
            "sections": assemble(programme, _language()),
            "content_language": _language(),
            "form": form,
        }
    elif latest is not None:
        sections, language = _sections_of(latest)
        context |= {"sections": sections, "content_language": language}
    return render(request, "programmes/description/current.html", context, status=status)


@require_POST
@login_required
def publish(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = publish_version(request.user, programme, form.cleaned_data["note"])
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request, _("Version %(number)d was published.") % {"number": version.number}
            )
            return redirect("programmes:description", code=programme.code)
    return _render_current(request, programme, form, status=page_status(form))


def versions(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    published = list(programme.description_versions.select_related("published_by"))
    may_edit = can(request.user, Action.EDIT_PROGRAMME, programme=programme)
    context = _page(
        request,
        programme,
        versions=published,
        may_compare_draft=may_edit,
        may_compare=len(published) >= 2 or (may_edit and bool(published)),
    )
    return render(request, "programmes/description/versions.html", context)


def version(request: HttpRequest, code: str, number: int) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    shown = _version(programme, number)
    sections, language = _sections_of(shown)
    context = _page(request, programme, version=shown, sections=sections, content_language=language)
    return render(request, "programmes/description/version.html", context)


def compare(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    raw_from, raw_to = (text(request, name, max_length=40) for name in ("from", "to"))
    if raw_to == DRAFT and (refusal := _refuse_draft(request, programme)):
        return refusal
    try:
        old, old_label = _comparable(programme, raw_from, "from")
        new, new_label = _comparable(programme, raw_to, "to", allow_draft=True)
        if old_label == new_label:
            raise ComparisonError(_("Choose two different versions to compare."))
    except ComparisonError as error:
        context = _page(request, programme, error=str(error))
        return render(request, "programmes/description/diff.html", context, status=400)
    context = _page(
        request,
        programme,
        diff=diff_descriptions(old, new),
        old_label=old_label,
        new_label=new_label,
        to_draft=raw_to == DRAFT,
    )
    return render(request, "programmes/description/diff.html", context)


def _comparable(
    programme: Programme, raw: str, name: str, *, allow_draft: bool = False
) -> tuple[list[Section], str]:
    """The sections and a label for one end of a comparison, from a query parameter (the
    caller has checked that whoever asks for the draft may read it)."""
    if allow_draft and raw == DRAFT:
        return assemble(programme, _language()), _("the draft")
    expected = _("a version number or “draft”") if allow_draft else _("a version number")
    if not raw:
        raise ComparisonError(
            _("Choose the two versions to compare: “%(name)s” is missing; expected %(expected)s.")
            % {"name": name, "expected": expected}
        )
    if not re.fullmatch(r"[0-9]+", raw):
        raise ComparisonError(
            _("“%(name)s” must be %(expected)s, not “%(value)s”.")
            % {"name": name, "expected": expected, "value": raw}
        )
    # Far larger than any version; also beyond what the database's integers hold.
    found = (
        programme.description_versions.filter(number=int(raw)).first()
        if len(raw) <= MAX_VERSION_DIGITS
        else None
    )
    if found is None:
        raise ComparisonError(
            _("There is no version %(number)s of this programme description.") % {"number": raw}
        )
    return _sections_of(found)[0], _("version %(number)d") % {"number": found.number}


def _document(
    request: HttpRequest, programme: Programme, number: int | None
) -> dict[str, Any] | HttpResponse:
    """What an export shows: a published version, or the draft for those who may edit."""
    title = _("Programme description – %(programme)s") % {"programme": localized(programme, "name")}
    if number is None:
        if refusal := _refuse_draft(request, programme):
            return refusal
        today = timezone.localdate().isoformat()
        return {
            "title": title,
            "subtitle": _("Draft, not published (%(date)s)") % {"date": today},
            "sections": assemble(programme, _language()),
            "language": _language(),
            "file_stem": f"{programme.code}-description-draft",
        }
    shown = _version(programme, number)
    sections, language = _sections_of(shown)
    published = timezone.localtime(shown.published_at).date().isoformat()
    return {
        "title": title,
        "subtitle": _("Version %(number)d, published %(date)s")
        % {"number": shown.number, "date": published},
        "sections": sections,
        "language": language,
        "file_stem": f"{programme.code}-description-v{shown.number}",
    }


def print_view(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    document = _document(request, programme, number)
    if isinstance(document, HttpResponse):
        return document
    context = document | {"programme": programme, "demo_notice": DEMO_NOTICE}
    response = render(request, "programmes/description/print.html", context)
    if choice(request, "download", {"1"}, None):
        filename = f"{document['file_stem']}.html"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def docx_view(request: HttpRequest, code: str, number: int | None = None) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    document = _document(request, programme, number)
    if isinstance(document, HttpResponse):
        return document
    content = description_docx(
        title=document["title"],
        subtitle=document["subtitle"],
        sections=document["sections"],
        notice=str(DEMO_NOTICE) if programme.is_demo else "",
        language=document["language"],
    )
    response = HttpResponse(content, content_type=DOCX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{document["file_stem"]}.docx"'
    return response
