"""Wide statistics-bank tables (PX-Web exports from SSB's and Oslo's statistikkbank as CSV,
XLSX or old XLS: periods as columns) as long-format rows, through a mapping file like the one
JSON-stat uses (jsonstat_source.py). A typical SSB export:

    "07459: Befolkning, etter region, statistikkvariabel og år"      <- title row
                                                                        <- blank row
    "region";"statistikkvariabel";"2022";"2023";"2024"               <- header row
    "0301 Oslo";"Personer";709037;717710;728494
    "3201 Bærum";"Personer";129659;130772;132210

Label columns on the left, one column per period on the right. The mapping:

    {
      "skip_rows":   2,       rows above the header; or "header_row": 3 (counted from 1);
                              by default the header is the first row that is not blank
      "header_rows": 2,       several header rows (Oslo): a column's name is its header cells
                              joined by spaces, a blank cell in an upper header row taking
                              the text to its left (a merged cell); default 1
      "area":      {"column": "region", "code_pattern": "^(\\S+)", "prefix": "", "codes": {}},
      "indicator": {"code": "population"}
                   or {"column": "statistikkvariabel", "codes": {"Personer": "population"}},
      "period":    {"columns": "wide"}            every column whose name starts with a year
                   or {"columns": ["2023", "2024"]}
                   or {"columns": "^(\\d{4}) Prosent$"}   a regular expression the whole
                              name matches; its first group, if it has one, is the period
      "measure":   {"column": "statistikkvariabel",
                    "value": "Andel", "numerator": "Antall", "denominator": "Personer"},
      "filter":    {"kjønn": "Begge kjønn"},
      "ignore":    ["regionnavn"],
      "fill_down": true
    }

Column names and the labels in `filter` and `measure` match case-insensitively; `prefix` and
`codes` work as for JSON-stat (jsonstat_source._codes), after `code_pattern` (a regular
expression searched in the cell; its first group, or else the whole match, is the code; a
cell it does not match is passed on whole, and reported as an unknown code). The label
columns are those left of the first period column (or of the first column named by a year);
each is the area, the indicator or the measure, is fixed by `filter`, left out by `ignore`,
or holds one value only: a table that splits its values by something the mapping does not
name is refused rather than imported mixed. Columns right of the first period column that
are not periods are not read. With `fill_down` (the default, as PX-Web's Excel exports leave
a repeated label blank) a blank label cell takes the label above it. A row without any value
in its period columns (a blank line, a footnote, the source) is left out. Statistics banks
write no status beside a value (no `flags`); their missing-value markers ("..", ":", "-",
".") are passed on as text.
A workbook's value cells keep what it stored, as the long-format readers mark it
(`value_cell`, `numerator_cell`, `denominator_cell`; see table_rows.py): a stored number needs
no decision on how numbers are written, a percent-formatted cell is read by the indicator's
scale. A CSV file's cells are all text.
Messages point at a cell: "row 7, column 2023".
"""

import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from omradeloft.core.notices import Message, technical_detail
from omradeloft.core.problems import place
from omradeloft.indicators.importing.errors import WORDS, SourceError
from omradeloft.indicators.importing.jsonstat_source import _codes
from omradeloft.indicators.importing.left_out import skipped_records
from omradeloft.indicators.importing.limits import ReadLimits, RowBudget
from omradeloft.indicators.importing.sources import CELL_COLUMNS, CHUNK_ROWS, COLUMNS
from omradeloft.indicators.importing.table_rows import Row, Table

_YEAR_FIRST = re.compile(r"\d{4}(\D.*)?")
_PEEK_ROWS = 30  # rows looked through for a header the mapping missed, to suggest skip_rows
_ROLES = ("value", "numerator", "denominator")
_SHOWN_NAMES = 8


def _spec(mapping: dict[str, Any], key: str, required: bool = True) -> dict[str, Any]:
    spec = mapping.get(key)
    if spec is None and not required:
        return {}
    if not isinstance(spec, dict):
        raise SourceError(WORDS("mapping.not_object", key=repr(key)))
    return spec


