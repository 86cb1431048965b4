"""Import observations: check the whole file, then write it in one transaction, idempotently.

Pass 1 reads the file chunk by chunk, setting the chunks aside in a temporary folder and
collecting the shapes of the number columns' texts, from which one number format per column
is decided (number_format.py); then it checks every row (codes, periods, numbers, agreement
of value with numerator/denominator, duplicate keys across the whole file), setting the
checked chunks aside. Any error: nothing is written. Values that are possible but unlikely
(plausibility.py) are warnings: listed by a dry run, and written only when accepted.
Pass 2 upserts the checked chunks inside one transaction, keeping the values it replaces
so the batch can be rolled back. Memory: one chunk, plus 16 bytes per row for the
duplicate check, plus the existing observations of the indicators in the file.
"""

import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.conf import settings
from django.db import connection, transaction

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.imports import ImportRefusedError
from omradeloft.core.notices import Message
from omradeloft.core.problems import Problem, ProblemGroups, ProblemLine, place
from omradeloft.indicators.aggregation import refresh_derived
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.importing.area_validity import AreaValidity
from omradeloft.indicators.importing.left_out import OUTSIDE, outside_records
from omradeloft.indicators.importing.number_format import (
    ColumnDecision,
    ColumnShapes,
    NumberFormatError,
    decide,
)
from omradeloft.indicators.importing.plausibility import PlausibilityWarnings, check_chunk
from omradeloft.indicators.importing.sources import NUMBER_COLUMNS
from omradeloft.indicators.importing.sparse import ZeroFiller
from omradeloft.indicators.importing.validation import Lookups, duplicate_of, validate_chunk
from omradeloft.indicators.importing.writer import (
    KEY_COLUMNS,
    VALUE_COLUMNS,
    insert_observations,
    insert_revisions,
    upsert_observations,
)
from omradeloft.indicators.models import (
    ImportBatch,
    Indicator,
    Observation,
    ObservationRevision,
)

MAX_REPORTED_ERRORS = 200
Chunks = Callable[[], Iterator[pd.DataFrame]]


class ObservationImportError(ImportRefusedError):
    """The observation file has errors; nothing was written. `errors` are their English
    text (for the command line), `problems` the same errors as data, worded on a page in
    the reader's language (`core.problem_texts.render_problem`)."""

    def __init__(
        self,
        problems: Sequence[ProblemLine | Message | str],
        total: int | None = None,
        *,
        grouped: bool = False,
    ) -> None:
        super().__init__([str(problem) for problem in problems], total, grouped=grouped)
        self.problems = list(problems)


class WarningsNotAcceptedError(ImportRefusedError):
    """The file has plausibility warnings nobody accepted; nothing was written."""

    def __init__(self, warnings: PlausibilityWarnings) -> None:
        super().__init__([str(message) for message in warnings.messages], warnings.total)
        self.warnings = warnings

    def __str__(self) -> str:
        return (
            f"{self.total} warning(s) ({self.warnings.summary()}); nothing was imported: "
            "check them, then accept them to import the file"
        )


@dataclass
class ImportReport:
    rows: int = 0
    created: int = 0
    changed: int = 0
    unchanged: int = 0
    dry_run: bool = False
    batch: ImportBatch | None = None
    indicators: set[int] = field(default_factory=set)
    derived: int = 0
    suppressed: int = 0
    zeros_filled: int = 0  # rows the missing-is-zero option added
    skipped: int = 0  # rows the mapping's code rules leave out (SSB's pseudo-regions)
    # Rows for codes outside the area register, per indicator, period and code (left_out.py).
    left_out: list[dict[str, Any]] = field(default_factory=list)
    # How the texts of each number column were read, e.g. {"value": decision}.
    number_formats: dict[str, ColumnDecision] = field(default_factory=dict)
    warnings: PlausibilityWarnings = field(
        default_factory=lambda: PlausibilityWarnings(MAX_REPORTED_ERRORS)
    )


@dataclass
class FileInfo:
    name: str
    sha256: str
    file_format: str
    encoding: str = ""  # how a text file was read, e.g. "Windows-1252"; "" for a workbook


def _lookups() -> Lookups:
    indicators = [(i.code, i.pk, i.scale, i.periodicity) for i in Indicator.objects.all()]
    areas = dict(Area.objects.values_list("code", "pk"))
    return Lookups.build(indicators, areas, AreaValidity.load())


