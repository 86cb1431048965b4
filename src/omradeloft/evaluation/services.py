"""The write path for evaluation designs and their runs.

`actor` None means the system (the demo loader, an operator's shell): no permission is checked.
"""

import datetime
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.models import AuditSource
from omradeloft.evaluation.access import may_use_unsuppressed
from omradeloft.evaluation.defaults import comparison_areas
from omradeloft.evaluation.failures import worded
from omradeloft.evaluation.models import (
    DataLevel,
    EvaluationDesign,
    EvaluationRun,
    FailureReason,
    Method,
    RunStatus,
)
from omradeloft.evaluation.spec import SpecError, parse_spec
from omradeloft.indicators.models import Indicator
from omradeloft.programmes.models import Programme

SCALAR_FIELDS = (
    "code",
    "name",
    "name_en",
    "exclude_neighbours",
    "treatment_period",
    "harmonise_to",
)
RELATED_FIELDS = ("outcomes", "treated", "comparison_pool")
# Codes that would clash with the addresses of the evaluation pages.
RESERVED_CODES = frozenset({"new", "midterm"})
MAX_LENGTHS = {"code": 50, "name": 200, "name_en": 200, "treatment_period": 20}


@contextmanager
def _managing(actor: User | None, programme: Programme) -> Iterator[None]:
    """The block as one transaction in `actor`'s name, if `actor` may manage evaluations."""
    if actor is not None:
        require(actor, Action.MANAGE_EVALUATIONS, programme=programme)
    with acting_as(actor, current_actor().source), transaction.atomic():
        yield


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _check_text(data: Mapping[str, Any], errors: dict[str, str]) -> None:
    code = (data.get("code") or "").strip()
    try:
        validate_slug(code)
    except ValidationError:
        errors["code"] = _(
            "The code %(code)r may hold only letters, digits, hyphens and underscores."
        ) % {"code": code}
    if code in RESERVED_CODES:
        errors["code"] = _("The code %(code)r is reserved; choose another.") % {"code": code}
    if not (data.get("name") or "").strip():
        errors["name"] = _("Give the design a name.")
    if not (data.get("treatment_period") or "").strip():
        errors["treatment_period"] = _("Give the first period under the programme, e.g. 2017.")
    for name, limit in MAX_LENGTHS.items():
        if len((data.get(name) or "").strip()) > limit:
            errors[name] = _("At most %(limit)d characters.") % {"limit": limit}


def _check_areas(data: Mapping[str, Any], errors: dict[str, str]) -> None:
    treated: list[Area] = list(data.get("treated") or [])
    pool: list[Area] = list(data.get("comparison_pool") or [])
    if not treated:
        errors["treated"] = _("Name at least one treated area.")
        return
    levels = {area.level_id for area in treated}
    if len(levels) > 1:
        errors["treated"] = _("The treated areas must all be on one level; found %(levels)s.") % {
            "levels": ", ".join(sorted({area.level.code for area in treated}))
        }
        return
    both = sorted(area.code for area in set(treated) & set(pool))
    if both:
        errors["comparison_pool"] = _(
            "%(areas)s cannot be both treated and in the comparison pool."
        ) % {"areas": ", ".join(both)}
    elsewhere = sorted(area.code for area in pool if area.level_id not in levels)
    if elsewhere:
        errors["comparison_pool"] = _(
            "%(areas)s are not on the treated areas' level (%(level)s)."
        ) % {"areas": ", ".join(elsewhere), "level": treated[0].level.code}


def _check_methods(methods: Any, errors: dict[str, str]) -> None:
    if not isinstance(methods, list | tuple) or not methods:
        errors["methods"] = _("Choose at least one method.")
        return
    unknown = [str(m) for m in methods if m not in Method.values]
    if unknown:
        errors["methods"] = _("Unknown method(s) %(found)s; expected some of %(expected)s.") % {
            "found": ", ".join(unknown),
            "expected": ", ".join(Method.values),
        }


