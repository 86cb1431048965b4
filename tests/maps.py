"""Reading a map figure as a reader sees it: the shade each area is drawn in."""

from itertools import pairwise
from typing import Any


def _rgb(colour: str) -> tuple[float, float, float]:
    value = colour.lstrip("#")
    red, green, blue = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return red, green, blue


def _luminance(rgb: tuple[float, float, float]) -> float:
    """Relative luminance (WCAG): 0 is black, 1 is white."""

    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (linear(c) for c in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def shades(figure: dict[str, Any]) -> dict[str, float]:
    """Each coloured area's luminance as Plotly draws it: its value placed between the
    smallest and the largest shown (Plotly's default range), the colour scale interpolated
    there. Areas without a value are left out."""
    trace = figure["data"][0]
    scale: list[list[Any]] = trace["colorscale"]
    values = {code: z for code, z in zip(trace["locations"], trace["z"], strict=True)}
    shown = [z for z in values.values() if z is not None]
    low, high = min(shown), max(shown)
    result = {}
    for code, z in values.items():
        if z is None:
            continue
        position = 0.5 if high == low else (z - low) / (high - low)
        for (start, colour_a), (end, colour_b) in pairwise(scale):
            if start <= position <= end:
                share = 0.0 if end == start else (position - start) / (end - start)
                a, b = _rgb(colour_a), _rgb(colour_b)
                mixed = (
                    a[0] + (b[0] - a[0]) * share,
                    a[1] + (b[1] - a[1]) * share,
                    a[2] + (b[2] - a[2]) * share,
                )
                result[code] = _luminance(mixed)
                break
    return result


def darkest(figure: dict[str, Any]) -> str:
    found = shades(figure)
    return min(found, key=found.__getitem__)


def palest(figure: dict[str, Any]) -> str:
    found = shades(figure)
    return max(found, key=found.__getitem__)
