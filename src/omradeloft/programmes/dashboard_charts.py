"""Plotly figures (plain JSON) for the programme dashboard and the goals page.

Every figure here has a table next to it on the page with the same numbers.
"""

from collections.abc import Iterable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.indicators.charts import LINE_COLOURS
from omradeloft.programmes.progress import IndicatorProgress, period_time

BASELINE_COLOUR = "#4a4a4a"
TARGET_COLOUR = "#b9770e"


def goal_indicator_chart(progress: IndicatorProgress, unit: str) -> dict[str, Any] | None:
    """Observed values per area over time, each area's baseline and the targets.

    Periods sit on a numeric year axis so that targets years ahead keep their distance.
    None when there is nothing to draw.
    """
    data: list[dict[str, Any]] = []
    for i, area in enumerate(progress.areas):
        points = [(period_time(p), p, v) for p, v in area.series]
        if not points:
            continue
        data.append(
            {
                "type": "scatter",
                "mode": "lines+markers",
                "name": localized(area.area, "name"),
                "x": [t for t, _p, _v in points],
                "y": [v for _t, _p, v in points],
                "text": [p for _t, p, _v in points],
                "hovertemplate": "%{text}: %{y}<extra>%{fullData.name}</extra>",
                "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 2},
            }
        )
    baselines = [a for a in progress.areas if a.baseline is not None]
    if baselines:
        data.append(
            _points(
                _("Baseline"),
                [(a.baseline_period, a.baseline, localized(a.area, "name")) for a in baselines],
                symbol="diamond",
                colour=BASELINE_COLOUR,
            )
        )
    targets = [(t.period, t.value) for t in progress.goal_indicator.targets.all()]
    if targets:
        data.append(
            _points(
                _("Target"),
                [(period, value, period) for period, value in targets],
                symbol="star",
                colour=TARGET_COLOUR,
            )
        )
    if not data:
        return None
    times = [x for trace in data for x in trace["x"] if x is not None]
    span = max(times) - min(times) if times else 0
    layout = {
        "height": 320,
        "margin": {"l": 50, "r": 10, "t": 10, "b": 40},
        "xaxis": {"tickformat": "d", "dtick": 1 if span <= 12 else 2},
        "yaxis": {"title": {"text": unit}},
        "legend": {"orientation": "h"},
    }
    return {"data": data, "layout": layout}


def _points(
    name: str, points: Sequence[tuple[str, float, str]], *, symbol: str, colour: str
) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [period_time(period) for period, _value, _label in points],
        "y": [value for _period, value, _label in points],
        "text": [f"{label} {period}" for period, _value, label in points],
        "hovertemplate": "%{text}: %{y}<extra>%{fullData.name}</extra>",
        "marker": {"symbol": symbol, "size": 12, "color": colour},
    }


def target_area_map(areas: Iterable[Area], traces: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The target areas' outlines with `traces` (e.g. the measures' markers) drawn over them.

    None when there are neither boundaries nor traces.
    """
    figure = choropleth(areas)
    if figure is None:
        if not traces:
            return None
        figure = {
            "data": [],
            "layout": {
                "geo": {
                    "visible": False,
                    "fitbounds": "locations",
                    "projection": {"type": "mercator"},
                },
                "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
                "height": 480,
                "dragmode": False,
            },
            "sources": [],
        }
    figure["data"] += traces
    return figure
