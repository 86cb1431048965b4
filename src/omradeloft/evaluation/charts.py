"""Plotly figures (plain JSON) for evaluation results, rendered with "core/figure.html".

Every chart has a table with the same numbers next to it on the page. Each figure names the
file it downloads as (`download`): "core/figure.html" then offers SVG and PNG downloads.
"""

from collections.abc import Sequence
from typing import Any

from django.utils.translation import gettext as _

from omradeloft.indicators.charts import LINE_COLOURS

TREATED_COLOUR = LINE_COLOURS[0]
SYNTHETIC_COLOUR = LINE_COLOURS[1]
PLACEBO_COLOUR = "#b3b3b3"
MARK_COLOUR = "#4a4a4a"

Values = Sequence[float | None]


def _layout(title: str, x_title: str, y_title: str, **extra: Any) -> dict[str, Any]:
    return {
        "title": {"text": title},
        "height": 400,
        "margin": {"l": 60, "r": 10, "t": 60, "b": 50},
        "xaxis": {"type": "category", "title": {"text": x_title}},
        "yaxis": {"title": {"text": y_title}},
        "legend": {"orientation": "h"},
        **extra,
    }


def _treatment_marks(periods: Sequence[str], treatment_period: str | None) -> dict[str, list]:
    """A dashed vertical line between the last period before treatment and the first under it
    (on a category axis a shape's x is the category's position)."""
    if not treatment_period or treatment_period not in periods:
        return {"shapes": [], "annotations": []}
    x = periods.index(treatment_period) - 0.5
    return {
        "shapes": [_vertical(x)],
        "annotations": [
            {
                "x": x,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "text": _("Treatment starts"),
                "showarrow": False,
                "xanchor": "left",
                "yanchor": "bottom",
                "font": {"size": 11},
            }
        ],
    }


def _vertical(x: float) -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "x",
        "yref": "paper",
        "x0": x,
        "x1": x,
        "y0": 0,
        "y1": 1,
        "line": {"dash": "dash", "color": MARK_COLOUR, "width": 1},
    }


def _zero_line() -> dict[str, Any]:
    return {
        "type": "line",
        "xref": "paper",
        "yref": "y",
        "x0": 0,
        "x1": 1,
        "y0": 0,
        "y1": 0,
        "line": {"color": MARK_COLOUR, "width": 1},
    }


def _line(name: str, periods: Sequence[str], values: Values, colour: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "lines+markers",
        "name": name,
        "x": list(periods),
        "y": list(values),
        "line": {"color": colour, "width": 2},
        "connectgaps": False,
    }


def path_chart(
    periods: Sequence[str],
    actual: Values,
    synthetic: Values,
    treatment_period: str | None,
    unit: str,
    filename: str,
    leave_one_out: Sequence[tuple[str, Values]] = (),
) -> dict[str, Any]:
    """The treated value and its synthetic control over time; each leave-one-out refit (the
    synthetic control without one donor) as a thin grey line behind them."""
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": _("Without one donor"),
            "legendgroup": "leave-one-out",
            "showlegend": n == 0,
            "x": list(periods),
            "y": list(values),
            "text": [_("Without %(area)s") % {"area": name}] * len(periods),
            "hovertemplate": "%{text}: %{y}<extra></extra>",
            "line": {"color": PLACEBO_COLOUR, "width": 1},
            "connectgaps": False,
        }
        for n, (name, values) in enumerate(leave_one_out)
    ]
    data += [
        _line(_("Treated"), periods, actual, TREATED_COLOUR),
        _line(_("Synthetic control"), periods, synthetic, SYNTHETIC_COLOUR)
        | {"line": {"color": SYNTHETIC_COLOUR, "width": 2, "dash": "dot"}},
    ]
    layout = _layout(
        _("Treated areas and their synthetic control"),
        _("Period"),
        unit,
        **_treatment_marks(periods, treatment_period),
    )
    return {"data": data, "layout": layout, "download": filename}


def gaps_chart(
    periods: Sequence[str],
    gaps: Values,
    placebos: Sequence[tuple[str, Values]],
    treatment_period: str | None,
    unit: str,
    filename: str,
) -> dict[str, Any]:
    """The treated gap in colour over every placebo area's gap as a thin grey line."""
    data = [
        {
            "type": "scatter",
            "mode": "lines",
            # One legend entry for the group; hovering names the area.
            "name": _("Placebo areas"),
            "legendgroup": "placebos",
            "showlegend": n == 0,
            "x": list(periods),
            "y": list(values),
            "text": [name] * len(periods),
            "hovertemplate": "%{text}: %{y}<extra></extra>",
            "line": {"color": PLACEBO_COLOUR, "width": 1},
            "connectgaps": False,
        }
        for n, (name, values) in enumerate(placebos)
    ]
    treated = _line(_("Treated"), periods, gaps, TREATED_COLOUR)
    data.append(treated | {"line": {"color": TREATED_COLOUR, "width": 3}})
    marks = _treatment_marks(periods, treatment_period)
    layout = _layout(
        _("Gap between actual and synthetic values, treated and placebo areas"),
        _("Period"),
        _("Gap (%(unit)s)") % {"unit": unit},
        shapes=[_zero_line(), *marks["shapes"]],
        annotations=marks["annotations"],
    )
    return {"data": data, "layout": layout, "download": filename}


def coefficients_chart(
    relative_periods: Sequence[int],
    estimates: Values,
    lowers: Values,
    uppers: Values,
    unit: str,
    filename: str,
) -> dict[str, Any]:
    """Event-study coefficients with their 95 % intervals, a zero line and a dashed line
    where treatment starts (between relative periods -1 and 0)."""

    def distance(a: float | None, b: float | None) -> float | None:
        return None if a is None or b is None else a - b

    data = [
        {
            "type": "scatter",
            "mode": "markers",
            "name": _("Estimate with its interval (95 %)"),
            "x": list(relative_periods),
            "y": list(estimates),
            "marker": {"color": TREATED_COLOUR, "size": 8},
            "error_y": {
                "type": "data",
                "symmetric": False,
                "array": [distance(u, e) for u, e in zip(uppers, estimates, strict=True)],
                "arrayminus": [distance(e, lo) for e, lo in zip(estimates, lowers, strict=True)],
                "color": TREATED_COLOUR,
                "thickness": 1.5,
            },
        }
    ]
    layout = _layout(
        _("Event-study coefficients by period relative to treatment"),
        _("Periods since treatment started"),
        _("Difference (%(unit)s)") % {"unit": unit},
        shapes=[_zero_line(), _vertical(-0.5)],
    )
    layout["xaxis"] = {"title": {"text": _("Periods since treatment started")}, "dtick": 1}
    return {"data": data, "layout": layout, "download": filename}
