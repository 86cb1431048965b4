"""Why a rule selected an area, worded for one viewer (see `engine.rules` for the stored
reasons).

A criterion or population value is shown only if it was published when the rule was
applied and is published now (its observation looked up at display time, so that a later
change of disclosure status is honoured). Otherwise, outside the analyst role, the value
is shown as ":" and the reason says that the bound was met on a value withheld by
disclosure control; the decision still tells that the withheld value met the bound, the
residual risk of publishing a list of areas chosen on small-area figures. A score reason
follows the index's score (`presentation.scores`). Reasons stored as text before they
were data and not readable back show their numbers as ":" outside the analyst role. An
analyst sees every value, marked as not publishable where it rests on a suppressed one.
"""

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from omradeloft.core.i18n import localized
from omradeloft.indicators.models import Indicator, Observation, Suppression
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.models import ClassificationRun, ClassifiedArea, IndexScore
from omradeloft.targeting.presentation.scores import ShownScore, shown_scores

HIDDEN = ":"
SIGNS = {"at_least": "≥", "at_most": "≤"}
_NUMBERS = re.compile(r"\d[\d.,]*")


@dataclass(frozen=True)
class ShownReason:
    text: str
    hidden: bool  # its number is withheld from this viewer
    unpublishable: bool  # it rests on a suppressed value, and this viewer (an analyst) sees it

    def __str__(self) -> str:
        return self.text


def shown_reasons(
    viewer: Viewer, run: ClassificationRun, items: Iterable[ClassifiedArea]
) -> dict[int, list[ShownReason]]:
    """area id -> the reasons `run` selected it for, as `viewer` may see them."""
    items = list(items)
    lookup = _Lookup(viewer, run, items)
    return {
        item.area_id: [lookup.show(item.area_id, reason) for reason in item.reasons]
        for item in items
    }


def plain(reasons: Iterable[ShownReason]) -> str:
    """Reasons as one line of text, for commands."""
    return "; ".join(
        f"{r.text} [{_('not publishable')}]" if r.unpublishable else r.text for r in reasons
    )


class _Lookup:
    """The observations, indicators and index scores that the reasons of one run name."""

    def __init__(self, viewer: Viewer, run: ClassificationRun, items: list[ClassifiedArea]):
        self.viewer = viewer
        reasons = [r for item in items for r in item.reasons if isinstance(r, Mapping)]
        codes = {r["indicator"] for r in reasons if "indicator" in r}
        area_ids = {item.area_id for item in items}
        self.indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
        self.observations = {
            (area_id, code): (value, suppression)
            for area_id, code, value, suppression in Observation.objects.filter(
                indicator__code__in=codes, area_id__in=area_ids, period=run.period
            ).values_list("area_id", "indicator__code", "value", "suppression")
        }
        self.scores: dict[int, ShownScore] = {}
        if run.rule.index_id and any(r.get("kind") == "score" for r in reasons):
            index = run.rule.index
            assert index is not None  # index_id is set
            stored = IndexScore.objects.filter(
                definition=index, area_id__in=area_ids, period=run.period
            )
            self.scores = {s.score.area_id: s for s in shown_scores(viewer, index, list(stored))}

    def show(self, area_id: int, reason: Any) -> ShownReason:
        sees = self.viewer.may_see_unsuppressed(area_id)
        if not isinstance(reason, Mapping) or reason.get("kind") == "text":
            text = str(reason.get("text") if isinstance(reason, Mapping) else reason)
            # Read back from text: whether it rests on a suppressed value is unknown.
            if sees:
                return ShownReason(text, hidden=False, unpublishable=True)
            return ShownReason(_NUMBERS.sub(HIDDEN, text), hidden=True, unpublishable=False)
        kind = reason["kind"]
        if kind == "rank":
            text = _("rank %(rank)s of the top %(top)s") % reason
            return ShownReason(text, hidden=False, unpublishable=False)
        if kind == "decile":
            text = _("decile %(decile)s (rank %(rank)s)") % reason
            return ShownReason(text, hidden=False, unpublishable=False)
        if kind == "score":
            return self._score(area_id, reason)
        return self._value(area_id, reason, sees)

    def _score(self, area_id: int, reason: Mapping[str, Any]) -> ShownReason:
        shown = self.scores.get(area_id)
        words = {"sign": SIGNS[reason["bound"]], "limit": _number(reason["limit"])}
        if shown is None or shown.withheld:
            text = _(
                "score %(hidden)s %(sign)s %(limit)s: met on a score resting on values "
                "withheld by disclosure control"
            ) % (words | {"hidden": HIDDEN})
            return ShownReason(text, hidden=True, unpublishable=False)
        text = _("score %(value)s %(sign)s %(limit)s") % (
            words | {"value": _number(reason["score"], 1)}
        )
        return ShownReason(text, hidden=False, unpublishable=shown.unpublishable)

    def _value(self, area_id: int, reason: Mapping[str, Any], sees: bool) -> ShownReason:
        indicator = self.indicators.get(reason["indicator"])
        name = localized(indicator, "name") if indicator else reason["indicator"]
        decimals = 0 if reason["kind"] == "population" else (indicator.decimals if indicator else 1)
        suppressed = self._suppressed(area_id, reason)
        words = {"indicator": name, "value": _number(reason["value"], decimals, grouped=True)}
        if reason.get("bound"):
            words |= {"sign": SIGNS[reason["bound"]], "limit": _number(reason["limit"])}
        if not suppressed:
            return ShownReason(_value_text(words), hidden=False, unpublishable=False)
        if sees:
            return ShownReason(_value_text(words), hidden=False, unpublishable=True)
        words["value"] = HIDDEN
        if "limit" in words:
            text = _(
                "%(indicator)s %(value)s %(sign)s %(limit)s: met on a value withheld by "
                "disclosure control"
            )
        else:
            text = _("%(indicator)s %(value)s: a value withheld by disclosure control")
        return ShownReason(text % words, hidden=True, unpublishable=False)

    def _suppressed(self, area_id: int, reason: Mapping[str, Any]) -> bool:
        """Whether the reason's value rests on a suppressed (or no longer known) value."""
        current = self.observations.get((area_id, reason["indicator"]))
        if current is None or current[1] != Suppression.PUBLISHED:
            return True
        if reason.get("suppressed") is None:  # read back from text, printed rounded
            decimals = 0 if reason["kind"] == "population" else 1
            return current[0] is None or round(current[0], decimals) != reason["value"]
        return bool(reason["suppressed"])


def _value_text(words: Mapping[str, str]) -> str:
    if "limit" in words:
        return _("%(indicator)s %(value)s %(sign)s %(limit)s") % words
    return _("%(indicator)s %(value)s") % words


def _number(value: float, decimals: int | None = None, *, grouped: bool = False) -> str:
    """A number in the active language; a bound without decimals when it is whole."""
    if decimals is None:
        decimals = 0 if float(value).is_integer() else None
    else:
        value = round(value, decimals)  # number_format cuts decimals off rather than rounding
    return formats.number_format(value, decimals, use_l10n=True, force_grouping=grouped)
