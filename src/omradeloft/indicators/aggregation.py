"""Keep derived values (parents computed from their children) in step with imported ones."""

from collections.abc import Iterable
from datetime import date
from typing import cast

import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.indicators.engine.aggregation import Hierarchy, derive_parents
from omradeloft.indicators.importing.writer import insert_observations
from omradeloft.indicators.left_out import outside_sums
from omradeloft.indicators.models import Aggregation, Indicator, Observation


def area_hierarchy() -> Hierarchy:
    rows = list(
        Area.objects.values_list("pk", "parent_id", "level__rank", "valid_from", "valid_to")
    )
    ids = [r[0] for r in rows]
    parent = pd.Series([r[1] for r in rows], index=ids).dropna().astype("int64")
    depth = pd.Series([r[2] for r in rows], index=ids, dtype="int64")
    # pandas reads None as NaT; its stubs leave None out of what to_datetime takes.
    valid_from = pd.Series(pd.to_datetime(cast("list[date]", [r[3] for r in rows])), index=ids)
    valid_to = pd.Series(pd.to_datetime(cast("list[date]", [r[4] for r in rows])), index=ids)
    return Hierarchy(parent=parent, depth=depth, valid_from=valid_from, valid_to=valid_to)


def refresh_derived(indicator_ids: Iterable[int]) -> int:
    """Recompute every derived value of these indicators; returns how many there are now.

    Call inside the transaction that changed the imported values.
    """
    indicators = Indicator.objects.filter(pk__in=list(indicator_ids)).exclude(
        aggregation=Aggregation.NONE
    )
    hierarchy = None
    total = 0
    for indicator in indicators:
        Observation.objects.filter(indicator=indicator, is_derived=True).delete()
        observed = pd.DataFrame.from_records(
            Observation.objects.filter(indicator=indicator, is_derived=False).values_list(
                "area_id", "period", "numerator", "denominator", "value", "is_provisional"
            ),
            columns=["area_id", "period", "numerator", "denominator", "value", "is_provisional"],
        )
        if observed.empty:
            continue
        for column in ("numerator", "denominator", "value"):
            observed[column] = observed[column].astype("float64")
        hierarchy = hierarchy or area_hierarchy()
        derived = derive_parents(
            observed,
            hierarchy,
            method=indicator.aggregation,
            scale=indicator.scale,
            periodicity=indicator.periodicity,
            outside=outside_sums(indicator),
        )
        if derived.empty:
            continue
        derived = derived.assign(
            indicator_id=indicator.pk, is_estimated=False, is_break=False, is_derived=True
        )
        insert_observations(derived, None)
        total += len(derived)
    return total
