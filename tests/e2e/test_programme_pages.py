"""Every programme page of the demo, as the secretariat and as the public, passes axe; the
programme administrator follows a decision from a steering group meeting to its measure."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from omradeloft.programmes.models import Body, Goal, GoalTarget, Meeting, Programme
from tests.e2e.helpers import assert_accessible, log_in

pytestmark = pytest.mark.e2e


def _open(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, f"{url} answered {response.status}"
    assert_accessible(page)


def _public_pages(programme: Programme) -> list[str]:
    code = programme.code
    measure = programme.measures.filter(is_published=True).first()
    assert measure is not None
    return [
        reverse("programmes:list"),
        reverse("programmes:detail", args=[code]),
        reverse("programmes:goals", args=[code]),
        reverse("measures:list", args=[code]),
        reverse("measures:detail", args=[code, measure.code]),
        reverse("programmes:description", args=[code]),
        reverse("programmes:description_versions", args=[code]),
    ]


def test_the_public_reads_the_demo_programme_on_accessible_pages(page: Page, demo) -> None:
    programme = Programme.objects.get(code="groruddalen")
    for url in _public_pages(programme):
        _open(page, url)
    page.goto(reverse("programmes:detail", args=[programme.code]))
    expect(page.locator("main")).not_to_contain_text("Organisation")


def test_every_secretariat_page_of_the_demo_programme_is_accessible(page: Page, demo) -> None:
    programme = Programme.objects.get(code="groruddalen")
    code = programme.code
    goal = Goal.objects.filter(programme=programme).first()
    body = Body.objects.filter(programme=programme).first()
    meeting = Meeting.objects.filter(body__programme=programme).first()
    measure = programme.measures.first()
    assert goal is not None
    assert body is not None
    assert meeting is not None
    assert measure is not None
    log_in(page, "admin", "omradeloft-demo")
    pages = [
        *_public_pages(programme),
        reverse("measures:create", args=[code]),
        reverse("measures:edit", args=[code, measure.code]),
        reverse("measures:results", args=[code, measure.code]),
        reverse("measures:report", args=[code, measure.code]),
        reverse("programmes:bodies", args=[code]),
        reverse("programmes:body", args=[code, body.pk]),
        reverse("programmes:meeting", args=[code, meeting.pk]),
        reverse("programmes:decisions", args=[code]),
        reverse("programmes:edit", args=[code]),
        reverse("programmes:edit_basics", args=[code]),
        reverse("programmes:edit_parties", args=[code]),
        reverse("programmes:edit_fields", args=[code]),
        reverse("programmes:edit_themes", args=[code]),
        reverse("programmes:edit_target_areas", args=[code]),
        reverse("programmes:edit_goals", args=[code]),
        reverse("programmes:edit_goal", args=[code, goal.pk]),
        reverse("programmes:edit_evaluation", args=[code]),
        reverse("evaluation:designs", args=[code]),
        reverse("evaluation:midterm", args=[code]),
        reverse("evaluation:design_new", args=[code]),
    ]
    if target := GoalTarget.objects.filter(goal_indicator__goal__programme=programme).first():
        pages.append(
            reverse("programmes:edit_goal_indicator", args=[code, target.goal_indicator_id])
        )
    for url in pages:
        _open(page, url)


def test_programme_admin_follows_a_decision_from_the_steering_group_to_its_measure(
    page: Page, demo
) -> None:
    programme = Programme.objects.get(code="groruddalen")
    log_in(page, "admin", "omradeloft-demo")
    page.goto(reverse("programmes:detail", args=[programme.code]))
    page.locator(f"nav.subnav a[href='/programmes/{programme.code}/bodies/']").click()
    page.wait_for_url(re.compile(r"/bodies/$"))
    page.get_by_role("link", name=re.compile("Styringsgruppen")).first.click()
    page.wait_for_url(re.compile(r"/bodies/\d+/$"))
    assert_accessible(page)
    page.locator("main table a[href*='/meetings/']").first.click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    assert_accessible(page)
    link = page.locator("main table a[href*='/measures/']").first
    title = link.inner_text()
    link.click()
    page.wait_for_url(re.compile(r"/measures/[\w-]+/$"))
    expect(page.locator("h1")).to_contain_text(title)
    assert_accessible(page)
