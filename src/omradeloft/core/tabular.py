"""Tables in and out as people's spreadsheets meet them.

Reading: small CSV files as people export them (comma or semicolon, with or without BOM, in
UTF-8 or Windows-1252 as core/encodings.py tells). A row with more fields than the header is
refused: a comma or semicolon inside an unquoted cell would shift the cells after it.
Writing: every CSV and Excel file the platform produces goes through `write_csv` or
`xlsx_bytes`, which keep text from being taken for a formula. A spreadsheet opening a CSV
evaluates a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and some read a leading tab
or carriage return the same way), so text starting with one of them is written with a
leading apostrophe, the spreadsheets' own mark for "this is text". Numbers stay numbers.
`csv_rows` takes the apostrophe off again, so exported files import unchanged.
"""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, TextIO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell

from omradeloft.core.encodings import decode_text
from omradeloft.core.notices import Message, MessageError, Wordings, technical_detail

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_TEXT_MARK = "'"


def neutralise(value: Any) -> Any:
    """Text that a spreadsheet would evaluate, marked as text; anything else unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return _TEXT_MARK + value
    return value


def restore(value: str) -> str:
    """The text `neutralise` was given, for a cell read back from an exported file."""
    if value.startswith(_TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def write_csv(out: TextIO, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([neutralise(c) for c in columns])
    writer.writerows([neutralise(value) for value in row] for row in rows)


def csv_text(columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    write_csv(out, columns, rows)
    return out.getvalue()


def xlsx_bytes(sheet_name: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    """One sheet. Text cells are stored as text, so none becomes a live formula, and carry
    the same mark as in CSV so that a copy pasted elsewhere stays inert too."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name[:31])
    sheet.append([_xlsx_cell(sheet, value) for value in columns])
    for row in rows:
        sheet.append([_xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet: Any, value: Any) -> Any:
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula
    return cell


# The English wordings of the refusals (worded on pages by core.file_texts).
WORDS = Wordings(
    {
        "table.extra_fields": "row %(row)s: %(fields)s fields, but the header has %(header)s "
        "(a comma or semicolon inside a cell needs quotes)",
        "table.not_csv": "row %(row)s: cannot be read as CSV (%(problem)s)",
        "table.repeated_columns": "header: the column(s) %(columns)s appear more than once",
    }
)


class TableReadError(MessageError):
    """A row of the file cannot be read as the header says."""


def decode(data: bytes | str) -> str:
    """The text of a file's bytes; raises EncodingError (a ValueError) if they are no text."""
    return decode_text(data)[0]


def sniff_delimiter(first_line: str) -> str:
    """Norwegian spreadsheets export with semicolons; everything else with commas."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def _not_csv_message(line: int, problem: csv.Error) -> Message:
    return WORDS("table.not_csv", row=line, problem=technical_detail(str(problem)))


def csv_rows(data: bytes | str) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header's column names and (line number, row) pairs with stripped names and values.

    Raises EncodingError if `data` is no text, and TableReadError (both ValueErrors) for a row
    with more fields than the header, when the rows get to it."""
    text = decode(data)
    # newline="": a file with old Mac line ends (CR alone) is read line by line too.
    lines = text.lstrip().splitlines()
    reader = csv.DictReader(
        io.StringIO(text, newline=""), delimiter=sniff_delimiter(lines[0] if lines else "")
    )
    try:
        columns = [c.strip() for c in reader.fieldnames or []]
    except csv.Error as e:
        raise TableReadError(_not_csv_message(reader.line_num, e)) from None
    # With a name twice, the later cell would silently stand for both.
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise TableReadError(WORDS("table.repeated_columns", columns=", ".join(repeated)))

    def rows() -> Iterator[tuple[int, dict[str, str]]]:
        try:
            yield from _checked_rows()
        except csv.Error as e:
            raise TableReadError(_not_csv_message(reader.line_num, e)) from None

    def _checked_rows() -> Iterator[tuple[int, dict[str, str]]]:
        for row in reader:
            if None in row:  # the fields beyond the header's
                fields = len(columns) + len(row[None])
                raise TableReadError(
                    WORDS(
                        "table.extra_fields",
                        row=reader.line_num,
                        fields=fields,
                        header=len(columns),
                    )
                )
            yield (
                reader.line_num,
                {
                    (k or "").strip(): restore((v or "").strip())
                    for k, v in row.items()
                    if k is not None
                },
            )

    return columns, rows()