def _count(mapping: dict[str, Any], key: str, minimum: int) -> int | None:
    number = mapping.get(key)
    if number is None:
        return None
    if isinstance(number, bool) or not isinstance(number, int) or number < minimum:
        raise SourceError(WORDS("wide.count", key=repr(key), minimum=minimum))
    return number


def _pattern(text: Any, key: str) -> re.Pattern[str]:
    try:
        return re.compile(str(text), re.IGNORECASE)
    except re.error as e:
        raise SourceError(
            WORDS("wide.pattern", key=key, problem=technical_detail(str(e)))
        ) from None


@dataclass
class _Mapping:
    header_row: int | None  # counted from 1; None: the first row that is not blank
    header_rows: int
    area: dict[str, Any]
    indicator: dict[str, Any]
    period: Any
    measure: dict[str, Any]
    filters: dict[str, str]
    ignore: list[str]
    fill_down: bool

    @classmethod
    def parse(cls, mapping: dict[str, Any]) -> "_Mapping":
        skip_rows = _count(mapping, "skip_rows", 0)
        header_row = _count(mapping, "header_row", 1)
        if skip_rows is not None and header_row is not None:
            raise SourceError(WORDS("wide.skip_or_header"))
        area = _spec(mapping, "area")
        indicator = _spec(mapping, "indicator")
        measure = _spec(mapping, "measure", required=False)
        if not area.get("column"):
            raise SourceError(WORDS("wide.area_column"))
        if not indicator.get("column") and not indicator.get("code"):
            raise SourceError(WORDS("wide.indicator_column"))
        if measure and (indicator.get("column") or not measure.get("column")):
            raise SourceError(WORDS("wide.measure_column"))
        period = _spec(mapping, "period").get("columns")
        if not isinstance(period, str) and not (
            isinstance(period, list) and period and all(isinstance(p, str) for p in period)
        ):
            raise SourceError(WORDS("wide.period_columns"))
        filters = mapping.get("filter", {})
        ignore = mapping.get("ignore", [])
        if not isinstance(filters, dict) or not isinstance(ignore, list):
            raise SourceError(WORDS("wide.filter_ignore"))
        return cls(
            header_row=header_row if skip_rows is None else skip_rows + 1,
            header_rows=_count(mapping, "header_rows", 1) or 1,
            area=area,
            indicator=indicator,
            period=period,
            measure=measure,
            filters={str(k): str(v) for k, v in filters.items()},
            ignore=[str(name) for name in ignore],
            fill_down=bool(mapping.get("fill_down", True)),
        )


@dataclass
class _Layout:
    """Which columns of the table hold what."""

    names: list[str]
    header_number: int  # the (last) header row
    area: int
    indicator: int | None
    measure: int | None
    filters: dict[int, str]
    periods: dict[int, str]  # column -> period
    labels: list[int]  # every label column read, in order
    single: list[int]  # label columns that must hold one value
    seen: dict[int, set[str]] = field(default_factory=dict)


def _quoted(names: list[str]) -> str:
    shown = ", ".join(f'"{n}"' for n in names[:_SHOWN_NAMES])
    return shown + (", ..." if len(names) > _SHOWN_NAMES else "")


def _header(
    numbered: Iterator[tuple[int, list[str]]], spec: _Mapping
) -> tuple[int, list[str], list[tuple[int, list[str]]]]:
    """The header row's number, the column names, and the rows read up to it."""
    read: list[tuple[int, list[str]]] = []
    for number, row in numbered:
        read.append((number, row))
        at_header = number == spec.header_row if spec.header_row else any(row)
        if at_header:
            break
    else:
        raise SourceError(WORDS("wide.no_header", row=spec.header_row or 1))
    rows = [read[-1][1]]
    for number, row in itertools.islice(numbered, spec.header_rows - 1):
        read.append((number, row))
        rows.append(row)
    width = max(len(r) for r in rows)
    columns: list[list[str]] = [[] for _ in range(width)]
    for position, row in enumerate(rows):
        upper = position < len(rows) - 1
        text = ""
        for column in range(width):
            cell = row[column] if column < len(row) else ""
            text = cell or (text if upper else "")  # an upper header cell spans to the right
            if text:
                columns[column].append(text)
    return read[-1][0], [" ".join(parts) for parts in columns], read


