"""The mid-term view of a programme's goal indicators."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from omradeloft.evaluation.midterm import midterm_rows
from omradeloft.evaluation.views.common import readable_programme, render_page


@require_safe
@login_required
def midterm(request: HttpRequest, programme: str) -> HttpResponse:
    found = readable_programme(request, programme)
    rows = midterm_rows(found, request.user)
    context = {
        "rows": rows,
        "here": _("Mid-term view"),
        "synthetic": any(row.indicator.is_synthetic for row in rows),
    }
    return render_page(request, "midterm.html", found, context)
