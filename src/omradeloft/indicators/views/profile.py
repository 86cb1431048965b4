"""An area's statistics profile: every indicator's latest value against its parent and the
top of the hierarchy, its rank among its siblings, and its trend."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.downloads import table_response
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice
from omradeloft.indicators import charts
from omradeloft.indicators.left_out import DerivedNotes, distinct_notes
from omradeloft.indicators.models import Aggregation, Indicator, Observation, Polarity
from omradeloft.indicators.presentation import Cell, Viewer


@dataclass
class ProfileRow:
    indicator: Indicator
    period: str
    cell: Cell
    parent: Cell | None
    reference: Cell | None
    rank: int | None
    ranked: int
    trend: list[Cell]
    sparkline: str  # an inline SVG, marked safe

    @property
    def is_rate(self) -> bool:
        """Indexes and ranks compare rates; for counts they would compare sizes."""
        return self.indicator.aggregation == Aggregation.RATIO

    def _index(self, value: float | None, base: Cell | None) -> float | None:
        if not self.is_rate or value is None or base is None or not base.value:
            return None
        return value / base.value * 100

    @property
    def index_to_reference(self) -> float | None:
        return self._index(self.cell.value, self.reference)

    @property
    def index_to_parent(self) -> float | None:
        return self._index(self.cell.value, self.parent)

    @property
    def first(self) -> Cell | None:
        return self.trend[0] if self.trend else None


def _area(request: HttpRequest, code: str) -> Area:
    matches = Area.objects.filter(code=code).select_related("level", "parent")
    if level := choice(
        request, "level", set(AreaLevel.objects.values_list("code", flat=True)), None
    ):
        matches = matches.filter(level__code=level)
    found = list(matches[:2])
    if len(found) != 1:
        raise Http404("No single area has this code; add ?level=.")
    return found[0]


def build_profile(area: Area, viewer: Viewer) -> tuple[list[ProfileRow], Area | None]:
    trail = area.ancestors()
    reference = trail[0] if trail else None
    notes = DerivedNotes()
    own = viewer.cells(
        Observation.objects.filter(area=area)
        .select_related("indicator")
        .prefetch_related("indicator__breaks")
        .order_by("indicator__code", "period")
    )
    own = notes.cells(own)
    series: dict[int, list[Cell]] = defaultdict(list)
    for cell in own:
        series[cell.observation.indicator_id].append(cell)
    latest = {pk: cells[-1] for pk, cells in series.items()}
    wanted_periods = {cell.observation.period for cell in latest.values()}
    parent_id, reference_id = area.parent_id, getattr(reference, "pk", None)
    others = Observation.objects.filter(
        Q(area_id__in=[parent_id, reference_id])
        | Q(area__parent=area.parent, area__level_id=area.level_id),
        indicator_id__in=latest,
        period__in=wanted_periods,
    )
    context: dict[tuple[int, int | None, str], Cell] = {}
    siblings: dict[tuple[int, str], list[Cell]] = defaultdict(list)
    for observation in others:
        (cell,) = notes.cells([viewer.cell(observation)])
        context[(observation.indicator_id, observation.area_id, observation.period)] = cell
        if observation.area_id not in (parent_id, reference_id):
            siblings[(observation.indicator_id, observation.period)].append(cell)
    rows = []
    for indicator_id, cell in latest.items():
        indicator = cell.observation.indicator
        period = cell.observation.period
        if indicator.aggregation == Aggregation.RATIO:
            rank, ranked = _rank(cell, siblings[(indicator_id, period)], indicator.polarity)
        else:
            rank, ranked = None, 0
        trend = series[indicator_id]
        break_periods = {b.period for b in indicator.breaks.all()}
        rows.append(
            ProfileRow(
                indicator=indicator,
                period=period,
                cell=cell,
                parent=context.get((indicator_id, parent_id, period)),
                reference=context.get((indicator_id, reference_id, period)),
                rank=rank,
                ranked=ranked,
                trend=trend,
                sparkline=charts.sparkline(
                    [c.value for c in trend],
                    [i for i, c in enumerate(trend) if c.observation.period in break_periods],
                ),
            )
        )
    rows.sort(key=lambda r: localized(r.indicator, "name"))
    return rows, reference


def _rank(cell: Cell, siblings: list[Cell], polarity: str) -> tuple[int | None, int]:
    """1 = the hardest situation among the published siblings (the area included)."""
    published = [s.value for s in siblings if s.value is not None]
    # Alone among its siblings an area would rank first, which reads as the hardest.
    if cell.value is None or len(published) < 2:
        return None, len(published)
    values = sorted(published, reverse=polarity == Polarity.HIGHER_IS_WORSE)
    return values.index(cell.value) + 1, len(values)


def area_profile(request: HttpRequest, code: str) -> HttpResponse:
    area = _area(request, code)
    viewer = Viewer(request.user)
    rows, reference = build_profile(area, viewer)
    context = {
        "nav": "areas",
        "area": area,
        "trail": area.ancestors(),
        "rows": rows,
        "reference": reference,
        "synthetic": any(r.indicator.is_synthetic for r in rows),
        "hidden_count": sum(r.cell.hidden for r in rows),
        "notes": distinct_notes(
            [cell for r in rows for cell in (r.cell, r.parent, r.reference, r.first)]
        ),
    }
    return render(request, "indicators/area_profile.html", context)


def download(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    area = _area(request, code)
    rows, _ = build_profile(area, Viewer(request.user))
    columns = [
        "area",
        "indicator",
        "period",
        "value",
        "parent_value",
        "reference_value",
        "index_to_reference",
        "index_to_parent",
        "rank_among_siblings",
        "siblings",
        "synthetic",
        "missing",
        "note",
        "parent_note",
    ]
    table = [
        [
            area.code,
            r.indicator.code,
            r.period,
            r.cell.value,
            r.parent.value if r.parent else None,
            r.reference.value if r.reference else None,
            r.index_to_reference,
            r.index_to_parent,
            r.rank,
            r.ranked,
            r.indicator.is_synthetic,
            "" if r.cell.hidden else r.cell.missing_label,
            r.cell.note,
            r.parent.note if r.parent else "",
        ]
        for r in rows
    ]
    return table_response(columns, table, file_format, f"profile-{area.code}")
