"""Reading small CSV files as people export them (comma or semicolon, with or without BOM)."""

import csv
import io
from collections.abc import Iterator


def decode(data: bytes | str) -> str:
    return data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")


def sniff_delimiter(first_line: str) -> str:
    """Norwegian spreadsheets export with semicolons; everything else with commas."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def csv_rows(data: bytes | str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header's column names and (line number, row) pairs with stripped names and values."""
    text = decode(data)
    reader = csv.DictReader(io.StringIO(text), delimiter=sniff_delimiter(text.split("\n", 1)[0]))
    columns = [c.strip() for c in reader.fieldnames or []]

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            yield (
                reader.line_num,
                {(k or "").strip(): (v or "").strip() for k, v in row.items() if k is not None},
            )

    return columns, rows()
