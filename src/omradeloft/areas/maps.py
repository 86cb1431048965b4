"""Plotly map figures for areas, drawn from their own boundaries (no background tiles).

The figure is plain JSON handed to the page; `static/omradeloft/js/maps.js` draws it with the
Plotly bundle served from the installed package.
"""

from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse

from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized

NEUTRAL_FILL = "#9ecae1"

# ColorBrewer's sequential Blues, light to dark (colour-blind safe, and readable in grey).
# Written out rather than named: plotly.js's own "Blues" runs dark to light, which drew the
# highest values palest.
LIGHT_TO_DARK = [
    "#f7fbff",
    "#deebf7",
    "#c6dbef",
    "#9ecae1",
    "#6baed6",
    "#4292c6",
    "#2171b5",
    "#08519c",
    "#08306b",
]


def worse_is_darker(higher_is_worse: bool) -> list[list[float | str]]:
    """A Plotly colour scale on which the worse end is the darker, whichever way "worse"
    runs: high values dark when higher is worse, low values dark when higher is better."""
    colours = LIGHT_TO_DARK if higher_is_worse else LIGHT_TO_DARK[::-1]
    last = len(colours) - 1
    # The ends as 0 and 1, not 0.0 and 1.0: the scale should not print what reads as a
    # value on a page that withholds values.
    return [[i / last if 0 < i < last else i // last, colour] for i, colour in enumerate(colours)]


def choropleth(
    areas: Iterable[Area],
    values: Mapping[str, float] | None = None,
    value_label: str = "",
    *,
    higher_is_worse: bool = True,
) -> dict[str, Any] | None:
    """A map of `areas`, coloured by `values` (area code -> number) when given, the worse
    areas darker (`higher_is_worse` says which way worse runs; a selection drawn as 1 for
    the areas chosen and 0 for the rest shows the chosen dark).

    Returns None when none of the areas has a boundary.
    """
    drawn = [a for a in areas if a.boundary]
    if not drawn:
        return None
    features: list[dict[str, Any]] = [
        {"type": "Feature", "id": a.code, "properties": {}, "geometry": a.boundary} for a in drawn
    ]
    trace: dict[str, Any] = {
        "type": "choropleth",
        "geojson": {"type": "FeatureCollection", "features": features},
        "locations": [a.code for a in drawn],
        "text": [localized(a, "name") for a in drawn],
        "customdata": [reverse("areas:detail", args=[a.code]) for a in drawn],
        "marker": {"line": {"color": "#ffffff", "width": 1.5}},
        "hovertemplate": "%{text}<extra></extra>",
    }
    if values is not None:
        trace |= {
            "z": [values.get(a.code) for a in drawn],
            "colorscale": worse_is_darker(higher_is_worse),
            "colorbar": {"title": {"text": value_label}},
            "hovertemplate": "%{text}: %{z}<extra></extra>",
        }
    else:
        trace |= {
            "z": [0] * len(drawn),
            "colorscale": [[0, NEUTRAL_FILL], [1, NEUTRAL_FILL]],
            "showscale": False,
        }
    layout = {
        "geo": {
            # No base layers: nothing is fetched from a CDN and the boundaries stand alone.
            "visible": False,
            "fitbounds": "locations",
            "projection": {"type": "mercator"},
        },
        "margin": {"l": 0, "r": 0, "t": 0, "b": 0},
        "height": 480,
        "dragmode": False,
    }
    sources = sorted({a.boundary_source for a in drawn if a.boundary_source})
    return {"data": [trace], "layout": layout, "sources": sources}
