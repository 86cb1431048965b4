"""Who may edit a programme: its administrator and the state and municipal coordinators.
Everyone else is refused every editing page, and refused submissions change nothing."""

import datetime
from dataclasses import dataclass

import pytest
from django.urls import reverse

from omradeloft.core.models import AuditEntry
from omradeloft.programmes.models import (
    CrossCuttingTheme,
    EvaluationMilestone,
    EvaluationQuestion,
    Field,
    Goal,
    GoalIndicator,
    GoalLevel,
    GoalTarget,
    Party,
    PartyRole,
    PartySide,
    TargetArea,
)
from omradeloft.targeting.models import (
    ClassificationRule,
    ClassificationRun,
    ClassifiedArea,
    RuleKind,
)
from tests.factories import give_role, level, make_organisation, make_programme
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_field, make_goal, make_goal_indicator

EDITORS = ["programme_admin", "state_coordinator", "municipal_coordinator"]
REFUSED = ["district_coordinator", "partner", "resident", "project_lead", "evaluator", "outsider"]


@dataclass
class Structure:
    """One of every part of a programme, for pages that show or change one."""

    party: Party
    field: Field
    theme: CrossCuttingTheme
    target_area: TargetArea
    goal: Goal
    field_goal: Goal
    goal_indicator: GoalIndicator
    target: GoalTarget
    milestone: EvaluationMilestone
    question: EvaluationQuestion
    run: ClassificationRun


def make_classification(areas, *, name="Levekårsutsatt", period="2024") -> ClassificationRun:
    """A classification run that selected `areas`, each with a reason."""
    rule = ClassificationRule.objects.create(
        code=f"rule-{name.lower()}",
        name=name,
        kind=RuleKind.CRITERIA,
        params={"min_met": 1},
        level=level("subdistrict"),
    )
    run = ClassificationRun.objects.create(rule=rule, rule_version=1, period=period)
    for rank, area in enumerate(areas, 1):
        reasons = [{"kind": "rank", "rank": rank, "top": len(areas)}]
        ClassifiedArea.objects.create(run=run, area=area, reasons=reasons)
    return run


def build_structure(personas) -> Structure:
    programme = personas.programme
    field = make_field(programme, code="school", name="Skole")
    theme = CrossCuttingTheme.objects.create(programme=programme, name="Helse")
    theme.fields.set([field])
    goal = make_goal(programme, title="Bedre levekår")
    field_goal = make_goal(
        programme, parent=goal, level=GoalLevel.FIELD, field=field, title="Bedre skole"
    )
    goal_indicator = make_goal_indicator(
        field_goal, make_indicator("low_income"), baseline=("2016", 20.0), targets={"2026": 15}
    )
    milestone = EvaluationMilestone.objects.create(
        programme=programme, kind="midterm", title="Midtveis", due=datetime.date(2022, 6, 1)
    )
    return Structure(
        party=Party.objects.create(
            programme=programme,
            organisation=make_organisation(name="Oslo kommune"),
            role=PartyRole.OWNER,
            side=PartySide.MUNICIPAL,
        ),
        field=field,
        theme=theme,
        target_area=TargetArea.objects.create(
            programme=programme,
            area=personas.s11,
            reason="Levekår",
            chosen_on=datetime.date(2017, 1, 1),
        ),
        goal=goal,
        field_goal=field_goal,
        goal_indicator=goal_indicator,
        target=goal_indicator.targets.get(),
        milestone=milestone,
        question=EvaluationQuestion.objects.create(milestone=milestone, question="Virker det?"),
        run=make_classification([personas.s21]),
    )


