"""Indicators and observation files for tests."""

from pathlib import Path
from typing import Any

from omradeloft.indicators.models import Indicator


def make_indicator(code: str = "not_employed", **fields: Any) -> Indicator:
    fields.setdefault("name", f"Indicator {code}")
    fields.setdefault("unit", "percent")
    fields.setdefault("polarity", "higher_is_worse")
    fields.setdefault(
        "aggregation", "ratio" if fields["unit"] in {"percent", "per_1000"} else "sum"
    )
    return Indicator.objects.create(code=code, **fields)


def write_csv(
    path: Path, rows: list[str], header: str = "indicator,area,period,value,numerator,denominator"
) -> Path:
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path