def _keys(frame: pd.DataFrame, period_codes: dict[str, int]) -> np.ndarray:
    """(indicator, area, period) as two int64 columns: indicator and area packed 31 + 32 bits,
    and a number for the period."""
    for period in pd.unique(frame["period"]):
        period_codes.setdefault(period, len(period_codes))
    cells = (frame["indicator_id"].to_numpy(np.int64) << 32) | frame["area_id"].to_numpy(np.int64)
    return np.column_stack([cells, frame["period"].map(period_codes).to_numpy(np.int64)])


def _scan(
    chunks: Chunks, spill: Path, decimal: str | None
) -> tuple[list[Path], dict[str, ColumnDecision]]:
    """Set the file's chunks aside and decide how each number column is written, from the
    shapes of all its texts, so that every chunk is read under the same assumption."""
    shapes = {column: ColumnShapes(column) for column in NUMBER_COLUMNS}
    raw: list[Path] = []
    for chunk in chunks():

        def where(label: int, c: pd.DataFrame = chunk) -> Message:
            return place(c.attrs.get("location", "{}"), c["location"].loc[label])

        for column, collected in shapes.items():
            kind = chunk.get(f"{column}_cell")
            text = chunk[column] if kind is None else chunk[column][kind.eq("")]
            collected.add(text, where)
        raw.append(spill / f"raw-{len(raw)}.pickle")
        chunk.to_pickle(raw[-1])
    decisions: dict[str, ColumnDecision] = {}
    refusals: list[Message] = []
    for column, collected in shapes.items():
        try:
            decision = decide(collected, decimal)
        except NumberFormatError as e:
            refusals.append(e.message)
        else:
            if decision is not None:
                decisions[column] = decision
    if refusals:
        raise ObservationImportError(refusals)
    return raw, decisions


@dataclass
class _Checked:
    rows: int
    indicators: set[int]
    paths: list[Path]
    decisions: dict[str, ColumnDecision]
    skipped: int
    left_out: list[dict[str, Any]]


def _check_file(
    chunks: Chunks, lookups: Lookups, spill: Path, decimal: str | None = None
) -> _Checked:
    raw, decisions = _scan(chunks, spill, decimal)
    formats = {column: decision.format for column, decision in decisions.items()}
    problems = ProblemGroups()
    keys: list[np.ndarray] = []
    locations: list[np.ndarray] = []
    period_codes: dict[str, int] = {}
    rows = 0
    indicators: set[int] = set()
    checked: list[Path] = []
    template = "{}"
    skipped = 0
    left_out: list[dict[str, Any]] = []
    outside: list[pd.DataFrame] = []
    for path in raw:
        chunk = pd.read_pickle(path)
        path.unlink()
        skipped += chunk.attrs.get("skipped", 0)
        left_out += chunk.attrs.get("left_out", [])
        clean, chunk_problems = validate_chunk(chunk, lookups, formats)
        if OUTSIDE in clean:
            # Rows for codes outside the register are no observations: they are only summed
            # into their parent's derived total.
            outside.append(clean[clean[OUTSIDE].ne("")])
            clean = clean[clean[OUTSIDE].eq("")].drop(columns=OUTSIDE)
        rows += len(chunk)
        problems.extend(chunk_problems)
        # Valid rows of every chunk take part in the duplicate check, so that a duplicate is
        # reported together with the other problems.
        keys.append(_keys(clean, period_codes))
        locations.append(clean["location"].to_numpy())
        template = clean.attrs.get("location", "{}")
        indicators.update(clean["indicator_id"].unique().tolist())
        if not problems.total:
            checked.append(spill / f"chunk-{len(checked)}.pickle")
            clean.to_pickle(checked[-1])
    if keys:
        _check_duplicates(np.concatenate(keys), np.concatenate(locations), template, problems)
    if problems.total:
        lines = problems.lines()
        raise ObservationImportError(lines[:MAX_REPORTED_ERRORS], problems.total, grouped=True)
    if outside:
        left_out += outside_records(
            pd.concat(outside, ignore_index=True),
            {pk: str(code) for code, pk in lookups.indicator_id.items()},
            {pk: str(code) for code, pk in lookups.area_id.items()},
        )
    return _Checked(rows, indicators, checked, decisions, skipped, left_out)


