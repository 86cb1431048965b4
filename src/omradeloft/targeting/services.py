"""The one write path for indices: define one from a JSON spec, compute it, export it.

A spec is
    {"code": "...", "name": "...", "level": "subdistrict", "method": "exponential_rank",
     "components": [{"indicator": "CODE", "weight": 0.5, "domain": "optional"}],
     "domain_weights": {"optional": 1.0}, "reference": "AREA" (ratio_to_reference),
     "shrinkage": false, "name_en": "...", "harmonise_to": "2024-01-01" (optional: read
     the inputs on the areas in use that day, see indicators.harmonising)}
Each component's direction comes from its indicator's polarity. Weights are fractions
summing to 1 at each level; a sum within 0.5 % of 1 (rounded published weights) is kept
as given in the definition and normalised when the index is computed (see
`weight_normalisations`).
"""

import datetime
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.imports import ImportRefusedError
from omradeloft.indicators.harmonising import harmonised_observations
from omradeloft.indicators.models import Indicator, Observation, Polarity, Suppression
from omradeloft.targeting.engine import (
    RATIO_TO_REFERENCE,
    Component,
    IndexInputError,
    IndexSpec,
    IndexSpecError,
    Normalisation,
    compute_index,
)
from omradeloft.targeting.models import IndexDefinition, IndexRun, IndexScore

# 2: normalisations from published values only; suppressed inputs marked and rounded.
ENGINE_VERSION = "2"
# Codes that would be taken for the targeting pages' own addresses (see urls.py).
RESERVED_CODES = frozenset({"new", "rules"})
SPEC_FIELDS = (
    "name",
    "name_en",
    "level",
    "method",
    "components",
    "domain_weights",
    "shrinkage",
    "reference_area",
    "harmonise_to",
)


class IndexSpecRefusedError(ImportRefusedError):
    """The spec has errors; nothing was written."""


def _engine_spec(definition: IndexDefinition, indicators: dict[str, Indicator]) -> IndexSpec:
    return IndexSpec(
        method=definition.method,
        components=tuple(
            Component(
                indicator=c["indicator"],
                weight=c["weight"],
                higher_is_worse=indicators[c["indicator"]].polarity == Polarity.HIGHER_IS_WORSE,
                domain=c.get("domain"),
            )
            for c in definition.components
        ),
        domain_weights=definition.domain_weights,
        shrinkage=definition.shrinkage,
    )


def define_index(
    spec: dict[str, Any], *, actor: User | None, dry_run: bool = False
) -> IndexDefinition:
    """Create or replace the index `spec` describes, after checking all of it."""
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    errors: list[str] = []
    if not isinstance(spec, dict):
        raise IndexSpecRefusedError(["the spec must be a JSON object"])
    for key in ("code", "name", "level", "method", "components"):
        if not spec.get(key):
            errors.append(f"{key}: missing")
    if spec.get("code") in RESERVED_CODES:
        errors.append(f"code: {spec['code']!r} is the address of one of the targeting pages")
    level = AreaLevel.objects.filter(code=spec.get("level")).first()
    if spec.get("level") and level is None:
        known = ", ".join(AreaLevel.objects.values_list("code", flat=True))
        errors.append(f"level: unknown level {spec['level']!r}; known: {known}")
    components = spec.get("components") or []
    if not isinstance(components, list) or not all(isinstance(c, dict) for c in components):
        errors.append('components: expected a list of {"indicator", "weight", "domain"} objects')
        components = []
    codes = [str(c.get("indicator", "")) for c in components]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    for i, code in enumerate(codes, 1):
        if code not in indicators:
            errors.append(f"components[{i}].indicator: unknown indicator {code!r}")
    reference = None
    if spec.get("method") == RATIO_TO_REFERENCE:
        reference = Area.objects.filter(code=spec.get("reference", "")).first()
        if reference is None:
            errors.append(
                f"reference: {spec.get('reference')!r} is not an area; ratio_to_reference "
                "needs the code of the area that scores 100"
            )
    harmonise_to = None
    if spec.get("harmonise_to"):
        try:
            harmonise_to = datetime.date.fromisoformat(str(spec["harmonise_to"]))
        except ValueError:
            errors.append(
                f"harmonise_to: {spec['harmonise_to']!r} is not a date YYYY-MM-DD (the day "
                "whose areas the inputs should be expressed on)"
            )
    definition = IndexDefinition(
        code=str(spec.get("code", "")),
        name=str(spec.get("name", "")),
        name_en=str(spec.get("name_en", "")),
        level=level,
        method=str(spec.get("method", "")),
        components=[
            {k: c[k] for k in ("indicator", "weight", "domain") if k in c} for c in components
        ],
        domain_weights=spec.get("domain_weights"),
        shrinkage=bool(spec.get("shrinkage", False)),
        reference_area=reference,
        harmonise_to=harmonise_to,
    )
    if not errors:
        try:
            _engine_spec(definition, indicators)
        except (IndexSpecError, TypeError) as e:
            errors.append(str(e))
    if errors:
        raise IndexSpecRefusedError(errors)
    if dry_run:
        return definition
    with acting_as(actor, current_actor().source), transaction.atomic():
        existing = IndexDefinition.objects.filter(code=definition.code).first()
        if existing is None:
            definition.save()
            return definition
        for field in SPEC_FIELDS:
            setattr(existing, field, getattr(definition, field))
        existing.save()
    return existing


