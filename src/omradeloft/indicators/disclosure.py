"""Apply disclosure control to stored observations, after every change to them.

The engine (`engine/disclosure.py`) decides; this module feeds it each indicator's cells,
one group per period across the whole area hierarchy, and stores the verdict on each
observation, so that `Observation.objects.public()` is a plain filter. Counts without a
denominator are checked as numerators; values with neither (money, years) cannot be
checked and are published.
"""

from collections.abc import Iterable

import numpy as np
import pandas as pd
from django.db import connection

from omradeloft.indicators.aggregation import area_hierarchy
from omradeloft.indicators.engine.disclosure import suppress
from omradeloft.indicators.models import Indicator, Observation, Suppression, Unit


def refresh_disclosure(indicator_ids: Iterable[int]) -> int:
    """Recompute which observations of these indicators are suppressed; returns how many."""
    parent = area_hierarchy().parent
    suppressed = 0
    for indicator in Indicator.objects.filter(pk__in=list(indicator_ids)):
        rows = _cells(indicator.pk, counts_are_values=indicator.unit == Unit.COUNT)
        if rows.empty:
            continue
        parents = rows["area_id"].map(parent).fillna(-1).astype("int64")
        present = pd.MultiIndex.from_arrays([rows["area_id"], rows["period"]])
        has_parent = pd.MultiIndex.from_arrays([parents, rows["period"]]).isin(present)
        cells = pd.DataFrame(
            {
                "cell": rows["area_id"],
                "parent": parents.where(has_parent, -1),
                "group": rows["period"],
                "numerator": rows["numerator"],
                "denominator": rows["denominator"],
            }
        )
        result = suppress(cells, threshold=indicator.suppression_threshold)
        new = np.where(
            result.primary,
            Suppression.PRIMARY.value,
            np.where(result.secondary, Suppression.SECONDARY.value, Suppression.PUBLISHED.value),
        )
        old = pd.Series(Suppression.PUBLISHED.value, index=rows["pk"], dtype=object)
        old.update(_suppressed_now(indicator.pk))
        changed = new != old.to_numpy()
        _store(rows.loc[changed, "pk"].tolist(), new[changed].tolist())
        suppressed += int(result.suppressed.sum())
    return suppressed


def _cells(indicator_id: int, *, counts_are_values: bool) -> pd.DataFrame:
    """Every observation of an indicator as a disclosure cell. A plain cursor and few
    columns, since there may be millions; a count without a numerator is its value."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    numerator = "COALESCE(numerator, value)" if counts_are_values else "numerator"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, area_id, period, {numerator}, denominator FROM {table} "
            "WHERE indicator_id = %s",
            [indicator_id],
        )
        rows = cursor.fetchall()
    frame = pd.DataFrame.from_records(
        rows, columns=["pk", "area_id", "period", "numerator", "denominator"]
    )
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype("float64")
    return frame


def _suppressed_now(indicator_id: int) -> pd.Series:
    """pk -> status of the observations suppressed before this run (usually few)."""
    found = Observation.objects.filter(indicator_id=indicator_id).exclude(
        suppression=Suppression.PUBLISHED
    )
    pairs = list(found.values_list("pk", "suppression"))
    return pd.Series(dict(pairs), dtype=object)


def _store(pks: list[int], statuses: list[str]) -> None:
    if not pks:
        return
    table = connection.ops.quote_name(Observation._meta.db_table)
    column = connection.ops.quote_name("suppression")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",
            list(zip(statuses, pks, strict=True)),
        )
