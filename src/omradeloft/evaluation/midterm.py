"""The mid-term view: for each goal indicator of a programme, the target areas against the
comparison areas at the baseline and now, with the effect estimates of the programme's
evaluation designs where one has been run.

The comparison areas are the untreated areas on the target areas' level. Means are plain
means of the areas' published values, for every viewer (each area counts once, whatever its
size): the view is a first look, the designs' estimates are the considered answer. Each
method's estimate is the latest the viewer may read (`evaluation.access`).
"""

from dataclasses import dataclass, field

from django.db.models import Q

from omradeloft.areas.models import Area
from omradeloft.evaluation.access import readable_runs
from omradeloft.evaluation.models import EvaluationRun, Method, RunStatus
from omradeloft.evaluation.results import stored_result
from omradeloft.indicators.models import Indicator, Observation
from omradeloft.programmes.models import GoalIndicator, Programme


@dataclass(frozen=True)
class Estimate:
    method: str
    label: str
    value: float | None
    lower: float | None
    upper: float | None
    p_value: float | None
    run: EvaluationRun


@dataclass(frozen=True)
class MidtermRow:
    indicator: Indicator
    baseline_period: str
    latest_period: str | None
    treated_baseline: float | None
    treated_latest: float | None
    comparison_baseline: float | None
    comparison_latest: float | None
    treated_areas: int
    comparison_areas: int
    estimates: list[Estimate] = field(default_factory=list)

    @property
    def difference_in_change(self) -> float | None:
        """(treated now − treated then) − (comparison now − comparison then)."""
        treated_now, treated_then = self.treated_latest, self.treated_baseline
        comparison_now, comparison_then = self.comparison_latest, self.comparison_baseline
        if treated_now is None or treated_then is None:
            return None
        if comparison_now is None or comparison_then is None:
            return None
        return (treated_now - treated_then) - (comparison_now - comparison_then)


def _mean(values: dict[int, float], areas: set[int]) -> float | None:
    found = [values[a] for a in areas if a in values]
    return sum(found) / len(found) if found else None


def _estimate(run: EvaluationRun) -> Estimate:
    result = stored_result(run.result)
    if run.method == Method.SYNTHETIC_CONTROL:
        post = [
            gap
            for period, gap in (result.get("gaps") or {}).items()
            if period >= str(result.get("treatment_period", "")) and gap is not None
        ]
        value = sum(post) / len(post) if post else None
        return Estimate(
            run.method, run.get_method_display(), value, None, None, result.get("p_value"), run
        )
    low, high = (result.get("ci") or [None, None])[:2]
    return Estimate(
        run.method,
        run.get_method_display(),
        result.get("att"),
        low,
        high,
        result.get("p_value"),
        run,
    )


def midterm_rows(programme: Programme, user) -> list[MidtermRow]:
    """One row per goal indicator of `programme`, with the estimates `user` may read."""
    targets = set(programme.target_areas.values_list("area_id", flat=True))
    levels = set(Area.objects.filter(pk__in=targets).values_list("level_id", flat=True))
    comparison = set(
        Area.objects.filter(level_id__in=levels)
        .exclude(pk__in=targets)
        .values_list("pk", flat=True)
    )
    goal_indicators = list(
        GoalIndicator.objects.filter(goal__programme=programme)
        .select_related("indicator")
        .order_by("goal__order", "indicator__code")
    )
    indicators = {gi.indicator_id: gi for gi in goal_indicators}  # one row per indicator
    observations = (
        Observation.objects.public()
        .filter(indicator_id__in=indicators, area_id__in=targets | comparison)
        .values_list("indicator_id", "area_id", "period", "value")
    )
    by_indicator: dict[int, dict[str, dict[int, float]]] = {}
    for indicator, area, period, value in observations:
        if value is not None:
            by_indicator.setdefault(indicator, {}).setdefault(period, {})[area] = value
    runs = (
        readable_runs(user)
        .filter(design__programme=programme, status=RunStatus.DONE)
        .filter(Q(outcome_id__in=indicators))
        .select_related("design")
        .order_by("-finished_at")
    )
    latest_runs: dict[tuple[int, str], EvaluationRun] = {}
    for run in runs:
        latest_runs.setdefault((run.outcome_id, run.method), run)
    rows = []
    for indicator_id, goal_indicator in indicators.items():
        series = by_indicator.get(indicator_id, {})
        baseline = series.get(goal_indicator.baseline_period, {})
        later = sorted(p for p in series if p > goal_indicator.baseline_period)
        latest = later[-1] if later else None
        now = series.get(latest, {}) if latest else {}
        rows.append(
            MidtermRow(
                indicator=goal_indicator.indicator,
                baseline_period=goal_indicator.baseline_period,
                latest_period=latest,
                treated_baseline=_mean(baseline, targets),
                treated_latest=_mean(now, targets),
                comparison_baseline=_mean(baseline, comparison),
                comparison_latest=_mean(now, comparison),
                treated_areas=len(targets),
                comparison_areas=len(comparison),
                estimates=[
                    _estimate(run)
                    for (outcome, _method), run in sorted(
                        latest_runs.items(), key=lambda i: i[0][1]
                    )
                    if outcome == indicator_id
                ],
            )
        )
    return rows
