"""Read observation files in chunks of long-format rows.

Every reader yields pandas DataFrames with string columns `indicator, area, period, value,
numerator, denominator` (empty string where the file has nothing), optional flag columns
`provisional, estimated, break`, and `location`: where the row came from, for messages,
as the row number (or text) that `frame.attrs["location"]` (e.g. "row {}") turns into words
only when a message needs it.
"""

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from zipfile import BadZipFile

import numpy as np
import pandas as pd

from omradeloft.core.archives import ArchiveRefusedError, check_workbook
from omradeloft.core.encodings import Encoding, EncodingError, detect_encoding
from omradeloft.core.notices import technical_detail
from omradeloft.core.problems import cell
from omradeloft.core.tabular import sniff_delimiter
from omradeloft.indicators.importing.csv_problems import csv_problem
from omradeloft.indicators.importing.errors import WORDS, SourceError
from omradeloft.indicators.importing.limits import ReadLimits, RowBudget

__all__ = ["COLUMNS", "FLAG_COLUMNS", "SourceError", "frame_chunks", "read_csv", "read_xlsx"]

COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator")
FLAG_COLUMNS = ("provisional", "estimated", "break")
NUMBER_COLUMNS = ("value", "numerator", "denominator")
# How a number cell was stored: "" text (read by the format decided for the column),
# "number" a number a workbook or dataset stored (written with a point), "percent D5" a
# number cell D5 formatted as percent, which holds the fraction (0.0984 for 9.84 %).
CELL_COLUMNS = tuple(f"{column}_cell" for column in NUMBER_COLUMNS)
CHUNK_ROWS = 100_000


def _finish(frame: pd.DataFrame, locations: pd.Series, template: str = "{}") -> pd.DataFrame:
    frame = frame.copy()
    for column in COLUMNS:
        if column not in frame:
            frame[column] = ""
    frame["location"] = locations.to_numpy()
    keep = [*COLUMNS, *(c for c in (*FLAG_COLUMNS, *CELL_COLUMNS) if c in frame), "location"]
    frame = frame[keep]
    frame.attrs["location"] = template
    return frame


def _check_header(columns: list[str]) -> None:
    # Two columns of one name would each claim the row's cell: which one counts is a guess.
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    if repeated:
        raise SourceError(
            WORDS("source.repeated_columns", columns=", ".join(cell(c) for c in repeated))
        )
    missing = [c for c in ("indicator", "area", "period") if c not in columns]
    if missing:
        code = "source.missing_columns_wide" if _looks_wide(columns) else "source.missing_columns"
        raise SourceError(WORDS(code, columns=", ".join(missing), expected=",".join(COLUMNS)))
    if "value" not in columns and not {"numerator", "denominator"} <= set(columns):
        raise SourceError(WORDS("source.needs_value"))


def _looks_wide(columns: list[str]) -> bool:
    """A statistics-bank export (a title row such as "07459: Befolkning, ...", or years as
    column names), which needs a mapping."""
    named = [c.strip('"') for c in columns if c]
    title = len(named) == 1 or bool(named and re.match(r"\d{4,5}:", named[0]))
    return title or any(re.fullmatch(r"\d{4}(\D.*)?", c) for c in named)


def read_csv(
    path: Path,
    chunk_rows: int | None = None,
    limits: ReadLimits | None = None,
    encoding: Encoding | None = None,
) -> Iterator[pd.DataFrame]:
    """The file's rows in chunks, read as `encoding` (default: detected). Every record must
    have at most as many fields as the header: a cell's comma or semicolon without quotes
    would shift the cells after it into the wrong columns. Missing trailing cells are empty."""
    budget = RowBudget(limits or ReadLimits.command_line())
    where = WORDS("where.file")
    encoding = encoding or _encoding_of(path)
    chunk_rows = chunk_rows or CHUNK_ROWS
    with path.open("r", encoding=encoding.name, newline="") as handle:
        delimiter = sniff_delimiter(handle.readline())
    # Without a header row, pandas takes the first record's field count as the one every
    # record must have (and refuses a record with more); with one, it would quietly take
    # extra fields in the first data row for an index instead.
    try:
        reader = pd.read_csv(
            path,
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            encoding=encoding.name,
            chunksize=chunk_rows,
            skipinitialspace=True,
        )
        with reader:
            first = reader.get_chunk(chunk_rows + 1)
            columns = [str(c).strip() for c in first.iloc[0]]
            _check_header(columns)
            for chunk in _chunks_after_header(first.iloc[1:], reader):
                budget.add(len(chunk), where)
                chunk.columns = columns
                # The index counts records from the header's 0: the record number is one more.
                yield _finish(chunk, pd.Series(chunk.index + 1), "row {}")
    except pd.errors.EmptyDataError:
        raise SourceError(WORDS("source.empty")) from None
    except pd.errors.ParserError as e:
        raise SourceError(csv_problem(str(e))) from None


