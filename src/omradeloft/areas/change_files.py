"""Read area change tables in the shape SSB's classification service (KLASS) publishes.

KLASS serves changes as CSV with the columns
`oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred` (semicolons,
dates YYYY-MM-DD). Exports made by hand use commas and Norwegian headers, so both are read;
an optional `share` column gives the part of the old area that moved to the new one.
"""

import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from omradeloft.core.problems import cell
from omradeloft.core.tabular import sniff_delimiter

# normalised header (lower case, letters and digits only) -> our column
HEADERS = {
    "oldcode": "old_code",
    "gammelkode": "old_code",
    "frakode": "old_code",
    "newcode": "new_code",
    "nykode": "new_code",
    "tilkode": "new_code",
    "changeoccurred": "took_effect",
    "endringsdato": "took_effect",
    "endringsdatoen": "took_effect",
    "dato": "took_effect",
    "date": "took_effect",
    "share": "share",
    "andel": "share",
}
REQUIRED = ("old_code", "new_code", "took_effect")


class ChangeFileError(Exception):
    """The file cannot be read as a change table at all."""


@dataclass(frozen=True)
class ChangeRow:
    line: int
    old_code: str
    new_code: str
    took_effect: datetime.date | None
    share: Decimal | None
    raw: dict[str, str]


def _text(data: bytes) -> str:
    # KLASS serves UTF-8; Norwegian offices save Windows-1252 from Excel.
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _column(header: str) -> str | None:
    return HEADERS.get(re.sub(r"[^a-z0-9]", "", header.lower()))


def parse_share(text: str) -> Decimal | None:
    """A share written 0.6, 0,6 or 60 %; None when unreadable."""
    cleaned = text.replace("\u00a0", "").replace(" ", "").replace(",", ".")
    percent = cleaned.endswith("%")
    try:
        number = Decimal(cleaned.removesuffix("%"))
    except InvalidOperation:
        return None
    if not number.is_finite():
        return None
    return number / 100 if percent else number


def _records(reader: Any) -> Iterator[list[str]]:
    """The reader's records; a file the csv module cannot split (binary data, a cell
    beyond its field limit) is refused as a whole."""
    try:
        yield from reader
    except csv.Error as e:
        raise ChangeFileError(f"line {reader.line_num}: not readable as CSV ({e})") from None


def read_change_file(data: bytes) -> tuple[list[ChangeRow], list[str]]:
    """The rows of a change table, and a message for every cell that cannot be read."""
    text = _text(data)
    if not text.strip():
        raise ChangeFileError("the file is empty")
    # newline="": a file with old Mac line ends (CR alone) is read line by line too.
    reader = csv.reader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(text.lstrip().splitlines()[0])
    )
    records = _records(reader)
    header = next(records)
    columns = [_column(h) for h in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        expected = "oldCode;oldName;oldShortName;newCode;newName;newShortName;changeOccurred"
        raise ChangeFileError(
            f"missing column(s) {', '.join(missing)}; expected the KLASS header {expected} "
            f"(optionally with share); found {', '.join(h.strip() for h in header)}"
        )
    rows: list[ChangeRow] = []
    errors: list[str] = []
    for record in records:
        if not any(cell.strip() for cell in record):
            continue
        line = reader.line_num
        cells = {
            name: value.strip()
            for name, value in zip(columns, record, strict=False)
            if name is not None
        }
        for name in ("old_code", "new_code", "took_effect"):
            if not cells.get(name):
                errors.append(f"line {line}: {name}: missing")
        took_effect = None
        if cells.get("took_effect"):
            try:
                took_effect = datetime.date.fromisoformat(cells["took_effect"])
            except ValueError:
                when = cell(cells["took_effect"])
                errors.append(f"line {line}: took_effect: {when} is not a date YYYY-MM-DD")
        share = None
        if cells.get("share"):
            share = parse_share(cells["share"])
            if share is None or not 0 <= share <= 1:
                errors.append(
                    f"line {line}: share: {cell(cells['share'])} is not a share from 0 to 1"
                )
                share = None
        rows.append(
            ChangeRow(
                line,
                cells.get("old_code", ""),
                cells.get("new_code", ""),
                took_effect,
                share,
                cells,
            )
        )
    return rows, errors
