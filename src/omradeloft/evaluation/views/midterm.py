"""The mid-term view of a programme's goal indicators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from omradeloft.accounts.permissions import Action
from omradeloft.evaluation.midterm import midterm_rows
from omradeloft.evaluation.views.common import render_evaluation_page
from omradeloft.programmes.access import programme_for


@require_safe
@login_required
def midterm(request: HttpRequest, programme: str) -> HttpResponse:
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    rows = midterm_rows(found, request.user)
    context = {
        "rows": rows,
        "here": _("Mid-term view"),
        "synthetic": any(row.indicator.is_synthetic for row in rows),
    }
    return render_evaluation_page(request, found, "midterm.html", context)
