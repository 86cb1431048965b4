"""A map of measures with a location, drawn on top of the programme's target areas'
boundaries (no background tiles), as Plotly figure JSON for `core/static/.../maps.js`."""

from collections.abc import Iterable
from typing import Any

from django.urls import reverse

from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.measures.models import Measure
from omradeloft.programmes.models import Programme

MARKER_COLOUR = "#b3261e"
# The same map settings as areas.maps, for when no target area has a boundary.
BARE_LAYOUT: dict[str, Any] = {
    "geo": {"visible": False, "fitbounds": "locations", "projection": {"type": "mercator"}},
    "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
    "height": 480,
    "dragmode": False,
}


def measures_map(
    programme: Programme, areas: Iterable[Area], measures: Iterable[Measure]
) -> dict[str, Any] | None:
    """Points for the measures of `programme` that have a location, over the areas'
    boundaries; None when no measure has a location."""
    located = [m for m in measures if m.latitude is not None and m.longitude is not None]
    if not located:
        return None
    figure = choropleth(areas) or {"data": [], "layout": BARE_LAYOUT, "sources": []}
    figure["data"].append(
        {
            "type": "scattergeo",
            "mode": "markers",
            "lon": [m.longitude for m in located],
            "lat": [m.latitude for m in located],
            "text": [localized(m, "title") for m in located],
            "customdata": [
                reverse("measures:detail", args=[programme.code, m.code]) for m in located
            ],
            "marker": {
                "size": 11,
                "color": MARKER_COLOUR,
                "line": {"color": "#ffffff", "width": 1},
            },
            "hovertemplate": "%{text}<extra></extra>",
            "showlegend": False,
        }
    )
    return figure
