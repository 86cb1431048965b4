"""The programme list, dashboard and goals page: what each visitor is shown and counted."""

import datetime

import pytest
from django.urls import reverse

from omradeloft.measures.models import ProgressReport, Status, StatusChange, TrafficLight
from omradeloft.programmes.models import (
    CrossCuttingTheme,
    Decision,
    DescriptionVersion,
    GoalLevel,
    Meeting,
    TargetArea,
)
from tests.indicators.factories import make_indicator
from tests.programmes.factories import (
    make_body,
    make_field,
    make_goal,
    make_goal_indicator,
    make_measure,
)
from tests.programmes.test_progress import observe


@pytest.fixture
def english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def content(personas):
    """Two fields, two published measures and one unpublished, target areas D1 and D2."""
    programme = personas.programme
    programme.purpose = "Bedre levekår. " + "Mange ord " * 60
    programme.save()
    growing_up = make_field(programme, name="Oppvekst", name_en="Growing up")
    local = make_field(programme, name="Nærmiljø", name_en="Local environment")
    CrossCuttingTheme.objects.create(programme=programme, name="Folkehelse").fields.set(
        [growing_up, local]
    )
    for area in (personas.d1, personas.d2):
        TargetArea.objects.create(
            programme=programme,
            area=area,
            reason=f"Dårlige levekår i {area.name}",
            chosen_on=datetime.date(2017, 1, 1),
        )
    published = make_measure(
        programme,
        areas=[personas.d1],
        fields=[growing_up],
        title="Åpen møteplass",
        status=Status.ACTIVE,
        is_published=True,
        latitude=59.005,
        longitude=10.005,
    )
    hidden = make_measure(
        programme,
        areas=[personas.d2],
        fields=[growing_up, local],
        title="Hemmelig plan",
        status=Status.PROPOSED,
        latitude=59.006,
        longitude=10.025,
    )
    finished = make_measure(
        programme,
        areas=[personas.d1],
        title="Ferdig kurs",
        status=Status.COMPLETED,
        is_published=True,
    )
    return {"published": published, "hidden": hidden, "finished": finished, "local": local}


def dashboard(client, personas):
    return client.get(reverse("programmes:detail", args=[personas.programme.code]))


def goals_page(client, personas):
    return client.get(reverse("programmes:goals", args=[personas.programme.code]))


# The programme list


def test_programme_list_shows_period_purpose_and_published_measures_to_the_public(
    client, personas, content, english
):
    page = client.get(reverse("programmes:list")).content.decode()
    assert "2017–2026" in page
    assert "Bedre levekår." in page
    assert "Mange ord " * 60 not in page  # an excerpt only
    assert "2 measures" in page


def test_programme_list_counts_every_measure_for_a_district_coordinator(
    client, personas, content, english
):
    client.force_login(personas.district_coordinator)
    assert "3 measures, 1 active" in client.get(reverse("programmes:list")).content.decode()


# The dashboard


def test_dashboard_is_public_and_shows_the_programme(client, personas, content, english):
    response = dashboard(client, personas)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Testprogrammet" in page
    assert "Growing up" in page
    assert "Folkehelse" in page
    assert "Dårlige levekår i Sørbyen" in page


def test_every_programme_page_says_when_the_programme_is_demo_content(client, personas, english):
    personas.programme.is_demo = True
    personas.programme.save()
    assert "is demo content" in dashboard(client, personas).content.decode()
    for page in ("goals/", "measures/", "description/"):
        response = client.get(f"/programmes/{personas.programme.code}/{page}")
        assert "is demo content" in response.content.decode(), page


def test_dashboard_of_an_unknown_programme_is_not_found(client, personas):
    assert client.get(reverse("programmes:detail", args=["nope"])).status_code == 404


def test_dashboard_only_answers_reading(client, personas):
    client.force_login(personas.programme_admin)
    url = reverse("programmes:detail", args=[personas.programme.code])
    assert client.post(url).status_code == 405


def test_the_public_counts_only_published_measures(client, personas, content, english):
    context = dashboard(client, personas).context
    counts = dict(zip(context["statuses"], context["all_row"].counts, strict=True))
    assert context["all_row"].total == 2
    assert counts[Status.ACTIVE] == counts[Status.COMPLETED] == 1
    assert counts[Status.PROPOSED] == 0
    rows = {row.name: row.total for row in context["field_rows"]}
    assert rows == {"Growing up": 1, "Local environment": 0, "No field": 1}


@pytest.mark.parametrize("persona", ["district_coordinator", "state_coordinator", "evaluator"])
def test_people_who_read_every_measure_count_them_all(client, personas, content, persona):
    client.force_login(getattr(personas, persona))
    context = dashboard(client, personas).context
    counts = dict(zip(context["statuses"], context["all_row"].counts, strict=True))
    assert context["all_row"].total == 3
    assert counts[Status.PROPOSED] == 1
    assert context["unpublished_count"] == 1
    local = next(row for row in context["field_rows"] if row.name == "Nærmiljø")
    assert local.total == 1


