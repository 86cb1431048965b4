"""Indicators and observation files for tests."""

from pathlib import Path
from typing import Any

from omradeloft.indicators.models import Indicator, IndicatorKind
from omradeloft.indicators.units import LEGACY_UNITS


def make_indicator(code: str = "not_employed", **fields: Any) -> Indicator:
    """An indicator; `unit` takes one of the old unit codes as a shorthand for its kind,
    scale and labels (default percent)."""
    fields.setdefault("name", f"Indicator {code}")
    if "kind" not in fields:
        fields |= LEGACY_UNITS[fields.pop("unit", "percent")].as_fields()
    fields.setdefault("polarity", "higher_is_worse")
    fields.setdefault("aggregation", "ratio" if fields["kind"] == IndicatorKind.RATE else "sum")
    return Indicator.objects.create(code=code, **fields)


def write_csv(
    path: Path, rows: list[str], header: str = "indicator,area,period,value,numerator,denominator"
) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
