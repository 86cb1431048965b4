"""Import observations: check the whole file, then write it in one transaction, idempotently.

Pass 1 reads the file chunk by chunk and checks every row (codes, periods, numbers,
agreement of value with numerator/denominator, duplicate keys across the whole file),
setting the checked chunks aside in a temporary folder. Any error: nothing is written.
Pass 2 upserts the checked chunks inside one transaction, keeping the values it replaces
so the batch can be rolled back. Memory: one chunk, plus 16 bytes per row for the
duplicate check, plus the existing observations of the indicators in the file.
"""

import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from django.db import connection, transaction

from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.imports import ImportRefusedError
from omradeloft.indicators.aggregation import refresh_derived
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.importing.area_validity import AreaValidity
from omradeloft.indicators.importing.validation import Lookups, validate_chunk
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
    """The observation file has errors; nothing was written."""


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


@dataclass
class FileInfo:
    name: str
    sha256: str
    file_format: str


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


def _check_file(chunks: Chunks, lookups: Lookups, spill: Path) -> tuple[int, set[int], list[Path]]:
    errors: list[str] = []
    total_errors = 0
    keys: list[np.ndarray] = []
    locations: list[np.ndarray] = []
    period_codes: dict[str, int] = {}
    rows = 0
    indicators: set[int] = set()
    checked: list[Path] = []
    template = "{}"
    for chunk in chunks():
        clean, chunk_errors = validate_chunk(chunk, lookups)
        rows += len(chunk)
        total_errors += len(chunk_errors)
        errors.extend(chunk_errors[: MAX_REPORTED_ERRORS - len(errors)])
        # Valid rows of every chunk take part in the duplicate check, so that a duplicate is
        # reported together with the other problems.
        keys.append(_keys(clean, period_codes))
        locations.append(clean["location"].to_numpy())
        template = clean.attrs.get("location", "{}")
        indicators.update(clean["indicator_id"].unique().tolist())
        if not total_errors:
            checked.append(spill / f"chunk-{len(checked)}.pickle")
            clean.drop(columns="location").to_pickle(checked[-1])
    if keys:
        all_keys = np.concatenate(keys)
        order = np.lexsort((all_keys[:, 1], all_keys[:, 0]))  # stable: file order within a key
        ordered = all_keys[order]
        same = (ordered[1:] == ordered[:-1]).all(axis=1)
        repeated = np.flatnonzero(same) + 1
        if len(repeated):
            where = np.concatenate(locations)
            # The first row of each run of equal keys is the original the others repeat.
            run_start = np.maximum.accumulate(
                np.where(np.r_[False, same], 0, np.arange(len(ordered)))
            )
            for i in repeated[: max(0, MAX_REPORTED_ERRORS - len(errors))]:
                first = template.format(where[order[run_start[i]]])
                here = template.format(where[order[i]])
                errors.append(f"{here}: indicator, area, period: duplicate of {first}")
            total_errors += len(repeated)
    if total_errors:
        raise ObservationImportError(errors, total_errors)
    return rows, indicators, checked


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
    a, b = a.to_numpy(dtype="float64"), b.to_numpy(dtype="float64")
    return (a == b) | (np.isnan(a) & np.isnan(b))


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
    for column in ("is_provisional", "is_estimated", "is_break"):
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
    actor: Any,
    dry_run: bool = False,
    derive: bool = True,
    on_progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import long-format observations read by `chunks` (called once per pass).

    Raises ObservationImportError listing the problems if any row is wrong; then nothing is
    written. Importing the same rows again reports 0 new and 0 changed and records no batch.
    With `derive`, the values of parent areas are recomputed from their children in the same
    transaction.
    """
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    with tempfile.TemporaryDirectory(prefix="omradeloft-import-") as folder:
        rows, indicator_ids, checked = _check_file(chunks, _lookups(), Path(folder))
        report = ImportReport(rows=rows, dry_run=dry_run, indicators=indicator_ids)
        _write(checked, info, report, actor, derive, on_progress)
    return report


def _write(
    checked: list[Path],
    info: FileInfo,
    report: ImportReport,
    actor: Any,
    derive: bool,
    on_progress: Callable[[int], None] | None,
) -> None:
    existing = _existing(report.indicators or {-1})
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
            clean = pd.read_pickle(path)
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
            batch.save()
            report.batch = batch
            if derive and (report.created or report.changed):
                report.derived = refresh_derived(report.indicators)
            if report.created or report.changed:
                report.suppressed = refresh_disclosure(report.indicators)
        connection.check_constraints(
            table_names=[Observation._meta.db_table, ObservationRevision._meta.db_table]
        )
