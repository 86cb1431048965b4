"""JSON-stat 2.0 datasets (as SSB's and Oslo's PX-Web APIs return them) as long-format rows.

A mapping says which dimension holds what:

    {
      "area":      {"dimension": "Region", "strip_prefix": "K-", "skip": ["K-Rest"]},
      "period":    {"dimension": "Tid"},
      "indicator": {"code": "low_income"}
                   or {"dimension": "ContentsCode", "codes": {"Personer1": "population"}},
      "measure":   {"dimension": "ContentsCode",
                    "value": "Andel", "numerator": "Antall", "denominator": "Personer"},
      "filter":    {"Kjonn": "0"},
      "flags":     {"p": "provisional", "e": "estimated", "b": "break"}
    }

`area` and `indicator` take the code rules of `codes.py` (`codes`, `strip_prefix`, `rewrite`,
`prefix`, `skip`): SSB gives Oslo's districts as "01" where the register may call them
"030101", and municipalities as "K-0301". `measure` (optional, needs a
fixed `indicator.code`) takes value, numerator and denominator from categories of one
dimension. Every other dimension must have one category or be fixed in `filter`. A cell without
a value whose status is a statistics-bank marker (".." not available, ":" confidential, ...)
comes through as that marker, which the import stores as a missing observation with its
meaning; other cells without a value are left out. A status listed in `flags` sets that flag.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from omradeloft.indicators.engine.jsonstat import (
    Dataset,
    DatasetTooLargeError,
    JsonStatError,
    parse_dataset,
    to_frame,
)
from omradeloft.indicators.importing.codes import map_codes
from omradeloft.indicators.importing.errors import WORDS
from omradeloft.indicators.importing.left_out import (
    OUTSIDE,
    outside_register_parents,
    skipped_records,
)
from omradeloft.indicators.importing.limits import ReadLimits
from omradeloft.indicators.importing.markers import MARKERS
from omradeloft.indicators.importing.sources import (
    CELL_COLUMNS,
    COLUMNS,
    NUMBER_COLUMNS,
    SourceError,
)

FLAG_NAMES = ("provisional", "estimated", "break")


def _dimension_of(mapping: dict[str, Any], key: str, dimensions: set[str]) -> str | None:
    spec = mapping.get(key)
    if spec is None:
        return None
    if not isinstance(spec, dict):
        raise SourceError(WORDS("mapping.not_object", key=repr(key)))
    name = spec.get("dimension")
    if name is not None and name not in dimensions:
        raise SourceError(
            WORDS(
                "mapping.unknown_dimension",
                key=key,
                name=repr(name),
                dimensions=", ".join(sorted(dimensions)),
            )
        )
    return name


def _codes(
    frame: pd.DataFrame, column: str, spec: dict[str, Any], where: str = "area"
) -> pd.Series:
    """The register's codes for `column` by the mapping's code rules; None on rows to skip."""
    return map_codes(frame[column], spec, where)


@dataclass(frozen=True)
class _Dimensions:
    """Which of the dataset's dimensions holds each part of a row; indicator and measure are
    None where the mapping fixes the indicator's code and names no measure dimension."""

    area: str
    period: str
    indicator: str | None
    measure: str | None
    filters: dict[str, str]


def _mapped_dimensions(dataset: Dataset, mapping: dict[str, Any]) -> _Dimensions:
    """The mapping's dimensions, checked against the dataset: every dimension it does not
    use must have one category or be fixed in `filter`."""
    dims = {d.id for d in dataset.dimensions}
    area_dim = _dimension_of(mapping, "area", dims)
    period_dim = _dimension_of(mapping, "period", dims)
    indicator_dim = _dimension_of(mapping, "indicator", dims)
    measure_dim = _dimension_of(mapping, "measure", dims)
    if area_dim is None or period_dim is None:
        raise SourceError(WORDS("mapping.area_period_dimension"))
    indicator_spec = mapping.get("indicator") or {}
    if indicator_dim is None and not indicator_spec.get("code"):
        raise SourceError(WORDS("mapping.indicator_dimension"))
    if measure_dim is not None and indicator_dim is not None:
        raise SourceError(WORDS("mapping.measure_dimension"))
    filters: dict[str, str] = mapping.get("filter", {})
    for name in filters:
        if name not in dims:
            raise SourceError(WORDS("mapping.unknown_filter", name=repr(name)))
    used = {area_dim, period_dim, indicator_dim, measure_dim, *filters}
    for dimension in dataset.dimensions:
        if dimension.id not in used and len(dimension.codes) > 1:
            raise SourceError(
                WORDS(
                    "source.dimension_categories",
                    dimension=dimension.id,
                    label=dimension.label,
                    count=len(dimension.codes),
                )
            )
        if dimension.id in filters and filters[dimension.id] not in dimension.codes:
            raise SourceError(
                WORDS(
                    "mapping.filter_category",
                    dimension=dimension.id,
                    value=repr(filters[dimension.id]),
                    categories=", ".join(dimension.codes),
                )
            )
    return _Dimensions(area_dim, period_dim, indicator_dim, measure_dim, filters)