def _refuse_header(
    name: str, names: list[str], number: int, rows: list[tuple[int, list[str]]], key: str
) -> SourceError:
    """A refusal that shows the header row found and the mapping keys that would fix it."""
    problem = WORDS(
        "wide.no_column",
        name=name,
        row=number,
        names=_quoted(names),
        what=key,
        key=f'"{key}": {{"column": ...}}',
    )
    for found, row in rows:
        if found != number and name.casefold() in (c.casefold() for c in row):
            problem = WORDS("wide.column_below", problem=problem, row=found, skip=found - 1)
            break
    return SourceError(problem)


def _layout(
    names: list[str], number: int, spec: _Mapping, rows: list[tuple[int, list[str]]]
) -> _Layout:
    folded = [n.casefold() for n in names]

    def find(name: str, key: str) -> int:
        if name.casefold() in folded:
            return folded.index(name.casefold())
        raise _refuse_header(name, names, number, rows, key)

    area = find(str(spec.area["column"]), "area")
    indicator = (
        find(str(spec.indicator["column"]), "indicator") if spec.indicator.get("column") else None
    )
    measure = find(str(spec.measure["column"]), "measure") if spec.measure else None
    filters = {find(name, "filter"): value for name, value in spec.filters.items()}
    ignored = {find(name, "ignore") for name in spec.ignore}
    mapped = {c for c in (area, indicator, measure, *filters, *ignored) if c is not None}
    periods = _periods(names, number, spec, mapped)
    # The labels end where the periods begin: at the first period column, or at a column
    # named by a year that the mapping leaves out (another measure of the same year).
    first = min([*periods, *(c for c, n in enumerate(names) if _YEAR_FIRST.fullmatch(n))])
    labels = [c for c in range(first) if c not in ignored] + sorted(
        c for c in mapped - ignored if c > first
    )
    return _Layout(
        names=names,
        header_number=number,
        area=area,
        indicator=indicator,
        measure=measure,
        filters=filters,
        periods=periods,
        labels=labels,
        single=[c for c in labels if c not in mapped],
    )


def _periods(names: list[str], number: int, spec: _Mapping, mapped: set[Any]) -> dict[int, str]:
    found: dict[int, str] = {}
    if isinstance(spec.period, list):
        folded = [n.casefold() for n in names]
        for name in spec.period:
            if name.casefold() not in folded:
                raise SourceError(
                    WORDS("wide.no_period_column", name=name, row=number, names=_quoted(names))
                )
            found[folded.index(name.casefold())] = names[folded.index(name.casefold())]
    else:
        wide = spec.period.casefold() == "wide"
        pattern = _YEAR_FIRST if wide else _pattern(spec.period, "period.columns")
        for column, name in enumerate(names):
            match = pattern.fullmatch(name)
            if match and column not in mapped:
                found[column] = name if wide or not match.groups() else match.group(1)
    if not found:
        raise SourceError(WORDS("wide.no_periods", row=number, names=_quoted(names)))
    return found


