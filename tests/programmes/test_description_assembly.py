"""The programme description is assembled from the programme's data, section by section."""

import datetime
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import translation

from omradeloft.accounts.models import OrganisationKind
from omradeloft.measures.models import Status
from omradeloft.programmes.description import assemble
from omradeloft.programmes.models import (
    BodyKind,
    CrossCuttingTheme,
    EvaluationMilestone,
    EvaluationQuestion,
    GoalLevel,
    Membership,
    MembershipRole,
    Party,
    PartyRole,
    PartySide,
    TargetArea,
)
from omradeloft.programmes.models.evaluation_plan import MilestoneKind
from tests.factories import make_organisation, make_programme
from tests.indicators.factories import make_indicator
from tests.programmes.factories import (
    make_body,
    make_field,
    make_goal,
    make_goal_indicator,
    make_measure,
)

SECTION_KEYS = [
    "purpose",
    "fields",
    "target_areas",
    "goals",
    "organisation",
    "economy",
    "evaluation",
    "measures",
]


def describe_programme(personas) -> SimpleNamespace:
    """Fill the personas' programme with one of everything the description is made of."""
    programme = personas.programme
    programme.purpose = "Bedre levekår i utsatte områder."
    programme.purpose_en = "Better living conditions in deprived areas."
    programme.save()
    school = make_field(
        programme,
        order=1,
        name="Barnehage og skole",
        name_en="Kindergarten and school",
        strategy="Styrke språket i barnehagen.",
        strategy_en="Strengthen language in kindergarten.",
    )
    jobs = make_field(programme, order=2, name="Sysselsetting", strategy="Flere i arbeid.")
    theme = CrossCuttingTheme.objects.create(programme=programme, name="Folkehelse")
    theme.fields.set([school, jobs])
    TargetArea.objects.create(
        programme=programme,
        area=personas.s11,
        reason="Lavest levekår i bydelen.",
        chosen_on=datetime.date(2017, 3, 1),
    )
    programme_goal = make_goal(
        programme, title="Varig bedre levekår", title_en="Lasting better living conditions"
    )
    field_goal = make_goal(
        programme,
        parent=programme_goal,
        level=GoalLevel.FIELD,
        field=school,
        title="Flere barn i barnehage",
        title_en="More children in kindergarten",
    )
    sub_goal = make_goal(
        programme, parent=field_goal, level=GoalLevel.SUB, title="Bedre norskferdigheter"
    )
    attendance = make_indicator(
        "kindergarten_attendance", name="Barnehagedeltakelse", name_en="Kindergarten attendance"
    )
    make_goal_indicator(
        field_goal, attendance, baseline=("2016", 71.5), targets={"2026": 85.0, "2021": 78.0}
    )
    ministry = make_organisation(
        name="Kommunal- og distriktsdepartementet", kind=OrganisationKind.MINISTRY
    )
    city = make_organisation(name="Oslo kommune", kind=OrganisationKind.MUNICIPALITY)
    Party.objects.create(
        programme=programme,
        organisation=ministry,
        role=PartyRole.OWNER,
        side=PartySide.STATE,
        responsibility="Leder den statlige innsatsen.",
    )
    Party.objects.create(
        programme=programme,
        organisation=city,
        role=PartyRole.COORDINATOR,
        side=PartySide.MUNICIPAL,
        responsibility="Koordinerer bydelene.",
    )
    steering = make_body(
        programme, kind=BodyKind.STEERING_GROUP, name="Styringsgruppen", mandate="Prioriterer."
    )
    Membership.objects.create(
        body=steering, person="Kari Nordmann", organisation=city, role=MembershipRole.CHAIR
    )
    midterm = EvaluationMilestone.objects.create(
        programme=programme,
        kind=MilestoneKind.MIDTERM,
        title="Midtveisevaluering",
        due=datetime.date(2022, 6, 30),
        responsible=ministry,
    )
    EvaluationQuestion.objects.create(
        milestone=midterm, question="Virker tiltakene?", answered_by="Evaluatoren"
    )
    published = make_measure(
        programme,
        areas=[personas.s11],
        fields=[school],
        owner=city,
        code="leksehjelp",
        title="Leksehjelp",
        status=Status.ACTIVE,
        is_published=True,
    )
    hidden = make_measure(programme, areas=[personas.s11], fields=[school], title="Hemmelig tiltak")
    return SimpleNamespace(
        programme=programme,
        school=school,
        jobs=jobs,
        programme_goal=programme_goal,
        field_goal=field_goal,
        sub_goal=sub_goal,
        published_measure=published,
        hidden_measure=hidden,
    )


