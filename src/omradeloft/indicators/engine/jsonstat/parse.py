"""Parsing and checking JSON-stat documents into a `Dataset`."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from omradeloft.indicators.engine.jsonstat.model import (
    Dataset,
    DatasetTooLargeError,
    Dimension,
    JsonStatError,
    cell_description,
)


def parse_dataset(
    document: dict[str, Any] | str | bytes, *, max_cells: int | None = None
) -> Dataset:
    """Parse and check a JSON-stat dataset given as JSON text/bytes or as already decoded JSON.

    The cube takes 16 bytes a cell whatever the document's size (a sparse ``value`` of a few
    cells may declare billions), so a dataset of more than ``max_cells`` cells raises
    DatasetTooLargeError before anything is allocated.
    """
    doc = _load(document)
    raw, base = _locate(doc)
    ids, sizes, id_path, size_path = _ids_and_sizes(raw, base)
    if max_cells is not None and math.prod(sizes) > max_cells:
        raise DatasetTooLargeError(math.prod(sizes), max_cells, path=size_path)
    dims_raw = raw["dimension"]
    dimensions = []
    for position, (dim_id, size) in enumerate(zip(ids, sizes, strict=True)):
        if dim_id not in dims_raw:
            present = ", ".join(k for k in dims_raw if k not in ("id", "size", "role")) or "none"
            raise JsonStatError(
                f"{base}.dimension: dimension {dim_id!r} listed in {id_path} is missing"
                f" (dimensions present: {present})",
                path=f"{base}.dimension",
            )
        dim = _parse_dimension(dim_id, dims_raw[dim_id], f"{base}.dimension.{dim_id}")
        if len(dim.codes) != size:
            raise JsonStatError(
                f"{base}.dimension.{dim_id}.category: {len(dim.codes)} categories but"
                f" {size_path}[{position}] ({dim_id}) says {size}",
                path=f"{base}.dimension.{dim_id}.category",
            )
        dimensions.append(dim)
    dims = tuple(dimensions)
    cells = math.prod(sizes)
    values = _parse_values(raw["value"], cells, sizes, dims, f"{base}.value")
    status = _parse_status(raw.get("status"), cells, sizes, f"{base}.status")
    values.flags.writeable = False
    status.flags.writeable = False
    return Dataset(
        label=_optional_text(raw, "label", base),
        dimensions=dims,
        values=values,
        status=status,
        source=_optional_text(raw, "source", base),
        updated=_optional_text(raw, "updated", base),
    )


def _load(document: dict[str, Any] | str | bytes) -> Any:
    if isinstance(document, dict | list):
        return document
    if isinstance(document, bytes | bytearray):
        try:
            text = bytes(document).decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonStatError(f"not JSON: the bytes are not UTF-8 ({exc})", path="$") from exc
    elif isinstance(document, str):
        text = document.removeprefix("\ufeff")
    else:
        raise TypeError(f"expected a dict, str or bytes, got {type(document).__name__}")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise JsonStatError(f"not JSON: {exc}", path="$") from exc


def _reject_constant(name: str) -> float:
    raise JsonStatError(f"not JSON: {name} is not a JSON number", path="$")


def _locate(doc: Any) -> tuple[dict[str, Any], str]:
    """The dataset object and its JSON path: the document itself or a single-dataset bundle."""
    if not isinstance(doc, dict):
        raise JsonStatError(
            f"$: expected a JSON object (a JSON-stat dataset), got {_json_type(doc)}", path="$"
        )
    cls = doc.get("class")
    if cls == "dataset":
        return doc, "$"
    if cls == "collection":
        raise JsonStatError(
            "$: this is a JSON-stat collection (class 'collection'), a list of links to"
            " datasets, not a dataset; request one table instead",
            path="$",
        )
    if cls == "dimension":
        raise JsonStatError(
            "$: this is a JSON-stat dimension (class 'dimension'), not a dataset", path="$"
        )
    if cls not in (None, "bundle"):
        raise JsonStatError(
            f"$.class: expected 'dataset', got {cls!r}; this is not a JSON-stat dataset",
            path="$.class",
        )
    if cls is None and any(key in doc for key in ("dimension", "value", "id", "size")):
        return doc, "$"  # a dataset without "class", as in JSON-stat 1.x
    # A JSON-stat 1.x bundle: {"<name>": {dataset}, ...}.
    datasets = {
        name: item
        for name, item in doc.items()
        if isinstance(item, dict) and ("dimension" in item or "value" in item)
    }
    if len(datasets) == 1:
        ((name, item),) = datasets.items()
        return item, f"$.{name}"
    if datasets:
        raise JsonStatError(
            f"$: this is a JSON-stat bundle with {len(datasets)} datasets"
            f" ({', '.join(datasets)}); only a bundle holding exactly one dataset is accepted",
            path="$",
        )
    keys = ", ".join(list(doc)[:10]) or "none"
    raise JsonStatError(
        f"$: not a JSON-stat dataset: no class 'dataset', no 'dimension' or 'value', and no"
        f" dataset inside (keys: {keys})",
        path="$",
    )


# --- Structure ------------------------------------------------------------------------------------


def _ids_and_sizes(raw: dict[str, Any], base: str) -> tuple[list[str], list[int], str, str]:
    dims_raw = raw.get("dimension")
    legacy = (
        isinstance(dims_raw, dict)
        and "id" not in raw
        and "size" not in raw
        and "id" in dims_raw
        and "size" in dims_raw
    )
    if legacy:  # JSON-stat 1.x keeps id and size inside "dimension"
        assert isinstance(dims_raw, dict)
        ids, sizes = dims_raw["id"], dims_raw["size"]
        id_path, size_path = f"{base}.dimension.id", f"{base}.dimension.size"
    else:
        ids, sizes = raw.get("id"), raw.get("size")
        id_path, size_path = f"{base}.id", f"{base}.size"
    missing = [
        key
        for key, present in (
            ("id", ids is not None),
            ("size", sizes is not None),
            ("dimension", dims_raw is not None),
            ("value", "value" in raw),
        )
        if not present
    ]
    if missing:
        raise JsonStatError(
            f"{base}: missing required {'key' if len(missing) == 1 else 'keys'}"
            f" {', '.join(repr(k) for k in missing)} of a JSON-stat dataset",
            path=base,
        )
    if not isinstance(dims_raw, dict):
        raise JsonStatError(
            f"{base}.dimension: expected an object of dimensions, got {_json_type(dims_raw)}",
            path=f"{base}.dimension",
        )
    if not isinstance(ids, list) or not ids:
        raise JsonStatError(
            f"{id_path}: expected a non-empty array of dimension ids, got {_json_type(ids)}",
            path=id_path,
        )
    for i, dim_id in enumerate(ids):
        if not isinstance(dim_id, str) or not dim_id:
            raise JsonStatError(
                f"{id_path}[{i}]: expected a dimension id (non-empty string), got {dim_id!r}",
                path=f"{id_path}[{i}]",
            )
        if dim_id in ids[:i]:
            raise JsonStatError(
                f"{id_path}[{i}]: dimension id {dim_id!r} is listed twice"
                f" (also at {id_path}[{ids.index(dim_id)}])",
                path=f"{id_path}[{i}]",
            )
    if not isinstance(sizes, list):
        raise JsonStatError(
            f"{size_path}: expected an array of category counts, got {_json_type(sizes)}",
            path=size_path,
        )
    for i, size in enumerate(sizes):
        if type(size) is not int or size < 0:
            raise JsonStatError(
                f"{size_path}[{i}]: expected a category count (non-negative integer), got {size!r}",
                path=f"{size_path}[{i}]",
            )
    if len(ids) != len(sizes):
        raise JsonStatError(
            f"{base}: {id_path} lists {len(ids)} dimensions ({', '.join(ids)}) but {size_path}"
            f" has {len(sizes)} entries {sizes}; they must have the same length",
            path=base,
        )
    return ids, sizes, id_path, size_path


def _parse_dimension(dim_id: str, raw: Any, path: str) -> Dimension:
    if not isinstance(raw, dict):
        raise JsonStatError(f"{path}: expected an object, got {_json_type(raw)}", path=path)
    label = raw.get("label", dim_id)
    if not isinstance(label, str):
        raise JsonStatError(f"{path}.label: expected a string, got {label!r}", path=f"{path}.label")
    category = raw.get("category")
    if category is None:
        raise JsonStatError(f"{path}: missing 'category'", path=path)
    if not isinstance(category, dict):
        raise JsonStatError(
            f"{path}.category: expected an object, got {_json_type(category)}",
            path=f"{path}.category",
        )
    labels = category.get("label")
    label_path = f"{path}.category.label"
    if labels is not None:
        if not isinstance(labels, dict):
            raise JsonStatError(
                f"{label_path}: expected an object code -> label, got {_json_type(labels)}",
                path=label_path,
            )
        for code, text in labels.items():
            if not isinstance(text, str):
                raise JsonStatError(
                    f"{label_path}.{code}: expected a string, got {text!r}",
                    path=f"{label_path}.{code}",
                )
    codes = _category_codes(category.get("index"), labels, f"{path}.category")
    if labels is not None:
        known = set(codes)
        for code in labels:
            if code not in known:
                raise JsonStatError(
                    f"{label_path}: label for category {code!r}, which is not in"
                    f" {path}.category.index",
                    path=label_path,
                )
    labels = labels or {}
    return Dimension(
        id=dim_id,
        label=label,
        codes=tuple(codes),
        labels=tuple(labels.get(code, code) for code in codes),
    )


def _category_codes(index: Any, labels: dict[str, Any] | None, path: str) -> list[str]:
    index_path = f"{path}.index"
    if index is None:
        if not labels:
            raise JsonStatError(
                f"{path}: needs 'index' (or, for a single category, 'label')", path=path
            )
        if len(labels) != 1:
            raise JsonStatError(
                f"{index_path}: missing; 'index' may only be left out when a dimension has a"
                f" single category, but {path}.label has {len(labels)}",
                path=index_path,
            )
        return list(labels)
    if isinstance(index, list):
        first_seen: dict[str, int] = {}
        for position, code in enumerate(index):
            if not isinstance(code, str):
                raise JsonStatError(
                    f"{index_path}[{position}]: expected a category code (string), got {code!r}",
                    path=f"{index_path}[{position}]",
                )
            if code in first_seen:
                raise JsonStatError(
                    f"{index_path}[{position}]: category {code!r} is listed twice"
                    f" (also at position {first_seen[code]})",
                    path=f"{index_path}[{position}]",
                )
            first_seen[code] = position
        return list(index)
    if isinstance(index, dict):
        count = len(index)
        by_position: dict[int, str] = {}
        for code, position in index.items():
            if type(position) is not int:
                raise JsonStatError(
                    f"{index_path}.{code}: expected a position (integer 0..{count - 1}),"
                    f" got {position!r}",
                    path=f"{index_path}.{code}",
                )
            if not 0 <= position < count:
                raise JsonStatError(
                    f"{index_path}.{code}: position {position} is out of range; the positions"
                    f" of {count} categories must be 0..{count - 1}, each exactly once",
                    path=f"{index_path}.{code}",
                )
            if position in by_position:
                raise JsonStatError(
                    f"{index_path}: position {position} is used by both"
                    f" {by_position[position]!r} and {code!r}; the positions must be"
                    f" 0..{count - 1}, each exactly once",
                    path=index_path,
                )
            by_position[position] = code
        # count distinct positions in 0..count-1 means every position is taken
        return [by_position[p] for p in range(count)]
    raise JsonStatError(
        f"{index_path}: expected an array of codes or an object code -> position,"
        f" got {_json_type(index)}",
        path=index_path,
    )


# --- Values and status ----------------------------------------------------------------------------


def _parse_values(
    raw: Any, cells: int, sizes: list[int], dims: tuple[Dimension, ...], path: str
) -> np.ndarray:
    values = np.full(cells, np.nan, dtype=np.float64)
    if isinstance(raw, list):
        if len(raw) != cells:
            raise JsonStatError(
                f"{path}: size/value mismatch: 'value' has {len(raw)} entries but 'size'"
                f" {sizes} gives {' × '.join(map(str, sizes))} = {cells} cells",
                path=path,
            )
        items = ((cell, value, f"{path}[{cell}]") for cell, value in enumerate(raw))
    elif isinstance(raw, dict):
        items = (
            (_sparse_key(key, cells, path), value, f'{path}["{key}"]') for key, value in raw.items()
        )
    else:
        raise JsonStatError(
            f"{path}: expected an array or an object 'flat index' -> number, got {_json_type(raw)}",
            path=path,
        )
    for cell, value, where in items:
        if value is None:
            continue
        number = _finite_number(value)
        if number is None:
            raise JsonStatError(
                f"{where}: expected a number or null, got {value!r} ({_json_type(value)})"
                f" at {cell_description(dims, cell)}",
                path=where,
                cell=cell,
            )
        values[cell] = number
    return values


def _finite_number(value: Any) -> float | None:
    """The value as a float, or None for anything but a finite JSON number (bool is no number)."""
    if type(value) is int:
        try:
            return float(value)
        except OverflowError:
            return None
    if type(value) is float and math.isfinite(value):
        return value
    return None


def _parse_status(raw: Any, cells: int, sizes: list[int], path: str) -> np.ndarray:
    status = np.full(cells, None, dtype=object)
    if raw is None:
        return status
    if isinstance(raw, str):
        if raw:
            status[:] = raw
        return status
    if isinstance(raw, list):
        if len(raw) == 1 and cells != 1:  # JSON-stat 1.x: one status for every cell
            return _parse_status(_status_text(raw[0], f"{path}[0]"), cells, sizes, path)
        if len(raw) != cells:
            raise JsonStatError(
                f"{path}: status length mismatch: 'status' has {len(raw)} entries but 'size'"
                f" {sizes} gives {cells} cells (an array must have one entry per cell, or a"
                f" single entry for all)",
                path=path,
            )
        for cell, text in enumerate(raw):
            status[cell] = _status_text(text, f"{path}[{cell}]")
        return status
    if isinstance(raw, dict):
        for key, text in raw.items():
            status[_sparse_key(key, cells, path)] = _status_text(text, f'{path}["{key}"]')
        return status
    raise JsonStatError(
        f"{path}: expected a string, an array or an object 'flat index' -> status,"
        f" got {_json_type(raw)}",
        path=path,
    )


def _status_text(text: Any, path: str) -> str | None:
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise JsonStatError(f"{path}: expected a status string or null, got {text!r}", path=path)
    return text


def _sparse_key(key: str, cells: int, path: str) -> int:
    if not (key.isascii() and key.isdigit()):
        raise JsonStatError(
            f'{path}["{key}"]: a sparse key must be a flat cell index (a non-negative'
            f" integer written as a string), got {key!r}",
            path=f'{path}["{key}"]',
        )
    cell = int(key)
    if cell >= cells:
        raise JsonStatError(
            f'{path}["{key}"]: cell {cell} is out of range; the dataset has {cells} cells'
            f" (0..{cells - 1})",
            path=f'{path}["{key}"]',
            cell=cell,
        )
    return cell


def _optional_text(raw: dict[str, Any], key: str, base: str) -> str:
    text = raw.get(key)
    if text is None:
        return ""
    if not isinstance(text, str):
        raise JsonStatError(
            f"{base}.{key}: expected a string, got {_json_type(text)}", path=f"{base}.{key}"
        )
    return text


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float) and not math.isfinite(value):
        return "a non-finite number"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__