def edit_requests(personas, s: Structure) -> list[tuple[str, str, dict]]:
    """(url, method, data) for every editing page; POST data that would change something."""
    code = personas.programme.code

    def url(name, *args):
        return reverse(f"programmes:{name}", args=[code, *args])

    return [
        (url("edit"), "get", {}),
        (url("edit_basics"), "post", {"name": "Nytt", "start_year": 2017, "end_year": 2030}),
        (url("edit_parties"), "post", {"organisation": s.party.organisation_id, "role": "owner"}),
        (url("edit_party", s.party.pk), "post", {"role": "member", "side": "state"}),
        (url("edit_party_remove", s.party.pk), "post", {}),
        (url("edit_fields"), "post", {"code": "jobs", "name": "Jobb", "order": 2}),
        (url("edit_field", s.field.pk), "post", {"code": "school", "name": "Ny", "order": 1}),
        (url("edit_field_move", s.field.pk), "post", {"direction": "down"}),
        (url("edit_field_remove", s.field.pk), "post", {}),
        (url("edit_themes"), "post", {"name": "Språk"}),
        (url("edit_theme", s.theme.pk), "post", {"name": "Ny"}),
        (url("edit_theme_remove", s.theme.pk), "post", {}),
        (url("edit_target_areas"), "post", {"area_code": "099902", "reason": "x"}),
        (url("edit_target_areas_pick") + f"?run={s.run.pk}", "post", {"areas": [1]}),
        (url("edit_target_area_remove", s.target_area.pk), "post", {}),
        (url("edit_goals"), "post", {"level": "programme", "title": "Nytt mål", "order": 0}),
        (url("edit_goal", s.goal.pk), "post", {"level": "programme", "title": "Ny", "order": 0}),
        (url("edit_goal_remove", s.goal.pk), "post", {}),
        (url("edit_goal_indicator_add", s.goal.pk), "post", {"baseline_period": "2016"}),
        (url("edit_goal_indicator", s.goal_indicator.pk), "post", {"baseline_period": "2017"}),
        (url("edit_goal_indicator_remove", s.goal_indicator.pk), "post", {}),
        (url("edit_target_add", s.goal_indicator.pk), "post", {"period": "2025", "value": 1}),
        (url("edit_target", s.target.pk), "post", {"period": "2026", "value": 1}),
        (url("edit_target_remove", s.target.pk), "post", {}),
        (url("edit_evaluation"), "post", {"kind": "final", "title": "Slutt", "due": "2027-01-01"}),
        (url("edit_milestone", s.milestone.pk), "post", {"kind": "final", "title": "Ny"}),
        (url("edit_milestone_remove", s.milestone.pk), "post", {}),
        (url("edit_question_add", s.milestone.pk), "post", {"question": "Hvorfor?", "order": 1}),
        (url("edit_question", s.question.pk), "post", {"question": "Ny?", "order": 1}),
        (url("edit_question_remove", s.question.pk), "post", {}),
    ]


@pytest.mark.parametrize("persona", REFUSED)
def test_only_editors_may_open_or_submit_any_editing_page(client, personas, persona):
    structure = build_structure(personas)
    client.force_login(getattr(personas, persona))
    entries = AuditEntry.objects.count()
    for url, method, data in edit_requests(personas, structure):
        response = getattr(client, method)(url, data)
        assert response.status_code == 403, url
        if method == "post":
            assert client.get(url).status_code in {403, 405}, url
    assert AuditEntry.objects.count() == entries


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(client, personas):
    structure = build_structure(personas)
    entries = AuditEntry.objects.count()
    for url, method, data in edit_requests(personas, structure):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_open_every_editing_page(client, personas, persona):
    structure = build_structure(personas)
    client.force_login(getattr(personas, persona))
    for url, _method, _data in edit_requests(personas, structure):
        if url.rstrip("/").endswith(("remove", "move", "indicators", "targets", "questions")):
            continue
        assert client.get(url).status_code == 200, url


def test_the_hub_lists_each_part_with_counts(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    build_structure(personas)
    client.force_login(personas.programme_admin)
    page = client.get(reverse("programmes:edit", args=[personas.programme.code]))
    text = page.content.decode()
    for expected in ("Oslo kommune", "Skole", "Helse", "Nordhagen", "Bedre skole", "Midtveis"):
        assert expected in text
    assert len(page.context["goals"]) == 2
    assert 'href="/programmes/testprogramme/edit/parties/"' in text


def test_editing_pages_of_one_programme_do_not_reach_anothers_records(client, personas):
    structure = build_structure(personas)
    other = make_programme(code="other")
    give_role(personas.outsider, other, "programme_admin")
    client.force_login(personas.outsider)
    url = reverse("programmes:edit_party", args=["other", structure.party.pk])
    assert client.get(url).status_code == 404
    assert client.get(reverse("programmes:edit", args=["other"])).status_code == 200


def test_programme_admin_sees_the_edit_link_in_the_programme_menu(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    page = client.get(reverse("programmes:edit", args=[personas.programme.code]))
    assert 'aria-current="page">Edit programme</a>' in page.content.decode()
