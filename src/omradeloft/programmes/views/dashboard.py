"""The programme list, each programme's dashboard and its results framework (goals page).

All three are public; what they count and list follows what the visitor may see: measures
through `measures.access.visible_measures`, statistics after disclosure control only.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.measures.access import visible_measures
from omradeloft.measures.models import Measure, ProgressReport, Status, StatusChange
from omradeloft.programmes import dashboard_charts
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.models import Decision, Field, Goal, GoalLevel, Programme, TargetArea
from omradeloft.programmes.progress import (
    AT_RISK_PACE,
    ON_TRACK_TOLERANCE,
    IndicatorProgress,
    period_time,
    programme_progress,
    status_counts,
)

RECENT_CHANGES = 10


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    rows = []
    for programme in Programme.objects.all():
        counts = visible_measures(request.user, programme).aggregate(
            total=Count("pk", distinct=True),
            active=Count("pk", distinct=True, filter=Q(status=Status.ACTIVE)),
        )
        rows.append({"programme": programme, **counts})
    return render(request, "programmes/list.html", {"nav": "programmes", "rows": rows})


# The dashboard


@dataclass(frozen=True)
class FieldRow:
    """Measures of one field (or of all fields) counted by status, in `Status` order."""

    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Event:
    """Something that happened lately: `kind` is status, report, description or decision."""

    when: date
    kind: str
    item: Any
    recorded: datetime


@require_safe
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, action=None)
    context = programme_context(request, programme, "dashboard")
    visible = visible_measures(request.user, programme)
    measures = list(
        visible.prefetch_related(
            "fields", Prefetch("areas", queryset=Area.objects.defer("boundary"))
        ).order_by("code")
    )
    fields = list(programme.fields.all())
    field_rows, all_row = _measures_by_field(fields, measures)
    target_areas = list(
        TargetArea.objects.filter(programme=programme).select_related("area").order_by("area__code")
    )
    progress = programme_progress(programme)
    located = [m for m in measures if m.latitude is not None and m.longitude is not None]
    context |= {
        "fields": fields,
        "themes": programme.themes.prefetch_related("fields"),
        "programme_goals": programme.goals.filter(level=GoalLevel.PROGRAMME),
        "goal_counts": list(status_counts(progress).items()),
        "goal_rows": sum(len(p.areas) for p in progress),
        "synthetic": any(p.indicator.is_synthetic for p in progress),
        "statuses": list(Status),
        "field_rows": field_rows,
        "all_row": all_row,
        "unpublished_count": sum(1 for m in measures if not m.is_published),
        "field_chart": dashboard_charts.measures_by_field(
            [(row.name, dict(zip(Status, row.counts, strict=True))) for row in field_rows]
        ),
        "map": dashboard_charts.measure_map(
            programme.code, [t.area for t in target_areas], located
        ),
        "located": located,
        "target_areas": target_areas,
        "events": _recent_changes(programme, visible, context["may_see_workspace"]),
    }
    return render(request, "programmes/detail.html", context)


def _measures_by_field(
    fields: list[Field], measures: list[Measure]
) -> tuple[list[FieldRow], FieldRow]:
    """One row per field (a measure in two fields counts in both), one for measures in no
    field when there are any, and one for all measures."""
    statuses = list(Status)
    per_field: dict[int | None, list[int]] = defaultdict(lambda: [0] * len(statuses))
    overall = [0] * len(statuses)
    for measure in measures:
        column = statuses.index(Status(measure.status))
        overall[column] += 1
        for field_id in [f.pk for f in measure.fields.all()] or [None]:
            per_field[field_id][column] += 1
    rows = [FieldRow(localized(f, "name"), per_field[f.pk]) for f in fields]
    if None in per_field:
        rows.append(FieldRow(_("No field"), per_field[None]))
    return rows, FieldRow(_("All measures"), overall)


def _recent_changes(
    programme: Programme, visible: QuerySet[Measure], may_see_workspace: bool
) -> list[Event]:
    """The latest status changes, progress reports, description versions and (for the
    programme's own people) decisions; measures only those the visitor may read."""
    visible_ids = visible.values("pk")
    events = [
        Event(change.date, "status", change, change.created_at)
        for change in StatusChange.objects.filter(measure__in=visible_ids)
        .select_related("measure")
        .order_by("-date", "-created_at")[:RECENT_CHANGES]
    ]
    events += [
        Event(timezone.localdate(report.created_at), "report", report, report.created_at)
        for report in ProgressReport.objects.filter(measure__in=visible_ids)
        .select_related("measure")
        .order_by("-created_at")[:RECENT_CHANGES]
    ]
    events += [
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
