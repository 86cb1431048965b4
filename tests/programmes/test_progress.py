"""Progress toward goal targets: baseline, latest published value and a status per target."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from omradeloft.indicators.models import Observation, Suppression
from omradeloft.programmes.models import TargetArea
from omradeloft.programmes.progress import (
    ProgressStatus,
    assess,
    period_time,
    programme_progress,
    status_counts,
)
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_goal, make_goal_indicator


def observe(indicator, area, period, value, *, suppressed=False):
    return Observation.objects.create(
        indicator=indicator,
        area=area,
        period=period,
        value=value,
        suppression=Suppression.PRIMARY if suppressed else Suppression.PUBLISHED,
    )


def target_area(programme, area):
    return TargetArea.objects.create(
        programme=programme, area=area, reason="Levekår", chosen_on=datetime.date(2017, 1, 1)
    )


def only_area(personas, indicator, *, baseline=("2016", 30.0), targets=None):
    """Progress of one goal indicator followed in D1 alone."""
    goal = make_goal(personas.programme)
    make_goal_indicator(
        goal,
        indicator,
        baseline=baseline,
        targets=targets if targets is not None else {"2026": 20.0},
        areas=[personas.d1],
    )
    [progress] = programme_progress(personas.programme)
    [area] = progress.areas
    return area


@pytest.fixture
def unemployment(db):
    return make_indicator("not_employed", polarity="higher_is_worse")


def test_an_area_halfway_to_its_target_halfway_through_the_time_is_on_track(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 25.0)
    area = only_area(personas, unemployment)
    [target] = area.targets
    assert (area.baseline, area.latest, area.latest_period) == (30.0, 25.0, "2021")
    assert (target.period, target.value) == ("2026", 20.0)
    assert target.progress_share == pytest.approx(0.5)
    assert target.elapsed_share == pytest.approx(0.5)
    assert target.status == ProgressStatus.ON_TRACK
    assert area.status == ProgressStatus.ON_TRACK


def test_an_area_a_little_behind_an_even_pace_is_still_on_track(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 25.5)  # p = 0.45, e = 0.5
    assert only_area(personas, unemployment).status == ProgressStatus.ON_TRACK


def test_an_area_moving_the_right_way_at_under_the_pace_is_at_risk(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 27.0)  # p = 0.3, e = 0.5
    area = only_area(personas, unemployment)
    assert area.targets[0].progress_share == pytest.approx(0.3)
    assert area.status == ProgressStatus.AT_RISK


def test_an_area_moving_far_too_slowly_is_off_track(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 28.0)  # p = 0.2 < e / 2
    assert only_area(personas, unemployment).status == ProgressStatus.OFF_TRACK


def test_an_area_moving_the_wrong_way_is_off_track(personas, unemployment):
    observe(unemployment, personas.d1, "2018", 32.0)
    area = only_area(personas, unemployment)
    assert area.targets[0].progress_share == pytest.approx(-0.2)
    assert area.status == ProgressStatus.OFF_TRACK


def test_an_area_that_has_reached_its_target_is_on_track_however_early(personas, unemployment):
    observe(unemployment, personas.d1, "2017", 19.0)
    area = only_area(personas, unemployment, targets={"2026": 20.0})
    assert area.targets[0].progress_share > 1
    assert area.status == ProgressStatus.ON_TRACK


def test_a_higher_is_better_indicator_progresses_upward(personas):
    employed = make_indicator("employed", polarity="higher_is_better")
    observe(employed, personas.d1, "2021", 62.0)
    area = only_area(personas, employed, baseline=("2016", 60.0), targets={"2026": 70.0})
    assert area.targets[0].progress_share == pytest.approx(0.2)
    assert area.status == ProgressStatus.OFF_TRACK


def test_a_lower_is_better_target_below_the_baseline_counts_falling_values_as_progress(
    personas, unemployment
):
    observe(unemployment, personas.d1, "2024", 22.0)  # 80 % of the way, 80 % of the time
    area = only_area(personas, unemployment)
    assert area.targets[0].progress_share == pytest.approx(0.8)
    assert area.targets[0].elapsed_share == pytest.approx(0.8)
    assert area.status == ProgressStatus.ON_TRACK


def test_an_area_already_past_a_shared_target_is_on_track_while_it_stays_past_it(
    personas, unemployment
):
    # One target for several areas: this one starts better than the target (30 < 40).
    observe(unemployment, personas.d1, "2021", 35.0)
    area = only_area(personas, unemployment, targets={"2026": 40.0})
    assert area.status == ProgressStatus.ON_TRACK
    assert area.targets[0].progress_share is None


def test_an_area_that_crosses_a_shared_target_the_wrong_way_is_off_track(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 41.0)
    area = only_area(personas, unemployment, targets={"2026": 40.0})
    assert area.status == ProgressStatus.OFF_TRACK


def test_without_an_observation_after_the_baseline_there_is_no_data(personas, unemployment):
    observe(unemployment, personas.d1, "2016", 30.0)
    observe(unemployment, personas.d1, "2015", 31.0)
    area = only_area(personas, unemployment)
    assert area.latest is None
    assert area.targets[0].status == ProgressStatus.NO_DATA
    assert area.targets[0].progress_share is None
    assert area.status == ProgressStatus.NO_DATA


def test_a_suppressed_observation_counts_as_missing(personas, unemployment):
    observe(unemployment, personas.d1, "2020", 26.0)
    observe(unemployment, personas.d1, "2022", 3.0, suppressed=True)
    area = only_area(personas, unemployment)
    assert (area.latest_period, area.latest) == ("2020", 26.0)
    assert ("2022", 3.0) not in area.series


def test_only_suppressed_observations_after_the_baseline_mean_no_data(personas, unemployment):
    observe(unemployment, personas.d1, "2022", 3.0, suppressed=True)
    assert only_area(personas, unemployment).status == ProgressStatus.NO_DATA


def test_the_baseline_comes_from_the_statistics_when_none_is_stored(personas, unemployment):
    observe(unemployment, personas.d1, "2016", 40.0)
    observe(unemployment, personas.d1, "2021", 30.0)
    area = only_area(personas, unemployment, baseline=("2016", None))
    assert area.baseline == 40.0
    assert area.baseline_observed
    assert area.targets[0].progress_share == pytest.approx(0.5)


def test_a_suppressed_baseline_observation_leaves_no_baseline(personas, unemployment):
    observe(unemployment, personas.d1, "2016", 2.0, suppressed=True)
    observe(unemployment, personas.d1, "2021", 30.0)
    area = only_area(personas, unemployment, baseline=("2016", None))
    assert area.baseline is None
    assert area.status == ProgressStatus.NO_DATA


def test_a_stored_baseline_wins_over_the_statistics(personas, unemployment):
    observe(unemployment, personas.d1, "2016", 40.0)
    observe(unemployment, personas.d1, "2021", 25.0)
    area = only_area(personas, unemployment, baseline=("2016", 30.0))
    assert area.baseline == 30.0
    assert not area.baseline_observed


def test_areas_default_to_the_programmes_target_areas(personas, unemployment):
    target_area(personas.programme, personas.d2)
    target_area(personas.programme, personas.d1)
    goal = make_goal(personas.programme)
    make_goal_indicator(goal, unemployment, baseline=("2016", 30.0), targets={"2026": 20.0})
    [progress] = programme_progress(personas.programme)
    assert [a.area for a in progress.areas] == [personas.d1, personas.d2]


def test_an_indicators_own_areas_replace_the_target_areas(personas, unemployment):
    target_area(personas.programme, personas.d1)
    goal = make_goal(personas.programme)
    make_goal_indicator(goal, unemployment, baseline=("2016", 30.0), areas=[personas.s21])
    [progress] = programme_progress(personas.programme)
    assert [a.area for a in progress.areas] == [personas.s21]


def test_the_status_of_an_area_follows_its_next_target(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 25.0)
    area = only_area(personas, unemployment, targets={"2020": 24.0, "2026": 20.0})
    assert [t.period for t in area.targets] == ["2020", "2026"]
    # Five sixths of the way to the 2020 target, after it was due: at risk. The 2026 target,
    # the one that matters now, is kept.
    assert area.targets[0].status == ProgressStatus.AT_RISK
    assert area.current_target.period == "2026"
    assert area.status == ProgressStatus.ON_TRACK


def test_an_area_past_its_last_target_is_judged_on_it(personas, unemployment):
    observe(unemployment, personas.d1, "2027", 28.0)
    area = only_area(personas, unemployment, targets={"2026": 20.0})
    assert area.targets[0].elapsed_share == 1
    assert area.status == ProgressStatus.OFF_TRACK


def test_without_targets_an_area_has_no_status(personas, unemployment):
    observe(unemployment, personas.d1, "2021", 25.0)
    area = only_area(personas, unemployment, targets={})
    assert area.targets == ()
    assert area.status == ProgressStatus.NO_DATA


def test_status_counts_count_indicator_area_rows(personas, unemployment):
    target_area(personas.programme, personas.d1)
    target_area(personas.programme, personas.d2)
    observe(unemployment, personas.d1, "2021", 25.0)
    observe(unemployment, personas.d2, "2021", 31.0)
    goal = make_goal(personas.programme)
    make_goal_indicator(goal, unemployment, baseline=("2016", 30.0), targets={"2026": 20.0})
    counts = status_counts(programme_progress(personas.programme))
    assert counts == {
        ProgressStatus.ON_TRACK: 1,
        ProgressStatus.AT_RISK: 0,
        ProgressStatus.OFF_TRACK: 1,
        ProgressStatus.NO_DATA: 0,
    }


def _queries_for(personas, indicators: int) -> int:
    goal = make_goal(personas.programme)
    for i in range(indicators):
        indicator = make_indicator(f"indicator-{indicators}-{i}")
        observe(indicator, personas.d1, "2021", 25.0)
        make_goal_indicator(
            goal, indicator, baseline=("2016", None), targets={"2020": 1.0, "2026": 2.0}
        )
    with CaptureQueriesContext(connection) as queries:
        programme_progress(personas.programme)
    return len(queries)


def test_progress_loads_in_a_fixed_number_of_queries(personas):
    target_area(personas.programme, personas.d1)
    target_area(personas.programme, personas.d2)
    few = _queries_for(personas, 1)
    many = _queries_for(personas, 8)
    assert few == many <= 6


@pytest.mark.parametrize(
    ("period", "time"),
    [
        ("2024", 2024.0),
        ("2024Q1", 2024.0),
        ("2024Q3", 2024.5),
        ("2024H2", 2024.5),
        ("2024-04", 2024.25),
        ("2015-2016", 2015.0),
        ("later", None),
    ],
)
def test_periods_read_as_years_with_fractions(period, time):
    assert period_time(period) == time


def test_a_target_equal_to_its_baseline_asks_to_hold_the_level_by_polarity():
    hold = {"baseline": 10.0, "baseline_time": 2016, "target": 10.0, "target_time": 2026}
    worse = assess(latest=11.0, latest_time=2020, polarity="higher_is_worse", **hold)
    better = assess(latest=11.0, latest_time=2020, polarity="higher_is_better", **hold)
    assert worse.status == ProgressStatus.OFF_TRACK
    assert better.status == ProgressStatus.ON_TRACK
    assert better.progress_share is None
