"""Measuring goals: indicators from the catalogue with a baseline, areas and targets whose
periods follow the indicator's periodicity."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omradeloft.programmes.models import GoalIndicator, GoalTarget
from omradeloft.programmes.services.goals import save_target
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_goal, make_goal_indicator


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


@pytest.fixture
def goal(personas):
    return make_goal(personas.programme, title="Bedre levekår")


def test_programme_admin_measures_a_goal_with_an_indicator(client, personas, goal):
    indicator = make_indicator("low_income")
    client.force_login(personas.programme_admin)
    data = {
        "indicator": indicator.pk,
        "baseline_period": "2016",
        "baseline_value": "21.5",
        "area_codes": "099901, 0999020201",
    }
    response = client.post(url(personas, "edit_goal_indicator_add", goal.pk), data)
    assert response.status_code == 302
    measured = GoalIndicator.objects.get()
    assert (measured.goal, measured.indicator) == (goal, indicator)
    assert (measured.baseline_period, measured.baseline_value) == ("2016", 21.5)
    assert set(measured.areas.all()) == {personas.d1, personas.s21}


def test_no_areas_means_the_programmes_target_areas(client, personas, goal, settings):
    settings.LANGUAGE_CODE = "en"
    indicator = make_indicator("low_income")
    client.force_login(personas.programme_admin)
    data = {"indicator": indicator.pk, "baseline_period": "2016"}
    client.post(url(personas, "edit_goal_indicator_add", goal.pk), data)
    measured = GoalIndicator.objects.get()
    assert not measured.areas.exists()
    page = client.get(url(personas, "edit_goal_indicator", measured.pk)).content.decode()
    assert "The programme's target areas" in page


def test_areas_are_chosen_from_the_list_or_by_code_together(client, personas, goal):
    indicator = make_indicator("low_income")
    client.force_login(personas.programme_admin)
    data = {
        "indicator": indicator.pk,
        "baseline_period": "2016",
        "areas": [personas.s11.pk],
        "area_codes": "0999010101 099902",
    }
    assert client.post(url(personas, "edit_goal_indicator_add", goal.pk), data).status_code == 302
    assert set(GoalIndicator.objects.get().areas.all()) == {personas.s11, personas.d2}


def test_state_coordinator_changes_the_baseline_and_areas(client, personas, goal):
    measured = make_goal_indicator(goal, make_indicator("low_income"), baseline=("2016", 20.0))
    client.force_login(personas.state_coordinator)
    edit = url(personas, "edit_goal_indicator", measured.pk)
    assert client.get(edit).context["form"].initial["baseline_period"] == "2016"
    data = {"baseline_period": "2017", "baseline_value": "", "area_codes": "099901"}
    assert client.post(edit, data).status_code == 302
    measured.refresh_from_db()
    assert (measured.baseline_period, measured.baseline_value) == ("2017", None)
    assert list(measured.areas.all()) == [personas.d1]


@pytest.mark.parametrize(
    ("periodicity", "written", "stored"),
    [
        ("annual", "2016", "2016"),
        ("quarterly", "2016K2", "2016Q2"),
        ("monthly", "2016M03", "2016-03"),
    ],
)
def test_baseline_periods_are_stored_in_the_indicators_format(
    client, personas, goal, periodicity, written, stored
):
    indicator = make_indicator("low_income", periodicity=periodicity)
    client.force_login(personas.programme_admin)
    data = {"indicator": indicator.pk, "baseline_period": written}
    assert client.post(url(personas, "edit_goal_indicator_add", goal.pk), data).status_code == 302
    assert GoalIndicator.objects.get().baseline_period == stored


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"baseline_period": "2016Q1"}, "is not a period of Indicator low_income, which is annual"),
        ({"baseline_period": "16"}, "expected YYYY"),
        ({"area_codes": "nowhere"}, "There is no area with the code(s) nowhere"),
        ({"indicator": ""}, "This field is required"),
    ],
)
def test_bad_goal_indicator_input_is_refused(client, personas, goal, settings, data, message):
    settings.LANGUAGE_CODE = "en"
    indicator = make_indicator("low_income")
    client.force_login(personas.programme_admin)
    data = {"indicator": indicator.pk, "baseline_period": "2016"} | data
    response = client.post(url(personas, "edit_goal_indicator_add", goal.pk), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not GoalIndicator.objects.exists()


def test_an_indicator_measures_a_goal_once(client, personas, goal, settings):
    settings.LANGUAGE_CODE = "en"
    indicator = make_indicator("low_income")
    make_goal_indicator(goal, indicator, baseline=("2016", None))
    client.force_login(personas.programme_admin)
    data = {"indicator": indicator.pk, "baseline_period": "2017"}
    response = client.post(url(personas, "edit_goal_indicator_add", goal.pk), data)
    assert response.status_code == 400
    assert "Indicator low_income already measures this goal" in response.content.decode()
    assert GoalIndicator.objects.get().baseline_period == "2016"


def test_targets_are_added_changed_and_removed(client, personas, goal):
    measured = make_goal_indicator(goal, make_indicator("low_income"), baseline=("2016", 20.0))
    client.force_login(personas.programme_admin)
    add = url(personas, "edit_target_add", measured.pk)
    assert client.post(add, {"period": "2026", "value": "15"}).status_code == 302
    target = GoalTarget.objects.get()
    assert (target.period, target.value) == ("2026", 15.0)
    edit = url(personas, "edit_target", target.pk)
    assert client.get(edit).context["form"].initial["value"] == 15.0
    assert client.post(edit, {"period": "2025", "value": "14"}).status_code == 302
    target.refresh_from_db()
    assert (target.period, target.value) == ("2025", 14.0)
    assert client.post(url(personas, "edit_target_remove", target.pk)).status_code == 302
    assert not GoalTarget.objects.exists()


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (
            "2026Q4",
            "2026Q4 is not a period of Indicator low_income, which is annual: expected YYYY",
        ),
        ("2015", "A target comes after the baseline period 2016"),
        ("2020", "There is already a target for 2020"),
    ],
)
def test_bad_target_periods_are_refused(client, personas, goal, settings, period, message):
    settings.LANGUAGE_CODE = "en"
    measured = make_goal_indicator(
        goal, make_indicator("low_income"), baseline=("2016", 20.0), targets={"2020": 18}
    )
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "edit_target_add", measured.pk), {"period": period, "value": 1}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert list(GoalTarget.objects.values_list("period", flat=True)) == ["2020"]


def test_quarterly_targets_are_written_as_the_statistics_are(personas, goal):
    indicator = make_indicator("jobs", periodicity="quarterly")
    measured = make_goal_indicator(goal, indicator, baseline=("2016Q4", None))
    target = save_target(None, measured, {"period": "2026k4", "value": 3})
    assert target.period == "2026Q4"
    with pytest.raises(ValidationError):
        save_target(None, measured, {"period": "2026", "value": 3})


def test_a_baseline_cannot_move_past_its_targets(client, personas, goal, settings):
    settings.LANGUAGE_CODE = "en"
    measured = make_goal_indicator(
        goal, make_indicator("low_income"), baseline=("2016", 20.0), targets={"2020": 18}
    )
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "edit_goal_indicator", measured.pk), {"baseline_period": "2021"}
    )
    assert response.status_code == 400
    assert "There are targets for 2020, not after the baseline period" in response.content.decode()
    measured.refresh_from_db()
    assert measured.baseline_period == "2016"


def test_a_goal_indicator_is_removed_with_its_targets(client, personas, goal):
    measured = make_goal_indicator(
        goal, make_indicator("low_income"), baseline=("2016", 20.0), targets={"2020": 18}
    )
    client.force_login(personas.municipal_coordinator)
    assert client.post(url(personas, "edit_goal_indicator_remove", measured.pk)).status_code == 302
    assert not GoalIndicator.objects.exists()
    assert not GoalTarget.objects.exists()


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_indicators_and_targets(client, personas, goal, persona):
    indicator = make_indicator("low_income")
    measured = make_goal_indicator(goal, indicator, baseline=("2016", 20.0), targets={"2020": 18})
    target = measured.targets.get()
    client.force_login(getattr(personas, persona))
    for address, data in [
        (url(personas, "edit_goal_indicator_add", goal.pk), {"indicator": indicator.pk}),
        (url(personas, "edit_goal_indicator", measured.pk), {"baseline_period": "2017"}),
        (url(personas, "edit_goal_indicator_remove", measured.pk), {}),
        (url(personas, "edit_target_add", measured.pk), {"period": "2026", "value": 1}),
        (url(personas, "edit_target", target.pk), {"period": "2026", "value": 1}),
        (url(personas, "edit_target_remove", target.pk), {}),
    ]:
        assert client.post(address, data).status_code == 403, address
    measured.refresh_from_db()
    assert measured.baseline_period == "2016"
    assert list(GoalTarget.objects.values_list("period", "value")) == [("2020", 18.0)]


def test_anonymous_visitors_are_sent_to_log_in_from_targets(client, personas, goal):
    measured = make_goal_indicator(goal, make_indicator("low_income"), baseline=("2016", 20.0))
    response = client.post(
        url(personas, "edit_target_add", measured.pk), {"period": "2026", "value": 1}
    )
    assert response.status_code == 302
    assert not GoalTarget.objects.exists()