@dataclass(frozen=True)
class _Inputs:
    values: pd.DataFrame
    reference: pd.DataFrame | None
    counts: pd.DataFrame | None
    parents: pd.Series | None
    harmonised: int = 0


def _observed(definition: IndexDefinition, ids: dict[int, Indicator]) -> pd.DataFrame:
    if definition.harmonise_to is not None:
        frame, _problems = harmonised_observations(
            list(ids.values()), definition.level, definition.harmonise_to
        )
        return frame
    rows = Observation.objects.filter(
        indicator__in=ids, area__level=definition.level, value__isnull=False
    ).values_list(
        "area__code", "period", "indicator_id", "value", "numerator", "denominator", "suppression"
    )
    columns = ["area", "period", "indicator_id", "value", "numerator", "denominator"]
    frame = pd.DataFrame.from_records(rows, columns=[*columns, "suppressed"])
    # The engine keeps suppressed values out of every published number (see its docs).
    frame["suppressed"] = frame["suppressed"] != Suppression.PUBLISHED
    frame["harmonised"] = False
    return frame


def _inputs(definition: IndexDefinition, indicators: dict[str, Indicator]) -> _Inputs:
    ids = {i.pk: i for i in indicators.values()}
    frame = _observed(definition, ids)
    frame["indicator"] = frame["indicator_id"].map({pk: i.code for pk, i in ids.items()})
    frame["scale"] = frame["indicator_id"].map({pk: i.scale for pk, i in ids.items()})
    values = frame[["area", "period", "indicator", "value", "suppressed"]]
    reference = None
    if definition.reference_area is not None:
        reference = pd.DataFrame.from_records(
            Observation.objects.filter(
                indicator__in=ids, area=definition.reference_area
            ).values_list("period", "indicator__code", "value", "suppression"),
            columns=["period", "indicator", "value", "suppressed"],
        )
        reference["suppressed"] = reference["suppressed"] != Suppression.PUBLISHED
    counts = parents = None
    if definition.shrinkage:
        counts = frame.dropna(subset=["numerator", "denominator"])[
            ["area", "period", "indicator", "numerator", "denominator", "scale", "suppressed"]
        ]
        parents = pd.Series(
            dict(
                Area.objects.filter(level=definition.level, parent__isnull=False).values_list(
                    "code", "parent__code"
                )
            )
        )
    return _Inputs(values, reference, counts, parents, int(frame["harmonised"].sum()))


