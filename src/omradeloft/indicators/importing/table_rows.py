"""Tables as rows of cell texts, as a person sees them in a spreadsheet: CSV text, Excel
workbooks (.xlsx through openpyxl, old .xls through python-calamine). Beside each workbook
cell's text is what the workbook stored, as the long-format readers mark it (see
sources.CELL_COLUMNS): "" for text, "number" for a stored number, "percent D5" for a number
cell D5 formatted as percent. An .xls file's number formats are not read (python-calamine
does not give them), so its percent-formatted cells are plain numbers, the fraction.

The wide reader (wide_source.py) takes its rows from here; `read_xls` reads a long-format
.xls sheet as `read_xlsx` reads an .xlsx one. Row numbers are the spreadsheet's (1-based,
blank rows counted), so messages point where a person looks.
"""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from omradeloft.core.encodings import Encoding
from omradeloft.core.notices import Message, technical_detail
from omradeloft.indicators.importing.errors import WORDS, SourceError
from omradeloft.indicators.importing.limits import ReadLimits, RowBudget
from omradeloft.indicators.importing.sources import (
    CHUNK_ROWS,
    NUMBER_COLUMNS,
    _cell_kind,
    _cell_text,
    _check_header,
    _xlsx_chunk,
    open_workbook,
)

_DELIMITERS = (";", ",", "\t")
_SNIFF_LINES = 50


@dataclass(frozen=True)
class Row:
    """A row's cell texts and, for a workbook, the kind of each cell (see above)."""

    texts: list[str]
    kinds: list[str] = field(default_factory=list)  # empty for CSV: every cell is text

    def kind(self, column: int) -> str:
        return self.kinds[column] if column < len(self.kinds) else ""


@dataclass(frozen=True)
class Table:
    """Where the rows come from (for messages) and the rows themselves."""

    where: Message  # "the file", "the sheet “Ark1”"
    sheet: str | None  # None for a CSV file
    rows: Iterator[Row]

    def cell_location(self, row: int, column: str) -> str:
        """A cell's place, as `core.problems.place` reads it into words per language."""
        return (
            "" if self.sheet is None else f"sheet {self.sheet}, "
        ) + f"row {row}, column {column}"


def csv_table(path: Path, encoding: Encoding) -> Table:
    """A CSV file's rows, read as `encoding` (core/encodings.py decided it); the delimiter is
    the one that splits some line of the first 50 into the most cells (a title row above the
    header has one cell, quoted or not)."""
    with path.open("r", encoding=encoding.name, newline="") as handle:
        head = [handle.readline() for _ in range(_SNIFF_LINES)]
    widths = {
        d: max((len(r) for r in csv.reader(head, delimiter=d)), default=0) for d in _DELIMITERS
    }
    delimiter = max(_DELIMITERS, key=lambda d: widths[d])  # ties: the first, a semicolon
    return Table(
        where=WORDS("where.file"),
        sheet=None,
        rows=_csv_rows(path, encoding.name, delimiter),
    )


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Iterator[Row]:
    with path.open("r", encoding=encoding, newline="") as handle:
        try:
            for row in csv.reader(handle, delimiter=delimiter):
                yield Row([cell.strip() for cell in row])
        except csv.Error as e:  # the encoding was checked: only the CSV itself can be wrong
            raise SourceError(WORDS("source.csv", problem=technical_detail(str(e)))) from None


def xlsx_table(path: Path, sheet: str | None, limits: ReadLimits) -> Table:
    workbook = open_workbook(path, limits)
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError:
        workbook.close()
        raise SourceError(
            WORDS("source.no_sheet", sheet=repr(sheet), sheets=str(workbook.sheetnames))
        ) from None
    # The dimension record can lie either way (see sources._sheet_chunks): read what is there.
    worksheet.reset_dimensions()

    def rows() -> Iterator[Row]:
        try:
            for number, row in enumerate(worksheet.iter_rows(), start=1):
                yield Row(
                    [_cell_text(c.value) for c in row],
                    [_cell_kind(c, column, number) for column, c in enumerate(row)],
                )
        finally:
            workbook.close()

    return _sheet_table(worksheet.title, rows())


def xls_table(path: Path, sheet: str | None) -> Table:
    """An old Excel 97-2003 workbook's sheet, read by python-calamine."""
    name, values = _xls_values(path, sheet)
    rows = (
        Row([_xls_cell_text(c) for c in row], [_xls_cell_kind(c) for c in row]) for row in values
    )
    return _sheet_table(name, rows)


def _xls_values(path: Path, sheet: str | None) -> tuple[str, Iterator[list[Any]]]:
    """The sheet's name and its rows of cell values as calamine types them."""
    from python_calamine import CalamineError, CalamineWorkbook, WorksheetNotFound

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        worksheet = workbook.get_sheet_by_name(sheet) if sheet else workbook.get_sheet_by_index(0)
    except WorksheetNotFound:
        raise SourceError(
            WORDS("source.no_sheet", sheet=repr(sheet), sheets=str(workbook.sheet_names))
        ) from None
    except (CalamineError, OSError, ValueError, IndexError) as e:
        raise SourceError(WORDS("source.not_xls", problem=technical_detail(str(e)))) from None
    # Calamine's rows begin at the first filled cell; put back the rows and columns before it
    # so that row and column numbers are the spreadsheet's.
    first_row, first_column = worksheet.start or (0, 0)

    def rows() -> Iterator[list[Any]]:
        yield from ([] for _ in range(first_row))
        for row in worksheet.iter_rows():
            yield [""] * first_column + list(row)

    return worksheet.name, rows()


def _xls_cell_text(value: Any) -> str:
    if isinstance(value, bool):  # bool is an int: keep it from becoming "1"
        return str(value).upper()
    return _cell_text(value)


def _xls_cell_kind(value: Any) -> str:
    return "number" if isinstance(value, int | float) and not isinstance(value, bool) else ""


def _sheet_table(title: str, rows: Iterator[Row]) -> Table:
    return Table(
        where=WORDS("where.sheet", sheet=title),
        sheet=title,
        rows=rows,
    )


def read_xls(
    path: Path,
    sheet: str | None = None,
    chunk_rows: int | None = None,
    limits: ReadLimits | None = None,
) -> Iterator[pd.DataFrame]:
    """A long-format .xls sheet (header row first), as `read_xlsx` reads an .xlsx one: cells
    stored as numbers are marked so, and need no decision on their format. (Calamine does not
    give number formats, so a percent-formatted .xls cell cannot be told from a fraction.)"""
    chunk_rows = chunk_rows or CHUNK_ROWS
    budget = RowBudget(limits or ReadLimits.command_line())
    name, values = _xls_values(path, sheet)
    where = WORDS("where.sheet", sheet=name)
    header = [_xls_cell_text(c) for c in next(values, [])]
    _check_header(header)
    numeric = [(i, column) for i, column in enumerate(header) if column in NUMBER_COLUMNS]
    width = len(header)
    buffer: list[list[str]] = []
    first_row = 2
    for number, row in enumerate(values, start=2):
        budget.add(1, where)
        texts = [_xls_cell_text(c) for c in row[:width]]
        texts += [""] * (width - len(texts))
        for i, _column in numeric:
            texts.append(_xls_cell_kind(row[i]) if i < len(row) else "")
        buffer.append(texts)
        if len(buffer) == chunk_rows:
            yield _xlsx_chunk(buffer, header, numeric, first_row, name)
            buffer, first_row = [], number + 1
    if buffer:
        yield _xlsx_chunk(buffer, header, numeric, first_row, name)
