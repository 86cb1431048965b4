"""What a new evaluation design starts from, taken from its programme, and the comparison
areas a design's runs use."""

from collections.abc import Iterable
from typing import Any

import shapely
from django.db.models import Count
from shapely.geometry import shape

from omradeloft.areas.models import Area
from omradeloft.evaluation.models import EvaluationDesign, Method
from omradeloft.indicators.models import Indicator, Observation
from omradeloft.programmes.models import GoalIndicator, Programme

# Boundaries from one source share their vertices; this allows for rounding in the files
# (degrees: about a centimetre).
TOUCHING_TOLERANCE = 1e-7


def programme_target_areas(programme: Programme) -> list[Area]:
    return [
        target.area
        for target in programme.target_areas.select_related("area__level").order_by("area__code")
    ]


def programme_goal_indicators(programme: Programme) -> list[Indicator]:
    ids = GoalIndicator.objects.filter(goal__programme=programme).values("indicator_id")
    return list(Indicator.objects.filter(pk__in=ids).order_by("code"))


def design_defaults(programme: Programme) -> dict[str, Any]:
    """A new design's values: the programme's target areas treated, its goal indicators as
    outcomes, treatment from its first year, compared with every untreated area of the same
    level, by difference-in-differences and the event study."""
    return {
        "outcomes": programme_goal_indicators(programme),
        "treated": programme_target_areas(programme),
        "comparison_pool": [],
        "exclude_neighbours": False,
        "treatment_period": str(programme.start_year),
        "methods": [Method.DID.value, Method.EVENT_STUDY.value],
        "predictors": [],
    }


def neighbours(treated: Iterable[Area], candidates: Iterable[Area]) -> set[int]:
    """Primary keys of the `candidates` whose boundary touches (or overlaps) a treated area's.
    Areas without a boundary cannot be told apart and are not counted as neighbours."""
    shapes = [shape(area.boundary) for area in treated if area.boundary]
    if not shapes:
        return set()
    treated_shape = shapely.union_all(shapes)
    shapely.prepare(treated_shape)
    return {
        area.pk
        for area in candidates
        if area.boundary
        and shapely.dwithin(treated_shape, shape(area.boundary), TOUCHING_TOLERANCE)
    }


def _with_full_series(outcome: Indicator, areas: list[Area]) -> list[Area]:
    """Those of `areas` with a value of `outcome` in every period it has for them (what the
    default comparison pool keeps too)."""
    observed = Observation.objects.filter(indicator=outcome, area__in=areas)
    periods = observed.values("period").distinct().count()
    counts = dict(
        observed.values("area_id")
        .annotate(n=Count("period", distinct=True))
        .values_list("area_id", "n")
    )
    return [area for area in areas if periods and counts.get(area.pk) == periods]


def comparison_areas(design: EvaluationDesign, outcome: Indicator) -> list[Area] | None:
    """The areas `design`'s run on `outcome` compares with, or None for the default: every
    untreated area of the treated areas' level that has the outcome's full series."""
    treated = list(design.treated.all())
    pool = list(design.comparison_pool.exclude(pk__in=[a.pk for a in treated]))
    if not pool and not design.exclude_neighbours:
        return None
    if not pool:
        levels = {area.level_id for area in treated}
        candidates = list(
            Area.objects.filter(level_id__in=levels).exclude(pk__in=[a.pk for a in treated])
        )
        pool = _with_full_series(outcome, [*treated, *candidates])
        pool = [area for area in pool if area not in treated]
    if design.exclude_neighbours:
        bordering = neighbours(treated, pool)
        pool = [area for area in pool if area.pk not in bordering]
    return sorted(pool, key=lambda area: area.code)
