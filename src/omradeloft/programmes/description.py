"""The programme description assembled from the programme's data, as plain data.

A document is a list of sections, each `{"key", "title", "blocks"}`; a block is one of

    {"type": "heading", "text", "level"}      level 1-3, below the section title
    {"type": "paragraph", "text"}
    {"type": "list", "items"}
    {"type": "table", "caption", "header", "rows"}

Every value is a plain string, so a document can be stored as JSON (a published version),
compared with another (description_diff) and rendered as HTML or DOCX. It is built in one
language at a time: labels through gettext and data fields through `localized`.
"""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from omradeloft.core.i18n import localized
from omradeloft.programmes import contributions
from omradeloft.programmes.contributions import Block
from omradeloft.programmes.models import (
    Body,
    EvaluationMilestone,
    Goal,
    GoalIndicator,
    GoalLevel,
    Membership,
    Party,
    PartySide,
    Programme,
)

Section = dict[str, Any]


def assemble(programme: Programme, language: str) -> list[Section]:
    """The description of `programme` as it reads today, in `language`."""
    with translation.override(language):
        goals = _goals(programme)
        sections = [
            _section("purpose", _("Purpose and goal"), _purpose_blocks(programme, goals)),
            _section("fields", _("Fields and strategies"), _field_blocks(programme)),
            _section("target_areas", _("Target areas"), _target_area_blocks(programme)),
            _section("goals", _("Goals and indicators"), _goal_blocks(goals)),
            _section("organisation", _("Organisation and roles"), _organisation_blocks(programme)),
            _section("economy", _("Economic frames"), _economy_blocks()),
            _section("evaluation", _("Evaluation plan"), _evaluation_blocks(programme)),
        ]
        for contributed in contributions.registry.description_sections:
            keys = [section["key"] for section in sections]
            at = keys.index(contributed.after) + 1 if contributed.after in keys else len(keys)
            section = _section(contributed.key, contributed.title(), contributed.blocks(programme))
            sections.insert(at, section)
        return sections


def heading(text: str, level: int = 1) -> Block:
    return {"type": "heading", "text": text, "level": level}


def paragraph(text: str) -> Block:
    return {"type": "paragraph", "text": text}


def bullet_list(items: Iterable[str]) -> Block:
    return {"type": "list", "items": list(items)}


def table(caption: str, header: list[str], rows: Iterable[Iterable[str]]) -> Block:
    return {
        "type": "table",
        "caption": caption,
        "header": header,
        "rows": [[str(cell) for cell in row] for row in rows],
    }


def _section(key: str, title: str, blocks: list[Block]) -> Section:
    return {"key": key, "title": title, "blocks": blocks}