@pytest.mark.parametrize("persona", ["resident", "outsider"])
def test_residents_and_outsiders_see_what_the_public_sees(client, personas, content, persona):
    client.force_login(getattr(personas, persona))
    response = dashboard(client, personas)
    assert response.context["all_row"].total == 2
    assert "Hemmelig plan" not in response.content.decode()


def test_measures_chart_stacks_statuses_per_field(client, personas, content, english):
    chart = dashboard(client, personas).context["field_chart"]
    active = next(trace for trace in chart["data"] if trace["name"] == "Active")
    assert active["x"] == ["Growing up", "Local environment", "No field"]
    assert active["y"] == [1, 0, 0]


def test_map_marks_the_measures_the_visitor_may_see(client, personas, content):
    figure = dashboard(client, personas).context["map"]
    [outlines] = [t for t in figure["data"] if t["type"] == "choropleth"]
    [markers] = [t for t in figure["data"] if t["type"] == "scattergeo"]
    assert outlines["locations"] == [personas.d1.code, personas.d2.code]
    assert markers["lat"] == [59.005]
    assert markers["lon"] == [10.005]
    assert markers["customdata"] == [
        reverse("measures:detail", args=[personas.programme.code, content["published"].code])
    ]


def test_map_of_a_coordinator_marks_unpublished_measures_too(client, personas, content):
    client.force_login(personas.municipal_coordinator)
    figure = dashboard(client, personas).context["map"]
    [markers] = [t for t in figure["data"] if t["type"] == "scattergeo"]
    assert markers["lat"] == [59.005, 59.006]


def test_map_has_a_table_with_the_same_measures(client, personas, content):
    page = dashboard(client, personas).content.decode()
    url = reverse("measures:detail", args=[personas.programme.code, content["published"].code])
    assert f'<a href="{url}">Åpen møteplass</a>' in page
    assert "59,0050" in page or "59.0050" in page


def test_measures_are_mapped_even_where_the_target_areas_have_no_boundary(client, personas):
    make_measure(
        personas.programme,
        areas=[personas.municipality],
        is_published=True,
        latitude=59.9,
        longitude=10.8,
    )
    figure = dashboard(client, personas).context["map"]
    assert [trace["type"] for trace in figure["data"]] == ["scattergeo"]
    assert figure["layout"]["geo"]["visible"] is False


def test_a_programme_without_boundaries_or_positions_has_no_map(client, personas):
    assert dashboard(client, personas).context["map"] is None


def test_workspace_users_reach_the_team_page_from_the_dashboard(client, personas):
    client.force_login(personas.programme_admin)
    team = reverse("programmes:team", args=[personas.programme.code])
    assert f'href="{team}"' in dashboard(client, personas).content.decode()


def test_residents_get_no_link_to_the_team_page(client, personas):
    client.force_login(personas.resident)
    team = reverse("programmes:team", args=[personas.programme.code])
    assert f'href="{team}"' not in dashboard(client, personas).content.decode()


# What changed lately


@pytest.fixture
def history(personas, content):
    for measure in (content["published"], content["hidden"]):
        StatusChange.objects.create(
            measure=measure,
            from_status=Status.PROPOSED,
            to_status=Status.APPROVED,
            date=datetime.date(2024, 3, 1),
            reason="Vedtatt",
        )
        ProgressReport.objects.create(
            measure=measure, period="2024", status=TrafficLight.AMBER, narrative="Noe skjedde"
        )
    DescriptionVersion.objects.create(
        programme=personas.programme, number=1, note="Første utgave", content={"nb": [], "en": []}
    )
    meeting = Meeting.objects.create(
        body=make_body(personas.programme, name="Styringsgruppa"), date=datetime.date(2024, 2, 1)
    )
    Decision.objects.create(meeting=meeting, number="2024/1", text="Hemmelig vedtak om budsjett")
    return content


def test_recent_changes_show_the_public_only_published_measures(client, personas, history):
    response = dashboard(client, personas)
    events = response.context["events"]
    kinds = sorted(event.kind for event in events)
    assert kinds == ["description", "report", "status"]
    assert {e.item.measure for e in events if e.kind != "description"} == {history["published"]}
    assert "Hemmelig" not in response.content.decode()


def test_recent_changes_link_to_the_measure_and_the_description_version(client, personas, history):
    page = dashboard(client, personas).content.decode()
    code = personas.programme.code
    assert reverse("measures:detail", args=[code, history["published"].code]) in page
    assert reverse("programmes:description_version", args=[code, 1]) in page
    assert "Første utgave" in page


def test_recent_changes_show_programme_members_decisions_and_unpublished_measures(
    client, personas, history
):
    client.force_login(personas.district_coordinator)
    response = dashboard(client, personas)
    events = response.context["events"]
    assert sorted(e.kind for e in events) == [
        "decision",
        "description",
        "report",
        "report",
        "status",
        "status",
    ]
    assert "Hemmelig vedtak om budsjett" in response.content.decode()


