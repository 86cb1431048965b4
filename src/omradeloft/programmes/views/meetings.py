"""Programme pages: meetings of the programme's bodies, with attendance, decisions and
documents. Programme members read them; those who may edit the programme change them."""

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, acting_user, can
from omradeloft.core.http import show_service_errors
from omradeloft.programmes import contributions
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.forms.organisation import (
    AttachmentForm,
    AttendanceForm,
    DecisionForm,
    MeetingForm,
)
from omradeloft.programmes.models import Body, Meeting, MeetingAttachment, Programme
from omradeloft.programmes.services import organisation as services
from omradeloft.programmes.views.organisation import (
    prefetch_links,
    render_organisation_page,
)


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
        posted = attendance_form.data
        assert isinstance(posted, QueryDict)  # the form is bound to request.POST
        checked = {str(v) for v in posted.getlist("present")}
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
        "decisions": prefetch_links(request, programme, meeting.decisions.all()),
        "decision_links": contributions.registry.decision_links,
        "attachments": meeting.attachments.select_related("uploaded_by"),
        "may_edit": may_edit,
    }
    if may_edit:
        context["attendance_form"] = attendance_form or AttendanceForm(body=meeting.body)
        context["decision_form"] = decision_form or DecisionForm(programme=programme)
        context["attachment_form"] = attachment_form or AttachmentForm()
    return render_organisation_page(request, programme, "meeting.html", context, forms=forms)


@login_required
def meeting_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
    return _render_meeting(request, programme, _meeting(programme, pk))


def _meeting_form(
    request: HttpRequest, programme: Programme, body: Body, meeting: Meeting | None
) -> HttpResponse:
    form = MeetingForm(request.POST or None, instance=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            if meeting is None:
                meeting = services.create_meeting(acting_user(request), body, **form.cleaned_data)
            else:
                meeting = services.update_meeting(
                    acting_user(request), meeting, **form.cleaned_data
                )
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    context = {"form": form, "body": body, "meeting": meeting}
    return render_organisation_page(request, programme, "meeting_form.html", context, forms=[form])


@login_required
def meeting_new(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme)
    return _meeting_form(request, programme, body, None)


@login_required
def meeting_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    return _meeting_form(request, programme, meeting.body, meeting)


@require_POST
@login_required
def meeting_attendance(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = AttendanceForm(request.POST, body=meeting.body)
    if form.is_valid():
        try:
            services.set_attendance(acting_user(request), meeting, form.cleaned_data["present"])
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            messages.success(request, _("The attendance was saved."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    return _render_meeting(request, programme, meeting, attendance_form=form)


@require_POST
@login_required
def decision_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = DecisionForm(request.POST, programme=programme)
    if form.is_valid():
        try:
            services.add_decision(acting_user(request), meeting, **form.cleaned_data)
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("programmes:meeting", code=programme.code, pk=meeting.pk)
    return _render_meeting(request, programme, meeting, decision_form=form)


@require_POST
@login_required
def meeting_attachment_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    meeting = _meeting(programme, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.add_meeting_attachment(
                acting_user(request),
                meeting,
                upload=form.cleaned_data["file"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as e:
            show_service_errors(form, e)
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
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
    attachment = _attachment(programme, pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The document's file is missing.")) from None
    name = attachment.file.name
    assert name is not None  # the file is required, and it just opened
    return FileResponse(handle, as_attachment=True, filename=Path(name).name)


@require_POST
@login_required
def meeting_attachment_delete(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    attachment = _attachment(programme, pk)
    services.delete_meeting_attachment(acting_user(request), attachment)
    messages.success(request, _("“%(title)s” was removed.") % {"title": attachment.title})
    return redirect("programmes:meeting", code=programme.code, pk=attachment.meeting_id)
