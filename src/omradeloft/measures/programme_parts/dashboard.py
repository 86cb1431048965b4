"""The measures on the programme list and the programme dashboard: counts by field and
status, the chart, the map markers and the latest status changes and progress reports.

Everything counts and lists only the measures the visitor may read (`visible_measures`).
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.measures.access import visible_measures
from omradeloft.measures.models import Measure, ProgressReport, Status, StatusChange
from omradeloft.measures.programme_parts import charts
from omradeloft.programmes.contributions import RECENT_CHANGES, DashboardPart, Event
from omradeloft.programmes.models import Field, Programme


@dataclass(frozen=True)
class FieldRow:
    """Measures of one field (or of all fields) counted by status, in `Status` order."""

    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


def card_counts(request: HttpRequest, programme: Programme) -> dict[str, Any]:
    """How many measures of `programme` the visitor may read, and how many are active."""
    return visible_measures(request.user, programme).aggregate(
        total=Count("pk", distinct=True),
        active=Count("pk", distinct=True, filter=Q(status=Status.ACTIVE)),
    )


def dashboard_part(request: HttpRequest, programme: Programme) -> DashboardPart:
    visible = visible_measures(request.user, programme)
    measures = list(
        visible.prefetch_related(
            "fields", Prefetch("areas", queryset=Area.objects.defer("boundary"))
        ).order_by("code")
    )
    field_rows, all_row = measures_by_field(list(programme.fields.all()), measures)
    located = [m for m in measures if m.latitude is not None and m.longitude is not None]
    field_chart = charts.measures_by_field(
        [(row.name, dict(zip(Status, row.counts, strict=True))) for row in field_rows]
    )
    context = {
        "statuses": list(Status),
        "field_rows": field_rows,
        "all_row": all_row,
        "unpublished_count": sum(1 for m in measures if not m.is_published),
        "field_chart": field_chart,
        "located": located,
    }
    return DashboardPart(
        context=context,
        map_traces=[charts.measure_markers(programme.code, located)] if located else [],
        events=recent_changes(visible),
        uses_charts=field_chart is not None,
    )


def measures_by_field(
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


def recent_changes(visible: QuerySet[Measure]) -> list[Event]:
    """The latest status changes and progress reports of the measures in `visible`."""
    visible_ids = visible.values("pk")
    changes = (
        StatusChange.objects.filter(measure__in=visible_ids)
        .select_related("measure")
        .order_by("-date", "-created_at")[:RECENT_CHANGES]
    )
    reports = (
        ProgressReport.objects.filter(measure__in=visible_ids)
        .select_related("measure")
        .order_by("-created_at")[:RECENT_CHANGES]
    )
    template = "measures/programme/_event.html"
    return [
        Event(change.date, "status", change, change.created_at, template) for change in changes
    ] + [
        Event(timezone.localdate(r.created_at), "report", r, r.created_at, template)
        for r in reports
    ]