def _check_duplicates(
    keys: np.ndarray, where: np.ndarray, template: str, problems: ProblemGroups
) -> None:
    order = np.lexsort((keys[:, 1], keys[:, 0]))  # stable: file order within a key
    ordered = keys[order]
    same = (ordered[1:] == ordered[:-1]).all(axis=1)
    repeated = np.flatnonzero(same) + 1
    if not len(repeated):
        return
    # The first row of each run of equal keys is the original the others repeat.
    run_start = np.maximum.accumulate(np.where(np.r_[False, same], 0, np.arange(len(ordered))))
    columns = "indicator, area, period"
    for i in repeated[np.argsort(order[repeated], kind="stable")]:  # in file order
        first = where[order[run_start[i]]]
        first = int(first) if isinstance(first, np.integer) else first
        here = where[order[i]]
        here = int(here) if isinstance(here, np.integer) else here
        text = duplicate_of(place(template, first))
        problems.add(Problem(here, template, columns, text, text, ""))


def _plausibility(
    checked: list[Path], existing: pd.DataFrame, indicator_ids: set[int]
) -> PlausibilityWarnings:
    found = PlausibilityWarnings(MAX_REPORTED_ERRORS)
    indicators = Indicator.objects.filter(pk__in=indicator_ids)
    # What the checks need to know of each indicator: a percentage, a count, or neither.
    units = pd.Series(
        {
            pk: "percent" if scale == 100 else kind
            for pk, kind, scale in indicators.values_list("pk", "kind", "rate_scale")
        },
        dtype=object,
    )
    codes = pd.Series(dict(indicators.values_list("pk", "code")), dtype=object)
    stored = existing["value"].dropna()
    medians = stored.groupby(level=["indicator_id", "area_id"]).median()
    for path in checked:
        check_chunk(
            pd.read_pickle(path),
            units=units,
            codes=codes,
            medians=medians,
            factor=settings.IMPORT_PLAUSIBILITY_FACTOR,
            found=found,
        )
    return found


