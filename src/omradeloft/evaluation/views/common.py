"""What every evaluation page shares: the programme menu, the design, and a run's headline
estimate in words."""

from collections.abc import Iterable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from omradeloft.accounts.permissions import Action, can
from omradeloft.evaluation.access import readable_runs
from omradeloft.evaluation.models import (
    EvaluationDesign,
    EvaluationRun,
    FailureReason,
    Method,
    RunStatus,
)
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.models import Programme


def may_manage(request: HttpRequest, programme: Programme) -> bool:
    return can(request.user, Action.MANAGE_EVALUATIONS, programme=programme)


def find_design(programme: Programme, code: str) -> EvaluationDesign:
    design = get_object_or_404(EvaluationDesign, programme=programme, code=code)
    design.programme = programme
    return design


def render_evaluation_page(
    request: HttpRequest,
    programme: Programme,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm | None] = (),
    refused: bool = False,
) -> HttpResponse:
    """An evaluation page: the programme's menu open at "evaluation"."""
    return render_programme_page(
        request,
        programme,
        "evaluation",
        f"evaluation/{template}",
        context,
        forms=forms,
        refused=refused,
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
    result = run.result
    if result.get("att") is not None:
        low, high = result.get("ci") or (None, None)
        if low is None or high is None:
            return _("Effect %(att)s") % {"att": _number(result["att"])}
        return _("Effect %(att)s (95 %% CI %(low)s to %(high)s)") % {
            "att": _number(result["att"]),
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
