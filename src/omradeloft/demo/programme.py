"""Fills the demo's Groruddalen programme through the same services the pages use: parties,
fields, target areas, goals with indicators and targets, the evaluation plan, bodies with
meetings and decisions, about twenty measures with a few years of progress reports, and a
first published programme description. Content beyond the letter of intent is made up and
the programme is marked as demo content."""

import datetime
import hashlib
import statistics

from shapely.geometry import shape

from omradeloft.accounts.models import Organisation, User
from omradeloft.areas.models import Area
from omradeloft.demo import programme_content as content
from omradeloft.evaluation.defaults import design_defaults
from omradeloft.evaluation.services import create_design
from omradeloft.indicators.models import Indicator, Observation
from omradeloft.measures.models import Measure, Status, StatusChange, TrafficLight
from omradeloft.measures.services.measures import change_status, create_measure, set_published
from omradeloft.measures.services.reports import file_report
from omradeloft.measures.services.results import add_activity, add_outcome, add_output
from omradeloft.programmes.models import Field, Goal, GoalLevel, Programme, TargetArea
from omradeloft.programmes.services.description import publish_version
from omradeloft.programmes.services.evaluation_plan import save_milestone, save_question
from omradeloft.programmes.services.fields import save_field, save_theme
from omradeloft.programmes.services.goals import save_goal, save_goal_indicator, save_target
from omradeloft.programmes.services.organisation import (
    add_decision,
    add_membership,
    create_body,
    create_meeting,
    set_attendance,
)
from omradeloft.programmes.services.parties import save_party
from omradeloft.programmes.services.target_areas import add_from_classification, add_target_area
from omradeloft.targeting.models import ClassificationRun

LAST_REPORTED_YEAR = 2025
START = datetime.date(2017, 1, 1)


def load_programme_content(programme: Programme, organisations: dict[str, Organisation]) -> None:
    """Fill `programme` once; a programme that already has fields is left as it is."""
    if programme.fields.exists():
        return
    for name, role, side, responsibility, responsibility_en in content.PARTIES:
        save_party(
            None,
            programme,
            {
                "organisation": organisations[name],
                "role": role,
                "side": side,
                "responsibility": responsibility,
                "responsibility_en": responsibility_en,
            },
        )
    fields = _fields(programme)
    _target_areas(programme)
    field_goals = _goals(programme, fields)
    _evaluation_plan(programme, organisations)
    measures = _measures(programme, organisations, fields, field_goals)
    _bodies(programme, organisations, measures)
    publish_version(None, programme, note="Første versjon av programbeskrivelsen (demo).")
    _evaluation_design(programme)


def _evaluation_design(programme: Programme) -> None:
    """A design over the goal indicators, ready to run from its page (not run here: runs are
    background work, and the demo loader does not wait for it)."""
    defaults = design_defaults(programme)
    if not defaults["outcomes"] or not defaults["treated"]:
        return  # the demo without statistics has no goal indicators to evaluate
    create_design(
        None,
        programme,
        defaults
        | {
            "code": "levekar-did",
            "name": "Effekt på levekårsindikatorene (demo)",
            "name_en": "Effect on the living-conditions indicators (demo)",
            "exclude_neighbours": True,
        },
    )


def _fields(programme: Programme) -> dict[str, Field]:
    fields = {}
    for order, spec in enumerate(content.FIELDS, start=1):
        fields[spec.code] = save_field(
            None,
            programme,
            {
                "code": spec.code,
                "name": spec.name,
                "name_en": spec.name_en,
                "strategy": spec.strategy,
                "strategy_en": spec.strategy_en,
                "order": order,
            },
        )
    name, name_en, description, description_en, tied = content.THEME
    save_theme(
        None,
        programme,
        {
            "name": name,
            "name_en": name_en,
            "description": description,
            "description_en": description_en,
            "fields": [fields[code] for code in tied],
        },
    )
    return fields


def _target_areas(programme: Programme) -> None:
    """The subdistricts of Groruddalen the demo rule selects at the baseline, then those
    added by hand: the hand-picked ones, and those where demo measures work."""
    run = (
        ClassificationRun.objects.filter(
            rule__code=content.CLASSIFICATION_RULE, period=content.CLASSIFICATION_PERIOD
        )
        .order_by("-rule_version")
        .first()
    )
    if run is not None:
        selected = Area.objects.filter(
            pk__in=run.areas.values("area_id"), parent__code__in=content.GRORUDDALEN_DISTRICTS
        )
        if selected:
            add_from_classification(
                None,
                programme,
                run,
                selected,
                reason=(
                    "Blant den mest utsatte tidelen av delbydelene i levekårsindeksen "
                    "(syntetiske data) i 2016."
                ),
                chosen_on=START,
            )
    by_hand = dict(content.HAND_PICKED_AREAS)
    for spec in content.MEASURES:
        for code in spec.areas:
            by_hand.setdefault(
                code, "Tiltak fra den tidligere Groruddalssatsingen videreføres her (demo)."
            )
    targeted = set(programme.target_areas.values_list("area__code", flat=True))
    for area in Area.objects.filter(code__in=by_hand).exclude(code__in=targeted):
        add_target_area(None, programme, area=area, reason=by_hand[area.code], chosen_on=START)


