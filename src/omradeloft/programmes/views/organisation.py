"""Programme pages: bodies, their members and meetings, and the log of decisions.

Programme members read these pages; those who may edit the programme change them.
"""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Prefetch, Q, Subquery
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, can, require
from omradeloft.core.i18n import localized
from omradeloft.indicators.downloads import table_response
from omradeloft.measures.access import visible_measures
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    MeetingAttachment,
    Membership,
    Programme,
)
from omradeloft.programmes.organisation_forms import (
    AttachmentForm,
    AttendanceForm,
    BodyForm,
    DecisionFilterForm,
    DecisionForm,
    EndMembershipForm,
    MeetingForm,
    MembershipForm,
)
from omradeloft.programmes.services import organisation as services

TEMPLATES = "programmes/organisation"


def _programme(request: HttpRequest, code: str, action: Action) -> Programme:
    programme = get_object_or_404(Programme, code=code)
    require(request.user, action, programme=programme)
    return programme


def _page(
    request: HttpRequest,
    programme: Programme,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    context = programme_context(request, programme, "organisation") | context
    return render(request, f"{TEMPLATES}/{template}", context, status=status)


def _add_errors(form: Form, error: ValidationError) -> None:
    """Put a service's errors on the form's fields where it has them, else on the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for field, errors in error.error_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _visible_measures(request: HttpRequest, programme: Programme) -> Prefetch:
    """Linked measures the user may read; the others stay unnamed."""
    return Prefetch("measures", queryset=visible_measures(request.user, programme))


# Bodies


@login_required
def body_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code, Action.VIEW_WORKSPACE)
    today = timezone.localdate()
    meetings = Meeting.objects.filter(body=OuterRef("pk"))
    upcoming = meetings.filter(date__gte=today).order_by("date", "pk")
    held = meetings.filter(date__lt=today).order_by("-date", "-pk")
    rows = list(
        programme.bodies.select_related("area")
        .annotate(
            member_count=Count("memberships", filter=services.valid_on(today, "memberships__")),
            next_meeting_id=Subquery(upcoming.values("pk")[:1]),
            next_meeting_date=Subquery(upcoming.values("date")[:1]),
            last_meeting_id=Subquery(held.values("pk")[:1]),
            last_meeting_date=Subquery(held.values("date")[:1]),
        )
        .order_by("name")
    )
    groups = [(label, [b for b in rows if b.kind == kind]) for kind, label in BodyKind.choices]
    context = {
        "groups": [(label, bodies) for label, bodies in groups if bodies],
        "may_edit": can(request.user, Action.EDIT_PROGRAMME, programme=programme),
    }
    return _page(request, programme, "bodies.html", context)


def _render_body(
    request: HttpRequest,
    programme: Programme,
    body: Body,
    *,
    member_form: MembershipForm | None = None,
    problem: str = "",
) -> HttpResponse:
    today = timezone.localdate()
    memberships = list(
        body.memberships.select_related("organisation").order_by("role", "person", "valid_from")
    )
    may_edit = can(request.user, Action.EDIT_PROGRAMME, programme=programme)
    context = {
        "body": body,
        "current_members": [m for m in memberships if m.valid_to is None or m.valid_to >= today],
        "former_members": [m for m in memberships if m.valid_to and m.valid_to < today],
        "meetings": body.meetings.annotate(decision_count=Count("decisions")).order_by("-date"),
        "may_edit": may_edit,
        "member_form": (member_form or MembershipForm()) if may_edit else None,
        "today": today,
        "problem": problem,
    }
    status = 400 if problem or (member_form and member_form.errors) else 200
    return _page(request, programme, "body.html", context, status=status)


@login_required
def body_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.VIEW_WORKSPACE)
    body = get_object_or_404(Body.objects.select_related("area"), pk=pk, programme=programme)
    return _render_body(request, programme, body)


@login_required
def body_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            if body is None:
                body = services.create_body(request.user, programme, **form.cleaned_data)
            else:
                body = services.update_body(request.user, body, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("programmes:body", code=programme.code, pk=body.pk)
    context = {"form": form, "body": body}
    return _page(request, programme, "body_form.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def membership_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.add_membership(request.user, body, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The member was added."))
            return redirect("programmes:body", code=programme.code, pk=body.pk)
    return _render_body(request, programme, body, member_form=form)


@require_POST
@login_required
def membership_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    membership = get_object_or_404(
        Membership.objects.select_related("body"), pk=pk, body__programme=programme
    )
    form = EndMembershipForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["valid_to"])
        services.end_membership(request.user, membership, last_day=form.cleaned_data["valid_to"])
    except ValidationError as e:
        return _render_body(request, programme, membership.body, problem=" ".join(e.messages))
    messages.success(
        request, _("%(person)s's membership was ended.") % {"person": membership.person}
    )
    return redirect("programmes:body", code=programme.code, pk=membership.body_id)


# Meetings


def _meeting(programme: Programme, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("body"), pk=pk, body__programme=programme
    )


def _render_meeting(
    request: HttpRequest,
    programme: Programme,
    meeting: Meeting,
    *,
    attendance_form: AttendanceForm | None = None,
    decision_form: DecisionForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    eligible = list(
        meeting.body.memberships.filter(services.valid_on(meeting.date))
        .select_related("organisation")
        .order_by("role", "person")
    )
    present_ids = set(meeting.attendees.values_list("pk", flat=True))
    if attendance_form is not None and attendance_form.is_bound:
        checked = {str(v) for v in attendance_form.data.getlist("present")}
    else:
        checked = {str(pk) for pk in present_ids}
    may_edit = can(request.user, Action.EDIT_PROGRAMME, programme=programme)
    forms = [attendance_form, decision_form, attachment_form]
    context = {
        "body": meeting.body,
        "meeting": meeting,
        "agenda_items": [line.strip() for line in meeting.agenda.splitlines() if line.strip()],
        "present": [m for m in eligible if m.pk in present_ids],
        "absent": [m for m in eligible if m.pk not in present_ids],
        "eligible": [(m, str(m.pk) in checked) for m in eligible],
        "decisions": meeting.decisions.prefetch_related(_visible_measures(request, programme)),
        "attachments": meeting.attachments.select_related("uploaded_by"),
        "may_edit": may_edit,
    }
    if may_edit:
        context["attendance_form"] = attendance_form or AttendanceForm(body=meeting.body)
        context["decision_form"] = decision_form or DecisionForm(programme=programme)
        context["attachment_form"] = attachment_form or AttachmentForm()
    status = 400 if any(form is not None and form.errors for form in forms) else 200
    return _page(request, programme, "meeting.html", context, status=status)


@login_required
def meeting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.VIEW_WORKSPACE)
    return _render_meeting(request, programme, _meeting(programme, pk))


def _meeting_form(
    request: HttpRequest, programme: Programme, body: Body, meeting: Meeting | None
) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.create_meeting(request.user, body, **form.cleaned_data)
            else:
                meeting = services.update_meeting(request.user, meeting, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    context = {"form": form, "body": body, "meeting": meeting}
    status = 400 if form.errors else 200
    return _page(request, programme, "meeting_form.html", context, status=status)


@login_required
def meeting_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme)
    return _meeting_form(request, programme, body, None)


@login_required
def meeting_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    return _meeting_form(request, programme, meeting.body, meeting)


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = AttendanceForm(request.POST, body=meeting.body)
    if form.is_valid():
        try:
            services.set_attendance(request.user, meeting, form.cleaned_data["present"])
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    return _render_meeting(request, programme, meeting, attendance_form=form)


@require_POST
@login_required
def decision_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = DecisionForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.add_decision(request.user, meeting, **form.cleaned_data)
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    return _render_meeting(request, programme, meeting, decision_form=form)


@require_POST
@login_required
def meeting_attachment_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_meeting_attachment(
                request.user,
                meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as e:
            _add_errors(form, e)
        else:
            messages.success(request, _("The document was added."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    return _render_meeting(request, programme, meeting, attachment_form=form)


def _attachment(programme: Programme, pk: int) -> MeetingAttachment:
    return get_object_or_404(
        MeetingAttachment.objects.select_related("meeting__body"),
        pk=pk,
        meeting__body__programme=programme,
    )


@login_required
def meeting_attachment(request: HttpRequest, code: str, pk: int) -> FileResponse:
    programme = _programme(request, code, Action.VIEW_WORKSPACE)
    attachment = _attachment(programme, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document's file is missing.")) from None
    return FileResponse(handle, as_attachment=True, filename=Path(attachment.file.name).name)


@require_POST
@login_required
def meeting_attachment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = _programme(request, code, Action.EDIT_PROGRAMME)
    attachment = _attachment(programme, pk)
    services.delete_meeting_attachment(request.user, attachment)
    messages.success(request, _("“%(title)s” was removed.") % {"title": attachment.title})
    return redirect("programmes:meeting", code=programme.code, pk=attachment.meeting_id)


# Decisions


@login_required
def decision_log(request: HttpRequest, code: str) -> HttpResponse:
    programme = _programme(request, code, Action.VIEW_WORKSPACE)
    form = DecisionFilterForm(request.GET or None, programme=programme)
    decisions = (
        Decision.objects.filter(meeting__body__programme=programme)
        .select_related("meeting__body")
        .prefetch_related(_visible_measures(request, programme))
        .order_by("-meeting__date", "meeting__body__name", "pk")
    )
    if form.is_valid():
        if form.cleaned_data["body"]:
            decisions = decisions.filter(meeting__body=form.cleaned_data["body"])
        if text := form.cleaned_data["q"].strip():
            decisions = decisions.filter(Q(text__icontains=text) | Q(number__icontains=text))
    if request.GET.get("format") == "csv" and not form.errors:
        columns = [_("Body"), _("Meeting date"), _("Number"), _("Decision"), _("Measures")]
        rows = [
            [
                localized(d.meeting.body, "name"),
                d.meeting.date.isoformat(),
                d.number,
                d.text,
                "; ".join(f"{m.code}: {localized(m, 'title')}" for m in d.measures.all()),
            ]
            for d in decisions
        ]
        return table_response(columns, rows, "csv", f"{programme.code}-decisions")
    query = request.GET.copy()
    query["format"] = "csv"
    context = {"form": form, "decisions": decisions, "csv_query": query.urlencode()}
    return _page(request, programme, "decisions.html", context, status=400 if form.errors else 200)


BODY = "<slug:code>/bodies/<int:pk>/"
MEETING = "<slug:code>/meetings/<int:pk>/"
DOCUMENT = "<slug:code>/meeting-documents/<int:pk>/"
urlpatterns: list[URLPattern] = [
    path("<slug:code>/bodies/", body_list, name="bodies"),
    path("<slug:code>/bodies/new/", body_edit, name="body_new"),
    path(BODY, body_detail, name="body"),
    path(f"{BODY}edit/", body_edit, name="body_edit"),
    path(f"{BODY}members/", membership_add, name="membership_add"),
    path("<slug:code>/members/<int:pk>/end/", membership_end, name="membership_end"),
    path(f"{BODY}meetings/new/", meeting_new, name="meeting_new"),
    path(MEETING, meeting_detail, name="meeting"),
    path(f"{MEETING}edit/", meeting_edit, name="meeting_edit"),
    path(f"{MEETING}attendance/", meeting_attendance, name="meeting_attendance"),
    path(f"{MEETING}decisions/", decision_add, name="decision_add"),
    path(f"{MEETING}documents/", meeting_attachment_add, name="meeting_attachment_add"),
    path(DOCUMENT, meeting_attachment, name="meeting_attachment"),
    path(f"{DOCUMENT}delete/", meeting_attachment_delete, name="meeting_attachment_delete"),
    path("<slug:code>/decisions/", decision_log, name="decisions"),
]
