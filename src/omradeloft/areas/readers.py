"""Read area files (GeoJSON or CSV) into records, keeping where each came from."""

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from omradeloft.core.encodings import EncodingError
from omradeloft.core.file_texts import file_error_text
from omradeloft.core.tabular import TableReadError, csv_rows, decode

CSV_REQUIRED = ("code", "name", "level", "parent")
CSV_OPTIONAL = ("name_en", "parent_level", "valid_from", "valid_to")


@dataclass
class AreaRecord:
    """One area as a file describes it. `None` means the file does not say."""

    location: str  # e.g. "feature 3" or "row 5"
    code: str
    name: str
    level: str
    parent: str = ""
    parent_level: str = ""
    name_en: str | None = None
    boundary: Any = None
    valid_from: str | None = None
    valid_to: str | None = None
    source: str | None = None  # who made the boundary, under what licence
    given: set[str] = field(default_factory=set)  # the optional fields the file sets


class FileFormatError(ValueError):
    """The file as a whole cannot be read."""


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_geojson(data: bytes | str) -> list[AreaRecord]:
    try:
        document = json.loads(decode(data))
    except EncodingError as e:
        raise FileFormatError(file_error_text(e)) from None
    except json.JSONDecodeError as e:
        raise FileFormatError(
            f"not valid JSON: {e.msg} at line {e.lineno}, column {e.colno}"
        ) from None
    except RecursionError:
        raise FileFormatError("not usable JSON: it is nested too deeply") from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise FileFormatError("expected a GeoJSON FeatureCollection")
    features = document.get("features")
    if not isinstance(features, list):
        raise FileFormatError("the FeatureCollection has no 'features' list")
    records = []
    for index, feature in enumerate(features, start=1):
        props = feature.get("properties") or {} if isinstance(feature, dict) else {}
        record = AreaRecord(
            location=f"feature {index}",
            code=_text(props.get("code")),
            name=_text(props.get("name")),
            level=_text(props.get("level")),
            parent=_text(props.get("parent")),
            parent_level=_text(props.get("parent_level")),
            boundary=feature.get("geometry") if isinstance(feature, dict) else None,
        )
        for key in ("name_en", "valid_from", "valid_to", "source"):
            if key in props:
                setattr(record, key, _text(props[key]) or None)
                record.given.add(key)
        if record.boundary is not None:
            record.given.add("boundary")
        records.append(record)
    return records


def read_csv(data: bytes | str) -> list[AreaRecord]:
    try:
        return _csv_records(*csv_rows(data))
    except (EncodingError, TableReadError) as e:
        raise FileFormatError(file_error_text(e)) from None


def _csv_records(
    columns: list[str], rows: Iterable[tuple[int, dict[str, str]]]
) -> list[AreaRecord]:
    missing = [c for c in CSV_REQUIRED if c not in columns]
    if missing:
        raise FileFormatError(
            f"missing column(s) {', '.join(missing)}; the header must have "
            f"{','.join(CSV_REQUIRED)} (optional: {','.join(CSV_OPTIONAL)}), found {columns}"
        )
    records = []
    for line, row in rows:
        record = AreaRecord(
            location=f"row {line}",
            code=row.get("code", ""),
            name=row.get("name", ""),
            level=row.get("level", ""),
            parent=row.get("parent", ""),
            parent_level=row.get("parent_level", ""),
        )
        for key in ("name_en", "valid_from", "valid_to"):
            if key in columns:
                setattr(record, key, row.get(key) or None)
                record.given.add(key)
        records.append(record)
    return records


def read_area_file(path: Path, file_format: str | None = None) -> list[AreaRecord]:
    """Read GeoJSON or CSV, chosen by `file_format` or the file's extension."""
    kind = file_format or {".geojson": "geojson", ".json": "geojson", ".csv": "csv"}.get(
        path.suffix.lower()
    )
    if kind not in {"geojson", "csv"}:
        raise FileFormatError(
            f"cannot tell the format of {path.name}: use a .geojson, .json or .csv file, "
            "or say --format geojson|csv"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise FileFormatError(f"cannot read {path}: {e.strerror}") from None
    return read_geojson(data) if kind == "geojson" else read_csv(data)