def predictor_problems(predictors: Any) -> list[str]:
    """What is wrong with a design's predictors, by the evaluation spec's rules and the
    indicator catalogue; empty when they are fine."""
    shell = {"method": "synthetic_control", "outcome": "-", "treated": ["-"]}
    try:
        spec = parse_spec(shell | {"treatment_period": "-", "predictors": predictors})
    except SpecError as error:
        return worded(error)
    codes = {predictor.indicator for predictor in spec.predictors}
    unknown = sorted(
        codes - set(Indicator.objects.filter(code__in=codes).values_list("code", flat=True))
    )
    if unknown:
        return [_("unknown indicator(s): %(codes)s") % {"codes": ", ".join(unknown)}]
    return []


def _check_harmonise_to(data: Mapping[str, Any], errors: dict[str, str]) -> None:
    date = data.get("harmonise_to")
    if date is None:
        return
    if not isinstance(date, datetime.date) or isinstance(date, datetime.datetime):
        errors["harmonise_to"] = _("Give the date as YYYY-MM-DD.")
        return
    gone = [
        area.code
        for area in data.get("treated") or []
        if (area.valid_from and area.valid_from > date) or (area.valid_to and area.valid_to < date)
    ]
    if gone and "treated" not in errors:
        errors["harmonise_to"] = _(
            "The series can only be harmonised to a date on which the treated areas are in "
            "use; not in use on %(date)s: %(codes)s."
        ) % {"date": date.isoformat(), "codes": ", ".join(gone)}


def _validate(
    programme: Programme, data: Mapping[str, Any], design: EvaluationDesign | None
) -> None:
    errors: dict[str, str] = {}
    _check_text(data, errors)
    if not list(data.get("outcomes") or []):
        errors["outcomes"] = _("Choose at least one outcome indicator.")
    _check_areas(data, errors)
    _check_methods(data.get("methods"), errors)
    problems = predictor_problems(data.get("predictors") or [])
    if problems:
        errors["predictors"] = "; ".join(problems)
    _check_harmonise_to(data, errors)
    code = (data.get("code") or "").strip()
    taken = EvaluationDesign.objects.filter(programme=programme, code=code)
    if design is not None:
        taken = taken.exclude(pk=design.pk)
    if "code" not in errors and taken.exists():
        errors["code"] = _("The programme already has a design with the code %(code)s.") % {
            "code": code
        }
    if errors:
        raise ValidationError(errors)


def _save(design: EvaluationDesign, data: Mapping[str, Any]) -> EvaluationDesign:
    for name in SCALAR_FIELDS:
        value = data.get(name)
        setattr(design, name, value.strip() if isinstance(value, str) else value)
    design.name_en = design.name_en or ""
    design.exclude_neighbours = bool(design.exclude_neighbours)
    design.methods = [m for m in Method.values if m in data["methods"]]
    design.predictors = list(data.get("predictors") or [])
    design.save()
    for name in RELATED_FIELDS:
        getattr(design, name).set(list(data.get(name) or []))
    return design


def create_design(
    actor: User | None, programme: Programme, data: Mapping[str, Any]
) -> EvaluationDesign:
    """A new design from `data`: code, name, name_en, outcomes (indicators), treated and
    comparison_pool (areas), exclude_neighbours, treatment_period, methods, predictors,
    harmonise_to (a date or None)."""
    with _managing(actor, programme):
        _validate(programme, data, None)
        return _save(EvaluationDesign(programme=programme), data)


def update_design(actor: User | None, design: EvaluationDesign, data: Mapping[str, Any]) -> None:
    """Replace `design`'s inputs with `data` (the fields of `create_design`)."""
    with _managing(actor, design.programme):
        _validate(design.programme, data, design)
        _save(design, data)


def build_spec(design: EvaluationDesign, method: str, outcome: Indicator) -> dict[str, Any]:
    """The evaluation spec (as `omradeloft evaluate` reads it) for one method and outcome."""
    treated = sorted(design.treated.select_related("level"), key=lambda area: area.code)
    spec: dict[str, Any] = {
        "method": method,
        "outcome": outcome.code,
        "treated": [area.code for area in treated],
        "treatment_period": design.treatment_period,
        "level": treated[0].level.code if treated else None,
    }
    donors = comparison_areas(design, outcome)
    if donors is not None:
        if not donors:
            raise ValidationError(
                _("No comparison areas are left for %(outcome)s: widen the comparison pool.")
                % {"outcome": outcome.code}
            )
        spec["donors"] = [area.code for area in donors]
    if method == Method.SYNTHETIC_CONTROL and design.predictors:
        spec["predictors"] = design.predictors
    if design.harmonise_to:
        spec["harmonise_to"] = design.harmonise_to.isoformat()
    try:
        parse_spec(spec)
    except SpecError as error:
        raise ValidationError(worded(error)) from None
    return spec


