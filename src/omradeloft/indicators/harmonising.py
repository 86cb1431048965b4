"""Read observations through the harmonising engine: one area version for a whole series.

Indices and evaluations that compare years across a boundary change call this instead of
reading observations directly; every value it returns carries `harmonised` (moved from
earlier or later areas) and `suppressed` (rests on a suppressed value), so disclosure
control downstream treats it like the values it came from.
"""

import datetime

import pandas as pd
from django.db.models import Q

from omradeloft.areas.models import Area, AreaChange, AreaLevel
from omradeloft.indicators.engine.harmonise import harmonise, weights_to_targets
from omradeloft.indicators.engine.periods import period_bounds
from omradeloft.indicators.models import Aggregation, Indicator, Observation, Suppression

COLUMNS = [
    "area",
    "period",
    "indicator_id",
    "value",
    "numerator",
    "denominator",
    "suppressed",
    "harmonised",
]


def areas_in_use(level: AreaLevel, date: datetime.date) -> Q:
    return (
        Q(level=level)
        & (Q(valid_from__isnull=True) | Q(valid_from__lte=date))
        & (Q(valid_to__isnull=True) | Q(valid_to__gte=date))
    )


def harmonised_observations(
    indicators: list[Indicator], level: AreaLevel, date: datetime.date
) -> tuple[pd.DataFrame, list[str]]:
    """The indicators' values on the areas of `level` in use on `date` (COLUMNS, `area` a
    code), and a sentence for each value that could not be harmonised."""
    area_rows = pd.DataFrame.from_records(
        Area.objects.filter(level=level).values_list("pk", "code", "valid_from", "valid_to"),
        columns=["id", "code", "valid_from", "valid_to"],
    ).set_index("id")
    area_rows["valid_from"] = pd.to_datetime(area_rows["valid_from"])
    area_rows["valid_to"] = pd.to_datetime(area_rows["valid_to"])
    changes = pd.DataFrame.from_records(
        AreaChange.objects.filter(old_area__level=level, new_area__level=level).values_list(
            "old_area_id", "new_area_id", "share"
        ),
        columns=["old_id", "new_id", "share"],
    ).astype({"share": "float64"})
    targets = set(Area.objects.filter(areas_in_use(level, date)).values_list("pk", flat=True))
    weights = weights_to_targets(area_rows, changes, pd.Timestamp(date), targets)
    parts, problems = [], []
    for indicator in indicators:
        observed = pd.DataFrame.from_records(
            Observation.objects.filter(indicator=indicator, area__level=level).values_list(
                "area_id", "period", "numerator", "denominator", "value", "suppression"
            ),
            columns=["area_id", "period", "numerator", "denominator", "value", "suppression"],
        )
        if observed.empty:
            continue
        observed["suppressed"] = observed.pop("suppression") != Suppression.PUBLISHED
        for column in ("numerator", "denominator", "value"):
            observed[column] = observed[column].astype("float64")
        kinds = pd.Series(indicator.periodicity, index=observed.index)
        observed["period_start"], observed["period_end"] = period_bounds(observed["period"], kinds)
        method = "sum" if indicator.aggregation == Aggregation.SUM else "ratio"
        result = harmonise(observed, weights, area_rows, method=method, scale=indicator.scale)
        problems += [f"{indicator.code}: {problem}" for problem in result.problems]
        values = result.values.dropna(subset=["value"]).assign(indicator_id=indicator.pk)
        values["area"] = values["area_id"].map(area_rows["code"])
        parts.append(values[COLUMNS])
    if not parts:
        return pd.DataFrame(columns=COLUMNS), problems
    return pd.concat(parts, ignore_index=True), problems
