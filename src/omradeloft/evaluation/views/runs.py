"""A run's page (status, provenance and result), the status the page polls, and "Run again"."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from omradeloft.accounts.permissions import Action, acting_user
from omradeloft.areas.models import Area
from omradeloft.evaluation.access import get_run_for_view
from omradeloft.evaluation.exports import result_csv
from omradeloft.evaluation.failures import failure_lines
from omradeloft.evaluation.models import EvaluationRun, RunStatus
from omradeloft.evaluation.presentation import result_context
from omradeloft.evaluation.services import fail_stale_runs, rerun
from omradeloft.evaluation.views.common import (
    find_design,
    headline,
    may_manage,
    render_evaluation_page,
)
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.models import Programme

UNFINISHED = (RunStatus.QUEUED, RunStatus.RUNNING)


def _find_run(request: HttpRequest, programme: Programme, design: str, pk: int) -> EvaluationRun:
    return get_run_for_view(request.user, find_design(programme, design), pk)


def _result_context(run: EvaluationRun) -> dict[str, Any]:
    """The result as `evaluation.presentation` arranges it for "evaluation/_result.html"."""
    if run.status != RunStatus.DONE or not run.result:
        return {}

    def table_url(table: str) -> str:
        design = run.design
        return reverse(
            "evaluation:run_table", args=[design.programme.code, design.code, run.pk, table]
        )

    result = result_context(run, table_url=table_url, heading=2)
    has_figure = any(result.get(f"{name}_figure") for name in ("path", "gaps", "coefficients"))
    return {"result": result, "has_figure": has_figure}


@login_required
@require_GET
def run(request: HttpRequest, programme: str, design: str, pk: int) -> HttpResponse:
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    fail_stale_runs()
    run_obj = _find_run(request, found, design, pk)
    run_obj.headline = headline(run_obj)
    treated = Area.objects.filter(code__in=run_obj.spec.get("treated", []))
    if level := run_obj.spec.get("level"):
        treated = treated.filter(level__code=level)
    context = {
        "design": run_obj.design,
        "run": run_obj,
        "treated": treated.order_by("code"),
        "unfinished": run_obj.status in UNFINISHED,
        "may_manage": may_manage(request, found),
        "failure_lines": failure_lines(run_obj),
    } | _result_context(run_obj)
    return render_evaluation_page(request, found, "run.html", context)


@login_required
@require_GET
def run_table(
    request: HttpRequest, programme: str, design: str, pk: int, table: str
) -> HttpResponse:
    """One of the result's tables as CSV: the rows the run page shows."""
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    return result_csv(_find_run(request, found, design, pk), table)


@login_required
@require_GET
def run_status(request: HttpRequest, programme: str, design: str, pk: int) -> JsonResponse:
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    fail_stale_runs()
    run_obj = _find_run(request, found, design, pk)
    return JsonResponse(
        {
            "status": run_obj.status,
            "status_label": run_obj.get_status_display(),
            "progress": run_obj.progress,
            "finished": run_obj.status not in UNFINISHED,
        }
    )


@login_required
@require_POST
def run_again(request: HttpRequest, programme: str, design: str, pk: int) -> HttpResponse:
    found = programme_for(request, programme, Action.MANAGE_EVALUATIONS)
    again = rerun(acting_user(request), _find_run(request, found, design, pk))
    messages.success(request, _("The run was started again."))
    return redirect("evaluation:run", found.code, design, again.pk)
