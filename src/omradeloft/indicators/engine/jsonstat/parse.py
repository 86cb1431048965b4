"""Parsing and checking JSON-stat documents into a `Dataset`."""

from __future__ import annotations

import json
import math
from typing import Any

import numpy as np

from omradeloft.core.notices import technical_detail
from omradeloft.indicators.engine.jsonstat.messages import WORDS, json_type, names_or_none
from omradeloft.indicators.engine.jsonstat.model import (
    Dataset,
    DatasetTooLargeError,
    Dimension,
    JsonStatError,
    cell_place,
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
            present = [k for k in dims_raw if k not in ("id", "size", "role")]
            raise JsonStatError(
                WORDS(
                    "jsonstat.dimension_missing",
                    path=f"{base}.dimension",
                    id=repr(dim_id),
                    id_path=id_path,
                    present=names_or_none(present),
                ),
                path=f"{base}.dimension",
            )
        dim = _parse_dimension(dim_id, dims_raw[dim_id], f"{base}.dimension.{dim_id}")
        if len(dim.codes) != size:
            raise JsonStatError(
                WORDS(
                    "jsonstat.category_count",
                    path=f"{base}.dimension.{dim_id}.category",
                    count=len(dim.codes),
                    size_path=f"{size_path}[{position}]",
                    id=dim_id,
                    size=size,
                ),
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
            raise JsonStatError(
                WORDS("jsonstat.not_utf8", problem=technical_detail(str(exc))), path="$"
            ) from exc
    elif isinstance(document, str):
        text = document.removeprefix("\ufeff")
    else:
        raise TypeError(f"expected a dict, str or bytes, got {type(document).__name__}")
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except json.JSONDecodeError as exc:
        raise JsonStatError(
            WORDS("jsonstat.not_json", problem=technical_detail(str(exc))), path="$"
        ) from exc


def _reject_constant(name: str) -> float:
    raise JsonStatError(WORDS("jsonstat.constant", name=name), path="$")


def _locate(doc: Any) -> tuple[dict[str, Any], str]:
    """The dataset object and its JSON path: the document itself or a single-dataset bundle."""
    if not isinstance(doc, dict):
        raise JsonStatError(WORDS("jsonstat.not_object", path="$", type=json_type(doc)), path="$")
    cls = doc.get("class")
    if cls == "dataset":
        return doc, "$"
    if cls == "collection":
        raise JsonStatError(WORDS("jsonstat.collection", path="$"), path="$")
    if cls == "dimension":
        raise JsonStatError(WORDS("jsonstat.dimension_document", path="$"), path="$")
    if cls not in (None, "bundle"):
        raise JsonStatError(
            WORDS("jsonstat.wrong_class", path="$.class", value=repr(cls)), path="$.class"
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
            WORDS("jsonstat.bundle", path="$", count=len(datasets), names=", ".join(datasets)),
            path="$",
        )
    keys = names_or_none(list(doc)[:10])
    raise JsonStatError(WORDS("jsonstat.no_dataset", path="$", keys=keys), path="$")


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
        code = "jsonstat.missing_key" if len(missing) == 1 else "jsonstat.missing_keys"
        keys = ", ".join(repr(k) for k in missing)
        raise JsonStatError(WORDS(code, path=base, keys=keys), path=base)
    if not isinstance(dims_raw, dict):
        where = f"{base}.dimension"
        raise JsonStatError(
            WORDS("jsonstat.dimensions_not_object", path=where, type=json_type(dims_raw)),
            path=where,
        )
    if not isinstance(ids, list) or not ids:
        raise JsonStatError(
            WORDS("jsonstat.ids_not_array", path=id_path, type=json_type(ids)), path=id_path
        )
    for i, dim_id in enumerate(ids):
        if not isinstance(dim_id, str) or not dim_id:
            where = f"{id_path}[{i}]"
            raise JsonStatError(
                WORDS("jsonstat.id_not_text", path=where, value=repr(dim_id)), path=where
            )
        if dim_id in ids[:i]:
            where = f"{id_path}[{i}]"
            other = f"{id_path}[{ids.index(dim_id)}]"
            raise JsonStatError(
                WORDS("jsonstat.id_twice", path=where, id=repr(dim_id), other=other), path=where
            )
    if not isinstance(sizes, list):
        raise JsonStatError(
            WORDS("jsonstat.sizes_not_array", path=size_path, type=json_type(sizes)),
            path=size_path,
        )
    for i, size in enumerate(sizes):
        if type(size) is not int or size < 0:
            where = f"{size_path}[{i}]"
            raise JsonStatError(
                WORDS("jsonstat.size_not_count", path=where, value=repr(size)), path=where
            )
    if len(ids) != len(sizes):
        raise JsonStatError(
            WORDS(
                "jsonstat.ids_sizes",
                path=base,
                id_path=id_path,
                count=len(ids),
                ids=", ".join(ids),
                size_path=size_path,
                sizes=len(sizes),
                size_list=str(sizes),
            ),
            path=base,
        )
    return ids, sizes, id_path, size_path


def _parse_dimension(dim_id: str, raw: Any, path: str) -> Dimension:
    if not isinstance(raw, dict):
        raise JsonStatError(
            WORDS("jsonstat.expected_object", path=path, type=json_type(raw)), path=path
        )
    label = raw.get("label", dim_id)
    if not isinstance(label, str):
        where = f"{path}.label"
        raise JsonStatError(
            WORDS("jsonstat.expected_string", path=where, value=repr(label)), path=where
        )
    category = raw.get("category")
    if category is None:
        raise JsonStatError(WORDS("jsonstat.missing_category", path=path), path=path)
    if not isinstance(category, dict):
        where = f"{path}.category"
        raise JsonStatError(
            WORDS("jsonstat.expected_object", path=where, type=json_type(category)), path=where
        )
    labels = category.get("label")
    label_path = f"{path}.category.label"
    if labels is not None:
        if not isinstance(labels, dict):
            raise JsonStatError(
                WORDS("jsonstat.labels_not_object", path=label_path, type=json_type(labels)),
                path=label_path,
            )
        for code, text in labels.items():
            if not isinstance(text, str):
                where = f"{label_path}.{code}"
                raise JsonStatError(
                    WORDS("jsonstat.expected_string", path=where, value=repr(text)), path=where
                )
    codes = _category_codes(category.get("index"), labels, f"{path}.category")
    if labels is not None:
        known = set(codes)
        for code in labels:
            if code not in known:
                raise JsonStatError(
                    WORDS(
                        "jsonstat.label_not_indexed",
                        path=label_path,
                        code=repr(code),
                        index_path=f"{path}.category.index",
                    ),
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
            raise JsonStatError(WORDS("jsonstat.needs_index", path=path), path=path)
        if len(labels) != 1:
            raise JsonStatError(
                WORDS(
                    "jsonstat.index_missing",
                    path=index_path,
                    label_path=f"{path}.label",
                    count=len(labels),
                ),
                path=index_path,
            )
        return list(labels)
    if isinstance(index, list):
        first_seen: dict[str, int] = {}
        for position, code in enumerate(index):
            if not isinstance(code, str):
                where = f"{index_path}[{position}]"
                raise JsonStatError(
                    WORDS("jsonstat.code_not_text", path=where, value=repr(code)), path=where
                )
            if code in first_seen:
                where = f"{index_path}[{position}]"
                raise JsonStatError(
                    WORDS(
                        "jsonstat.code_twice", path=where, code=repr(code), other=first_seen[code]
                    ),
                    path=where,
                )
            first_seen[code] = position
        return list(index)
    if isinstance(index, dict):
        count = len(index)
        by_position: dict[int, str] = {}
        for code, position in index.items():
            if type(position) is not int:
                where = f"{index_path}.{code}"
                raise JsonStatError(
                    WORDS(
                        "jsonstat.position_not_integer",
                        path=where,
                        last=count - 1,
                        value=repr(position),
                    ),
                    path=where,
                )
            if not 0 <= position < count:
                where = f"{index_path}.{code}"
                raise JsonStatError(
                    WORDS(
                        "jsonstat.position_out_of_range",
                        path=where,
                        position=position,
                        count=count,
                        last=count - 1,
                    ),
                    path=where,
                )
            if position in by_position:
                raise JsonStatError(
                    WORDS(
                        "jsonstat.position_twice",
                        path=index_path,
                        position=position,
                        first=repr(by_position[position]),
                        second=repr(code),
                        last=count - 1,
                    ),
                    path=index_path,
                )
            by_position[position] = code
        # count distinct positions in 0..count-1 means every position is taken
        return [by_position[p] for p in range(count)]
    raise JsonStatError(
        WORDS("jsonstat.index_kind", path=index_path, type=json_type(index)), path=index_path
    )


# --- Values and status ----------------------------------------------------------------------------


def _parse_values(
    raw: Any, cells: int, sizes: list[int], dims: tuple[Dimension, ...], path: str
) -> np.ndarray:
    values = np.full(cells, np.nan, dtype=np.float64)
    if isinstance(raw, list):
        if len(raw) != cells:
            raise JsonStatError(
                WORDS(
                    "jsonstat.value_count",
                    path=path,
                    entries=len(raw),
                    sizes=str(sizes),
                    product=" × ".join(map(str, sizes)),
                    cells=cells,
                ),
                path=path,
            )
        items = ((cell, value, f"{path}[{cell}]") for cell, value in enumerate(raw))
    elif isinstance(raw, dict):
        items = (
            (_sparse_key(key, cells, path), value, f'{path}["{key}"]') for key, value in raw.items()
        )
    else:
        raise JsonStatError(
            WORDS("jsonstat.values_kind", path=path, type=json_type(raw)), path=path
        )
    for cell, value, where in items:
        if value is None:
            continue
        number = _finite_number(value)
        if number is None:
            raise JsonStatError(
                WORDS(
                    "jsonstat.value_not_number",
                    path=where,
                    value=repr(value),
                    type=json_type(value),
                    cell=cell_place(dims, cell),
                ),
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
                WORDS(
                    "jsonstat.status_count",
                    path=path,
                    entries=len(raw),
                    sizes=str(sizes),
                    cells=cells,
                ),
                path=path,
            )
        for cell, text in enumerate(raw):
            status[cell] = _status_text(text, f"{path}[{cell}]")
        return status
    if isinstance(raw, dict):
        for key, text in raw.items():
            status[_sparse_key(key, cells, path)] = _status_text(text, f'{path}["{key}"]')
        return status
    raise JsonStatError(WORDS("jsonstat.status_kind", path=path, type=json_type(raw)), path=path)


def _status_text(text: Any, path: str) -> str | None:
    if text is None or text == "":
        return None
    if not isinstance(text, str):
        raise JsonStatError(
            WORDS("jsonstat.status_not_text", path=path, value=repr(text)), path=path
        )
    return text


def _sparse_key(key: str, cells: int, path: str) -> int:
    if not (key.isascii() and key.isdigit()):
        where = f'{path}["{key}"]'
        raise JsonStatError(WORDS("jsonstat.sparse_key", path=where, key=repr(key)), path=where)
    cell = int(key)
    if cell >= cells:
        where = f'{path}["{key}"]'
        raise JsonStatError(
            WORDS(
                "jsonstat.sparse_out_of_range", path=where, cell=cell, cells=cells, last=cells - 1
            ),
            path=where,
            cell=cell,
        )
    return cell


def _optional_text(raw: dict[str, Any], key: str, base: str) -> str:
    text = raw.get(key)
    if text is None:
        return ""
    if not isinstance(text, str):
        where = f"{base}.{key}"
        raise JsonStatError(
            WORDS("jsonstat.expected_string", path=where, value=json_type(text)), path=where
        )
    return text
