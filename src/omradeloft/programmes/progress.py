"""Progress toward the results framework's targets, per goal indicator and area.

For each goal indicator and each of its areas (its own, or the programme's target areas)
we compare the latest published observation with the baseline and each target:

- The indicator's polarity says which way is better. A target on the good side of the
  baseline asks for movement toward it. A target the baseline already meets (one target set
  for several areas, some of them past it already; or "hold the level") asks the area to
  stay on the good side of it: on track while it does, off track once it crosses.
- The progress share p = (latest − baseline) / (target − baseline) is how much of the way
  to the target has been covered; the elapsed share e = (latest period − baseline period) /
  (target period − baseline period) is how much of the time has passed (periods read as
  years; quarters, halves and months as fractions of a year; capped at 1).
- An even pace toward the target is the yardstick: `on_track` when p ≥ e − ON_TRACK_TOLERANCE
  (or the target is reached), since yearly figures wobble and a small lag is noise;
  `at_risk` when the area has moved the right way at least AT_RISK_PACE of the even pace
  (p > 0 and p ≥ e × AT_RISK_PACE); `off_track` otherwise, including movement the wrong way;
  `no_data` when there is no baseline or no observation after the baseline period.

Only values that passed disclosure control count: a suppressed observation is missing.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.db import models
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.models import Area
from omradeloft.indicators.models import Indicator, Observation, Polarity
from omradeloft.programmes.models import GoalIndicator, Programme, TargetArea

# A lag of up to a tenth of the way to the target still counts as keeping pace.
ON_TRACK_TOLERANCE = 0.1
# Moving the right way at half the even pace or more is a risk rather than a failure.
AT_RISK_PACE = 0.5


class ProgressStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


_PERIOD = re.compile(r"^(\d{4})(?:[QK]([1-4])|H([12])|-(\d{2}))?")


def period_time(period: str) -> float | None:
    """A period as a year with a fraction: 2024 -> 2024.0, 2024Q3 -> 2024.5,
    2024H2 -> 2024.5, 2024-04 -> 2024.25; None when it does not start with a year."""
    match = _PERIOD.match(period.strip())
    if not match:
        return None
    year, quarter, half, month = match.groups()
    fraction = 0.0
    if quarter:
        fraction = (int(quarter) - 1) / 4
    elif half:
        fraction = (int(half) - 1) / 2
    elif month and 1 <= int(month) <= 12:
        fraction = (int(month) - 1) / 12
    return int(year) + fraction


@dataclass(frozen=True)
class Assessment:
    status: ProgressStatus
    progress_share: float | None  # p
    elapsed_share: float | None  # e


def assess(
    *,
    baseline: float,
    baseline_time: float,
    latest: float,
    latest_time: float,
    target: float,
    target_time: float,
    polarity: str,
) -> Assessment:
    """The status of one target, from the numbers behind it (see the module docstring)."""
    if target_time > baseline_time:
        elapsed = min(max((latest_time - baseline_time) / (target_time - baseline_time), 0.0), 1)
    else:
        elapsed = 1.0
    better = 1 if polarity == Polarity.HIGHER_IS_BETTER else -1
    if (target - baseline) * better <= 0:
        held = (latest - target) * better >= 0
        return Assessment(
            ProgressStatus.ON_TRACK if held else ProgressStatus.OFF_TRACK, None, elapsed
        )
    share = (latest - baseline) / (target - baseline)
    if share >= 1 or share >= elapsed - ON_TRACK_TOLERANCE:
        status = ProgressStatus.ON_TRACK
    elif share > 0 and share >= elapsed * AT_RISK_PACE:
        status = ProgressStatus.AT_RISK
    else:
        status = ProgressStatus.OFF_TRACK
    return Assessment(status, share, elapsed)


@dataclass(frozen=True)
class TargetProgress:
    period: str
    value: float
    status: ProgressStatus
    progress_share: float | None
    elapsed_share: float | None

    @property
    def progress_percent(self) -> int | None:
        return None if self.progress_share is None else round(self.progress_share * 100)

    @property
    def elapsed_percent(self) -> int | None:
        return None if self.elapsed_share is None else round(self.elapsed_share * 100)


@dataclass(frozen=True)
class AreaProgress:
    area: Area
    baseline_period: str
    baseline: float | None
    baseline_observed: bool  # True: taken from the statistics, not stored with the goal
    latest_period: str | None
    latest: float | None
    targets: tuple[TargetProgress, ...]
    series: tuple[tuple[str, float], ...]  # every published (period, value), oldest first

    @property
    def current_target(self) -> TargetProgress | None:
        """The target that now matters: the first one not before the latest observation,
        or the last one when all are past."""
        if not self.targets:
            return None
        now = period_time(self.latest_period) if self.latest_period else None
        if now is not None:
            for target in self.targets:
                time = period_time(target.period)
                if time is not None and time >= now:
                    return target
        return self.targets[-1] if now is not None else self.targets[0]

    @property
    def status(self) -> ProgressStatus:
        target = self.current_target
        return target.status if target else ProgressStatus.NO_DATA


@dataclass(frozen=True)
class IndicatorProgress:
    goal_indicator: GoalIndicator
    areas: tuple[AreaProgress, ...]

    @property
    def indicator(self) -> Indicator:
        return self.goal_indicator.indicator


def _area_progress(
    goal_indicator: GoalIndicator,
    area: Area,
    observed: dict[str, float],
    targets: Sequence[tuple[str, float]],
) -> AreaProgress:
    series = sorted(
        ((t, p, v) for p, v in observed.items() if (t := period_time(p)) is not None),
        key=lambda row: (row[0], row[1]),
    )
    baseline_period = goal_indicator.baseline_period
    baseline_time = period_time(baseline_period)
    baseline = goal_indicator.baseline_value
    baseline_observed = baseline is None
    if baseline is None:
        baseline = observed.get(baseline_period)
    after = [row for row in series if baseline_time is not None and row[0] > baseline_time]
    latest = after[-1] if after else None
    assessed = []
    for period, value in targets:
        target_time = period_time(period)
        if baseline is None or baseline_time is None or latest is None or target_time is None:
            assessment = Assessment(ProgressStatus.NO_DATA, None, None)
        else:
            assessment = assess(
                baseline=baseline,
                baseline_time=baseline_time,
                latest=latest[2],
                latest_time=latest[0],
                target=value,
                target_time=target_time,
                polarity=goal_indicator.indicator.polarity,
            )
        assessed.append(
            TargetProgress(
                period,
                value,
                assessment.status,
                assessment.progress_share,
                assessment.elapsed_share,
            )
        )
    return AreaProgress(
        area=area,
        baseline_period=baseline_period,
        baseline=baseline,
        baseline_observed=baseline_observed and baseline is not None,
        latest_period=latest[1] if latest else None,
        latest=latest[2] if latest else None,
        targets=tuple(assessed),
        series=tuple((p, v) for _, p, v in series),
    )


def progress_of(
    goal_indicators: Iterable[GoalIndicator], target_areas: Sequence[Area]
) -> list[IndicatorProgress]:
    """Progress of `goal_indicators` (with `indicator`, `targets` and `areas` loaded), in
    their own areas or else in `target_areas`; one query for all observations."""
    goal_indicators = list(goal_indicators)
    areas_of = {
        gi.pk: sorted(gi.areas.all(), key=lambda a: a.code) or list(target_areas)
        for gi in goal_indicators
    }
    area_ids = {area.pk for areas in areas_of.values() for area in areas}
    values: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    rows = (
        Observation.objects.public()
        .filter(
            indicator_id__in={gi.indicator_id for gi in goal_indicators},
            area_id__in=area_ids,
            value__isnull=False,
        )
        .values_list("indicator_id", "area_id", "period", "value")
    )
    for indicator_id, area_id, period, value in rows:
        if value is not None:  # never: the query leaves nulls out; this tells the type checker
            values[indicator_id, area_id][period] = value
    result = []
    for gi in goal_indicators:
        targets = sorted(
            ((t.period, t.value) for t in gi.targets.all()),
            key=lambda target: (period_time(target[0]) or 0, target[0]),
        )
        result.append(
            IndicatorProgress(
                goal_indicator=gi,
                areas=tuple(
                    _area_progress(gi, area, values[gi.indicator_id, area.pk], targets)
                    for area in areas_of[gi.pk]
                ),
            )
        )
    return result


def programme_progress(programme: Programme) -> list[IndicatorProgress]:
    """Progress of every goal indicator of `programme`, in a fixed number of queries."""
    without_boundary = Area.objects.defer("boundary")
    goal_indicators = (
        GoalIndicator.objects.filter(goal__programme=programme)
        .select_related("indicator", "goal")
        .prefetch_related("targets", Prefetch("areas", queryset=without_boundary))
        .order_by("goal__order", "goal_id", "indicator__code")
    )
    target_areas = [
        target.area
        for target in TargetArea.objects.filter(programme=programme)
        .select_related("area")
        .defer("area__boundary")
        .order_by("area__code")
    ]
    return progress_of(goal_indicators, target_areas)


def status_counts(progress: Iterable[IndicatorProgress]) -> dict[ProgressStatus, int]:
    """How many goal-indicator-area rows have each status (by the target that now matters)."""
    counts = dict.fromkeys(ProgressStatus, 0)
    for indicator in progress:
        for area in indicator.areas:
            counts[area.status] += 1
    return counts
