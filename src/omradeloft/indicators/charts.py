"""Plotly figures (plain JSON) and small SVG sparklines for indicator pages.

Every chart here has a table or text next to it on the page with the same numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import format_html, format_html_join

LINE_COLOURS = ["#0b4f8a", "#c0392b", "#1b6e35", "#7d3c98", "#b9770e", "#117a65", "#566573"]


@dataclass(frozen=True)
class Series:
    name: str
    periods: list[str]
    values: list[float | None]
    notes: list[str] | None = None  # shown on hover, one per period ("" for none)


def time_series(series: Sequence[Series], breaks: Sequence[tuple[str, str]], unit: str) -> dict:
    """Lines over periods; a dashed vertical line marks each break in the series."""
    data = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": s.name,
            "x": s.periods,
            "y": s.values,
            "line": {"color": LINE_COLOURS[i % len(LINE_COLOURS)], "width": 2},
            "connectgaps": False,
            **({"text": s.notes} if s.notes and any(s.notes) else {}),
        }
        for i, s in enumerate(series)
    ]
    # On a category axis a shape's x is the category's position; the line goes between the
    # last period before the break and the first after it.
    periods = series[0].periods if series else []
    positions = [(periods.index(p) - 0.5, note) for p, note in breaks if p in periods]
    shapes = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": x,
            "x1": x,
            "y0": 0,
            "y1": 1,
            "line": {"dash": "dash", "color": "#4a4a4a", "width": 1},
        }
        for x, _ in positions
    ]
    annotations = [
        {
            "x": x,
            "y": 1,
            "xref": "x",
            "yref": "paper",
            "text": note,
            "showarrow": False,
            "yanchor": "bottom",
            "font": {"size": 11},
        }
        for x, note in positions
    ]
    layout: dict[str, Any] = {
        "height": 380,
        "margin": {"l": 50, "r": 10, "t": 30, "b": 40},
        "xaxis": {"type": "category", "title": {"text": ""}},
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero"},
        "legend": {"orientation": "h"},
        "shapes": shapes,
        "annotations": annotations,
    }
    return {"data": data, "layout": layout}


def distribution(values: Sequence[float], unit: str, name: str) -> dict:
    """A box plot with every area as a point."""
    return {
        "data": [
            {
                "type": "box",
                "x": list(values),
                "name": name,
                "boxpoints": "all",
                "jitter": 0.4,
                "marker": {"color": LINE_COLOURS[0]},
                "hoverinfo": "x",
            }
        ],
        "layout": {
            "height": 220,
            "margin": {"l": 10, "r": 10, "t": 10, "b": 40},
            "xaxis": {"title": {"text": unit}},
            "yaxis": {"showticklabels": False},
        },
    }


def sparkline(values: Sequence[float | None], break_positions: Sequence[int] = ()) -> str:
    """A 120x28 inline SVG of a series (hidden values leave gaps); decorative, with the
    numbers in the table beside it."""
    width, height, pad = 120, 28, 3
    known = [v for v in values if v is not None]
    if len(known) < 2:
        return ""
    low, high = min(known), max(known)
    span = (high - low) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    segments: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            segments.append([])
            continue
        x = pad + i * step
        y = height - pad - (v - low) / span * (height - 2 * pad)
        segments[-1].append(f"{x:.1f},{y:.1f}")
    lines = format_html_join(
        "",
        '<polyline points="{}" fill="none" stroke="#0b4f8a" stroke-width="1.5"/>',
        ((" ".join(points),) for points in segments if len(points) > 1),
    )
    marks = format_html_join(
        "",
        '<line x1="{0}" x2="{0}" y1="0" y2="{1}" stroke="#4a4a4a" stroke-dasharray="2,2"/>',
        ((f"{pad + i * step:.1f}", height) for i in break_positions),
    )
    return format_html(
        '<svg class="sparkline" width="{}" height="{}" viewBox="0 0 {} {}" aria-hidden="true" '
        'focusable="false">{}{}</svg>',
        width,
        height,
        width,
        height,
        lines,
        marks,
    )