def read_wide(
    table: Table, mapping: dict[str, Any], limits: ReadLimits | None = None
) -> Iterator[pd.DataFrame]:
    """Yield the table's values as long-format frames (see the module docstring)."""
    spec = _Mapping.parse(mapping)
    budget = RowBudget(limits or ReadLimits.command_line())
    numbered = enumerate(table.rows, start=1)
    number, names, read = _header(((n, row.texts) for n, row in numbered), spec)
    peek = list(itertools.islice(numbered, _PEEK_ROWS))
    layout = _layout(names, number, spec, read + [(n, row.texts) for n, row in peek])
    cells = _cells(itertools.chain(peek, numbered), layout, spec, table, budget)
    frame = _long(cells, layout, spec, table)
    for start in range(0, max(len(frame), 1), CHUNK_ROWS):
        chunk = frame.iloc[start : start + CHUNK_ROWS].copy()
        # What was left out is told once, with the first chunk.
        chunk.attrs = {"location": "{}"} | (frame.attrs if start == 0 else {})
        yield chunk


def _cells(
    rows: Iterator[tuple[int, Row]],
    layout: _Layout,
    spec: _Mapping,
    table: Table,
    budget: RowBudget,
) -> pd.DataFrame:
    """One record per filled period cell: its labels, period, value text, the kind of cell it
    was stored in, and its location."""
    records: list[tuple[str, ...]] = []
    above = dict.fromkeys(layout.labels, "")
    watched = [*layout.single, *layout.filters]
    if layout.measure is not None:
        watched.append(layout.measure)
    layout.seen = {c: set() for c in watched}
    for number, typed in rows:
        row = typed.texts
        if not any(row):
            continue
        labels = {}
        for column in layout.labels:
            cell = row[column] if column < len(row) else ""
            labels[column] = cell or (above[column] if spec.fill_down else "")
        above = labels
        filled = [(c, row[c]) for c in layout.periods if c < len(row) and row[c]]
        if not filled:
            continue  # a footnote or the source line
        for key_column in (layout.area, layout.indicator, layout.measure):
            if key_column is not None and not labels[key_column]:
                raise SourceError(_blank_label(table, number, layout.names[key_column], spec))
        for column in layout.seen:
            if column in labels:
                layout.seen[column].add(labels[column])
        if any(labels[c].casefold() != v.casefold() for c, v in layout.filters.items()):
            continue
        budget.add(len(filled), table.where)
        for column, value in filled:
            records.append(
                (
                    labels[layout.area],
                    labels[layout.indicator] if layout.indicator is not None else "",
                    labels[layout.measure] if layout.measure is not None else "",
                    layout.periods[column],
                    value,
                    typed.kind(column),
                    table.cell_location(number, layout.names[column]),
                )
            )
    _check_labels(layout, spec)
    return pd.DataFrame.from_records(
        records,
        columns=["area", "indicator", "measure", "period", "value", "kind", "location"],
    )


def _blank_label(table: Table, number: int, name: str, spec: _Mapping) -> Message:
    where = place("{}", table.cell_location(number, name))
    return WORDS("wide.blank_label_fill" if spec.fill_down else "wide.blank_label", where=where)


def _check_labels(layout: _Layout, spec: _Mapping) -> None:
    for column in layout.single:
        values = sorted(layout.seen[column])
        if len(values) > 1:
            name = layout.names[column] or WORDS("wide.column_number", n=column + 1)
            raise SourceError(WORDS("wide.several_values", name=name, values=_quoted(values)))
    for column, wanted in layout.filters.items():
        values = sorted(layout.seen[column])
        if wanted.casefold() not in {v.casefold() for v in values}:
            raise SourceError(
                WORDS(
                    "wide.filter_no_row",
                    name=layout.names[column],
                    value=wanted,
                    values=_quoted(values),
                )
            )
    if layout.measure is not None:
        measures = {v.casefold() for v in layout.seen[layout.measure]}
        for role in _ROLES:
            label = spec.measure.get(role)
            if label is not None and str(label).casefold() not in measures:
                raise SourceError(
                    WORDS(
                        "wide.measure_label",
                        role=role,
                        label=str(label),
                        name=layout.names[layout.measure],
                        values=_quoted(sorted(layout.seen[layout.measure])),
                    )
                )


