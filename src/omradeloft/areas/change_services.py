"""The write path for area change tables: validate every row, then commit all or nothing."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.change_files import ChangeRow
from omradeloft.areas.models import Area, AreaChange, ShareMeasure
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.imports import ImportRefusedError

# Shares are published rounded (three thirds make 0.999).
SHARE_TOLERANCE = Decimal("0.005")


class AreaChangeImportError(ImportRefusedError):
    """The change table has errors (one message each); nothing was written."""


@dataclass
class ChangeReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    changes: list[str] = field(default_factory=list)


def _areas_by_code(rows: list[ChangeRow], level: str | None) -> dict[str, list[Area]]:
    codes = {r.old_code for r in rows} | {r.new_code for r in rows}
    areas = Area.objects.filter(code__in=codes).select_related("level")
    if level:
        areas = areas.filter(level__code=level)
    found: dict[str, list[Area]] = defaultdict(list)
    for area in areas:
        found[area.code].append(area)
    return found


def _resolve(
    row: ChangeRow, column: str, found: dict[str, list[Area]], level: str | None, errors: list[str]
) -> Area | None:
    code = getattr(row, column)
    if not code:
        return None
    matches = found.get(code, [])
    if not matches:
        where = f" at level {level}" if level else ""
        errors.append(f"line {row.line}: {column}: unknown area code {code!r}{where}")
        return None
    if len(matches) > 1:
        levels = ", ".join(sorted(a.level.code for a in matches))
        errors.append(
            f"line {row.line}: {column}: code {code!r} exists at several levels ({levels}); "
            "name the level with --level"
        )
        return None
    return matches[0]


def _check_shares(rows: list[ChangeRow], errors: list[str]) -> dict[int, Decimal]:
    """Each row's share: given, or 1 where the old area went whole to one new area."""
    groups: dict[tuple[str, Any], list[ChangeRow]] = defaultdict(list)
    for row in rows:
        groups[(row.old_code, row.took_effect)].append(row)
    shares: dict[int, Decimal] = {}
    for (old_code, took_effect), group in groups.items():
        lines = ", ".join(str(r.line) for r in group)
        if len(group) == 1 and group[0].share is None:
            shares[group[0].line] = Decimal(1)
            continue
        if any(r.share is None for r in group):
            if "share" in group[0].raw or len(group) > 1:
                new_codes = ", ".join(r.new_code for r in group)
                errors.append(
                    f"lines {lines}: share: {old_code} splits into {new_codes} on "
                    f"{took_effect} but not every line gives a share; a series cannot be "
                    "divided without them (give the part of the old area that moved, 0 to 1)"
                )
            continue
        total = sum((r.share for r in group if r.share is not None), Decimal(0))
        if abs(total - 1) > SHARE_TOLERANCE:
            errors.append(
                f"lines {lines}: share: the shares of {old_code} on {took_effect} add up to "
                f"{total}, expected 1"
            )
            continue
        shares.update({r.line: r.share for r in group if r.share is not None})
    return shares


def import_area_changes(
    rows: list[ChangeRow],
    *,
    actor: User | None,
    level: str | None = None,
    share_of: str = ShareMeasure.POPULATION,
    dry_run: bool = False,
    read_errors: list[str] | None = None,
) -> ChangeReport:
    """Record the changes in `rows`; refuse the whole table if any row is wrong.

    Re-importing the same table changes nothing; a changed share updates the row.
    """
    if actor is not None:
        require(actor, Action.MANAGE_AREAS)
    errors = list(read_errors or [])
    if share_of not in ShareMeasure.values:
        errors.append(f"share_of: {share_of!r} is not one of {', '.join(ShareMeasure.values)}")
    found = _areas_by_code(rows, level)
    planned: list[tuple[ChangeRow, Area, Area]] = []
    seen: dict[tuple[str, str, Any], int] = {}
    for row in rows:
        old = _resolve(row, "old_code", found, level, errors)
        new = _resolve(row, "new_code", found, level, errors)
        key = (row.old_code, row.new_code, row.took_effect)
        if key in seen:
            errors.append(f"line {row.line}: duplicate of line {seen[key]}")
            continue
        seen[key] = row.line
        if old is not None and new is not None and row.took_effect is not None:
            if old.pk == new.pk:
                errors.append(f"line {row.line}: new_code: the same area as old_code")
            else:
                planned.append((row, old, new))
    shares = _check_shares([r for r in rows if r.took_effect is not None], errors)
    if errors:
        raise AreaChangeImportError(errors)

    report = ChangeReport(dry_run=dry_run)
    existing = {
        (c.old_area_id, c.new_area_id, c.took_effect): c
        for c in AreaChange.objects.filter(old_area__in=[old for _, old, _ in planned])
    }
    with acting_as(actor, current_actor().source), transaction.atomic():
        for row, old, new in planned:
            assert row.took_effect is not None  # only dated rows were planned
            share = shares[row.line]
            change = existing.get((old.pk, new.pk, row.took_effect))
            if change is None:
                report.created += 1
                report.changes.append(f"{old.code} -> {new.code} ({row.took_effect}): {share}")
                if not dry_run:
                    AreaChange.objects.create(
                        old_area=old,
                        new_area=new,
                        took_effect=row.took_effect,
                        share=share,
                        share_of=share_of,
                    )
            elif change.share != share or change.share_of != share_of:
                report.updated += 1
                report.changes.append(f"{old.code} -> {new.code} ({row.took_effect}): {share}")
                if not dry_run:
                    change.share, change.share_of = share, share_of
                    change.save()
            else:
                report.unchanged += 1
    return report