def _existing(indicator_ids: set[int]) -> pd.DataFrame:
    columns = ("id", *KEY_COLUMNS, *VALUE_COLUMNS, "is_derived", "batch_id")
    table = connection.ops.quote_name(Observation._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)
    placeholders = ", ".join(["%s"] * len(indicator_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {names} FROM {table} WHERE indicator_id IN ({placeholders})",
            sorted(indicator_ids),
        )
        found = pd.DataFrame.from_records(cursor.fetchall(), columns=columns)
    for column in ("numerator", "denominator", "value"):
        found[column] = found[column].astype("float64")
    for column in ("is_provisional", "is_estimated", "is_break", "is_derived"):
        found[column] = found[column].astype(bool)
    return found.set_index(list(KEY_COLUMNS))


def _same(a: pd.Series, b: pd.Series) -> np.ndarray:
    x, y = a.to_numpy(dtype="float64"), b.to_numpy(dtype="float64")
    same: np.ndarray = (x == y) | (np.isnan(x) & np.isnan(y))
    return same


@dataclass(frozen=True)
class _Classified:
    absent: pd.DataFrame  # not stored yet
    over_derived: pd.DataFrame  # stored only as a derived value, which the import replaces
    changed: pd.DataFrame
    replaced: pd.DataFrame  # the stored rows `changed` replaces
    unchanged: pd.DataFrame

    @property
    def new(self) -> int:
        return len(self.absent) + len(self.over_derived)


def _classify(clean: pd.DataFrame, existing: pd.DataFrame) -> _Classified:
    """Split a chunk by what importing it does to the stored observations."""
    index = pd.MultiIndex.from_frame(clean[list(KEY_COLUMNS)])
    position = existing.index.get_indexer(index)
    found = position >= 0
    old = existing.iloc[position[found]]
    mine = clean[found]
    same = np.ones(len(mine), dtype=bool)
    for column in ("numerator", "denominator", "value"):
        same &= _same(mine[column], old[column])
    for column in ("is_provisional", "is_estimated", "is_break", "missing"):
        same &= mine[column].to_numpy() == old[column].to_numpy()
    was_derived = old["is_derived"].to_numpy()
    return _Classified(
        absent=clean[~found],
        over_derived=mine[was_derived],
        changed=mine[~same & ~was_derived],
        replaced=old[~same & ~was_derived].reset_index(),
        unchanged=mine[same & ~was_derived],
    )


def import_observations(
    chunks: Chunks,
    info: FileInfo,
    *,
    actor: User | None,
    dry_run: bool = False,
    derive: bool = True,
    missing_is_zero: bool = False,
    on_progress: Callable[[int], None] | None = None,
    decimal: str | None = None,
    accept_warnings: bool = False,
) -> ImportReport:
    """Import long-format observations read by `chunks` (called once per pass).

    Raises ObservationImportError listing the problems if any row is wrong; then nothing is
    written. Importing the same rows again reports 0 new and 0 changed and records no batch.
    With `derive`, the values of parent areas are recomputed from their children in the same
    transaction. With `missing_is_zero`, areas a count table leaves out get zeros (see
    sparse.py). `decimal` ("comma" or "point") settles the decimal mark of text numbers.
    Plausibility warnings are listed in the report; unless `accept_warnings`, an import
    (not a dry run) with any raises WarningsNotAcceptedError and writes nothing.
    """
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    filler = ZeroFiller(chunks) if missing_is_zero else None
    with tempfile.TemporaryDirectory(prefix="omradeloft-import-") as folder:
        found = _check_file(filler or chunks, _lookups(), Path(folder), decimal)
        checked, indicator_ids = found.paths, found.indicators
        report = ImportReport(
            rows=found.rows,
            dry_run=dry_run,
            indicators=indicator_ids,
            number_formats=found.decisions,
            skipped=found.skipped,
            left_out=found.left_out,
        )
        report.zeros_filled = filler.filled if filler else 0
        report.rows -= report.zeros_filled
        existing = _existing(indicator_ids or {-1})
        report.warnings = _plausibility(checked, existing, indicator_ids)
        if report.warnings.total and not (dry_run or accept_warnings):
            raise WarningsNotAcceptedError(report.warnings)
        _write(checked, info, report, existing, actor, derive, on_progress)
    return report


def _write(
    checked: list[Path],
    info: FileInfo,
    report: ImportReport,
    existing: pd.DataFrame,
    actor: User | None,
    derive: bool,
    on_progress: Callable[[int], None] | None,
) -> None:
    # Every id was looked up in pass 1, so the database need not check each row's foreign
    # keys as it is written (on SQLite that costs half the import); they are checked once,
    # table-wide, before the transaction commits, as Django's fixture loading does.
    with (
        acting_as(actor, current_actor().source),
        connection.constraint_checks_disabled(),
        transaction.atomic(),
    ):
        batch = None
        for path in checked:
            clean = pd.read_pickle(path).drop(columns="location")
            parts = _classify(clean, existing)
            report.created += parts.new
            report.changed += len(parts.changed)
            report.unchanged += len(parts.unchanged)
            if not report.dry_run and (parts.new or len(parts.changed)):
                # A file that changes nothing leaves no batch behind: importing it again is a
                # true no-op.
                batch = batch or ImportBatch.objects.create(
                    user=actor,
                    file_name=info.name,
                    sha256=info.sha256,
                    file_format=info.file_format,
                )
                insert_revisions(parts.replaced, batch.pk)
                # Rows in index order touch fewer pages of the unique index.
                order = ["indicator_id", "period", "area_id"]
                insert_observations(parts.absent.sort_values(order), batch.pk)
                overwrite = pd.concat([parts.over_derived, parts.changed])
                upsert_observations(overwrite.sort_values(order), batch.pk)
            if on_progress:
                on_progress(len(clean))
        if batch is not None:
            batch.rows = report.rows
            batch.created_count = report.created
            batch.changed_count = report.changed
            batch.unchanged_count = report.unchanged
            batch.left_out = report.left_out
            batch.save()
            report.batch = batch
            if derive and (report.created or report.changed):
                report.derived = refresh_derived(report.indicators)
            if report.created or report.changed:
                report.suppressed = refresh_disclosure(report.indicators)
        connection.check_constraints(
            table_names=[Observation._meta.db_table, ObservationRevision._meta.db_table]
        )
