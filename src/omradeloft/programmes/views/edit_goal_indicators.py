"""Editing a programme: an indicator that measures a goal, with its baseline, areas and
targets."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import posted
from omradeloft.core.i18n import localized
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.goals import GoalIndicatorForm, GoalTargetForm
from omradeloft.programmes.models import GoalIndicator, GoalTarget, Programme
from omradeloft.programmes.services.goals import (
    remove_goal_indicator,
    remove_target,
    save_goal_indicator,
    save_target,
)
from omradeloft.programmes.views.edit_common import done, initial, remove_or_explain, submit
from omradeloft.programmes.views.edit_goals import goals_url

INDICATOR_FIELDS = ("baseline_period", "baseline_value", "areas")


def _programme_goal_indicator(
    request: HttpRequest, code: str, pk: int
) -> tuple[Programme, GoalIndicator]:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    goal_indicator = get_object_or_404(
        GoalIndicator.objects.select_related("goal", "indicator"), pk=pk, goal__programme=programme
    )
    return programme, goal_indicator


def _goal_indicator_url(programme: Programme, goal_indicator: GoalIndicator) -> str:
    return reverse("programmes:edit_goal_indicator", args=[programme.code, goal_indicator.pk])


def _goal_indicator_page(
    request: HttpRequest,
    programme: Programme,
    goal_indicator: GoalIndicator,
    *,
    form: GoalIndicatorForm | None = None,
    target_form: GoalTargetForm | None = None,
    error: str = "",
) -> HttpResponse:
    goal = goal_indicator.goal
    form = form or GoalIndicatorForm(
        initial=initial(goal_indicator, INDICATOR_FIELDS), with_indicator=False
    )
    target_form = target_form or GoalTargetForm()
    context = {
        "heading": _("%(indicator)s for the goal %(goal)s")
        % {
            "indicator": localized(goal_indicator.indicator, "name"),
            "goal": localized(goal, "title"),
        },
        "trail": [
            (_("Goals"), goals_url(programme)),
            (
                localized(goal, "title"),
                reverse("programmes:edit_goal", args=[programme.code, goal.pk]),
            ),
        ],
        "goal_indicator": goal_indicator,
        "areas": list(goal_indicator.areas.select_related("level")),
        "targets": goal_indicator.targets.all(),
        "form": form,
        "target_form": target_form,
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/goal_indicator.html",
        context,
        forms=[form, target_form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def goal_indicator_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal_indicator = _programme_goal_indicator(request, code, pk)
    if request.method == "GET":
        return _goal_indicator_page(request, programme, goal_indicator)
    form = GoalIndicatorForm(request.POST, with_indicator=False)
    saved = submit(
        form,
        lambda data: save_goal_indicator(
            request.user, goal_indicator.goal, data, goal_indicator=goal_indicator
        ),
    )
    if saved:
        return done(
            request, _("The indicator was saved."), _goal_indicator_url(programme, goal_indicator)
        )
    return _goal_indicator_page(request, programme, goal_indicator, form=form)


@login_required
@require_POST
def goal_indicator_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal_indicator = _programme_goal_indicator(request, code, pk)
    goal = goal_indicator.goal
    return remove_or_explain(
        request,
        lambda: remove_goal_indicator(request.user, goal_indicator),
        message=_("%(indicator)s no longer measures the goal.")
        % {"indicator": localized(goal_indicator.indicator, "name")},
        then=reverse("programmes:edit_goal", args=[programme.code, goal.pk]),
        page=lambda error: _goal_indicator_page(request, programme, goal_indicator, error=error),
    )


@login_required
@require_POST
def target_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal_indicator = _programme_goal_indicator(request, code, pk)
    form = GoalTargetForm(request.POST)
    if target := submit(form, lambda data: save_target(request.user, goal_indicator, data)):
        message = _("The target for %(period)s was set.") % {"period": target.period}
        return done(request, message, _goal_indicator_url(programme, goal_indicator))
    return _goal_indicator_page(request, programme, goal_indicator, target_form=form)


def _programme_target(request: HttpRequest, code: str, pk: int) -> tuple[Programme, GoalTarget]:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    target = get_object_or_404(
        GoalTarget.objects.select_related("goal_indicator__goal", "goal_indicator__indicator"),
        pk=pk,
        goal_indicator__goal__programme=programme,
    )
    return programme, target


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, target = _programme_target(request, code, pk)
    goal_indicator = target.goal_indicator
    form = GoalTargetForm(posted(request), initial=initial(target, GoalTargetForm.Meta.fields))
    if submit(form, lambda data: save_target(request.user, goal_indicator, data, target=target)):
        return done(
            request, _("The target was saved."), _goal_indicator_url(programme, goal_indicator)
        )
    context = {
        "heading": _("Target for %(period)s") % {"period": target.period},
        "trail": [
            (_("Goals"), goals_url(programme)),
            (
                localized(goal_indicator.indicator, "name"),
                _goal_indicator_url(programme, goal_indicator),
            ),
        ],
        "form": form,
        "submit": _("Save"),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )


@login_required
@require_POST
def target_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, target = _programme_target(request, code, pk)
    goal_indicator = target.goal_indicator
    return remove_or_explain(
        request,
        lambda: remove_target(request.user, target),
        message=_("The target for %(period)s was removed.") % {"period": target.period},
        then=_goal_indicator_url(programme, goal_indicator),
        page=lambda error: _goal_indicator_page(request, programme, goal_indicator, error=error),
    )
