"""Turn a file on disk into the chunk reader and file facts the import service takes."""

import hashlib
import json
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeGuard

from omradeloft.core.encodings import EncodingError, detect_encoding
from omradeloft.core.notices import technical_detail
from omradeloft.indicators.importing.errors import WORDS
from omradeloft.indicators.importing.limits import ReadLimits
from omradeloft.indicators.importing.service import Chunks, FileInfo
from omradeloft.indicators.importing.sources import SourceError, read_csv, read_xlsx
from omradeloft.indicators.importing.table_rows import (
    Table,
    csv_table,
    read_xls,
    xls_table,
    xlsx_table,
)
from omradeloft.indicators.importing.wide_source import read_wide

FORMATS = ("csv", "xlsx", "xls", "jsonstat")
IMPORT_OPTIONS = {"missing_is_zero"}  # mapping keys about the import, not the file's shape
_EXTENSIONS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".xls": "xls",
    ".json": "jsonstat",
    ".jsonstat": "jsonstat",
}


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def open_observation_file(
    path: Path,
    file_format: str | None = None,
    *,
    mapping: dict[str, Any] | None = None,
    sheet: str | None = None,
    display_name: str | None = None,
    limits: ReadLimits | None = None,
    encoding: str | None = None,
) -> tuple[Chunks, FileInfo]:
    """The file's chunk reader and facts; `limits` default to the command line's. A text
    file (CSV, JSON-stat) is read as `encoding`, or as the one detected (core/encodings.py)."""
    kind = file_format or _EXTENSIONS.get(path.suffix.lower())
    if kind not in FORMATS:
        raise SourceError(WORDS("source.unknown_format", name=path.name))
    if not path.is_file():
        raise SourceError(WORDS("source.no_file", path=str(path)))
    limits = limits or ReadLimits.command_line()
    info = FileInfo(name=display_name or path.name, sha256=sha256_of(path), file_format=kind)
    if kind in ("xlsx", "xls"):
        if _shapes_a_table(mapping):
            return (lambda: read_wide(_sheet(path, kind, sheet, limits), mapping, limits)), info
        if kind == "xlsx":
            return (lambda: read_xlsx(path, sheet, limits=limits)), info
        return (lambda: read_xls(path, sheet, limits=limits)), info
    try:
        text_encoding = detect_encoding(path, encoding)
    except EncodingError as e:
        raise SourceError(e.message) from None
    info = replace(info, encoding=text_encoding.label)
    if kind == "csv":
        if _shapes_a_table(mapping):
            return (lambda: read_wide(csv_table(path, text_encoding), mapping, limits)), info
        return (lambda: read_csv(path, limits=limits, encoding=text_encoding)), info
    from omradeloft.indicators.importing.jsonstat_source import read_jsonstat

    if mapping is None:
        raise SourceError(WORDS("source.jsonstat_mapping"))
    try:
        document = json.loads(path.read_bytes().decode(text_encoding.name))
    except json.JSONDecodeError as e:
        raise SourceError(
            WORDS(
                "source.json_invalid",
                problem=technical_detail(e.msg),
                line=e.lineno,
                column=e.colno,
            )
        ) from None
    except RecursionError:
        raise SourceError(WORDS("source.json_deep")) from None
    if not isinstance(document, dict):
        raise SourceError(WORDS("source.json_not_object"))
    return (lambda: read_jsonstat(document, mapping, limits)), info


def _shapes_a_table(mapping: dict[str, Any] | None) -> TypeGuard[dict[str, Any]]:
    """A mapping with more than options (such as missing_is_zero, which a long-format file
    may take too) says how to read a wide table."""
    return mapping is not None and bool(set(mapping) - IMPORT_OPTIONS)


def _sheet(path: Path, kind: str, sheet: str | None, limits: ReadLimits) -> Table:
    """A wide workbook sheet's rows (read when its mapping says so)."""
    if kind == "xlsx":
        return xlsx_table(path, sheet, limits)
    return xls_table(path, sheet)