def _goals(programme: Programme, fields: dict[str, Field]) -> dict[str, Goal]:
    goal, goal_en = content.GOAL
    top = save_goal(
        None, programme, {"level": GoalLevel.PROGRAMME, "title": goal, "title_en": goal_en}
    )
    _measure_with(top, content.PROGRAMME_GOAL_INDICATOR)
    field_goals = {}
    for order, spec in enumerate(content.FIELDS, start=1):
        field_goals[spec.code] = save_goal(
            None,
            programme,
            {
                "parent": top,
                "level": GoalLevel.FIELD,
                "field": fields[spec.code],
                "title": spec.goal,
                "title_en": spec.goal_en,
                "order": order,
            },
        )
        _measure_with(field_goals[spec.code], spec.indicator)
    return field_goals


def _measure_with(goal: Goal, indicator_code: str) -> None:
    """Give `goal` an indicator over the target areas, with demo targets below the areas'
    published baseline average; skipped when the demo runs without statistics."""
    indicator = Indicator.objects.filter(code=indicator_code).first()
    if indicator is None:
        return
    published = (
        Observation.objects.public()
        .filter(
            indicator=indicator,
            period=content.BASELINE_PERIOD,
            area__in=TargetArea.objects.filter(programme=goal.programme).values("area"),
        )
        .values_list("value", flat=True)
    )
    # An observation may hold a count without a value; only values make a baseline.
    baseline = [value for value in published if value is not None]
    if not baseline:
        return
    goal_indicator = save_goal_indicator(
        None, goal, {"indicator": indicator, "baseline_period": content.BASELINE_PERIOD}
    )
    average = statistics.fmean(baseline)
    for period, reduction in content.TARGET_REDUCTIONS.items():
        value = round(average * (1 - reduction), indicator.decimals)
        save_target(None, goal_indicator, {"period": period, "value": value})


def _evaluation_plan(programme: Programme, organisations: dict[str, Organisation]) -> None:
    for kind, title, title_en, due, responsible, questions in content.MILESTONES:
        milestone = save_milestone(
            None,
            programme,
            {
                "kind": kind,
                "title": title,
                "title_en": title_en,
                "due": datetime.date.fromisoformat(due),
                "responsible": organisations[responsible],
                "description": "",
            },
        )
        for order, (question, answered_by) in enumerate(questions, start=1):
            save_question(
                None,
                milestone,
                {"question": question, "answered_by": answered_by, "order": order},
            )


def _share(key: str, low: float, high: float) -> float:
    """A made-up but repeatable number in [low, high) for `key`."""
    digest = hashlib.sha256(key.encode()).digest()
    return low + (high - low) * int.from_bytes(digest[:4], "big") / 2**32


def _measures(
    programme: Programme,
    organisations: dict[str, Organisation],
    fields: dict[str, Field],
    field_goals: dict[str, Goal],
) -> dict[str, Measure]:
    lead = User.objects.filter(username="prosjektleder").first()
    areas = {
        a.code: a
        for a in Area.objects.filter(code__in={c for m in content.MEASURES for c in m.areas})
    }
    measures = {}
    for spec in content.MEASURES:
        first_area = areas[spec.areas[0]]
        point = shape(first_area.boundary).representative_point() if spec.located else None
        end_year = (
            spec.start_year + 3 if spec.status_path[-1:] in (("completed",), ("stopped",)) else None
        )
        measure = create_measure(
            None,
            programme,
            {
                "code": spec.code,
                "title": spec.title,
                "title_en": spec.title_en,
                "kind": spec.kind,
                "owner": organisations[spec.owner],
                "lead": lead if spec.led_by_demo_project_lead else None,
                "start": datetime.date(spec.start_year, 3, 1),
                "end": datetime.date(end_year, 12, 31) if end_year else None,
                "description": spec.description,
                "latitude": round(point.y, 5) if point else None,
                "longitude": round(point.x, 5) if point else None,
                "fields": [fields[code] for code in spec.fields],
                "areas": [areas[code] for code in spec.areas],
                "partners": [organisations[name] for name in spec.partners],
            },
        )
        # Registered the autumn before it started, not on the day the demo was loaded.
        StatusChange.objects.filter(measure=measure).update(
            date=datetime.date(spec.start_year - 1, 10, 1)
        )
        _status_history(measure, spec)
        _results_chain(measure, spec, field_goals)
        _reports(measure, spec, end_year)
        if spec.published:
            set_published(None, measure, True)
        measures[spec.code] = measure
    return measures


