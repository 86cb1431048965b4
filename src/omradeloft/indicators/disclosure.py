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
        rows = _observations(indicator.pk)
        if rows.empty:
            continue
        for column in ("numerator", "denominator", "value"):
            rows[column] = rows[column].astype("float64")
        if indicator.unit == Unit.COUNT:
            rows["numerator"] = rows["numerator"].fillna(rows["value"])
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
        changed = new != rows["old"].to_numpy()
        _store(rows.loc[changed, "pk"].tolist(), new[changed].tolist())
        suppressed += int(result.suppressed.sum())
    return suppressed


def _observations(indicator_id: int) -> pd.DataFrame:
    """All of an indicator's observations; a plain cursor, since there may be millions."""
    columns = ["id", "area_id", "period", "numerator", "denominator", "value", "suppression"]
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {names} FROM {table} WHERE indicator_id = %s", [indicator_id])
        rows = cursor.fetchall()
    return pd.DataFrame.from_records(
        rows, columns=["pk", "area_id", "period", "numerator", "denominator", "value", "old"]
    )


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
