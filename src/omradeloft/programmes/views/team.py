"""The programme's people: who holds which role, for programme administrators to manage."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.models import RoleAssignment
from omradeloft.accounts.permissions import Action, acting_user, can, require
from omradeloft.accounts.services import assign_role, revoke_role
from omradeloft.core.http import render_form_page, show_service_errors
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.forms.team import RoleAssignmentForm


@login_required
def team(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.VIEW_WORKSPACE)
    may_manage = can(request.user, Action.MANAGE_ROLES, programme=programme)
    form = RoleAssignmentForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        require(request.user, Action.MANAGE_ROLES, programme=programme)
        assert form is not None  # whoever may manage roles has the form
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
                show_service_errors(form, e)
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
    return render_form_page(request, "programmes/team.html", context, forms=[form])


@require_POST
@login_required
def revoke(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    assignment = get_object_or_404(RoleAssignment, pk=pk, programme=programme)
    revoke_role(acting_user(request), assignment)
    messages.success(request, _("The role was taken away."))
    return redirect("programmes:team", code=programme.code)
