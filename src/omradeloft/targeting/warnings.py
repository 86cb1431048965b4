"""Early warning for an index: areas whose rank or indicators are sliding.

Computed when asked, from the stored scores and observations; the thresholds come with
the question, so a page can show what changes when they change.

Disclosure control: a Theil–Sen slope is the median of pairwise slopes, so a slope (and
its interval) printed from a series with a suppressed point can give that point exactly
(y_s = y_i + slope · (x_s - x_i)). The trends are therefore computed from the values the
viewer may see: published ones, and for an analyst also the suppressed ones of the areas
they may see, whose flags are then marked as not publishable. Rank flags use the index's
ranks, which are published (see `engine.disclosure`).
"""

from dataclasses import dataclass
from typing import cast

import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.core.notices import Message
from omradeloft.indicators.models import Indicator, Observation, Polarity, Suppression
from omradeloft.indicators.presentation import Viewer
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
    flags: pd.DataFrame  # area (code), reasons (list[Message])
    trends: TrendResult | None
    reference: Area | None
    unpublishable: set[str]  # flagged areas whose trends rest on suppressed values
    trend_problem: Message | None = None  # why trends were not judged, if they were not


def early_warning(definition: IndexDefinition, thresholds: Thresholds, viewer: Viewer) -> Warnings:
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
    reference = next(iter(some_area.ancestors()), None) if some_area else None
    trends, trend_problem = None, None
    unpublishable: set[str] = set()
    if reference is not None:
        values = _visible(
            viewer,
            Observation.objects.filter(
                indicator__code__in=codes, area__level=definition.level, value__isnull=False
            ),
        )
        city = _visible(
            viewer,
            Observation.objects.filter(
                indicator__code__in=codes, area=reference, value__isnull=False
            ),
        )
        if not values.empty and set(city["indicator"]) >= set(codes):
            try:
                trends = trend_flags(
                    values, polarity, city, window=thresholds.window, k=thresholds.k
                )
            except WarningError as error:  # too few values in the window, for one
                trend_problem = error.message
            else:
                flags.append(trends.flags)
                unpublishable = _resting_on_suppressed(values, city, trends, thresholds.window)
    # With as_index=False the aggregate is a frame (area, reasons); pandas-stubs say Series.
    combined = cast(
        pd.DataFrame,
        pd.concat(flags, ignore_index=True)
        .groupby("area", as_index=False)["reasons"]
        .agg(lambda lists: [reason for reasons in lists for reason in reasons]),
    )
    return Warnings(combined, trends, reference, unpublishable, trend_problem)


def _visible(viewer: Viewer, observations) -> pd.DataFrame:
    """area, period, indicator, value, suppressed of the observations `viewer` may see."""
    rows = observations.values_list(
        "area_id", "area__code", "period", "indicator__code", "value", "suppression"
    )
    frame = pd.DataFrame.from_records(
        rows, columns=["area_id", "area", "period", "indicator", "value", "suppressed"]
    )
    frame["suppressed"] = frame["suppressed"] != Suppression.PUBLISHED
    seen = ~frame["suppressed"] | frame["area_id"].map(viewer.may_see_unsuppressed).astype(bool)
    return frame[seen].drop(columns="area_id").reset_index(drop=True)


def _resting_on_suppressed(
    values: pd.DataFrame, city: pd.DataFrame, trends: TrendResult, window: int
) -> set[str]:
    """Flagged areas with an adverse trend whose window holds a suppressed value (the
    area's own or the city's)."""
    periods = sorted(values["period"].unique())[-window:]
    inside = values[values["period"].isin(periods) & values["suppressed"]]
    hidden = set(zip(inside["area"], inside["indicator"], strict=True))
    city_hidden = set(city[city["period"].isin(periods) & city["suppressed"]]["indicator"])
    adverse = trends.slopes[trends.slopes["adverse"]]
    flagged = set(trends.flags["area"])
    return {
        area
        for area, indicator in zip(adverse["area"], adverse["indicator"], strict=True)
        if area in flagged and ((area, indicator) in hidden or indicator in city_hidden)
    }
