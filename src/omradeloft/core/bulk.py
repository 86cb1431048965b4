"""Fast writes of many rows: one executemany per batch on plain tuples.

Django's bulk_create compiles one parameter per field and row through the model layer; for
tens of thousands of rows that costs more than the database work. These helpers prepare each
value with its field (so dates, times and JSON are stored as the ORM would store them) and
hand the rows to the driver. They send no signals: callers write the audit log themselves.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections, models, router

# Fields whose Python values (str, int, None) are what the database driver takes.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _preparers(
    model: type[models.Model], names: Sequence[str], connection: Any
) -> list[Callable[[Any], Any]]:
    fields = {f.attname: f for f in model._meta.concrete_fields}

    def prepared(field: models.Field) -> Callable[[Any], Any]:
        if isinstance(field, _AS_IS):
            return lambda value: value
        # A batch often repeats one value in a column (the time of the import, an empty
        # boundary): it is prepared once.
        last: list[Any] = [object(), None]

        def prepare(value: Any) -> Any:
            if value is not last[0]:
                last[:] = [value, field.get_db_prep_save(value, connection)]
            return last[1]

        return prepare

    return [prepared(fields[name]) for name in names]


def _rows(preparers: list, rows: Sequence[Sequence[Any]]) -> list[list[Any]]:
    return [[prepare(v) for prepare, v in zip(preparers, row, strict=True)] for row in rows]


def insert_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """INSERT `rows` (values in the order of the attribute names `names`) into `model`'s table."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join(['%s'] * len(names))})"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(_preparers(model, names, connection), rows))


def update_rows(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[Any]]
) -> None:
    """UPDATE the fields `names` of the rows whose primary key ends each row."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(n)} = %s" for n in names)
    pk_column = model._meta.pk.column
    assert pk_column is not None  # a concrete model's primary key has a column
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(pk_column)} = %s"
    preparers = [*_preparers(model, names, connection), lambda pk: pk]
    with connection.cursor() as cursor:
        cursor.executemany(sql, _rows(preparers, rows))
