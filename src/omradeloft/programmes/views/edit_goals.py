"""Editing a programme: the goals of its results framework, and which indicators measure
each goal."""

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action, acting_user
from omradeloft.core.i18n import localized
from omradeloft.core.params import BadParameterError, identifier
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.goals import GoalForm, GoalIndicatorForm
from omradeloft.programmes.models import Goal, GoalLevel, Programme
from omradeloft.programmes.services.goals import (
    CHILD_LEVEL,
    remove_goal,
    save_goal,
    save_goal_indicator,
)
from omradeloft.programmes.views.edit_common import done, initial, remove_or_explain, submit


@dataclass
class GoalNode:
    goal: Goal
    children: list["GoalNode"] = field(default_factory=list)


def goal_tree(goals: Sequence[Goal]) -> list[GoalNode]:
    """The goals as a forest, each under the goal it serves, in listing order."""
    nodes = {goal.pk: GoalNode(goal) for goal in goals}
    roots: list[GoalNode] = []
    for goal in goals:
        parent = nodes.get(goal.parent_id) if goal.parent_id is not None else None
        (parent.children if parent else roots).append(nodes[goal.pk])
    return roots


def goals_url(programme: Programme) -> str:
    return reverse("programmes:edit_goals", args=[programme.code])


def _goals_page(
    request: HttpRequest, programme: Programme, form: GoalForm | None = None, error: str = ""
) -> HttpResponse:
    goals = list(
        programme.goals.select_related("field").annotate(indicator_count=Count("indicators"))
    )
    context = {
        "heading": _("Goals"),
        "tree": goal_tree(goals),
        "form": form or _new_goal_form(request, programme),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/goals.html", context, forms=[form], error=error
    )


def _new_goal_form(request: HttpRequest, programme: Programme) -> GoalForm:
    """An empty goal form; `?parent=<id>` starts it one level below that goal."""
    start: dict[str, Any] = {"level": GoalLevel.PROGRAMME}
    parent_id = identifier(request, "parent")
    parent = programme.goals.filter(pk=parent_id).first() if parent_id else None
    if parent_id and parent is None:
        raise BadParameterError(
            "parent", str(parent_id), _("the number of one of this programme's goals")
        )
    if parent is not None and parent.level in CHILD_LEVEL:
        start = {"parent": parent, "level": CHILD_LEVEL[parent.level], "field": parent.field_id}
    return GoalForm(initial=start, programme=programme)


@login_required
@require_http_methods(["GET", "POST"])
def goals(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    if request.method == "GET":
        return _goals_page(request, programme)
    form = GoalForm(request.POST, programme=programme)
    if goal := submit(form, lambda data: save_goal(acting_user(request), programme, data)):
        message = _("The goal %(title)s was added.") % {"title": localized(goal, "title")}
        return done(request, message, "programmes:edit_goal", programme.code, goal.pk)
    return _goals_page(request, programme, form)


def _goal_page(
    request: HttpRequest,
    programme: Programme,
    goal: Goal,
    *,
    form: GoalForm | None = None,
    indicator_form: GoalIndicatorForm | None = None,
    error: str = "",
) -> HttpResponse:
    form = form or GoalForm(initial=initial(goal, GoalForm.Meta.fields), programme=programme)
    indicator_form = indicator_form or GoalIndicatorForm()
    context = {
        "heading": _("Goal: %(title)s") % {"title": localized(goal, "title")},
        "trail": [(_("Goals"), goals_url(programme))],
        "goal": goal,
        "goal_indicators": goal.indicators.select_related("indicator").prefetch_related(
            "areas", "targets"
        ),
        "form": form,
        "indicator_form": indicator_form,
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/goal.html",
        context,
        forms=[form, indicator_form],
        error=error,
    )


def _programme_goal(request: HttpRequest, code: str, pk: int) -> tuple[Programme, Goal]:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    goal = get_object_or_404(Goal.objects.select_related("field"), pk=pk, programme=programme)
    return programme, goal


@login_required
@require_http_methods(["GET", "POST"])
def goal_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal = _programme_goal(request, code, pk)
    if request.method == "GET":
        return _goal_page(request, programme, goal)
    form = GoalForm(request.POST, initial=initial(goal, GoalForm.Meta.fields), programme=programme)
    if submit(form, lambda data: save_goal(acting_user(request), programme, data, goal=goal)):
        return done(request, _("The goal was saved."), "programmes:edit_goal", code, goal.pk)
    return _goal_page(request, programme, goal, form=form)


@login_required
@require_POST
def goal_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal = _programme_goal(request, code, pk)
    return remove_or_explain(
        request,
        lambda: remove_goal(acting_user(request), goal),
        message=_("The goal %(title)s was removed.") % {"title": localized(goal, "title")},
        then=goals_url(programme),
        page=lambda error: _goals_page(request, programme, error=error),
    )


@login_required
@require_POST
def indicator_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, goal = _programme_goal(request, code, pk)
    form = GoalIndicatorForm(request.POST)
    if added := submit(form, lambda data: save_goal_indicator(acting_user(request), goal, data)):
        message = _("%(indicator)s now measures the goal.") % {
            "indicator": localized(added.indicator, "name")
        }
        return done(request, message, "programmes:edit_goal_indicator", code, added.pk)
    return _goal_page(request, programme, goal, indicator_form=form)