def _chunks_after_header(first: pd.DataFrame, reader: Any) -> Iterator[pd.DataFrame]:
    if len(first):
        yield first
    yield from reader


def _encoding_of(path: Path) -> Encoding:
    try:
        return detect_encoding(path)
    except EncodingError as e:
        raise SourceError(e.message) from None


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_xlsx(
    path: Path,
    sheet: str | None = None,
    chunk_rows: int | None = None,
    limits: ReadLimits | None = None,
) -> Iterator[pd.DataFrame]:
    """The sheet's rows, after its archive has been checked: nothing is unpacked from a
    workbook over the limits, and reading stops at the row limit (and the deadline).
    Number cells of the value, numerator and denominator columns are marked in CELL_COLUMNS,
    percent-formatted ones with their cell reference."""
    chunk_rows = chunk_rows or CHUNK_ROWS
    limits = limits or ReadLimits.command_line()
    budget = RowBudget(limits)
    workbook = open_workbook(path, limits)
    try:
        yield from _sheet_chunks(workbook, sheet, chunk_rows, budget)
    finally:
        workbook.close()


def open_workbook(path: Path, limits: ReadLimits) -> Any:
    """An .xlsx workbook opened read-only, after its archive has been checked against the
    limits (nothing is unpacked from one over them)."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        check_workbook(path, limits.archive, name=path.name)
        return load_workbook(path, read_only=True, data_only=True)
    except ArchiveRefusedError as e:
        raise SourceError(str(e)) from None
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as e:
        code = "source.xlsx_not_zip" if isinstance(e, BadZipFile) else "source.not_xlsx"
        raise SourceError(WORDS(code, problem=technical_detail(str(e)))) from None


def _sheet_chunks(
    workbook: Any, sheet: str | None, chunk_rows: int, budget: RowBudget
) -> Iterator[pd.DataFrame]:
    try:
        worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    except KeyError:
        raise SourceError(
            WORDS("source.no_sheet", sheet=repr(sheet), sheets=str(workbook.sheetnames))
        ) from None
    where = WORDS("where.sheet", sheet=worksheet.title)
    if worksheet.max_row:
        budget.check_declared(worksheet.max_row - 1, where)
    # Read the rows that are there: with its dimension record, openpyxl would stop at the
    # row it names or pad up to it with empty rows, and the record can lie either way.
    worksheet.reset_dimensions()
    rows = worksheet.iter_rows()
    header = [_cell_text(c.value) for c in next(rows, ())]
    _check_header(header)
    # Only the number columns' cells are looked at for their type and number format.
    numeric = [(i, column) for i, column in enumerate(header) if column in NUMBER_COLUMNS]
    width = len(header)
    buffer: list[list[str]] = []
    first_row = 2
    for number, row in enumerate(rows, start=2):
        budget.add(1, where)
        texts = [_cell_text(c.value) for c in row[:width]]
        texts += [""] * (width - len(texts))
        for i, _column in numeric:
            texts.append(_cell_kind(row[i], i, number) if i < len(row) else "")
        buffer.append(texts)
        if len(buffer) == chunk_rows:
            yield _xlsx_chunk(buffer, header, numeric, first_row, worksheet.title)
            buffer, first_row = [], number + 1
    if buffer:
        yield _xlsx_chunk(buffer, header, numeric, first_row, worksheet.title)


_QUOTED = re.compile(r'"[^"]*"|\\.')


def _cell_kind(cell: Any, column: int, row: int) -> str:
    value = cell.value
    if not isinstance(value, int | float) or isinstance(value, bool):
        return ""
    if "%" in _QUOTED.sub("", cell.number_format or ""):
        from openpyxl.utils import get_column_letter

        return f"percent {get_column_letter(column + 1)}{row}"
    return "number"


def _xlsx_chunk(
    rows: list[list[str]],
    header: list[str],
    numeric: list[tuple[int, str]],
    first: int,
    sheet: str,
) -> pd.DataFrame:
    columns = [*header, *(f"{column}_cell" for _, column in numeric)]
    frame = pd.DataFrame(rows, columns=columns)
    locations = pd.Series(range(first, first + len(rows)))
    return _finish(frame, locations, f"sheet {sheet}, row {{}}")


def frame_chunks(frame: pd.DataFrame, chunk_rows: int | None = None) -> Iterator[pd.DataFrame]:
    """A long-format DataFrame (any dtypes) as the string chunks the importer reads."""
    size = chunk_rows or CHUNK_ROWS
    for start in range(0, len(frame), size):
        chunk = frame.iloc[start : start + size]
        text = pd.DataFrame(index=chunk.index)
        for column in COLUMNS:
            values = chunk[column] if column in chunk else pd.Series("", index=chunk.index)
            text[column] = values.astype(object).where(values.notna(), "").astype(str)
            if column in NUMBER_COLUMNS and pd.api.types.is_numeric_dtype(values):
                text[f"{column}_cell"] = np.where(values.notna(), "number", "")
        yield _finish(text, pd.Series(range(start + 1, start + len(chunk) + 1)), "row {}")
