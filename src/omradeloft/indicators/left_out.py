"""What import batches recorded of rows for codes outside the area register, read back for
derivation (rows the mapping put under a parent) and for notes on derived values (rows it
left out). For each indicator, period and code the newest batch still imported speaks."""

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import pandas as pd
from django.utils.translation import gettext as _

from omradeloft.areas.models import Area
from omradeloft.indicators.models import BatchStatus, ImportBatch, Indicator, Observation
from omradeloft.indicators.presentation import Cell


def _newest_records() -> dict[str, list[dict[str, Any]]]:
    """indicator code -> the newest committed batch's record per (period, code)."""
    newest: dict[tuple[str, str, str], dict[str, Any]] = {}
    batches = (
        ImportBatch.objects.filter(status=BatchStatus.COMMITTED)
        .exclude(left_out=[])
        .order_by("created_at", "pk")
        .values_list("left_out", flat=True)
    )
    for records in batches:
        for record in records:
            newest[(record["indicator"], record["period"], record["code"])] = record
    by_indicator: dict[str, list[dict[str, Any]]] = {}
    for (indicator, _period, _code), record in newest.items():
        by_indicator.setdefault(indicator, []).append(record)
    return by_indicator


def _records(indicator: Indicator) -> list[dict[str, Any]]:
    return _newest_records().get(indicator.code, [])


def outside_sums(indicator: Indicator) -> pd.DataFrame:
    """Sums of the rows put under a parent: area_id (the parent), period, numerator,
    denominator, value (float64)."""
    columns = ["area_id", "period", "numerator", "denominator", "value"]
    records = [r for r in _records(indicator) if r.get("parent")]
    if not records:
        return pd.DataFrame(columns=columns)
    area_ids = dict(
        Area.objects.filter(code__in={r["parent"] for r in records}).values_list("code", "pk")
    )
    frame = pd.DataFrame.from_records(records)
    frame["area_id"] = frame["parent"].map(area_ids)
    frame = frame.dropna(subset=["area_id"]).astype({"area_id": "int64"})
    for column in ("numerator", "denominator", "value"):
        frame[column] = frame[column].astype("float64")
    return frame[columns]


def _left_out_codes(records: list[dict[str, Any]]) -> dict[str, list[str]]:
    """period -> the codes outside the register whose rows were left out of its import."""
    codes: dict[str, set[str]] = {}
    for record in records:
        if not record.get("parent"):
            codes.setdefault(record["period"], set()).add(record["code"])
    return {period: sorted(found) for period, found in codes.items()}


def derived_note(codes: list[str]) -> str:
    """Why a derived value may be too low. Names codes only, never a number, so that it
    reveals nothing disclosure control hides."""
    return _(
        "Derived from the areas inside it; rows for codes outside the area register "
        "(%(codes)s) were left out of the file's import, so this total may be too low."
    ) % {"codes": ", ".join(codes)}


class DerivedNotes:
    """The notes on derived values that may be incomplete, looked up per observation."""

    def __init__(self) -> None:
        records = _newest_records()
        ids = dict(Indicator.objects.filter(code__in=list(records)).values_list("code", "pk"))
        self._notes = {
            (ids[code], period): derived_note(codes)
            for code, found in records.items()
            if code in ids
            for period, codes in _left_out_codes(found).items()
        }

    def note(self, observation: Observation) -> str:
        if not observation.is_derived:
            return ""
        return self._notes.get((observation.indicator_id, observation.period), "")

    def cells(self, cells: list[Cell]) -> list[Cell]:
        """The cells with their notes; a hidden value gets none."""
        return [c if c.hidden else replace(c, note=self.note(c.observation)) for c in cells]


def distinct_notes(cells: Iterable[Cell | None]) -> list[str]:
    """The different notes among these cells, to list once under a table."""
    return sorted({c.note for c in cells if c is not None and c.note})
