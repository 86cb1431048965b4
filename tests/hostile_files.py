"""Small hostile files for the importers, built in the test: broken encodings, NUL bytes,
corrupt archives, odd cells, JSON of the wrong shape. Each builder returns the file's bytes."""

import io
import json
from collections.abc import Callable
from datetime import date

LONG_HEADER = "indicator,area,period,value,numerator,denominator"
GOOD_ROW = "population,099901,2024,1000,,"


def long_csv(*rows: str, header: str = LONG_HEADER, newline: str = "\n") -> bytes:
    return newline.join([header, *rows, ""]).encode()


def workbook(*rows: list[object], formats: dict[str, str] | None = None) -> bytes:
    """An .xlsx whose first sheet holds the rows; `formats` sets number formats by cell."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for reference, number_format in (formats or {}).items():
        sheet[reference].number_format = number_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def long_workbook(*rows: list[object]) -> bytes:
    return workbook([*LONG_HEADER.split(",")], *rows)


def truncated(data: bytes) -> bytes:
    """The first half of a file, as a download cut short leaves it."""
    return data[: len(data) // 2]


def deeply_nested(depth: int = 100_000) -> bytes:
    return b"[" * depth + b"]" * depth


def jsonstat(values: list[object], size: list[int] | None = None) -> bytes:
    """A JSON-stat 2.0 dataset of two areas in one year (SSB's shape, Region x Tid)."""
    return json.dumps(
        {
            "version": "2.0",
            "class": "dataset",
            "id": ["Region", "Tid"],
            "size": size or [2, 1],
            "dimension": {
                "Region": {"category": {"index": {"01": 0, "02": 1}}},
                "Tid": {"category": {"index": {"2024": 0}}},
            },
            "value": values,
        }
    ).encode()


JSONSTAT_MAPPING = {
    "area": {"dimension": "Region", "prefix": "0999"},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}

# A mapping whose every key has the wrong type.
WRONG_TYPES_MAPPING = {
    "area": 7,
    "period": [],
    "indicator": "population",
    "measure": {},
    "filter": "x",
    "flags": 3,
    "codes": 1,
    "missing_is_zero": "yes",
}

# A wide-table mapping that names columns the file does not have.
WIDE_MAPPING_MISSING_COLUMNS = {
    "area": {"column": "Bydel"},
    "period": {"column": "År"},
    "indicator": {"code": "population"},
}

TODAY = date(2024, 1, 1)

Builder = Callable[[], bytes]
