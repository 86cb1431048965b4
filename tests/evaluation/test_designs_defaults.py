"""A new design starts from its programme, and "exclude neighbours" leaves out the areas
bordering a treated one."""

import pytest

from omradeloft.areas.models import Area
from omradeloft.evaluation.defaults import comparison_areas, design_defaults, neighbours
from omradeloft.evaluation.models import Method
from omradeloft.evaluation.services import build_spec, create_design
from tests.evaluation.conftest import design_data, target
from tests.factories import make_area, make_programme, square
from tests.indicators.factories import make_indicator
from tests.programmes.factories import make_goal, make_goal_indicator

pytestmark = pytest.mark.django_db


def test_defaults_take_target_areas_goal_indicators_and_start_year(personas):
    programme = personas.programme
    target(programme, personas.d2)
    target(programme, personas.d1)
    employed, school = make_indicator("employed"), make_indicator("school")
    make_indicator("unrelated")
    goal = make_goal(programme)
    make_goal_indicator(goal, school, baseline=("2016", None))
    make_goal_indicator(make_goal(programme, parent=goal), employed, baseline=("2016", 70.0))

    defaults = design_defaults(programme)

    assert defaults["treated"] == [personas.d1, personas.d2]
    assert defaults["outcomes"] == [employed, school]
    assert defaults["treatment_period"] == "2017"
    assert defaults["comparison_pool"] == []
    assert not defaults["exclude_neighbours"]
    assert set(defaults["methods"]) <= set(Method.values)


def test_defaults_leave_out_other_programmes_goal_indicators(personas):
    other = make_programme()
    make_goal_indicator(make_goal(other), make_indicator("elsewhere"), baseline=("2016", None))

    assert design_defaults(personas.programme)["outcomes"] == []


def test_areas_sharing_an_edge_with_a_treated_area_are_its_neighbours(personas):
    beside = make_area("099903", "district", boundary=square(10.01))
    corner = make_area("099904", "district", boundary=square(9.99, 59.01))
    far = make_area("099905", "district", boundary=square(11.0))
    no_boundary = make_area("099906", "district")

    found = neighbours([personas.d1], [beside, corner, far, no_boundary, personas.d2])

    assert found == {beside.pk, corner.pk}


def test_exclude_neighbours_leaves_bordering_areas_out_of_the_comparison_pool(personas):
    outcome = make_indicator("employed")
    beside = make_area("099903", "district", boundary=square(10.01))
    far = make_area("099905", "district", boundary=square(11.0))
    data = {
        "outcomes": [outcome],
        "treated": [personas.d1],
        "comparison_pool": [beside, far, personas.d2],
        "exclude_neighbours": True,
    }
    design = create_design(None, personas.programme, design_data(None, **data))

    assert comparison_areas(design, outcome) == [personas.d2, far]
    assert build_spec(design, Method.DID, outcome)["donors"] == [personas.d2.code, far.code]


def test_exclude_neighbours_without_a_pool_keeps_untreated_areas_with_the_full_series(
    did_programme,
):
    a01 = did_programme.treated[0]
    a01.boundary = square(10.0)
    a01.save()
    a04 = Area.objects.get(code="A04")
    a04.boundary = square(10.01)
    a04.save()
    design = create_design(
        None,
        did_programme.programme,
        design_data(did_programme, exclude_neighbours=True),
    )

    pool = comparison_areas(design, did_programme.outcome)

    assert [area.code for area in pool] == [f"A{n:02d}" for n in range(5, 13)]


def test_without_pool_or_exclusion_the_runner_picks_the_comparison_areas(did_design):
    spec = build_spec(did_design, Method.DID, did_design.outcomes.get())

    assert "donors" not in spec
    assert spec["level"] == "region"
    assert spec["treated"] == ["A01", "A02", "A03"]
