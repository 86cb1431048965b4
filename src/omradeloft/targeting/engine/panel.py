"""Input adaptation: the long frames given to `compute_index` -> aligned numpy arrays.

A *panel* has one row per (period, area) pair that has at least one row for a component
indicator in ``values``, sorted by period and then by area code (both as strings), and
one column per component in spec order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .spec import IndexInputError

__all__ = [
    "SUPPRESSED",
    "Panel",
    "as_labels",
    "build_panel",
    "factorize",
    "flags",
    "positions",
    "reference_matrix",
]

# The optional bool column of values, counts and reference: True where the value did not
# pass disclosure control.
SUPPRESSED = "suppressed"


@dataclass(frozen=True, eq=False)
class Panel:
    """The component values of every (period, area) pair, rows sorted by period then area.

    Attributes:
        period_labels: Index of str, shape (P,) - the periods, sorted.
        area_labels: Index of str, shape (A,) - the areas, sorted.
        period_codes: int64 ndarray (n,) - position of each row's period in period_labels
            (non-decreasing).
        area_codes: int64 ndarray (n,) - position of each row's area in area_labels.
        values: float64 ndarray (n, k) - component values in spec order, NaN = missing.
        suppressed: None when no value is suppressed, else bool ndarray (n, k) - True where
            the value did not pass disclosure control.
    """

    period_labels: pd.Index
    area_labels: pd.Index
    period_codes: np.ndarray
    area_codes: np.ndarray
    values: np.ndarray
    suppressed: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.period_codes)

    def locate(self, areas: pd.Series, periods: pd.Series) -> np.ndarray:
        """Row of each (area, period) label pair, -1 when the pair is not in the panel:
        int64 ndarray of the length of ``areas``."""
        area = positions(self.area_labels, areas)
        period = positions(self.period_labels, periods)
        known = (area >= 0) & (period >= 0)
        key = np.where(known, period * len(self.area_labels) + area, -1)
        panel_keys = self.period_codes * len(self.area_labels) + self.area_codes
        row = np.searchsorted(panel_keys, key)
        row = np.minimum(row, len(panel_keys) - 1)
        found = known & (panel_keys[row] == key) if len(panel_keys) else np.zeros_like(known)
        return np.where(found, row, -1).astype(np.int64)

    def labels(self, rows: np.ndarray) -> tuple[pd.Index, pd.Index]:
        """(areas, periods) of the given rows, as Index of str."""
        return self.area_labels.take(self.area_codes[rows]), self.period_labels.take(
            self.period_codes[rows]
        )


def build_panel(values: pd.DataFrame, indicators: Sequence[str]) -> Panel:
    """The panel of ``values`` (long: area, period, indicator, value) for ``indicators``.

    Rows for other indicators are ignored; an optional bool column ``suppressed`` marks
    values that did not pass disclosure control. Raises `IndexInputError` for missing
    columns, missing identifiers, non-numeric or infinite values, a component indicator
    with no row at all, a repeated (area, period, indicator) and suppression flags that
    are not True or False.
    """
    require_columns(values, ("area", "period", "indicator", "value"), "values")
    indicator = values["indicator"]
    if indicator.isna().any():
        raise IndexInputError("values: the indicator column has missing entries")
    indicator_codes, indicator_labels = pd.factorize(indicator)
    position = {label: j for j, label in enumerate(indicators)}
    absent = [i for i in indicators if i not in set(indicator_labels)]
    if absent:
        raise IndexInputError(
            "values hold no rows for the component indicator(s) " + ", ".join(map(repr, absent))
        )
    lookup = np.array([position.get(label, -1) for label in indicator_labels], dtype=np.int64)
    column = lookup[indicator_codes]
    keep = column >= 0
    hidden = flags(values, "values")
    if keep.all():
        areas, periods, raw = values["area"], values["period"], values["value"]
    else:
        column = column[keep]
        areas, periods, raw = values["area"][keep], values["period"][keep], values["value"][keep]
        hidden = None if hidden is None else hidden[keep]
    number = numeric(raw, "values", "value")
    if np.isinf(number).any():
        raise IndexInputError("values: the value column holds infinite numbers")

    area_codes, area_labels = factorize(areas, "values", "area")
    period_codes, period_labels = factorize(periods, "values", "period")
    n_areas = len(area_labels)
    key = period_codes * n_areas + area_codes
    if len(period_labels) * n_areas <= max(4 * len(key), 1 << 20):
        present = np.zeros(len(period_labels) * n_areas, dtype=bool)
        present[key] = True
        pair_keys = np.flatnonzero(present)
        row = (np.cumsum(present) - 1)[key]
    else:  # sparse: few areas per period compared with all areas
        pair_keys, row = np.unique(key, return_inverse=True)
    k = len(indicators)
    flat = row * k + column
    per_cell = np.bincount(flat, minlength=len(pair_keys) * k)
    if len(per_cell) and per_cell.max() > 1:
        first = int(np.flatnonzero(per_cell[flat] > 1)[0])
        raise IndexInputError(
            f"values: more than one row for area {area_labels[area_codes[first]]!r}, period "
            f"{period_labels[period_codes[first]]!r}, indicator {indicators[column[first]]!r}"
        )
    matrix = np.full(len(pair_keys) * k, np.nan)
    matrix[flat] = number
    suppressed: np.ndarray | None = None
    if hidden is not None and hidden.any():
        suppressed = np.zeros(len(pair_keys) * k, dtype=bool)
        suppressed[flat] = hidden
        suppressed = suppressed.reshape(len(pair_keys), k)
    return Panel(
        period_labels=period_labels,
        area_labels=area_labels,
        period_codes=(pair_keys // n_areas).astype(np.int64),
        area_codes=(pair_keys % n_areas).astype(np.int64),
        values=matrix.reshape(len(pair_keys), k),
        suppressed=suppressed,
    )


def reference_matrix(
    reference: pd.DataFrame, panel: Panel, indicators: Sequence[str]
) -> tuple[np.ndarray, np.ndarray | None]:
    """Reference values as float64 (P, k): row = panel period, column = component, and
    None or bool (P, k), True where the reference value is suppressed.

    ``reference``: long frame with period, indicator, value and optionally suppressed
    (other columns ignored). Every period of the panel needs a positive, finite value for
    every component.
    """
    require_columns(reference, ("period", "indicator", "value"), "reference")
    position = {label: j for j, label in enumerate(indicators)}
    column = reference["indicator"].map(position)
    hidden = flags(reference, "reference")
    rows = reference[column.notna()]
    hidden = None if hidden is None else hidden[column.notna().to_numpy()]
    component = column[column.notna()].to_numpy(dtype=np.int64)
    period = positions(panel.period_labels, rows["period"])
    number = numeric(rows["value"], "reference", "value")
    used = period >= 0
    matrix = np.full((len(panel.period_labels), len(indicators)), np.nan)
    counts = np.zeros_like(matrix, dtype=np.int64)
    np.add.at(counts, (period[used], component[used]), 1)
    if (counts > 1).any():
        p, j = np.argwhere(counts > 1)[0]
        raise IndexInputError(
            f"reference: more than one value for period {panel.period_labels[p]!r}, "
            f"indicator {indicators[j]!r}"
        )
    matrix[period[used], component[used]] = number[used]
    lacking = np.argwhere(np.isnan(matrix))
    if len(lacking):
        pairs = ", ".join(
            f"({panel.period_labels[p]!r}, {indicators[j]!r})" for p, j in lacking[:5]
        )
        more = f" and {len(lacking) - 5} more" if len(lacking) > 5 else ""
        raise IndexInputError(
            f"ratio_to_reference needs a reference value for every period and component; "
            f"missing for (period, indicator) {pairs}{more}"
        )
    if not (np.isfinite(matrix) & (matrix > 0)).all():
        p, j = np.argwhere(~(np.isfinite(matrix) & (matrix > 0)))[0]
        raise IndexInputError(
            f"reference values must be positive and finite; period {panel.period_labels[p]!r}, "
            f"indicator {indicators[j]!r} has {matrix[p, j]}"
        )
    if hidden is None or not hidden[used].any():
        return matrix, None
    suppressed = np.zeros(matrix.shape, dtype=bool)
    suppressed[period[used], component[used]] = hidden[used]
    return matrix, suppressed


# --- helpers -------------------------------------------------------------------------------


def require_columns(frame: pd.DataFrame, columns: Sequence[str], name: str) -> None:
    if not isinstance(frame, pd.DataFrame):
        raise IndexInputError(f"{name} must be a DataFrame, not {type(frame).__name__}")
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise IndexInputError(f"{name} lack the column(s) {', '.join(missing)}")


def flags(frame: pd.DataFrame, name: str) -> np.ndarray | None:
    """The ``suppressed`` column of a frame as bool ndarray, or None when it has none."""
    if SUPPRESSED not in frame.columns:
        return None
    column = frame[SUPPRESSED]
    plain = pd.api.types.is_bool_dtype(column.dtype) or (
        column.dtype == object and column.map(lambda v: isinstance(v, bool | np.bool_)).all()
    )
    if not plain or column.isna().any():
        raise IndexInputError(f"{name}: the {SUPPRESSED} column must hold True or False")
    return column.to_numpy(dtype=bool)


def numeric(series: pd.Series, name: str, column: str) -> np.ndarray:
    """float64 ndarray of a numeric column; NaN / None / <NA> stay NaN, text is refused."""
    try:
        number = pd.to_numeric(series, errors="raise")
    except (TypeError, ValueError) as error:
        raise IndexInputError(f"{name}: column {column!r} must be numeric: {error}") from error
    return number.to_numpy(dtype=np.float64, na_value=np.nan)


def as_labels(series: pd.Series) -> pd.Series:
    """A label column as strings (missing entries stay missing)."""
    if pd.api.types.is_string_dtype(series.dtype) and series.dtype != object:
        return series
    return series.astype(str).where(series.notna())


def factorize(
    series: pd.Series, name: str, column: str, *, sort: bool = True
) -> tuple[np.ndarray, pd.Index]:
    """(int64 codes (n,), Index of str labels) of a label column without missing entries."""
    codes, uniques = pd.factorize(as_labels(series), sort=sort)
    if (codes < 0).any():
        raise IndexInputError(f"{name}: the {column} column has missing entries")
    return codes.astype(np.int64), pd.Index(uniques.astype(str))


def positions(index: pd.Index, series: pd.Series) -> np.ndarray:
    """int64 (n,): position of each label of ``series`` in ``index``, -1 when absent.
    Looks up each distinct label once (faster than get_indexer on long columns)."""
    codes, uniques = pd.factorize(as_labels(series))
    found = index.get_indexer(pd.Index(uniques.astype(str))) if len(uniques) else np.empty(0)
    return np.where(codes >= 0, found.astype(np.int64)[np.maximum(codes, 0)], -1)