def read_jsonstat(
    document: Any, mapping: dict[str, Any], limits: ReadLimits | None = None
) -> Iterator[pd.DataFrame]:
    """Yield one long-format frame (the dataset is already in memory as a whole)."""
    limits = limits or ReadLimits.command_line()
    try:
        dataset = parse_dataset(document, max_cells=limits.rows)
    except DatasetTooLargeError as e:
        raise limits.declared_too_long(e.cells, WORDS("where.dataset")) from None
    except JsonStatError as e:
        raise SourceError(WORDS("source.not_jsonstat", problem=e.message)) from None
    mapped = _mapped_dimensions(dataset, mapping)
    area_dim, period_dim = mapped.area, mapped.period
    indicator_dim, measure_dim, filters = mapped.indicator, mapped.measure, mapped.filters
    indicator_spec = mapping.get("indicator") or {}

    frame = to_frame(dataset)
    for name, code in filters.items():
        frame = frame[frame[name] == code]
    marked = frame["value"].isna() & frame["status"].isin(list(MARKERS))
    frame = frame[frame["value"].notna() | marked]
    flags = mapping.get("flags", {})
    unknown_flags = set(flags.values()) - set(FLAG_NAMES)
    if unknown_flags:
        raise SourceError(WORDS("mapping.flags", flags=", ".join(FLAG_NAMES)))

    out = pd.DataFrame(index=frame.index)
    out["area"] = _codes(frame, area_dim, mapping["area"])
    # A code outside the register that the mapping puts under a parent: its rows count in
    # that parent's derived total (left_out.py).
    source_area = frame[area_dim].astype(str)
    parents = outside_register_parents(mapping["area"])
    outside = source_area.isin(list(parents))
    out["area"] = out["area"].where(~outside, source_area.map(parents))
    out[OUTSIDE] = source_area.where(outside, "")
    out["period"] = frame[period_dim].astype(str)
    if indicator_dim is not None:
        out["indicator"] = _codes(frame, indicator_dim, indicator_spec, "indicator")
    else:
        out["indicator"] = indicator_spec["code"]
    kept = out["area"].notna() & out["indicator"].notna()
    # Skipped observations, not cells: one observation may span several measure cells.
    keys = [d for d in (area_dim, period_dim, indicator_dim) if d is not None]
    skipped = len(frame.loc[~kept, keys].drop_duplicates())
    # The skipped area codes, counted per indicator and period (an indicator the mapping
    # skips is no area left out).
    dropped = out["area"].isna() & out["indicator"].notna()
    distinct = frame.loc[dropped, keys].drop_duplicates().index
    left_out = skipped_records(
        pd.DataFrame(
            {"indicator": out["indicator"], "period": out["period"], "code": source_area}
        ).loc[distinct]
    )
    frame, out = frame[kept], out[kept]
    text_value = frame["value"].astype(str).where(frame["value"].notna(), frame["status"])
    for flag in FLAG_NAMES:
        statuses = [status for status, name in flags.items() if name == flag]
        out[flag] = frame["status"].isin(statuses).map({True: "1", False: "0"})
    out["location"] = _cell_locations(frame, dataset)

    if measure_dim is None:
        out["value"] = text_value
        out["numerator"] = ""
        out["denominator"] = ""
    else:
        out = _joined_measures(frame, out, text_value, measure_dim, mapping["measure"])
    # The dataset's values are JSON numbers: no format to decide.
    for column in NUMBER_COLUMNS:
        out[f"{column}_cell"] = np.where(out[column].ne(""), "number", "")
    out = out[[*COLUMNS, *FLAG_NAMES, *CELL_COLUMNS, "location", OUTSIDE]]
    out.attrs["skipped"] = skipped
    out.attrs["left_out"] = left_out
    out.attrs["location"] = "cell {}"
    yield out


def _joined_measures(
    frame: pd.DataFrame,
    out: pd.DataFrame,
    text_value: pd.Series,
    measure_dim: str,
    measure: dict[str, Any],
) -> pd.DataFrame:
    """One row per area, period and indicator from the cells of the measure dimension's
    categories: value, numerator and denominator side by side."""
    keys = ["area", "period", "indicator", OUTSIDE]
    # Messages about a row point at its rate cell, else its count, else its population.
    roles = {measure.get(r): i for i, r in enumerate(("value", "numerator", "denominator"))}
    first_role = frame[measure_dim].map(roles).fillna(3).to_numpy()
    by_cell = out.iloc[first_role.argsort(kind="stable")].groupby(keys)
    # A flag on any of the cell's measures (count, population, rate) flags the row.
    joined = by_cell[list(FLAG_NAMES)].max()
    joined["location"] = by_cell["location"].first()
    for role in ("value", "numerator", "denominator"):
        # A role the mapping leaves out matches no cell (category codes are never empty).
        rows = frame[measure_dim].eq(measure.get(role) or "").to_numpy()
        index = pd.MultiIndex.from_frame(out.loc[rows, keys])
        joined[role] = pd.Series(text_value[rows].to_numpy(), index=index)
    out = joined.reset_index().fillna("")
    # A cell with only a denominator (its count or rate missing) has nothing to import.
    return out[out["value"].ne("") | out["numerator"].ne("")]


def _cell_locations(rows: pd.DataFrame, dataset: Dataset) -> pd.Series:
    """Where each row sits in the dataset, e.g. "7 (Region=0301, Tid=2024)" (read "cell {}")."""
    text = rows["cell"].astype(str) + " ("
    for i, dimension in enumerate(dataset.dimensions):
        text += ("" if i == 0 else ", ") + dimension.id + "=" + rows[dimension.id].astype(str)
    return text + ")"
