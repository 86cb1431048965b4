"""What every evaluation page shares: who may open it, the programme menu, and a run's
headline estimate in words."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from omradeloft.accounts.permissions import Action, can, require
from omradeloft.evaluation.access import readable_runs
from omradeloft.evaluation.models import (
    EvaluationDesign,
    EvaluationRun,
    FailureReason,
    Method,
    RunStatus,
)
from omradeloft.evaluation.results import stored_result
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.models import Programme


def readable_programme(request: HttpRequest, code: str) -> Programme:
    """The programme, if the user may read its internal pages (PermissionDenied otherwise)."""
    programme = get_object_or_404(Programme, code=code)
    require(request.user, Action.VIEW_WORKSPACE, programme=programme)
    return programme


def managed_programme(request: HttpRequest, code: str) -> Programme:
    """The programme, if the user may set up and run its evaluations."""
    programme = get_object_or_404(Programme, code=code)
    require(request.user, Action.MANAGE_EVALUATIONS, programme=programme)
    return programme


def may_manage(request: HttpRequest, programme: Programme) -> bool:
    return can(request.user, Action.MANAGE_EVALUATIONS, programme=programme)


def find_design(programme: Programme, code: str) -> EvaluationDesign:
    design = get_object_or_404(EvaluationDesign, programme=programme, code=code)
    design.programme = programme
    return design


def render_page(
    request: HttpRequest,
    template: str,
    programme: Programme,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """`template` with the programme's menu open at "evaluation"."""
    return render(
        request,
        f"evaluation/{template}",
        programme_context(request, programme, "evaluation") | context,
        status=status,
    )


def _number(value: float) -> str:
    return floatformat(value, 2)


def headline(run: EvaluationRun) -> str:
    """The run's estimate in one line, or why there is none."""
    if run.status == RunStatus.FAILED and run.failure_reason == FailureReason.INTERRUPTED:
        return _("No estimate: the run was interrupted.")
    if run.status == RunStatus.FAILED:
        return _("No estimate: the run failed.")
    if run.status != RunStatus.DONE or not run.result:
        return ""
    result = stored_result(run.result)
    if (att := result.get("att")) is not None:
        low, high = result.get("ci") or (None, None)
        if low is None or high is None:
            return _("Effect %(att)s") % {"att": _number(att)}
        return _("Effect %(att)s (95 %% CI %(low)s to %(high)s)") % {
            "att": _number(att),
            "low": _number(low),
            "high": _number(high),
        }
    if run.method == Method.SYNTHETIC_CONTROL and result.get("gaps"):
        start = result.get("treatment_period", "")
        after = [v for p, v in result["gaps"].items() if p >= start and v is not None]
        if after:
            return _("Mean gap after the start %(gap)s") % {"gap": _number(sum(after) / len(after))}
    return ""


def latest_runs(user, design: EvaluationDesign) -> list[EvaluationRun]:
    """The newest run `user` may read of each method and outcome of the design."""
    seen: set[tuple[str, int]] = set()
    latest = []
    runs = readable_runs(user, design.runs.select_related("outcome"))
    for run in runs.order_by("-created_at", "-pk"):
        key = (run.method, run.outcome_id)
        if key not in seen:
            seen.add(key)
            run.headline = headline(run)
            latest.append(run)
    return sorted(latest, key=lambda run: (run.outcome.code, run.method))
