"""The demo's goal targets start from the target areas' published baseline values."""

import pytest

from omradeloft.demo import programme_content as content
from omradeloft.demo.programme import _measure_with
from omradeloft.indicators.models import Observation
from omradeloft.programmes.models import GoalIndicator
from tests.factories import make_area, make_programme
from tests.indicators.factories import make_indicator
from tests.measures.factories import target
from tests.programmes.factories import make_goal

pytestmark = pytest.mark.django_db


def test_demo_targets_leave_out_baseline_observations_without_a_value():
    programme = make_programme()
    goal = make_goal(programme)
    indicator = make_indicator(decimals=1)
    with_value, without_value = make_area(), make_area()
    for area in (with_value, without_value):
        target(programme, area)
    Observation.objects.create(
        indicator=indicator, area=with_value, period=content.BASELINE_PERIOD, value=20.0
    )
    Observation.objects.create(
        indicator=indicator,
        area=without_value,
        period=content.BASELINE_PERIOD,
        numerator=4,
        denominator=None,
        value=None,
    )

    _measure_with(goal, indicator.code)

    measured = GoalIndicator.objects.get(goal=goal, indicator=indicator)
    first_period, first_reduction = next(iter(content.TARGET_REDUCTIONS.items()))
    assert measured.targets.get(period=first_period).value == pytest.approx(
        round(20.0 * (1 - first_reduction), 1)
    )