def test_residents_are_not_shown_decisions(client, personas, history):
    client.force_login(personas.resident)
    assert "Hemmelig vedtak" not in dashboard(client, personas).content.decode()


def test_recent_changes_are_the_latest_ten_newest_first(client, personas, content):
    for day in range(1, 13):
        StatusChange.objects.create(
            measure=content["published"],
            from_status=Status.ACTIVE,
            to_status=Status.ACTIVE,
            date=datetime.date(2024, 1, day),
            reason="Ny runde",
        )
    events = dashboard(client, personas).context["events"]
    assert [e.when.day for e in events] == list(range(12, 2, -1))


def _measures(personas, count):
    field = make_field(personas.programme)
    for n in range(count):
        measure = make_measure(
            personas.programme,
            areas=[personas.d1, personas.d2],
            fields=[field],
            is_published=n % 2 == 0,
            latitude=59.0 + n / 1000,
            longitude=10.0,
        )
        StatusChange.objects.create(
            measure=measure, to_status=Status.PROPOSED, date=datetime.date(2024, 1, 1), reason="-"
        )
        ProgressReport.objects.create(
            measure=measure, period="2024", status=TrafficLight.GREEN, narrative="-"
        )


@pytest.mark.parametrize("count", [3, 30])
@pytest.mark.parametrize("persona", [None, "district_coordinator", "partner"])
def test_dashboard_queries_do_not_grow_with_the_measures(
    client, personas, django_assert_max_num_queries, count, persona
):
    _measures(personas, count)
    if persona:
        client.force_login(getattr(personas, persona))
    with django_assert_max_num_queries(20):
        assert dashboard(client, personas).status_code == 200


# The goals page


@pytest.fixture
def framework(personas):
    """Programme goal -> field goal -> sub-goal, one indicator on the field goal, in D1."""
    programme = personas.programme
    field = make_field(programme, name="Arbeid", name_en="Work")
    top = make_goal(programme, title="Bedre levekår", title_en="Better living conditions")
    middle = make_goal(
        programme,
        parent=top,
        level=GoalLevel.FIELD,
        field=field,
        title="Flere i arbeid",
        title_en="More in work",
    )
    make_goal(programme, parent=middle, level=GoalLevel.SUB, title="Sub", title_en="Fewer idle")
    indicator = make_indicator("not_employed", name="Ikke sysselsatt", name_en="Not employed")
    make_goal_indicator(
        middle, indicator, baseline=("2016", 30.0), targets={"2026": 20.0}, areas=[personas.d1]
    )
    observe(indicator, personas.d1, "2021", 25.0)
    return indicator


def test_goals_page_shows_the_framework_as_a_tree(client, personas, framework, english):
    page = goals_page(client, personas).content.decode()
    top = page.index(">Better living conditions</h2>")
    middle = page.index(">More in work</h3>")
    sub = page.index(">Fewer idle</h4>")
    assert top < middle < sub


def test_goals_page_shows_baseline_latest_target_and_status(client, personas, framework, english):
    response = goals_page(client, personas)
    page = response.content.decode()
    assert response.status_code == 200
    assert "30.0 (2016)" in page
    assert "25.0 (2021)" in page
    assert "20.0 (2026)" in page
    assert "50 %" in page
    assert '<span class="status status-on_track">On track</span>' in page


def test_goals_page_shows_no_data_where_values_are_suppressed(client, personas, framework, english):
    framework.observations.update(suppression="primary")
    page = goals_page(client, personas).content.decode()
    assert '<span class="status status-no_data">No data</span>' in page
    assert "25.0" not in page


def test_goals_page_draws_a_chart_per_goal_indicator(client, personas, framework):
    response = goals_page(client, personas)
    [block] = [b for node in response.context["nodes"] for b in node.indicators]
    names = [trace["name"] for trace in block.figure["data"]]
    assert personas.d1.name in names
    assert 'data-figure="goal-indicator-' in response.content.decode()


def test_dashboard_counts_goal_rows_by_status(client, personas, framework):
    counts = dict(dashboard(client, personas).context["goal_counts"])
    assert counts["on_track"] == 1
    assert counts["off_track"] == 0


def test_synthetic_statistics_carry_a_notice(client, personas, framework, english):
    assert "Synthetic data." not in goals_page(client, personas).content.decode()
    framework.is_synthetic = True
    framework.save()
    assert "Synthetic data." in goals_page(client, personas).content.decode()
    assert "Synthetic data." in dashboard(client, personas).content.decode()


def test_goals_page_of_a_programme_without_goals_says_so(client, personas, english):
    page = goals_page(client, personas).content.decode()
    assert "No goals have been set" in page


def test_goals_page_of_an_unknown_programme_is_not_found(client, personas):
    assert client.get(reverse("programmes:goals", args=["nope"])).status_code == 404


def test_goals_page_only_answers_reading(client, personas):
    assert (
        client.post(reverse("programmes:goals", args=[personas.programme.code])).status_code == 405
    )
