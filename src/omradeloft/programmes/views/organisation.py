"""Programme pages: bodies and their members, and the log of decisions.

Programme members read these pages; those who may edit the programme change them.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, acting_user, can
from omradeloft.core.downloads import table_response
from omradeloft.core.http import show_service_errors
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice
from omradeloft.programmes import contributions
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.organisation import (
    BodyForm,
    DecisionFilterForm,
    EndMembershipForm,
    MembershipForm,
)
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    Membership,
    Programme,
)
from omradeloft.programmes.services import organisation as services

TEMPLATES = "programmes/organisation"


def render_organisation_page(
    request: HttpRequest,
    programme: Programme,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm | None] = (),
    refused: bool = False,
) -> HttpResponse:
    """An organisation page: the programme's menu open at "organisation"."""
    return render_programme_page(
        request,
        programme,
        "organisation",
        f"{TEMPLATES}/{template}",
        context,
        forms=forms,
        refused=refused,
    )


def prefetch_links(
    request: HttpRequest, programme: Programme, decisions: QuerySet[Decision]
) -> QuerySet[Decision]:
    """`decisions` with the linked things of every contributed kind the user may read; the
    others stay unnamed."""
    links = contributions.registry.decision_links
    return decisions.prefetch_related(*(link.readable(request, programme) for link in links))


# Bodies


@login_required
def body_list(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
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
    return render_organisation_page(request, programme, "bodies.html", context)


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
    return render_organisation_page(
        request, programme, "body.html", context, forms=[member_form], refused=bool(problem)
    )


@login_required
def body_detail(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
    body = get_object_or_404(Body.objects.select_related("area"), pk=pk, programme=programme)
    return _render_body(request, programme, body)


@login_required
def body_edit(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme) if pk else None
    form = BodyForm(request.POST or None, instance=body)
    if request.method == "POST" and form.is_valid():
        try:
            if body is None:
                body = services.create_body(acting_user(request), programme, **form.cleaned_data)
            else:
                body = services.update_body(acting_user(request), body, **form.cleaned_data)
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            messages.success(request, _("The body was saved."))
            return redirect("programmes:body", code=programme.code, pk=body.pk)
    context = {"form": form, "body": body}
    return render_organisation_page(request, programme, "body_form.html", context, forms=[form])


@require_POST
@login_required
def membership_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    body = get_object_or_404(Body, pk=pk, programme=programme)
    form = MembershipForm(request.POST)
    if form.is_valid():
        try:
            services.add_membership(acting_user(request), body, **form.cleaned_data)
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            messages.success(request, _("The member was added."))
            return redirect("programmes:body", code=programme.code, pk=body.pk)
    return _render_body(request, programme, body, member_form=form)


@require_POST
@login_required
def membership_end(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    membership = get_object_or_404(
        Membership.objects.select_related("body"), pk=pk, body__programme=programme
    )
    form = EndMembershipForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(list(form.errors["valid_to"]))
        services.end_membership(
            acting_user(request), membership, last_day=form.cleaned_data["valid_to"]
        )
    except ValidationError as e:
        return _render_body(request, programme, membership.body, problem=" ".join(e.messages))
    messages.success(
        request, _("%(person)s's membership was ended.") % {"person": membership.person}
    )
    return redirect("programmes:body", code=programme.code, pk=membership.body_id)


# Meetings


# Decisions


@login_required
def decision_log(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
    form = DecisionFilterForm(request.GET or None, programme=programme)
    decisions = (
        Decision.objects.filter(meeting__body__programme=programme)
        .select_related("meeting__body")
        .order_by("-meeting__date", "meeting__body__name", "pk")
    )
    decisions = prefetch_links(request, programme, decisions)
    links = contributions.registry.decision_links
    if form.is_valid():
        if form.cleaned_data["body"]:
            decisions = decisions.filter(meeting__body=form.cleaned_data["body"])
        if text := form.cleaned_data["q"].strip():
            decisions = decisions.filter(Q(text__icontains=text) | Q(number__icontains=text))
    if choice(request, "format", {"csv"}, None) and not form.errors:
        columns = [_("Body"), _("Meeting date"), _("Number"), _("Decision")]
        columns += [link.heading() for link in links]
        rows = [
            [
                localized(d.meeting.body, "name"),
                d.meeting.date.isoformat(),
                d.number,
                d.text,
                *(link.csv_cell(d) for link in links),
            ]
            for d in decisions
        ]
        return table_response(columns, rows, "csv", f"{programme.code}-decisions")
    query = request.GET.copy()
    query["format"] = "csv"
    context = {
        "form": form,
        "decisions": decisions,
        "decision_links": links,
        "csv_query": query.urlencode(),
    }
    return render_organisation_page(request, programme, "decisions.html", context, forms=[form])
