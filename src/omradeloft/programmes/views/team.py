"""The programme's people: who holds which role, for programme administrators to manage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.models import RoleAssignment
from omradeloft.accounts.permissions import Action, acting_user, can, require
from omradeloft.accounts.services import assign_role, revoke_role
from omradeloft.programmes.forms.team import RoleAssignmentForm
from omradeloft.programmes.models import Programme


@login_required
def team(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_object_or_404(Programme, code=code)
    require(request.user, Action.VIEW_WORKSPACE, programme=programme)
    may_manage = can(request.user, Action.MANAGE_ROLES, programme=programme)
    form = RoleAssignmentForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        require(request.user, Action.MANAGE_ROLES, programme=programme)
        if form.is_valid():
            data = form.cleaned_data
            try:
                assign_role(
                    acting_user(request),
                    user=data["user"],
                    programme=programme,
                    role=data["role"],
                    areas=data["area_codes"],
                    valid_from=data["valid_from"],
                    valid_to=data["valid_to"],
                )
            except ValidationError as e:
                form.add_error(None, e)
            else:
                messages.success(request, _("The role was given."))
                return redirect("programmes:team", code=programme.code)
    assignments = (
        RoleAssignment.objects.filter(programme=programme)
        .select_related("user__organisation")
        .prefetch_related("areas")
        .order_by("role", "user__username")
    )
    context = {
        "nav": "programmes",
        "programme": programme,
        "assignments": assignments,
        "form": form,
        "may_manage": may_manage,
    }
    return render(
        request, "programmes/team.html", context, status=400 if form and form.errors else 200
    )


@require_POST
@login_required
def revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = get_object_or_404(Programme, code=code)
    assignment = get_object_or_404(RoleAssignment, pk=pk, programme=programme)
    revoke_role(acting_user(request), assignment)
    messages.success(request, _("The role was taken away."))
    return redirect("programmes:team", code=programme.code)


urlpatterns = [
    path("<slug:code>/team/", team, name="team"),
    path("<slug:code>/team/<int:pk>/revoke/", revoke, name="revoke"),
]
