"""Apply disclosure control to stored observations, after every change to them.

The engine (`engine/disclosure.py`) decides; this module feeds it the cells of each family
of indicators - an indicator on its own, or every indicator joined to it by additive
relations (age groups and their total) - one group per period across the whole area
hierarchy, and stores the verdict on each observation, so that
`Observation.objects.public()` is a plain filter. A change to any member of a family
recomputes the whole family. Counts without a denominator are checked as numerators;
values with neither (money, years) cannot be checked and are published.
"""

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
from django.db import connection

from omradeloft.indicators.aggregation import area_hierarchy
from omradeloft.indicators.engine.disclosure import Relation, suppress
from omradeloft.indicators.models import (
    AdditiveRelation,
    Indicator,
    IndicatorKind,
    Observation,
    Suppression,
)


@dataclass(frozen=True)
class Family:
    """Indicators whose cells are decided together, and the relations that join them."""

    indicators: tuple[int, ...]
    relations: tuple[Relation, ...] = ()


def refresh_disclosure(indicator_ids: Iterable[int]) -> int:
    """Recompute which observations of these indicators, and of every indicator related to
    them, are suppressed; returns how many are."""
    parent = area_hierarchy().parent
    return sum(_refresh(family, parent) for family in families(indicator_ids))


def families(indicator_ids: Iterable[int]) -> list[Family]:
    """The families of these indicators through the declared additive relations, each once,
    ordered by their first indicator id."""
    wanted = set(indicator_ids)
    links = AdditiveRelation.components.through.objects.values_list(
        "additiverelation_id", "additiverelation__total_id", "indicator_id"
    )
    relations: dict[int, tuple[int, list[int]]] = {}
    for relation, total, component in links:
        relations.setdefault(relation, (total, []))[1].append(component)
    root: dict[int, int] = {}

    def find(node: int) -> int:
        while root.setdefault(node, node) != node:
            root[node] = root[root[node]]
            node = root[node]
        return node

    for total, components in relations.values():
        for component in components:
            root[find(component)] = find(total)
    members: dict[int, list[int]] = {}
    for node in list(root):
        members.setdefault(find(node), []).append(node)
    found: dict[int, Family] = {}
    for indicator in sorted(wanted):
        if indicator not in root:
            found[indicator] = Family((indicator,))
            continue
        key = find(indicator)
        if key not in found:
            found[key] = Family(
                tuple(sorted(members[key])),
                tuple(
                    Relation(total, tuple(sorted(components)))
                    for total, components in sorted(relations.values())
                    if find(total) == key
                ),
            )
    return sorted(found.values(), key=lambda family: family.indicators[0])


def _refresh(family: Family, parent: pd.Series) -> int:
    indicators = list(Indicator.objects.filter(pk__in=family.indicators).order_by("pk"))
    if not indicators:
        return 0
    threshold: float | np.ndarray
    if family.relations:
        rows = pd.concat(
            [
                _cells(i.pk, counts_are_values=i.kind == IndicatorKind.COUNT).assign(
                    item=i.pk, threshold=float(i.suppression_threshold)
                )
                for i in indicators
            ],
            ignore_index=True,
        )
        threshold = rows["threshold"].to_numpy()
        tables = [rows["item"], rows["period"]]
    else:  # one indicator: one table per period, as fast as it can be
        (indicator,) = indicators
        rows = _cells(indicator.pk, counts_are_values=indicator.kind == IndicatorKind.COUNT)
        threshold = indicator.suppression_threshold
        tables = [rows["period"]]
    if rows.empty:
        return 0
    parents = rows["area_id"].map(parent).fillna(-1).astype("int64")
    present = pd.MultiIndex.from_arrays([rows["area_id"], *tables])
    has_parent = pd.MultiIndex.from_arrays([parents, *tables]).isin(present)
    cells = pd.DataFrame(
        {
            "cell": rows["area_id"],
            "parent": parents.where(has_parent, -1),
            "group": rows["period"],
            "numerator": rows["numerator"],
            "denominator": rows["denominator"],
        }
    )
    if family.relations:
        cells["item"] = rows["item"]
    result = suppress(cells, threshold=threshold, relations=family.relations)
    new = np.where(
        result.primary,
        Suppression.PRIMARY.value,
        np.where(result.secondary, Suppression.SECONDARY.value, Suppression.PUBLISHED.value),
    )
    old = pd.Series(Suppression.PUBLISHED.value, index=rows["pk"], dtype=object)
    old.update(_suppressed_now(family.indicators))
    changed = new != old.to_numpy()
    _store(rows.loc[changed, "pk"].tolist(), new[changed].tolist())
    return int(result.suppressed.sum())


def _cells(indicator_id: int, *, counts_are_values: bool) -> pd.DataFrame:
    """Every observation of an indicator as a disclosure cell. A plain cursor and few
    columns, since there may be millions; a count without a numerator is its value."""
    table = connection.ops.quote_name(Observation._meta.db_table)
    numerator = "COALESCE(numerator, value)" if counts_are_values else "numerator"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, area_id, period, {numerator}, denominator FROM {table} "
            "WHERE indicator_id = %s",
            [indicator_id],
        )
        rows = cursor.fetchall()
    frame = pd.DataFrame.from_records(
        rows, columns=["pk", "area_id", "period", "numerator", "denominator"]
    )
    for column in ("numerator", "denominator"):
        frame[column] = frame[column].astype("float64")
    return frame


def _suppressed_now(indicator_ids: Iterable[int]) -> pd.Series:
    """pk -> status of the observations suppressed before this run (usually few)."""
    found = Observation.objects.filter(indicator_id__in=list(indicator_ids)).exclude(
        suppression=Suppression.PUBLISHED
    )
    pairs = list(found.values_list("pk", "suppression"))
    return pd.Series(dict(pairs), dtype=object)


def _store(pks: list[int], statuses: list[str]) -> None:
    if not pks:
        return
    table = connection.ops.quote_name(Observation._meta.db_table)
    column = connection.ops.quote_name("suppression")
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET {column} = %s WHERE id = %s",
            list(zip(statuses, pks, strict=True)),
        )
