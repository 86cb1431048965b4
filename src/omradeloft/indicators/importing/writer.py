"""Fast writes of observations: one multi-row upsert statement per chunk.

Django's bulk_create builds a model instance per row; at a million rows that costs more than
the database work, so observations are written with `executemany` on plain tuples. The
statement (INSERT ... ON CONFLICT ... DO UPDATE) is the same on SQLite and PostgreSQL.
"""

import numpy as np
import pandas as pd
from django.db import connection

from omradeloft.indicators.models import Observation, ObservationRevision

VALUE_COLUMNS = (
    "numerator",
    "denominator",
    "value",
    "is_provisional",
    "is_estimated",
    "is_break",
    "missing",
)
KEY_COLUMNS = ("indicator_id", "area_id", "period")


def _rows(frame: pd.DataFrame, columns: tuple[str, ...]) -> list[tuple]:
    """Plain Python tuples with NaN turned into NULL."""
    data = []
    for column in columns:
        values = frame[column].to_numpy()
        if values.dtype.kind == "f":
            # numpy's stubs take no bare None; a 0-d object array gives the same cells.
            values = np.where(np.isnan(values), np.array(None), values.astype(object))
        data.append(values.tolist())
    return list(zip(*data, strict=True))


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(connection.ops.quote_name(c) for c in columns)


def _write(frame: pd.DataFrame, batch_id: int | None, *, overwrite: bool) -> None:
    if frame.empty:
        return
    frame = frame.assign(batch_id=batch_id)
    if "is_derived" not in frame:
        frame = frame.assign(is_derived=False)
    if "missing" not in frame:
        frame = frame.assign(missing="")
    table = connection.ops.quote_name(Observation._meta.db_table)
    columns = (*KEY_COLUMNS, *VALUE_COLUMNS, "is_derived", "batch_id")
    sql = f"INSERT INTO {table} ({_names(columns)}) VALUES ({', '.join(['%s'] * len(columns))})"
    if overwrite:
        quote = connection.ops.quote_name
        updates = ", ".join(f"{quote(c)} = excluded.{quote(c)}" for c in columns[3:])
        sql += f" ON CONFLICT ({_names(KEY_COLUMNS)}) DO UPDATE SET {updates}"
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(frame, columns))


def insert_observations(frame: pd.DataFrame, batch_id: int | None) -> None:
    """Add observations that are not stored yet (columns KEY_COLUMNS + VALUE_COLUMNS,
    optionally is_derived), all written by `batch_id`."""
    _write(frame, batch_id, overwrite=False)


def upsert_observations(frame: pd.DataFrame, batch_id: int | None) -> None:
    """Insert or overwrite observations (same columns), all written by `batch_id`."""
    _write(frame, batch_id, overwrite=True)


def insert_revisions(previous: pd.DataFrame, batch_id: int) -> None:
    """Keep the values `batch_id` replaces (columns KEY_COLUMNS + VALUE_COLUMNS + batch_id)."""
    if previous.empty:
        return
    table = connection.ops.quote_name(ObservationRevision._meta.db_table)
    columns = (*KEY_COLUMNS, *VALUE_COLUMNS)
    sql = (
        f"INSERT INTO {table} ({_names((*columns, 'previous_batch_id', 'batch_id'))}) "
        f"VALUES ({', '.join(['%s'] * (len(columns) + 2))})"
    )
    previous_batches = [
        None if pd.isna(b) else int(b) for b in previous["batch_id"].to_numpy(dtype=object)
    ]
    rows = _rows(previous, columns)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql,
            [(*row, prev, batch_id) for row, prev in zip(rows, previous_batches, strict=True)],
        )
