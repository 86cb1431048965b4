"""Refuse rows whose area was not in use in the row's period, naming the codes that were.

After a boundary change both the old and the new codes stay in the register, each with
its validity dates; a row for 2017 on a subdistrict that ended 2017-12-31 is right, a row
for 2019 on it is a file made with the wrong code list.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from omradeloft.areas.models import Area, AreaChange
from omradeloft.core.notices import Wordings
from omradeloft.indicators.engine.periods import period_bounds

# Why a row's area does not fit its period (worded on pages by importing/message_catalogue.py).
WORDS = Wordings(
    {
        "area.ended_codes": "area %(area)s ended %(date)s; in %(period)s its codes are %(codes)s",
        "area.ended_unused": "area %(area)s ended %(date)s; it was not in use in %(period)s",
        "area.began_codes": "area %(area)s began %(date)s; in %(period)s its codes were %(codes)s",
        "area.began_unused": "area %(area)s began %(date)s; it was not in use in %(period)s",
    }
)


@dataclass(frozen=True)
class AreaValidity:
    """Per area id (index): `code`, `valid_from`, `valid_to` (datetime64, NaT when open),
    `became` and `came_from` (the codes a change turned it into / made it from)."""

    areas: pd.DataFrame

    @classmethod
    def load(cls) -> "AreaValidity":
        areas = pd.DataFrame.from_records(
            Area.objects.values_list("pk", "code", "valid_from", "valid_to"),
            columns=["id", "code", "valid_from", "valid_to"],
        ).set_index("id")
        became: dict[int, list[str]] = defaultdict(list)
        came_from: dict[int, list[str]] = defaultdict(list)
        changes = AreaChange.objects.values_list(
            "old_area_id", "old_area__code", "new_area_id", "new_area__code"
        ).order_by("new_area__code", "old_area__code")
        for old_id, old_code, new_id, new_code in changes:
            became[old_id].append(new_code)
            came_from[new_id].append(old_code)
        areas["valid_from"] = pd.to_datetime(areas["valid_from"])
        areas["valid_to"] = pd.to_datetime(areas["valid_to"])
        areas["became"] = [", ".join(became.get(i, [])) for i in areas.index]
        areas["came_from"] = [", ".join(came_from.get(i, [])) for i in areas.index]
        return cls(areas)


def out_of_validity(
    area_id: pd.Series, period: pd.Series, periodicity: pd.Series, validity: AreaValidity
) -> tuple[pd.Series, pd.Series]:
    """Rows whose area's validity does not overlap their period, and why (a message per row)."""
    known = area_id.notna() & period.notna() & periodicity.notna()
    ids = area_id.where(known).astype("float64")
    table = validity.areas.reindex(ids.to_numpy()).set_axis(area_id.index)
    # A file has few distinct periods: find each one's first and last day once.
    pairs = pd.MultiIndex.from_arrays(
        [period.where(known).fillna(""), periodicity.where(known).fillna("").astype(object)]
    )
    distinct = pairs.unique()
    first, last = period_bounds(
        pd.Series(distinct.get_level_values(0)), pd.Series(distinct.get_level_values(1))
    )
    start = pd.Series(first.set_axis(distinct).reindex(pairs).to_numpy(), index=area_id.index)
    end = pd.Series(last.set_axis(distinct).reindex(pairs).to_numpy(), index=area_id.index)
    ended = known & table["valid_to"].notna() & (table["valid_to"] < start)
    not_begun = known & table["valid_from"].notna() & (table["valid_from"] > end)
    why: pd.Series[Any] = pd.Series("", index=area_id.index, dtype=object)
    for mask, date_column, codes_column, when in (
        (ended, "valid_to", "became", "ended"),
        (not_begun, "valid_from", "came_from", "began"),
    ):
        positions = np.flatnonzero(mask.to_numpy())
        for position in positions:
            row = table.iloc[position]
            codes = row[codes_column]
            why.iloc[int(position)] = WORDS(
                f"area.{when}_{'codes' if codes else 'unused'}",
                area=row["code"],
                date=f"{row[date_column]:%Y-%m-%d}",
                period=period.iloc[position],
                **({"codes": codes} if codes else {}),
            )
    return ended | not_begun, why
