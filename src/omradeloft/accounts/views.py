from itertools import groupby

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omradeloft.accounts.models import RoleAssignment
from omradeloft.accounts.permissions import Action, acting_user, allowed_actions, can


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    assignments = list(
        RoleAssignment.objects.current()
        .filter(user=acting_user(request))
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
