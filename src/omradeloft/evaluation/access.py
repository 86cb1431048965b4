"""Who may read which evaluation runs; every page, download, chart, list and report of runs
asks here.

A run made from published data passed disclosure control: whoever may read the programme's
evaluation pages reads it. A run made from unsuppressed data (`DataLevel.UNSUPPRESSED`) may
show suppressed values, or numbers derived from them, anywhere in its result; it is read only
by those who may see unsuppressed statistics in every area (analysts whose role is not
limited to areas, and superusers), since a run's comparison areas may lie anywhere on its
level. To everyone else such a run does not exist: it is left out of lists and "latest"
estimates, and its addresses answer 404.

Whether a user may read the programme's pages at all is `programmes.access.programme_for`.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from omradeloft.evaluation.models import EvaluationDesign, EvaluationRun
from omradeloft.indicators.presentation import Viewer


def may_use_unsuppressed(user) -> bool:
    """May `user` start runs on unsuppressed data and read their results?"""
    return user is not None and Viewer(user).sees_everything


def readable_runs(user, runs: QuerySet[EvaluationRun] | None = None) -> QuerySet[EvaluationRun]:
    """Those of `runs` (default: every run) whose results `user` may read; `user` None (a
    published report) reads the runs made from published data."""
    runs = EvaluationRun.objects.all() if runs is None else runs
    return runs if may_use_unsuppressed(user) else runs.published()


def get_run_for_view(user, design: EvaluationDesign, pk: int) -> EvaluationRun:
    """The run `pk` of `design`, or 404 when there is none or `user` may not read it (so that
    runs made from unsuppressed data do not reveal that they exist)."""
    runs = readable_runs(user, design.runs.select_related("outcome", "requested_by"))
    try:
        run = runs.get(pk=pk)
    except EvaluationRun.DoesNotExist:
        raise Http404(_("No such run.")) from None
    run.design = design
    return run
