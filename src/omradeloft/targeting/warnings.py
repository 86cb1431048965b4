"""Early warning for an index: areas whose rank or indicators are sliding.

Computed when asked, from the stored scores and observations; the thresholds come with
the question, so a page can show what changes when they change.
"""

from dataclasses import dataclass

import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.indicators.models import Indicator, Observation, Polarity
from omradeloft.targeting.engine import TrendResult, rank_flags, trend_flags
from omradeloft.targeting.engine.warning import WarningError
from omradeloft.targeting.models import IndexDefinition, IndexScore


@dataclass(frozen=True)
class Thresholds:
    places: int = 10  # rank worsened by at least this many places
    periods: int = 5  # over this many periods
    window: int = 8  # periods of each trend
    k: int = 2  # indicators with an adverse trend


@dataclass(frozen=True)
class Warnings:
    flags: pd.DataFrame  # area (code), reasons (list[str])
    trends: TrendResult | None
    reference: Area | None
    trend_problem: str = ""  # why trends were not judged, if they were not


def early_warning(definition: IndexDefinition, thresholds: Thresholds) -> Warnings:
    ranks = pd.DataFrame.from_records(
        IndexScore.objects.filter(definition=definition).values_list(
            "area__code", "period", "rank"
        ),
        columns=["area", "period", "rank"],
    )
    flags = [rank_flags(ranks, places=thresholds.places, periods=thresholds.periods)]
    codes = [c["indicator"] for c in definition.components]
    polarity = {
        i.code: i.polarity == Polarity.HIGHER_IS_WORSE
        for i in Indicator.objects.filter(code__in=codes)
    }
    # The city's own trend is the yardstick: the top of the hierarchy above these areas.
    some_area = Area.objects.filter(level=definition.level).first()
    reference = (some_area.ancestors() or [None])[0] if some_area else None
    trends, trend_problem = None, ""
    if reference is not None:
        values = pd.DataFrame.from_records(
            Observation.objects.filter(
                indicator__code__in=codes, area__level=definition.level, value__isnull=False
            ).values_list("area__code", "period", "indicator__code", "value"),
            columns=["area", "period", "indicator", "value"],
        )
        city = pd.DataFrame.from_records(
            Observation.objects.filter(
                indicator__code__in=codes, area=reference, value__isnull=False
            ).values_list("period", "indicator__code", "value"),
            columns=["period", "indicator", "value"],
        )
        if not values.empty and set(city["indicator"]) >= set(codes):
            try:
                trends = trend_flags(
                    values, polarity, city, window=thresholds.window, k=thresholds.k
                )
            except WarningError as error:  # too few values in the window, for one
                trend_problem = str(error)
            else:
                flags.append(trends.flags)
    combined = (
        pd.concat(flags, ignore_index=True)
        .groupby("area", as_index=False)["reasons"]
        .agg(lambda lists: [reason for reasons in lists for reason in reasons])
    )
    return Warnings(combined, trends, reference, trend_problem)