def _status_history(measure: Measure, spec: content.MeasureSpec) -> None:
    dates = {
        Status.APPROVED: datetime.date(spec.start_year, 1, 15),
        Status.ACTIVE: datetime.date(spec.start_year, 3, 1),
        Status.COMPLETED: datetime.date(spec.start_year + 3, 12, 31),
        Status.STOPPED: datetime.date(spec.start_year + 2, 6, 30),
    }
    reasons = {
        Status.APPROVED: "Godkjent av styringsgruppen (demo).",
        Status.ACTIVE: "Prosjektleder ansatt og arbeidet i gang (demo).",
        Status.COMPLETED: "Gjennomført som planlagt; videreføres i ordinær drift (demo).",
        Status.STOPPED: "Stanset: partneren kunne ikke stille med nok folk (demo).",
    }
    for status in spec.status_path:
        change_status(None, measure, status, dates[Status(status)], reasons[Status(status)])


def _results_chain(measure: Measure, spec: content.MeasureSpec, goals: dict[str, Goal]) -> None:
    for text in spec.activities:
        add_activity(None, measure, text)
    for name, unit, target in spec.outputs:
        add_output(None, measure, name, unit, target)
    if spec.outcome:
        add_outcome(None, measure, spec.outcome, goal=goals[spec.fields[0]])


def _reports(measure: Measure, spec: content.MeasureSpec, end_year: int | None) -> None:
    """One report a year while the measure ran: mostly on track, with made-up numbers."""
    if Status.ACTIVE not in spec.status_path:
        return
    last = min(end_year or LAST_REPORTED_YEAR, LAST_REPORTED_YEAR)
    stopped = spec.status_path[-1] == Status.STOPPED
    years = range(spec.start_year, last + 1)
    outputs = list(measure.outputs.all())
    for year in years:
        key = f"{spec.code}-{year}"
        if stopped and year == last:
            light = TrafficLight.RED
        else:
            draw = _share(key, 0, 1)
            light = TrafficLight.GREEN if draw < 0.7 else TrafficLight.AMBER
        values = {
            output: round(
                (output.target or 0) / len(years) * _share(f"{key}-{output.pk}", 0.6, 1.2)
            )
            for output in outputs
        }
        delivered = ", ".join(
            f"{o.name.lower()}: {v:g} {o.unit}".strip() for o, v in values.items()
        )
        file_report(
            None,
            measure,
            str(year),
            light,
            f"Arbeidet gikk etter planen i {year}. Levert i året: {delivered} (demo)."
            if light == TrafficLight.GREEN
            else f"Noe forsinket i {year}. Levert i året: {delivered} (demo).",
            risks="Usikker finansiering fra neste år (demo)."
            if light != TrafficLight.GREEN
            else "",
            next_steps="Videreføre aktivitetene og rapportere igjen neste år (demo).",
            output_values=values,
        )


def _bodies(
    programme: Programme, organisations: dict[str, Organisation], measures: dict[str, Measure]
) -> None:
    areas = {
        a.code: a for a in Area.objects.filter(code__in={b[3] for b in content.BODIES if b[3]})
    }
    bodies = {}
    for kind, name, name_en, area_code, members in content.BODIES:
        body = create_body(
            None, programme, kind=kind, name=name, name_en=name_en, area=areas.get(area_code)
        )
        for person, organisation, role in members:
            add_membership(
                None,
                body,
                person=person,
                role=role,
                organisation=organisations[organisation],
                valid_from=START,
            )
        bodies[kind] = body
    _steering_group_meetings(bodies["steering_group"], measures)


def _steering_group_meetings(body, measures: dict[str, Measure]) -> None:
    """A meeting each January that approves the measures starting that year."""
    members = list(body.memberships.all())
    starting: dict[int, list[Measure]] = {}
    for spec in content.MEASURES:
        if spec.status_path:
            starting.setdefault(spec.start_year, []).append(measures[spec.code])
    for number, year in enumerate(sorted(starting), start=1):
        meeting = create_meeting(
            None,
            body,
            date=datetime.date(year, 1, 15),
            place="Oslo rådhus",
            agenda="Status for satsingen\nNye tiltak\nEventuelt",
            minutes=(
                "Sekretariatet orienterte om status. Styringsgruppen behandlet "
                f"{len(starting[year])} nye tiltak (demo)."
            ),
        )
        set_attendance(None, meeting, members[: max(3, len(members) - number % 2)])
        add_decision(
            None,
            meeting,
            number=f"{year}/1",
            text="Styringsgruppen godkjenner tiltakene som starter i år (demo).",
            measures=starting[year],
        )