def _code_of(labels: pd.Series, spec: dict[str, Any], key: str) -> pd.Series:
    """The code in each label: `code_pattern`'s first group (or match), then `codes` and
    `prefix` as for JSON-stat."""
    pattern = spec.get("code_pattern")
    if pattern:
        compiled = _pattern(pattern, f"{key}.code_pattern")

        def code(label: str) -> str:
            match = compiled.search(label)
            if match is None:
                return label
            return match.group(1) if compiled.groups else match.group(0)

        labels = labels.map({label: code(label) for label in labels.unique()})
    return _codes(pd.DataFrame({"code": labels}), "code", spec)


def _long(cells: pd.DataFrame, layout: _Layout, spec: _Mapping, table: Table) -> pd.DataFrame:
    out = pd.DataFrame(index=cells.index)
    out["indicator"] = (
        _code_of(cells["indicator"], spec.indicator, "indicator")
        if layout.indicator is not None
        else str(spec.indicator["code"])
    )
    out["area"] = _code_of(cells["area"], spec.area, "area")
    out["period"] = cells["period"]
    # Codes the mapping skips (None) are left out, counted once per observation, with the
    # area cell's text as it stood.
    dropped = out["area"].isna() | out["indicator"].isna()
    left = out["area"].isna() & out["indicator"].notna()
    keys = pd.DataFrame({"indicator": out["indicator"], "period": out["period"]})
    keys["code"] = cells["area"]
    skipped = len(keys[dropped].drop_duplicates())
    left_out = skipped_records(keys[left].drop_duplicates())
    out, cells = out[~dropped], cells[~dropped]
    value = cells["value"]  # a text's number format is decided for the whole column later
    out["location"] = cells["location"]
    if layout.measure is None:
        out["value"] = value
        out["value_cell"] = cells["kind"]
        for role in ("numerator", "denominator"):
            out[role] = ""
            out[f"{role}_cell"] = ""
        return _left_out(
            out[[*COLUMNS, *CELL_COLUMNS, "location"]].reset_index(drop=True), skipped, left_out
        )
    roles = {str(spec.measure[r]).casefold(): r for r in _ROLES if r in spec.measure}
    out["role"] = cells["measure"].str.casefold().map(roles)
    out["value"] = value
    out["kind"] = cells["kind"]
    out = out[out["role"].notna()]  # other measures of the table are not read
    key_columns = ["indicator", "area", "period"]
    # A key repeated for one role stays a row of its own, for the duplicate check to report.
    out["repeat"] = out.groupby([*key_columns, "role"]).cumcount()
    # Messages about a row point at its rate cell, else its count, else its population.
    rank = out["role"].map({r: i for i, r in enumerate(_ROLES)})
    by_cell = out.iloc[rank.to_numpy().argsort(kind="stable")].groupby(
        [*key_columns, "repeat"], sort=False
    )
    joined = by_cell["location"].first().to_frame()
    values = out.pivot(index=[*key_columns, "repeat"], columns="role", values=["value", "kind"])
    for role in _ROLES:
        for source, target in (("value", role), ("kind", f"{role}_cell")):
            found = (source, role) in values
            joined[target] = values[(source, role)].reindex(joined.index) if found else ""
    joined = joined.reset_index().fillna("")
    joined = joined.sort_values("location", key=_file_order(out)).reset_index(drop=True)
    # A cell with only a denominator (its count or rate missing) has nothing to import.
    joined = joined[joined["value"].ne("") | joined["numerator"].ne("")]
    return _left_out(
        joined[[*COLUMNS, *CELL_COLUMNS, "location"]].reset_index(drop=True), skipped, left_out
    )


def _left_out(frame: pd.DataFrame, skipped: int, left_out: list[dict[str, Any]]) -> pd.DataFrame:
    frame.attrs["skipped"] = skipped
    frame.attrs["left_out"] = left_out
    return frame


def _file_order(out: pd.DataFrame) -> Any:
    position = {location: i for i, location in enumerate(out["location"])}
    return lambda locations: locations.map(position)
