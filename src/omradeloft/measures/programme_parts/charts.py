"""Plotly parts (plain JSON) that the measures add to the programme dashboard.

Each has a table next to it on the page with the same numbers.
"""

import math
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from omradeloft.core.i18n import localized
from omradeloft.measures.models import Measure, Status

STATUS_COLOURS = {
    Status.PROPOSED: "#566573",
    Status.APPROVED: "#7d3c98",
    Status.ACTIVE: "#0b4f8a",
    Status.COMPLETED: "#1b6e35",
    Status.STOPPED: "#c0392b",
}
MARKER_COLOUR = "#c0392b"


def measures_by_field(rows: Sequence[tuple[str, dict[str, int]]]) -> dict[str, Any] | None:
    """Stacked bars: one bar per field (`rows`: field name, status -> count), one colour per
    status."""
    highest = max((sum(counts.values()) for _name, counts in rows), default=0)
    if not highest:
        return None
    data = [
        {
            "type": "bar",
            "name": str(status.label),
            "x": [name for name, _counts in rows],
            "y": [counts.get(status, 0) for _name, counts in rows],
            "marker": {"color": STATUS_COLOURS[status]},
            "hovertemplate": "%{x}: %{y}<extra>%{fullData.name}</extra>",
        }
        for status in Status
    ]
    layout = {
        "barmode": "stack",
        "height": 320,
        "margin": {"l": 40, "r": 10, "t": 10, "b": 60},
        # Whole measures only: no tick at 0.5.
        "yaxis": {
            "title": {"text": _("Measures")},
            "rangemode": "tozero",
            "dtick": max(1, math.ceil(highest / 8)),
        },
        # Plotly lists stacked bars' legend top-down; keep the order of the table's columns.
        "legend": {"orientation": "h", "traceorder": "normal"},
    }
    return {"data": data, "layout": layout}


def measure_markers(programme_code: str, located: Sequence[Measure]) -> dict[str, Any]:
    """A marker for every measure in `located` (all have a position), linking to its page."""
    return {
        "type": "scattergeo",
        "mode": "markers",
        "name": _("Measures"),
        "lon": [m.longitude for m in located],
        "lat": [m.latitude for m in located],
        "text": [localized(m, "title") for m in located],
        "customdata": [reverse("measures:detail", args=[programme_code, m.code]) for m in located],
        "marker": {
            "size": 11,
            "color": MARKER_COLOUR,
            "line": {"color": "#ffffff", "width": 1.5},
        },
        "hovertemplate": "%{text}<extra></extra>",
    }
