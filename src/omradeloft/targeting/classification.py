"""The one write path for classification rules and their results.

A rule spec is
    {"code": "...", "name": "...", "kind": "top_n" | "top_decile" | "score_threshold" |
     "criteria", "params": {...}, "index": "INDEX CODE" (index rules),
     "level": "subdistrict" (criteria rules; index rules take the index's level)}
See `engine/rules.py` for each kind's parameters.
"""

from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.imports import ImportRefusedError
from omradeloft.indicators.models import Indicator, Observation, Suppression
from omradeloft.targeting.engine.rules import (
    INDEX_KINDS,
    RuleError,
    check,
    compare,
    criteria_indicators,
    select_by_criteria,
    select_by_index,
)
from omradeloft.targeting.models import (
    ClassificationRule,
    ClassificationRun,
    ClassifiedArea,
    IndexDefinition,
    IndexScore,
)


class RuleRefusedError(ImportRefusedError):
    """The rule spec has errors; nothing was written."""


def define_rule(spec: dict[str, Any], *, actor: User | None) -> ClassificationRule:
    """Create a rule, or give an existing one a new version if its parameters change."""
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    errors: list[str] = []
    for key in ("code", "name", "kind", "params"):
        if not spec.get(key):
            errors.append(f"{key}: missing")
    kind, params = spec.get("kind"), spec.get("params") or {}
    try:
        check(str(kind), params)
    except RuleError as e:
        errors.append(str(e))
    index = level = None
    if kind in INDEX_KINDS:
        index = IndexDefinition.objects.filter(code=spec.get("index", "")).first()
        if index is None:
            errors.append(f"index: {spec.get('index')!r} is not an index; an index rule needs one")
        else:
            level = index.level
    elif kind == "criteria":
        level = AreaLevel.objects.filter(code=spec.get("level", "")).first()
        if level is None:
            errors.append(f"level: unknown level {spec.get('level')!r}")
        known = set(Indicator.objects.values_list("code", flat=True))
        for code in criteria_indicators(params):
            if code not in known:
                errors.append(f"params: unknown indicator {code!r}")
    if errors:
        raise RuleRefusedError(errors)
    # Without errors the kind is a known one, and every known kind has found its level.
    assert kind is not None
    assert level is not None
    with acting_as(actor, current_actor().source), transaction.atomic():
        rule = ClassificationRule.objects.select_for_update().filter(code=spec["code"]).first()
        if rule is None:
            rule = ClassificationRule(code=spec["code"])
        elif (rule.kind, rule.params, rule.index, rule.level) != (kind, params, index, level):
            rule.version += 1
        rule.name, rule.name_en = spec["name"], spec.get("name_en", "")
        rule.kind, rule.params, rule.index, rule.level = kind, params, index, level
        rule.save()
    return rule


def spec_of(rule: ClassificationRule) -> dict[str, Any]:
    """The JSON spec `define_rule` reads, for showing and editing."""
    spec: dict[str, Any] = {
        "code": rule.code,
        "name": rule.name,
        "name_en": rule.name_en,
        "kind": rule.kind,
        "params": rule.params,
    }
    if rule.index:
        spec["index"] = rule.index.code
    else:
        spec["level"] = rule.level.code
    return spec


def _selection(rule: ClassificationRule, period: str) -> pd.DataFrame:
    if rule.kind in INDEX_KINDS:
        assert rule.index is not None  # an index rule cannot be saved without its index
        scores = pd.DataFrame.from_records(
            IndexScore.objects.filter(definition=rule.index, period=period).values_list(
                "area__code", "period", "score", "rank", "decile"
            ),
            columns=["area", "period", "score", "rank", "decile"],
        )
        if scores.empty:
            raise RuleError(
                f"{rule.index.code} has no scores for {period}: run compute-index first"
            )
        return select_by_index(rule.kind, rule.params, scores).selected
    values = pd.DataFrame.from_records(
        Observation.objects.filter(
            indicator__code__in=criteria_indicators(rule.params),
            area__level=rule.level,
            period=period,
        ).values_list("area__code", "period", "indicator__code", "value", "suppression"),
        columns=["area", "period", "indicator", "value", "suppression"],
    )
    # The rule decides on every value; the reasons record which were suppressed.
    values["suppressed"] = values.pop("suppression") != Suppression.PUBLISHED
    return select_by_criteria(rule.params, values.astype({"value": "float64"})).selected


def classify(rule: ClassificationRule, period: str, *, actor: User | None) -> ClassificationRun:
    """Apply the rule's current version to one period and store the selected areas."""
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    selected = _selection(rule, period)
    areas = dict(Area.objects.filter(level=rule.level).values_list("code", "pk"))
    with acting_as(actor, current_actor().source), transaction.atomic():
        run = ClassificationRun.objects.create(rule=rule, rule_version=rule.version, period=period)
        ClassifiedArea.objects.bulk_create(
            ClassifiedArea(run=run, area_id=areas[area], reasons=reasons)
            for area, reasons in zip(selected["area"], selected["reasons"], strict=True)
        )
    return run


@dataclass(frozen=True)
class Comparison:
    before: ClassificationRun
    after: ClassificationRun
    entered: list[ClassifiedArea]  # of the later run, with the reasons it was selected for
    left: list[ClassifiedArea]  # of the earlier run, with the reasons it was selected for


def latest_run(rule: ClassificationRule, period: str) -> ClassificationRun | None:
    return rule.runs.filter(period=period).order_by("-created_at", "-id").first()


def compare_periods(rule: ClassificationRule, before: str, after: str) -> Comparison:
    runs = {period: latest_run(rule, period) for period in (before, after)}
    missing = [period for period, run in runs.items() if run is None]
    if missing:
        raise RuleError(f"{rule.code} has not been applied to {', '.join(missing)}: classify first")
    applied = {period: run for period, run in runs.items() if run is not None}

    items = {
        period: {item.area.code: item for item in run.areas.select_related("area")}
        for period, run in applied.items()
    }

    def frame(period: str) -> pd.DataFrame:
        codes = sorted(items[period])
        return pd.DataFrame({"area": codes, "reasons": [items[period][c].reasons for c in codes]})

    entered, left = compare(frame(before), frame(after))
    return Comparison(
        applied[before],
        applied[after],
        [items[after][code] for code in entered["area"]],
        [items[before][code] for code in left["area"]],
    )
