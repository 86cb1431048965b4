from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from omradeloft.accounts.models import RoleAssignment
from omradeloft.accounts.permissions import Action, allowed_actions, can
from omradeloft.core.models import AuditEntry
from omradeloft.core.params import page_number


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assignments = list(
        RoleAssignment.objects.current()
        .filter(user=request.user)
        .select_related("programme")
        .prefetch_related("areas")
        .order_by("programme__name", "role")
    )
    programmes = [
        {
            "programme": programme,
            "assignments": list(items),
            "actions": [a.label for a in allowed_actions(request.user, programme)],
        }
        for programme, items in groupby(assignments, key=lambda a: a.programme)
    ]
    context = {
        "nav": "profile",
        "programmes": programmes,
        "may_read_audit_log": can(request.user, Action.VIEW_AUDIT_LOG),
    }
    return render(request, "accounts/profile.html", context)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not can(request.user, Action.VIEW_AUDIT_LOG):
        raise PermissionDenied(_("Only coordinators and evaluators may read the audit log."))
    entries = AuditEntry.objects.select_related("actor", "content_type")
    page = Paginator(entries, 50).get_page(page_number(request))
    return render(request, "accounts/audit_log.html", {"page_obj": page})