def _paragraphs(text: str) -> list[Block]:
    """A text field as paragraphs: blank lines separate them."""
    return [paragraph(part.strip()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _names(objects: Iterable[Any], field: str = "name") -> str:
    return ", ".join(localized(obj, field) for obj in objects)


def _valid_on(day: datetime.date) -> tuple[Q, Q]:
    """Filters for records (parties, memberships) that hold on `day`."""
    return (
        Q(valid_from__isnull=True) | Q(valid_from__lte=day),
        Q(valid_to__isnull=True) | Q(valid_to__gte=day),
    )


# 1. Purpose and goal


def _purpose_blocks(programme: Programme, goals: list[Goal]) -> list[Block]:
    blocks = [
        bullet_list(
            [
                _("Programme: %(name)s") % {"name": localized(programme, "name")},
                _("Period: %(start)s–%(end)s")
                % {"start": programme.start_year, "end": programme.end_year},
            ]
        ),
        heading(_("Purpose")),
        *(
            _paragraphs(localized(programme, "purpose"))
            or [paragraph(_("The purpose has not been written yet."))]
        ),
        heading(_("Programme goal")),
    ]
    programme_goals = [goal for goal in goals if goal.level == GoalLevel.PROGRAMME]
    if not programme_goals:
        return [*blocks, paragraph(_("No programme goal has been set yet."))]
    for goal in programme_goals:
        blocks.append(paragraph(localized(goal, "title")))
        blocks += _paragraphs(localized(goal, "description"))
    return blocks


# 2. Fields and strategies


def _field_blocks(programme: Programme) -> list[Block]:
    fields = list(programme.fields.all())
    if not fields:
        return [paragraph(_("No fields have been defined yet."))]
    blocks: list[Block] = []
    for field in fields:
        blocks.append(heading(localized(field, "name")))
        blocks += _paragraphs(localized(field, "strategy")) or [
            paragraph(_("No strategy has been written for this field yet."))
        ]
    blocks.append(heading(_("Cross-cutting themes")))
    themes = programme.themes.prefetch_related("fields")
    if not themes:
        return [*blocks, paragraph(_("The programme has no cross-cutting themes."))]
    rows = [
        [localized(theme, "name"), localized(theme, "description"), _names(theme.fields.all())]
        for theme in themes
    ]
    caption = _("Cross-cutting themes and the fields they tie to")
    return [*blocks, table(caption, [_("Theme"), _("Description"), _("Fields")], rows)]


# 3. Target areas


def _target_area_blocks(programme: Programme) -> list[Block]:
    chosen = programme.target_areas.select_related("area__level")
    if not chosen:
        return [paragraph(_("No target areas have been chosen yet."))]
    rows = [
        [
            localized(target.area, "name"),
            localized(target.area.level, "name"),
            target.reason,
            target.chosen_on.isoformat(),
        ]
        for target in chosen
    ]
    header = [_("Area"), _("Level"), _("Reason"), _("Chosen on")]
    return [table(_("Target areas"), header, rows)]


# 4. Goals and indicators


def _goals(programme: Programme) -> list[Goal]:
    indicators = GoalIndicator.objects.select_related("indicator").prefetch_related(
        "targets", "areas"
    )
    return list(
        programme.goals.select_related("field").prefetch_related(
            Prefetch("indicators", queryset=indicators)
        )
    )


def _goal_blocks(goals: list[Goal]) -> list[Block]:
    if not goals:
        return [paragraph(_("No goals have been set yet."))]
    ids = {goal.pk for goal in goals}
    children: dict[int | None, list[Goal]] = {}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)
    blocks: list[Block] = []
    pending = [(goal, 1) for goal in reversed(children.get(None, []))]
    while pending:
        goal, depth = pending.pop()
        blocks += _one_goal(goal, depth)
        pending += [(child, depth + 1) for child in reversed(children.get(goal.pk, []))]
    return blocks


def _one_goal(goal: Goal, depth: int) -> list[Block]:
    title = _("%(level)s: %(title)s") % {
        "level": goal.get_level_display(),
        "title": localized(goal, "title"),
    }
    blocks = [heading(title, min(depth, 3))]
    if goal.field:
        blocks.append(paragraph(_("Field: %(field)s") % {"field": localized(goal.field, "name")}))
    blocks += _paragraphs(localized(goal, "description"))
    measured_by = list(goal.indicators.all())
    if not measured_by:
        return [*blocks, paragraph(_("No indicators measure this goal yet."))]
    header = [_("Indicator"), _("Unit"), _("Baseline"), _("Targets"), _("Areas")]
    rows = [_indicator_row(goal_indicator) for goal_indicator in measured_by]
    caption = _("Indicators for %(goal)s") % {"goal": localized(goal, "title")}
    return [*blocks, table(caption, header, rows)]


def _indicator_row(goal_indicator: GoalIndicator) -> list[str]:
    indicator = goal_indicator.indicator

    def value(number: float) -> str:
        return number_format(number, decimal_pos=indicator.decimals)

    if goal_indicator.baseline_value is None:
        baseline_value = _("from the statistics")
    else:
        baseline_value = value(goal_indicator.baseline_value)
    targets = "; ".join(
        f"{target.period}: {value(target.value)}" for target in goal_indicator.targets.all()
    )
    return [
        localized(indicator, "name"),
        indicator.unit_text,
        f"{goal_indicator.baseline_period}: {baseline_value}",
        targets or _("none set"),
        _names(goal_indicator.areas.all()) or _("the programme's target areas"),
    ]


# 5. Organisation and roles


def _organisation_blocks(programme: Programme) -> list[Block]:
    today = timezone.localdate()
    parties = list(
        Party.objects.filter(*_valid_on(today), programme=programme).select_related("organisation")
    )
    blocks: list[Block] = [heading(_("Parties"))]
    if not parties:
        blocks.append(paragraph(_("No parties have been registered yet.")))
    for side in PartySide:
        on_side = [party for party in parties if party.side == side]
        if not on_side:
            continue
        rows = [
            [
                localized(party.organisation, "name"),
                party.get_role_display(),
                localized(party, "responsibility"),
            ]
            for party in on_side
        ]
        caption = _("Parties: %(side)s") % {"side": side.label}
        blocks += [
            heading(str(side.label), 2),
            table(caption, [_("Organisation"), _("Role"), _("Responsibility")], rows),
        ]
    return [*blocks, heading(_("Bodies")), *_body_blocks(programme, today)]


def _body_blocks(programme: Programme, today: datetime.date) -> list[Block]:
    members = Membership.objects.filter(*_valid_on(today)).select_related("organisation")
    bodies = Body.objects.filter(programme=programme).prefetch_related(
        Prefetch("memberships", queryset=members)
    )
    if not bodies:
        return [paragraph(_("No bodies have been set up yet."))]
    blocks: list[Block] = []
    for body in bodies:
        name = localized(body, "name")
        blocks.append(heading(f"{name} ({body.get_kind_display()})", 2))
        blocks += _paragraphs(body.mandate) or [paragraph(_("No mandate has been recorded."))]
        rows = [
            [
                member.person,
                localized(member.organisation, "name") if member.organisation else "",
                member.get_role_display(),
            ]
            for member in body.memberships.all()
        ]
        if rows:
            header = [_("Person"), _("Organisation"), _("Role")]
            blocks.append(table(_("Members of %(body)s") % {"body": name}, header, rows))
        else:
            blocks.append(paragraph(_("No members have been recorded.")))
    return blocks


# 6. Economic frames


def _economy_blocks() -> list[Block]:
    return [
        paragraph(
            _(
                "The yearly economic frames come from the state and the municipality through "
                "their ordinary budget processes and are subject to appropriation. The figures "
                "are added to this description when the finance part of the platform is in place."
            )
        )
    ]


# 7. Evaluation plan


def _evaluation_blocks(programme: Programme) -> list[Block]:
    milestones = list(
        EvaluationMilestone.objects.filter(programme=programme)
        .select_related("responsible")
        .prefetch_related("questions")
    )
    if not milestones:
        return [paragraph(_("No evaluation milestones have been planned yet."))]
    overview = [
        [
            localized(milestone, "title"),
            milestone.get_kind_display(),
            milestone.due.isoformat(),
            localized(milestone.responsible, "name") if milestone.responsible else _("not decided"),
        ]
        for milestone in milestones
    ]
    header = [_("Milestone"), _("Kind"), _("Due"), _("Responsible")]
    blocks = [table(_("Evaluation milestones"), header, overview)]
    for milestone in milestones:
        title = localized(milestone, "title")
        blocks.append(heading(title))
        blocks += _paragraphs(milestone.description)
        rows = [
            [localized(question, "question"), question.answered_by]
            for question in milestone.questions.all()
        ]
        if rows:
            caption = _("Questions for %(milestone)s") % {"milestone": title}
            blocks.append(table(caption, [_("Question"), _("Answered by")], rows))
        else:
            blocks.append(paragraph(_("No questions have been recorded for it yet.")))
    return blocks
