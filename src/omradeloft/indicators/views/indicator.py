"""One indicator: a map for a level and period, the distribution, and time series."""

from collections import defaultdict

from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.downloads import table_response
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice, choices
from omradeloft.indicators import charts
from omradeloft.indicators.left_out import DerivedNotes, distinct_notes
from omradeloft.indicators.models import Indicator, Polarity
from omradeloft.indicators.presentation import Cell, Viewer

MAX_SERIES = 7


def _choices(
    indicator: Indicator, request: HttpRequest
) -> tuple[list, AreaLevel | None, list, str]:
    levels = list(
        AreaLevel.objects.filter(areas__observations__indicator=indicator)
        .annotate(n=Count("areas__observations"))
        .order_by("rank")
    )
    most = max(levels, key=lambda lv: (lv.n, lv.rank)).code if levels else None
    chosen = choice(request, "level", [lv.code for lv in levels], most)
    level = next((lv for lv in levels if lv.code == chosen), None)
    periods = sorted(set(indicator.observations.values_list("period", flat=True)), reverse=True)
    period = choice(request, "period", periods, periods[0] if periods else "")
    return levels, level, periods, period


def _level_cells(indicator: Indicator, level: AreaLevel | None, period: str, viewer: Viewer):
    observations = (
        indicator.observations.filter(area__level=level, period=period)
        .select_related("area__parent")
        .order_by("area__code")
    )
    return viewer.cells(observations)


def detail(request: HttpRequest, code: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator.objects.prefetch_related("topics", "breaks"), code=code)
    viewer = Viewer(request.user)
    notes = DerivedNotes()
    levels, level, periods, period = _choices(indicator, request)
    cells = notes.cells(_level_cells(indicator, level, period, viewer)) if level else []
    shown = [(c, c.value) for c in cells if c.value is not None]
    name = localized(indicator, "name")
    unit = indicator.unit_text
    values = {c.observation.area.code: round(value, indicator.decimals) for c, value in shown}
    map_figure = (
        choropleth(
            [c.observation.area for c in cells],
            values,
            unit,
            higher_is_worse=indicator.polarity == Polarity.HIGHER_IS_WORSE,
        )
        if cells
        else None
    )

    # Series: the chosen areas, or the top of the hierarchy and the hardest-hit areas.
    with_values = indicator.observations.values_list("area__code", flat=True).distinct()
    chosen_codes = choices(request, "area", set(with_values))
    ranked = sorted(
        shown, key=lambda pair: pair[1], reverse=indicator.polarity == "higher_is_worse"
    )
    default_codes = [c.observation.area.code for c, _value in ranked[:3]]
    roots = Area.objects.filter(parent__isnull=True, observations__indicator=indicator).distinct()
    series_codes = chosen_codes or [*[a.code for a in roots[:1]], *default_codes]
    series_codes = list(dict.fromkeys(series_codes))[:MAX_SERIES]
    series_cells = notes.cells(
        viewer.cells(
            indicator.observations.filter(area__code__in=series_codes)
            .select_related("area")
            .order_by("period")
        )
    )
    by_area: dict[str, dict[str, Cell]] = defaultdict(dict)
    names: dict[str, str] = {}
    for cell in series_cells:
        by_area[cell.observation.area.code][cell.observation.period] = cell
        names[cell.observation.area.code] = localized(cell.observation.area, "name")
    ordered_periods = sorted(periods)
    drawn = [code for code in series_codes if code in by_area]
    series = [
        charts.Series(
            names[code],
            ordered_periods,
            [c.value if (c := by_area[code].get(p)) else None for p in ordered_periods],
            [c.note if (c := by_area[code].get(p)) else "" for p in ordered_periods],
        )
        for code in drawn
    ]
    series_rows = [
        {"period": p, "cells": [by_area[code].get(p) for code in drawn]} for p in ordered_periods
    ]
    breaks = [(b.period, localized(b, "note")) for b in indicator.breaks.all()]
    context = {
        "nav": "indicators",
        "indicator": indicator,
        "levels": levels,
        "level": level,
        "periods": periods,
        "period": period,
        "cells": cells,
        "figure": map_figure,
        "distribution": charts.distribution([value for _cell, value in shown], unit, name)
        if shown
        else None,
        "summary": _summary([value for _cell, value in shown]),
        "series": series,
        "series_rows": series_rows,
        "series_figure": charts.time_series(series, breaks, unit) if series else None,
        "series_codes": series_codes,
        "level_areas": [c.observation.area for c in cells],
        "breaks": indicator.breaks.all(),
        "hidden_count": sum(c.hidden for c in cells),
        "viewer": viewer,
        "level_notes": distinct_notes(cells),
        "series_notes": distinct_notes(series_cells),
    }
    return render(request, "indicators/detail.html", context)


def _summary(values: list[float]) -> dict[str, float] | None:
    if not values:
        return None
    ordered = sorted(values)

    def quantile(q: float) -> float:
        position = q * (len(ordered) - 1)
        low = int(position)
        high = min(low + 1, len(ordered) - 1)
        return ordered[low] + (ordered[high] - ordered[low]) * (position - low)

    return {
        "count": len(ordered),
        "min": ordered[0],
        "q1": quantile(0.25),
        "median": quantile(0.5),
        "q3": quantile(0.75),
        "max": ordered[-1],
    }


def download(request: HttpRequest, code: str, file_format: str) -> HttpResponse:
    indicator = get_object_or_404(Indicator, code=code)
    viewer = Viewer(request.user)
    _levels, level, _periods, period = _choices(indicator, request)
    cells = DerivedNotes().cells(_level_cells(indicator, level, period, viewer)) if level else []
    columns = [
        "indicator",
        "area",
        "area_name",
        "period",
        "value",
        "numerator",
        "denominator",
        "status",
        "derived",
        "synthetic",
        "note",
    ]
    rows = [
        [
            indicator.code,
            c.observation.area.code,
            c.observation.area.name,
            c.observation.period,
            c.value,
            c.numerator,
            c.denominator,
            _("suppressed")
            if c.hidden
            else (_("not publishable") if c.unpublishable else c.missing_label),
            c.observation.is_derived,
            indicator.is_synthetic,
            c.note,
        ]
        for c in cells
    ]
    return table_response(columns, rows, file_format, f"{indicator.code}-{period}")