def section(sections: list[dict[str, Any]], key: str) -> dict[str, Any]:
    return next(s for s in sections if s["key"] == key)


def text_of(section: dict[str, Any]) -> str:
    """Every string in a section, one per line, for asserting what it says."""
    lines = [section["title"]]
    for block in section["blocks"]:
        if block["type"] == "list":
            lines += block["items"]
        elif block["type"] == "table":
            lines += [block["caption"], *block["header"]]
            lines += [" | ".join(row) for row in block["rows"]]
        else:
            lines.append(block["text"])
    return "\n".join(lines)


def blocks_of_type(section: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [block for block in section["blocks"] if block["type"] == kind]


def test_description_has_all_eight_sections_in_order(personas):
    sections = assemble(personas.programme, "nb")
    assert [s["key"] for s in sections] == SECTION_KEYS
    assert all(s["title"] and s["blocks"] for s in sections)


def test_purpose_section_names_the_programme_its_period_purpose_and_goal(personas):
    described = describe_programme(personas)
    text = text_of(section(assemble(described.programme, "nb"), "purpose"))
    assert "Testprogrammet" in text
    assert "2017–2026" in text
    assert "Bedre levekår i utsatte områder." in text
    assert "Varig bedre levekår" in text


def test_fields_section_gives_each_fields_strategy_and_the_themes_with_their_fields(personas):
    describe_programme(personas)
    fields = section(assemble(personas.programme, "nb"), "fields")
    headings = [block["text"] for block in blocks_of_type(fields, "heading")]
    assert headings[:2] == ["Barnehage og skole", "Sysselsetting"]
    assert "Styrke språket i barnehagen." in text_of(fields)
    (themes,) = blocks_of_type(fields, "table")
    assert themes["rows"] == [["Folkehelse", "", "Barnehage og skole, Sysselsetting"]]


def test_target_areas_section_lists_area_level_reason_and_date(personas):
    describe_programme(personas)
    (areas,) = blocks_of_type(section(assemble(personas.programme, "nb"), "target_areas"), "table")
    area, level, reason, chosen_on = areas["rows"][0]
    assert (area, reason, chosen_on) == ("Nordhagen", "Lavest levekår i bydelen.", "2017-03-01")
    assert level == personas.s11.level.name


def test_goals_section_is_the_goal_tree_with_indicators_baselines_and_targets(personas):
    describe_programme(personas)
    goals = section(assemble(personas.programme, "nb"), "goals")
    headings = [(b["level"], b["text"]) for b in blocks_of_type(goals, "heading")]
    assert [level for level, _text in headings] == [1, 2, 3]
    assert "Varig bedre levekår" in headings[0][1]
    assert "Flere barn i barnehage" in headings[1][1]
    assert "Bedre norskferdigheter" in headings[2][1]
    (indicators,) = blocks_of_type(goals, "table")
    assert "Flere barn i barnehage" in indicators["caption"]
    name, _unit, baseline, targets, areas = indicators["rows"][0]
    assert name == "Barnehagedeltakelse"
    assert baseline == "2016: 71,5"
    assert targets == "2021: 78,0; 2026: 85,0"
    assert areas  # the programme's target areas, said in words
    assert "Barnehage og skole" in text_of(goals)  # the field goal's field


def test_goals_without_indicators_say_so(personas):
    describe_programme(personas)
    text = text_of(section(assemble(personas.programme, "en"), "goals"))
    assert "No indicators measure this goal yet." in text


def test_organisation_section_groups_parties_by_side_and_lists_bodies_with_members(personas):
    describe_programme(personas)
    organisation = section(assemble(personas.programme, "en"), "organisation")
    tables = blocks_of_type(organisation, "table")
    state, municipal, members = tables
    assert "State" in state["caption"]
    assert state["rows"] == [
        ["Kommunal- og distriktsdepartementet", "Owner", "Leder den statlige innsatsen."]
    ]
    assert "Municipality" in municipal["caption"]
    assert municipal["rows"][0][0] == "Oslo kommune"
    assert "Styringsgruppen" in members["caption"]
    assert members["rows"] == [["Kari Nordmann", "Oslo kommune", "Chair"]]
    assert "Prioriterer." in text_of(organisation)


def test_parties_that_have_left_are_not_part_of_the_description(personas):
    Party.objects.create(
        programme=personas.programme,
        organisation=make_organisation(name="Gammel partner"),
        role=PartyRole.PARTNER,
        side=PartySide.OTHER,
        valid_to=datetime.date(2019, 12, 31),
    )
    text = text_of(section(assemble(personas.programme, "en"), "organisation"))
    assert "Gammel partner" not in text
    assert "No parties have been registered yet." in text


def test_economic_frames_are_described_in_words_without_invented_figures(personas):
    economy = section(assemble(personas.programme, "en"), "economy")
    text = " ".join(block["text"] for block in economy["blocks"])
    assert "subject to appropriation" in text
    assert not any(character.isdigit() for character in text)


def test_evaluation_plan_lists_milestones_and_their_questions(personas):
    describe_programme(personas)
    evaluation = section(assemble(personas.programme, "en"), "evaluation")
    milestones, questions = blocks_of_type(evaluation, "table")
    assert milestones["rows"] == [
        [
            "Midtveisevaluering",
            "Mid-term evaluation",
            "2022-06-30",
            "Kommunal- og distriktsdepartementet",
        ]
    ]
    assert questions["rows"] == [["Virker tiltakene?", "Evaluatoren"]]


def test_measures_section_lists_only_published_measures_by_field(personas):
    describe_programme(personas)
    measures = section(assemble(personas.programme, "en"), "measures")
    text = text_of(measures)
    assert "Hemmelig tiltak" not in text
    (table,) = blocks_of_type(measures, "table")
    assert "Kindergarten and school" in table["caption"]
    assert table["rows"] == [
        ["leksehjelp", "Leksehjelp", "Measure", "Active", "Nordhagen", "Oslo kommune"]
    ]


def test_a_programme_with_no_content_says_so_in_every_section(personas, settings):
    sections = assemble(make_programme(), "en")
    for key in ["fields", "target_areas", "goals", "evaluation", "measures"]:
        (only,) = section(sections, key)["blocks"]
        assert only["type"] == "paragraph"
        assert "yet" in only["text"]
    purpose = text_of(section(sections, "purpose"))
    assert "The purpose has not been written yet." in purpose
    assert "No programme goal has been set yet." in purpose


def test_english_description_uses_english_names_and_titles_where_they_are_set(personas):
    describe_programme(personas)
    sections = assemble(personas.programme, "en")
    assert "Better living conditions in deprived areas." in text_of(section(sections, "purpose"))
    goals = text_of(section(sections, "goals"))
    assert "Lasting better living conditions" in goals
    assert "More children in kindergarten" in goals
    assert "Kindergarten attendance" in goals
    assert "Bedre norskferdigheter" in goals  # no English title: the Norwegian one
    fields = text_of(section(sections, "fields"))
    assert "Strengthen language in kindergarten." in fields
    assert section(sections, "goals")["title"] == "Goals and indicators"


@pytest.mark.parametrize("language", ["nb", "en"])
def test_assembly_leaves_the_active_language_alone(personas, language):
    with translation.override("nb"):
        assemble(personas.programme, language)
        assert translation.get_language() == "nb"
