"""Observation rows are checked against the areas in use in their period."""

import pytest

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.models import Observation
from tests.boundaries import FILES, import_changes, make_changed_areas
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db


@pytest.fixture
def changed_areas():
    areas = make_changed_areas()
    import_changes()
    make_indicator("residents", unit="count")
    make_indicator("low_income")
    return areas


def import_file(name):
    chunks, info = open_observation_file(FILES / name)
    return import_observations(chunks, info, actor=None, derive=False)


def test_rows_on_codes_valid_in_their_period_are_accepted_on_both_sides_of_a_change(
    changed_areas,
):
    import_file("observations_across_changes.csv")
    assert Observation.objects.filter(area__code="030116", period="2017").count() == 2
    assert Observation.objects.filter(area__code="030116A", period="2019").count() == 2


def test_rows_on_codes_not_in_use_in_their_period_are_refused_naming_the_codes_that_were(
    changed_areas,
):
    with pytest.raises(ObservationImportError) as refused:
        import_file("observations_with_retired_code.csv")
    assert [str(e) for e in refused.value.errors] == [
        "row 3: area: area 030116 ended 2017-12-31; in 2019 its codes are 030116A, 030116B",
        "row 4: period: “2019Q1” is not a valid annual period (YYYY)",
        "row 5: area: area 3802 began 2020-01-01; in 2019 its codes were 0711, 0715",
    ]
    assert not Observation.objects.exists()


def test_an_area_without_a_recorded_change_is_refused_outside_its_dates(changed_areas, tmp_path):
    changed_areas["0711"].changes_out.all().delete()
    path = tmp_path / "o.csv"
    path.write_text("indicator,area,period,value\nresidents,0711,2021,5\n")
    chunks, info = open_observation_file(path)
    with pytest.raises(ObservationImportError) as refused:
        import_observations(chunks, info, actor=None)
    assert "area 0711 ended 2019-12-31; it was not in use in 2021" in str(refused.value.errors[0])
