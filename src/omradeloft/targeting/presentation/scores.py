"""What a viewer may see of index scores (see `omradeloft.targeting.engine.disclosure`).

Outside the analyst role a contribution resting on a suppressed value is withheld (":")
and the score of its area is shown rounded to the step stored with it; ranks and deciles
are always shown, since they are the targeting decision. A component counts as resting on
a suppressed value if it did when the index was computed, or if its value (or the
reference value) is suppressed now. Scores computed before indices passed disclosure
control (no rounding step stored) depended on suppressed values through every area's
normalisation: outside the analyst role they show rank and decile only. An analyst sees
everything, marked as not publishable.
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from django.db.models import Count
from django.utils.translation import gettext as _

from omradeloft.areas.models import Area
from omradeloft.indicators.models import Observation, Suppression
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.engine.disclosure import public_scores
from omradeloft.targeting.models import IndexDefinition, IndexScore


@dataclass(frozen=True)
class ShownContribution:
    value: float | None  # None: withheld from this viewer (or not computed)
    hidden: bool  # rests on a suppressed value this viewer may not see
    unpublishable: bool  # rests on a suppressed value, and this viewer (an analyst) sees it


@dataclass(frozen=True)
class ShownScore:
    score: IndexScore
    value: float | None  # None: withheld (computed before indices passed disclosure control)
    rounded: bool  # value is the score rounded to score.score_step
    unpublishable: bool  # rests on suppressed values, and this viewer (an analyst) sees it
    contributions: dict[str, ShownContribution]
    shared_with: int = 0  # how many other areas share this rank in the period

    @property
    def area(self) -> Area:
        return self.score.area

    @property
    def period(self) -> str:
        return self.score.period

    @property
    def rank(self) -> int:
        return self.score.rank

    @property
    def decile(self) -> int:
        return self.score.decile

    @property
    def withheld(self) -> bool:
        """Some of this score's numbers are withheld from this viewer."""
        return self.value is None or self.rounded

    @property
    def step(self) -> float | None:
        return self.score.score_step if self.rounded else None


def shown_scores(
    viewer: Viewer, definition: IndexDefinition, scores: Sequence[IndexScore]
) -> list[ShownScore]:
    """The scores (of `definition`) as `viewer` may see them, in the same order."""
    components = [c["indicator"] for c in definition.components]
    areas_now, reference_now = _suppressed_now(definition, scores, components)
    shown = []
    for score in scores:
        resting = (
            set(score.suppressed_components)
            | areas_now.get((score.area_id, score.period), set())
            | reference_now.get(score.period, set())
        )
        legacy = score.score_step is None
        if viewer.may_see_unsuppressed(score.area_id):
            shown.append(_exact(score, components, resting, marked=legacy))
        elif legacy:
            hidden = ShownContribution(None, hidden=True, unpublishable=False)
            shown.append(ShownScore(score, None, False, False, dict.fromkeys(components, hidden)))
        else:
            shown.append(_public(score, components, resting))
    ties = _ties(definition, {s.period for s in scores})
    return [replace(s, shared_with=ties.get((s.period, s.rank), 1) - 1) for s in shown]


def _ties(definition: IndexDefinition, periods: set[str]) -> dict[tuple[str, int], int]:
    """(period, rank) -> how many areas have that rank, where more than one does."""
    shared = (
        IndexScore.objects.filter(definition=definition, period__in=periods)
        .values("period", "rank")
        .annotate(areas=Count("id"))
        .filter(areas__gt=1)
    )
    return {(row["period"], row["rank"]): row["areas"] for row in shared}


def _exact(
    score: IndexScore, components: list[str], resting: set[str], *, marked: bool
) -> ShownScore:
    contributions = {
        c: ShownContribution(
            score.contributions.get(c), hidden=False, unpublishable=marked or c in resting
        )
        for c in components
    }
    return ShownScore(score, score.score, False, marked or bool(resting), contributions)


def _public(score: IndexScore, components: list[str], resting: set[str]) -> ShownScore:
    contributions = {
        c: ShownContribution(None, hidden=True, unpublishable=False)
        if c in resting
        else ShownContribution(score.contributions.get(c), hidden=False, unpublishable=False)
        for c in components
    }
    if not resting:
        return ShownScore(score, score.score, False, False, contributions)
    rounded = public_scores(np.array([score.score]), np.array([score.score_step]), np.array([True]))
    return ShownScore(score, float(rounded[0]), True, False, contributions)


def _suppressed_now(
    definition: IndexDefinition, scores: Sequence[IndexScore], components: list[str]
) -> tuple[dict[tuple[int, str], set[str]], dict[str, set[str]]]:
    """Which component values are suppressed today: per (area id, period), and per period
    for the reference area."""
    periods = {s.period for s in scores}
    area_ids = {s.area_id for s in scores}
    reference = definition.reference_area_id
    rows = (
        Observation.objects.filter(
            indicator__code__in=components,
            period__in=periods,
            area_id__in=area_ids | ({reference} if reference else set()),
        )
        .exclude(suppression=Suppression.PUBLISHED)
        .values_list("area_id", "period", "indicator__code")
    )
    areas: dict[tuple[int, str], set[str]] = {}
    by_reference: dict[str, set[str]] = {}
    for area_id, period, code in rows:
        if area_id == reference:
            by_reference.setdefault(period, set()).add(code)
        if area_id in area_ids:
            areas.setdefault((area_id, period), set()).add(code)
    return areas, by_reference


def status(shown: ShownScore) -> str:
    """The status column of a download, worded as in the indicator downloads."""
    if shown.withheld or any(c.hidden for c in shown.contributions.values()):
        return _("suppressed")
    if shown.unpublishable:
        return _("not publishable")
    return ""


def export_rows(
    definition: IndexDefinition, period: str, viewer: Viewer
) -> tuple[list[str], list[list[Any]]]:
    """Columns and rows for a CSV as `viewer` may see it: area, period, score, rank,
    decile, one column per component's contribution (empty where withheld), the step the
    score is rounded to (empty when exact) and the disclosure status."""
    components = [c["indicator"] for c in definition.components]
    scores = (
        IndexScore.objects.filter(definition=definition, period=period)
        .select_related("area")
        .order_by("rank")
    )
    rows = [
        [s.score.area.code, s.score.period, s.value, s.score.rank, s.score.decile]
        + [s.contributions[c].value for c in components]
        + [s.step, status(s)]
        for s in shown_scores(viewer, definition, list(scores))
    ]
    columns = ["area", "period", "score", "rank", "decile", *components]
    return [*columns, "score_rounded_to", "status"], rows
