"""An indicator's kind, scale and unit label, as catalogue files state them.

Files state a unit either the old way, one code from a fixed list (`unit`: percent,
per_1000, count, nok, years, ratio), or the new way: a `kind`, a `scale` for rates, and a
free `unit_label` ("pakker per innbygger") with its English `unit_label_en`.
"""

from dataclasses import dataclass
from typing import Any

from omradeloft.indicators.models import Aggregation, IndicatorKind


@dataclass(frozen=True)
class UnitSpec:
    kind: str
    rate_scale: int | None
    unit_label: str
    unit_label_en: str

    def as_fields(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rate_scale": self.rate_scale,
            "unit_label": self.unit_label,
            "unit_label_en": self.unit_label_en,
        }


# The old fixed unit codes; migration 0003 maps stored indicators the same way.
LEGACY_UNITS = {
    "percent": UnitSpec(IndicatorKind.RATE, 100, "prosent", "percent"),
    "per_1000": UnitSpec(IndicatorKind.RATE, 1000, "per 1000", "per 1,000"),
    "count": UnitSpec(IndicatorKind.COUNT, None, "antall", "count"),
    "nok": UnitSpec(IndicatorKind.MONEY, None, "kroner", "NOK"),
    "years": UnitSpec(IndicatorKind.OTHER, None, "år", "years"),
    "ratio": UnitSpec(IndicatorKind.OTHER, None, "forholdstall", "ratio"),
}
LABEL_LENGTH = 60
# Labels a file may leave out: the usual ones for the kind (and scale).
_RATE_LABELS = {
    100: ("prosent", "percent"),
    1000: ("per 1000", "per 1,000"),
    100000: ("per 100 000", "per 100,000"),
}
_KIND_LABELS: dict[str, tuple[str, str]] = {
    IndicatorKind.COUNT: ("antall", "count"),
    IndicatorKind.MONEY: ("kroner", "NOK"),
}
# Counts and money add up, rates go by their numerators and denominators; an index, a score
# or another measure is not aggregated unless the file says how.
DEFAULT_AGGREGATION = {
    IndicatorKind.COUNT: Aggregation.SUM,
    IndicatorKind.MONEY: Aggregation.SUM,
    IndicatorKind.RATE: Aggregation.RATIO,
}


def _text(raw: dict[str, Any], column: str) -> str:
    value = raw.get(column)
    return "" if value is None else str(value).strip()


def parse_unit(raw: dict[str, Any]) -> tuple[UnitSpec | None, list[tuple[str, str]]]:
    """The unit a catalogue row states, or None and (column, message) problems."""
    unit, kind = _text(raw, "unit"), _text(raw, "kind")
    scale_text = _text(raw, "scale").replace(" ", "").replace("\N{NO-BREAK SPACE}", "")
    label, label_en = _text(raw, "unit_label"), _text(raw, "unit_label_en")
    if unit and kind:
        return None, [("unit", "give either kind (with scale and unit_label) or unit, not both")]
    if unit:
        if unit not in LEGACY_UNITS:
            return None, [
                (
                    "unit",
                    f"{unit!r} is not one of {', '.join(LEGACY_UNITS)}; for another unit give "
                    f"kind ({', '.join(IndicatorKind.values)}) and write {unit!r} in unit_label",
                )
            ]
        return LEGACY_UNITS[unit], []
    if not kind:
        return None, [("kind", f"missing; one of {', '.join(IndicatorKind.values)}")]
    if kind not in IndicatorKind.values:
        return None, [("kind", f"{kind!r} is not one of {', '.join(IndicatorKind.values)}")]
    problems: list[tuple[str, str]] = []
    scale = None
    if kind == IndicatorKind.RATE:
        if not scale_text:
            problems.append(
                ("scale", "missing; a rate needs its scale: 100 for percent, 1000 for per 1,000")
            )
        elif not scale_text.isdigit() or int(scale_text) < 1:
            problems.append(("scale", f"{scale_text!r} is not a whole number of 1 or more"))
        else:
            scale = int(scale_text)
    elif scale_text:
        problems.append(("scale", f"only a rate has a scale, and this is a {kind}"))
    if not label:
        default = (
            _RATE_LABELS.get(scale or 0, (f"per {scale}", f"per {scale}") if scale else None)
            if kind == IndicatorKind.RATE
            else _KIND_LABELS.get(kind)
        )
        if default is None and not problems:
            problems.append(("unit_label", f"missing; say what a {kind} value is, e.g. 'score'"))
        elif default is not None:
            label, label_en = default[0], label_en or default[1]
    for column, text in (("unit_label", label), ("unit_label_en", label_en)):
        if len(text) > LABEL_LENGTH:
            problems.append((column, f"longer than {LABEL_LENGTH} characters"))
    if problems:
        return None, problems
    return UnitSpec(kind, scale, label, label_en), []
