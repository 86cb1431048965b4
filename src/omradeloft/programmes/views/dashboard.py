"""The programme list, each programme's dashboard and its results framework (goals page).

All three are public; what they count and list follows what the visitor may see: the
other apps' parts (`contributions`) decide that for their content, statistics pass
disclosure control.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import prefetch_related_objects
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from omradeloft.programmes import contributions, dashboard_charts
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.contributions import RECENT_CHANGES, Event
from omradeloft.programmes.models import Decision, Goal, GoalLevel, Programme, TargetArea
from omradeloft.programmes.progress import (
    AT_RISK_PACE,
    ON_TRACK_TOLERANCE,
    IndicatorProgress,
    period_time,
    programme_progress,
    status_counts,
)


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    parts = contributions.registry.card_parts
    rows = [
        {
            "programme": programme,
            "parts": [
                {"template": part.template, "context": part.build(request, programme)}
                for part in parts
            ],
        }
        for programme in Programme.objects.all()
    ]
    return render(request, "programmes/list.html", {"nav": "programmes", "rows": rows})


# The dashboard


@require_safe
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    # Prefetched: the contributed panels read the fields too.
    prefetch_related_objects([programme], "fields")
    context = programme_context(request, programme, "dashboard")
    panels = contributions.registry.dashboard_panels
    parts = [panel.build(request, programme) for panel in panels]
    target_areas = list(
        TargetArea.objects.filter(programme=programme).select_related("area").order_by("area__code")
    )
    progress = programme_progress(programme)
    for part in parts:
        context |= part.context
    context |= {
        "fields": list(programme.fields.all()),
        "themes": programme.themes.prefetch_related("fields"),
        "programme_goals": programme.goals.filter(level=GoalLevel.PROGRAMME),
        "goal_counts": list(status_counts(progress).items()),
        "goal_rows": sum(len(p.areas) for p in progress),
        "synthetic": any(p.indicator.is_synthetic for p in progress),
        "panel_templates": [panel.panel_template for panel in panels],
        "map_templates": [panel.map_template for panel in panels if panel.map_template],
        "uses_charts": any(part.uses_charts for part in parts),
        "map": dashboard_charts.target_area_map(
            [t.area for t in target_areas], [trace for p in parts for trace in p.map_traces]
        ),
        "target_areas": target_areas,
        "events": _recent_changes(
            programme,
            [event for part in parts for event in part.events],
            context["may_see_workspace"],
        ),
    }
    return render(request, "programmes/detail.html", context)


def _recent_changes(
    programme: Programme, contributed: list[Event], may_see_workspace: bool
) -> list[Event]:
    """The latest events the other apps contributed, description versions and (for the
    programme's own people) decisions."""
    events = contributed + [
        Event(timezone.localdate(v.published_at), "description", v, v.published_at)
        for v in programme.description_versions.order_by("-published_at")[:RECENT_CHANGES]
    ]
    if may_see_workspace:
        events += [
            Event(decision.meeting.date, "decision", decision, decision.created_at)
            for decision in Decision.objects.filter(meeting__body__programme=programme)
            .select_related("meeting__body")
            .order_by("-meeting__date", "-created_at")[:RECENT_CHANGES]
        ]
    events.sort(key=lambda event: (event.when, event.recorded), reverse=True)
    return events[:RECENT_CHANGES]


# The goals page


@dataclass
class IndicatorBlock:
    """One goal indicator on the goals page: its progress, chart and observed values."""

    progress: IndicatorProgress
    figure: dict[str, Any] | None
    figure_id: str
    periods: list[tuple[str, list[float | None]]]  # period, value per area


@dataclass
class GoalNode:
    goal: Goal
    depth: int
    indicators: list[IndicatorBlock]
    children: list["GoalNode"] = field(default_factory=list)

    @property
    def heading(self) -> int:
        """h2 for the programme goal, h3 for field goals, ...; h6 left for indicators."""
        return min(2 + self.depth, 5)


@require_safe
def goals(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    progress = programme_progress(programme)
    blocks: dict[int, list[IndicatorBlock]] = defaultdict(list)
    for item in progress:
        blocks[item.goal_indicator.goal_id].append(_indicator_block(item))
    roots = _goal_tree(programme.goals.select_related("field").order_by("order", "pk"), blocks)
    context = programme_context(request, programme, "goals") | {
        "roots": roots,
        "nodes": list(_walk(roots)),
        "synthetic": any(p.indicator.is_synthetic for p in progress),
        "has_figures": any(b.figure for bs in blocks.values() for b in bs),
        "tolerance": round(ON_TRACK_TOLERANCE * 100),
        "pace": round(AT_RISK_PACE * 100),
    }
    return render(request, "programmes/goals.html", context)


def _indicator_block(item: IndicatorProgress) -> IndicatorBlock:
    periods = sorted(
        {period for area in item.areas for period, _value in area.series},
        key=lambda p: (period_time(p) or 0, p),
    )
    values = [dict(area.series) for area in item.areas]
    return IndicatorBlock(
        progress=item,
        figure=dashboard_charts.goal_indicator_chart(item, item.indicator.unit_text),
        figure_id=f"goal-indicator-{item.goal_indicator.pk}",
        periods=[(p, [v.get(p) for v in values]) for p in periods],
    )


def _goal_tree(goals: Iterable[Goal], blocks: dict[int, list[IndicatorBlock]]) -> list[GoalNode]:
    """Goals as a tree: the programme goal(s) at the top, each goal under the one it serves."""
    goals = list(goals)
    known = {goal.pk for goal in goals}
    children: dict[int | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent_id if goal.parent_id in known else None].append(goal)

    def grow(parent_id: int | None, depth: int) -> list[GoalNode]:
        return [
            GoalNode(goal, depth, blocks.get(goal.pk, []), grow(goal.pk, depth + 1))
            for goal in children[parent_id]
        ]

    return grow(None, 0)


def _walk(nodes: list[GoalNode]) -> Iterable[GoalNode]:
    for node in nodes:
        yield node
        yield from _walk(node.children)
