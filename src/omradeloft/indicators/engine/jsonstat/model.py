"""The JSON-stat cube in memory: dimensions, values, status, and a long-format view."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from omradeloft.core.notices import Message
from omradeloft.indicators.engine.jsonstat.messages import WORDS


class JsonStatError(ValueError):
    """A document that is not a usable JSON-stat dataset.

    ``message`` says why (``str(error)`` is its English text), ``path`` is the JSON path of the
    offending part (``"$"`` for the document itself), and ``cell`` the flat cell index when one
    cell is at fault. The message contains both.
    """

    def __init__(self, message: Message, *, path: str | None = None, cell: int | None = None):
        super().__init__(str(message))
        self.message = message
        self.path = path
        self.cell = cell


class DatasetTooLargeError(JsonStatError):
    """The dataset has more cells than the caller accepts (``cells``, ``limit``)."""

    def __init__(self, cells: int, limit: int, *, path: str) -> None:
        super().__init__(
            WORDS("jsonstat.too_large", path=path, cells=cells, limit=limit), path=path
        )
        self.cells = cells
        self.limit = limit


@dataclass(frozen=True)
class Dimension:
    """One dimension: its id (``"Region"``), label, and category codes and labels in order."""

    id: str
    label: str
    codes: tuple[str, ...]
    labels: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.codes)


@dataclass(frozen=True, eq=False)
class Dataset:
    """A parsed dataset.

    ``values`` is a read-only float64 array with one entry per cell in row-major order (length =
    product of the dimension sizes), NaN where the value is missing. ``status`` is a read-only
    object array of the same length holding the status string or ``None``. ``label``, ``source``
    and ``updated`` are ``""`` when the document has none. Datasets compare by identity.
    """

    label: str
    dimensions: tuple[Dimension, ...]
    values: np.ndarray
    status: np.ndarray
    source: str
    updated: str

    def __post_init__(self) -> None:
        cells = math.prod(self.shape)
        if self.values.shape != (cells,) or self.status.shape != (cells,):
            raise ValueError(
                f"values and status must be flat arrays of {cells} cells"
                f" (sizes {list(self.shape)}), got shapes {self.values.shape}"
                f" and {self.status.shape}"
            )

    @property
    def shape(self) -> tuple[int, ...]:
        """The category counts, in dimension order (JSON-stat ``size``)."""
        return tuple(len(d.codes) for d in self.dimensions)

    def dimension(self, dim_id: str) -> Dimension:
        for d in self.dimensions:
            if d.id == dim_id:
                return d
        raise KeyError(
            f"no dimension {dim_id!r}; the dataset has {[d.id for d in self.dimensions]}"
        )


def to_frame(dataset: Dataset) -> pd.DataFrame:
    """One row per cell that has a value or a status, in cell order.

    Columns: ``cell`` (flat index, int64); for each dimension ``<id>`` (category code) and
    ``<id>__label`` (category label), both object dtype holding ``str``; ``value`` (float64, NaN
    where missing); ``status`` (object: the status string or ``None``). The index is a plain
    RangeIndex. Raises :class:`JsonStatError` if a dimension id collides with another column name.
    """
    columns = ["cell"]
    for d in dataset.dimensions:
        columns += [d.id, f"{d.id}__label"]
    columns += ["value", "status"]
    seen: set[str] = set()
    for name in columns:
        if name in seen:
            raise JsonStatError(WORDS("jsonstat.column_twice", name=repr(name)))
        seen.add(name)

    # numpy's stubs take no bare None as an operand; a 0-d object array compares the same way.
    has_status = np.not_equal(dataset.status, np.array(None))
    cells = np.flatnonzero(~np.isnan(dataset.values) | has_status).astype(np.int64)
    data: dict[str, Any] = {"cell": cells}
    coords = np.unravel_index(cells, dataset.shape) if cells.size else None
    for axis, d in enumerate(dataset.dimensions):
        positions = coords[axis] if coords is not None else np.empty(0, dtype=np.intp)
        data[d.id] = pd.Series(text_array(d.codes)[positions], dtype=object)
        data[f"{d.id}__label"] = pd.Series(text_array(d.labels)[positions], dtype=object)
    data["value"] = dataset.values[cells].astype(np.float64)
    data["status"] = pd.Series(dataset.status[cells], dtype=object)
    return pd.DataFrame(data, columns=columns)


def describe_cell(dataset: Dataset, cell: int) -> str:
    """``"cell 17 (Region=0301 Oslo, Tid=2020, ContentsCode=Personer1 Personer)"``.

    Each category is shown as ``id=code label``, or ``id=code`` when the label equals the code.
    """
    cells = dataset.values.shape[0]
    if not 0 <= cell < cells:
        raise IndexError(f"cell {cell} is out of range: the dataset has {cells} cells")
    return str(cell_place(dataset.dimensions, cell))


# --- Loading and locating -------------------------------------------------------------------------


def cell_place(dims: tuple[Dimension, ...], cell: int) -> Message:
    """The cell with its categories, ``id=code label`` (or ``id=code`` when they agree)."""
    parts = []
    rest = cell
    for d in reversed(dims):
        rest, position = divmod(rest, len(d.codes))
        code, label = d.codes[position], d.labels[position]
        parts.append(f"{d.id}={code}" if label == code else f"{d.id}={code} {label}")
    return WORDS("jsonstat.cell", cell=cell, categories=", ".join(reversed(parts)))


def text_array(texts: tuple[str, ...]) -> np.ndarray:
    array = np.empty(len(texts), dtype=object)
    array[:] = texts
    return array