def _enqueue(runs: list[EvaluationRun]) -> None:
    # Imported here: the task module is loaded (and its backend checked) only when needed.
    from omradeloft.evaluation.tasks import compute_run

    for run in runs:
        compute_run.enqueue(run.pk)


def _data_level(actor: User | None, level: Any) -> DataLevel:
    """`level` as a DataLevel, if `actor` may read data at that level (None: the system may)."""
    if level not in DataLevel.values:
        raise ValidationError(
            _("Unknown data level %(found)r; expected one of %(expected)s.")
            % {"found": level, "expected": ", ".join(DataLevel.values)}
        )
    if level == DataLevel.UNSUPPRESSED and actor is not None and not may_use_unsuppressed(actor):
        raise PermissionDenied(
            _("Only those who may see unsuppressed statistics may run on unsuppressed data.")
        )
    return DataLevel(level)


def start_runs(
    actor: User | None, design: EvaluationDesign, data_level: str = DataLevel.PUBLISHED
) -> list[EvaluationRun]:
    """One queued run per method and outcome of `design`, each computed in the background
    from the data at `data_level`: the published data unless `actor` may see unsuppressed
    statistics and asks for them."""
    with _managing(actor, design.programme):
        level = _data_level(actor, data_level)
        outcomes = list(design.outcomes.order_by("code"))
        if not outcomes or not design.treated.exists():
            raise ValidationError(_("The design needs outcomes and treated areas to run."))
        runs = [
            EvaluationRun.objects.create(
                design=design,
                method=method,
                outcome=outcome,
                spec=build_spec(design, method, outcome),
                data_level=level,
                status=RunStatus.QUEUED,
                requested_by=_user(actor),
            )
            for method in design.methods
            for outcome in outcomes
        ]
    _enqueue(runs)
    return runs


def rerun(actor: User | None, run: EvaluationRun) -> EvaluationRun:
    """A new run of `run`'s spec at its data level, as it was: the same inputs give the same
    inputs hash."""
    with _managing(actor, run.design.programme):
        again = EvaluationRun.objects.create(
            design=run.design,
            method=run.method,
            outcome=run.outcome,
            spec=run.spec,
            data_level=_data_level(actor, run.data_level),
            status=RunStatus.QUEUED,
            requested_by=_user(actor),
        )
    _enqueue([again])
    return again


def _silent_since(cutoff: datetime.datetime) -> Q:
    """Running runs whose last heartbeat (or start, for runs from before heartbeats) is
    older than `cutoff`."""
    return Q(status=RunStatus.RUNNING) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, started_at__lt=cutoff)
    )


def fail_stale_runs() -> list[EvaluationRun]:
    """Mark the runs whose computation stopped without finishing (silent for longer than
    EVALUATION_HEARTBEAT_TIMEOUT seconds, as when their server was stopped) as failed,
    interrupted, so that they can be run again; the system makes the change. Returns them."""
    now = timezone.now()
    silent = _silent_since(now - datetime.timedelta(seconds=settings.EVALUATION_HEARTBEAT_TIMEOUT))
    ended = []
    with acting_as(None, AuditSource.SYSTEM):
        for run in EvaluationRun.objects.filter(silent).order_by("pk"):
            with transaction.atomic():
                # A heartbeat may have come since the query: end only a run still silent.
                if not EvaluationRun.objects.filter(silent, pk=run.pk).exists():
                    continue
                run.status = RunStatus.FAILED
                run.failure_reason = FailureReason.INTERRUPTED
                run.finished_at = now
                run.save()
            ended.append(run)
    return ended