def _fingerprint(definition: IndexDefinition, inputs: _Inputs) -> str:
    digest = hashlib.sha256()
    spec = [definition.method, definition.components, definition.domain_weights]
    digest.update(json.dumps(spec, sort_keys=True).encode())
    digest.update(pd.util.hash_pandas_object(inputs.values, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def weight_normalisations(definition: IndexDefinition) -> tuple[Normalisation, ...]:
    """The levels whose weights, as given in the definition, sum to a little off 1 and
    are normalised when the index is computed."""
    codes = [c["indicator"] for c in definition.components]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    if set(codes) - set(indicators):
        return ()  # an indicator was deleted: the definition cannot be computed anyway
    return _engine_spec(definition, indicators).normalised


def _gaps(definition: IndexDefinition, inputs: _Inputs) -> dict[str, dict[str, list[str]]]:
    """Period with data -> what keeps it from being computed: the components without
    values ("values"), and for ratio_to_reference those without a reference value
    ("reference"). Periods that can be computed are absent."""
    codes = [c["indicator"] for c in definition.components]
    present = inputs.values.groupby("period")["indicator"].agg(set)
    referenced = (
        inputs.reference.dropna(subset=["value"]).groupby("period")["indicator"].agg(set)
        if inputs.reference is not None
        else None
    )
    gaps: dict[str, dict[str, list[str]]] = {}
    for period, found in present.items():
        gap: dict[str, list[str]] = {}
        if absent := [c for c in codes if c not in found]:
            gap["values"] = absent
        if referenced is not None:
            known = referenced.get(period, set())
            if absent := [c for c in codes if c not in known]:
                gap["reference"] = absent
        if gap:
            gaps[str(period)] = gap  # periods are text already
    return gaps


def describe_gap(period: str, gap: dict[str, list[str]]) -> str:
    """'2008: no values of crowded_housing', for error messages."""
    reasons = []
    if gap.get("values"):
        reasons.append(f"no values of {', '.join(gap['values'])}")
    if gap.get("reference"):
        reasons.append(f"no reference value of {', '.join(gap['reference'])}")
    return f"{period}: {'; '.join(reasons)}"


def compute(
    definition: IndexDefinition,
    *,
    actor: User | None,
    periods: list[str] | None = None,
    on_progress: Callable[[str], None] | None = None,
) -> IndexRun:
    """Compute the index and store the scores, replacing earlier scores for the periods
    computed.

    Without `periods`, every period in which all components have values (and, for
    ratio_to_reference, reference values) is computed; the other periods with data are
    skipped and recorded on the run (`IndexRun.skipped`). Real series rarely cover the
    same years, so that is not an error unless no period can be computed. Periods asked
    for by name must each have values of every component.

    Raises:
        IndexInputError: a period asked for has no data or lacks a component, or no
            period can be computed; nothing is written.
    """
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    codes = [c["indicator"] for c in definition.components]
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    inputs = _inputs(definition, indicators)
    available = sorted(inputs.values["period"].unique())
    gaps = _gaps(definition, inputs)
    if periods:
        unknown = [p for p in periods if p not in available]
        if unknown:
            raise IndexInputError(
                f"no values for period(s) {', '.join(unknown)}; periods with data: "
                f"{', '.join(available) or 'none'}"
            )
        lacking = [describe_gap(p, gaps[p]) for p in periods if p in gaps]
        if lacking:
            raise IndexInputError(
                "every component needs values in each period computed; " + ", ".join(lacking)
            )
        chosen, skipped = list(periods), {}
    else:
        chosen = [p for p in available if p not in gaps]
        skipped = {p: gaps[p] for p in available if p in gaps}
        if not chosen:
            raise IndexInputError(
                "no period has values of every component, so the index cannot be computed"
                + (
                    ": " + ", ".join(describe_gap(p, g) for p, g in skipped.items())
                    if skipped
                    else ""
                )
            )
    spec = _engine_spec(definition, indicators)
    areas = dict(Area.objects.filter(level=definition.level).values_list("code", "pk"))
    with acting_as(actor, current_actor().source), transaction.atomic():
        run = IndexRun.objects.create(
            definition=definition,
            periods=chosen,
            skipped=skipped,
            input_sha256=_fingerprint(definition, inputs),
            engine_version=ENGINE_VERSION,
            harmonised_to=definition.harmonise_to,
            harmonised_values=inputs.harmonised,
        )
        IndexScore.objects.filter(definition=definition, period__in=chosen).delete()
        for period in chosen:
            result = compute_index(
                inputs.values[inputs.values["period"] == period],
                spec,
                reference=inputs.reference,
                counts=inputs.counts,
                parents=inputs.parents,
            )
            contributions = result.contributions.round(6).to_dict("index")
            withheld = _withheld(result.suppressed)
            IndexScore.objects.bulk_create(
                IndexScore(
                    run=run,
                    definition=definition,
                    area_id=areas[row["area"]],
                    period=row["period"],
                    score=row["score"],
                    rank=row["rank"],
                    decile=row["decile"],
                    contributions=contributions[(row["area"], row["period"])],
                    suppressed_components=withheld.get((row["area"], row["period"]), []),
                    score_step=row["score_step"],
                )
                for row in result.scores.to_dict("records")
            )
            run.scored += len(result.scores)
            run.missing += result.missing[["area", "period"]].drop_duplicates().shape[0]
            if on_progress:
                on_progress(period)
        run.save()
    return run


def _withheld(suppressed: pd.DataFrame) -> dict[tuple[str, str], list[str]]:
    """(area, period) -> the components whose contributions rest on suppressed values."""
    stacked = suppressed.stack()
    assert isinstance(stacked, pd.Series)  # one level of columns stacks into a Series
    marked = stacked[stacked]
    found: dict[tuple[str, str], list[str]] = {}
    for area, period, indicator in marked.index:
        found.setdefault((area, period), []).append(indicator)
    return found


def spec_of(definition: IndexDefinition) -> dict[str, Any]:
    """The JSON spec `define_index` reads, for showing and editing."""
    spec: dict[str, Any] = {
        "code": definition.code,
        "name": definition.name,
        "name_en": definition.name_en,
        "level": definition.level.code,
        "method": definition.method,
        "components": definition.components,
        "shrinkage": definition.shrinkage,
    }
    if definition.domain_weights:
        spec["domain_weights"] = definition.domain_weights
    if definition.reference_area:
        spec["reference"] = definition.reference_area.code
    if definition.harmonise_to:
        spec["harmonise_to"] = definition.harmonise_to.isoformat()
    return spec
