"""A design harmonised to one area version: its runs read through the harmonising layer and
their page and downloads say so, without letting a suppressed value through."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omradeloft.areas.models import Area
from omradeloft.evaluation.models import DataLevel, EvaluationDesign, Method
from omradeloft.evaluation.services import create_design, start_runs
from omradeloft.indicators.models import Indicator
from tests.boundaries import import_series
from tests.evaluation.conftest import design_data
from tests.evaluation.test_harmonised_inputs import suppress_2016_on_the_old_area
from tests.evaluation.test_run_access import run_outputs, run_url

pytestmark = pytest.mark.django_db

SPLIT_DAY = datetime.date(2018, 1, 1)
# The value of 030116 in 2016 (tests/files/boundaries/evaluation_across_split.csv), which
# 030116A and 030116B inherit when harmonised; as the page and the files may write it.
OLD_AREA_2016 = ("27.3", "27,3")


def split_design(programme, **values) -> EvaluationDesign:
    data = design_data(
        None,
        code="split",
        outcomes=[Indicator.objects.get(code="low_income")],
        treated=[Area.objects.get(code="030116A")],
        treatment_period="2019",
        methods=[Method.SYNTHETIC_CONTROL.value, Method.DID.value],
        harmonise_to=SPLIT_DAY,
    )
    return create_design(None, programme, data | values)


@pytest.fixture
def harmonised_design(personas) -> EvaluationDesign:
    import_series("evaluation_across_split.csv", comparison_areas=True)
    return split_design(personas.programme)


def test_runs_of_a_harmonised_design_read_the_series_on_the_areas_in_use_that_day(
    personas, harmonised_design
):
    runs = start_runs(personas.evaluator, harmonised_design)
    for run in runs:
        run.refresh_from_db()
        assert run.status == "done", run.message
        assert run.spec["harmonise_to"] == "2018-01-01"
        assert run.result["harmonised_to"] == "2018-01-01"
        assert run.result["harmonised_values"] == 8
        assert "030116" not in run.result["donors"]


def test_the_design_page_names_the_date_the_series_are_harmonised_to(
    client, personas, harmonised_design
):
    client.force_login(personas.evaluator)
    page = client.get(
        reverse("evaluation:design", args=[personas.programme.code, harmonised_design.code])
    ).content.decode()
    assert "Harmonisert til områdene som var i bruk 2018-01-01" in page


def test_the_run_page_says_its_inputs_were_harmonised_and_how_many(
    client, personas, harmonised_design
):
    [run, _did] = start_runs(personas.evaluator, harmonised_design)
    client.force_login(personas.partner)
    page = client.get(run_url("run", run)).content.decode()
    assert "Harmonisert til områdene som var i bruk 2018-01-01" in page
    assert "Kjøringen leste 8 harmoniserte verdier." in page


def test_every_csv_download_of_a_harmonised_run_names_the_date(client, personas, harmonised_design):
    [run, _did] = start_runs(personas.evaluator, harmonised_design)
    client.force_login(personas.partner)
    for table in ("path", "weights"):
        response = client.get(run_url("run_table", run, table))
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][-1] == "harmonised_to", table
        assert {row[-1] for row in rows[1:]} == {"2018-01-01"}, table


def test_a_run_that_is_not_harmonised_has_no_harmonised_column(client, personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    design = split_design(
        personas.programme, harmonise_to=None, treated=[Area.objects.get(code="030117")]
    )
    [run, _did] = start_runs(personas.evaluator, design)
    client.force_login(personas.partner)
    page = client.get(run_url("run", run)).content.decode()
    rows = client.get(run_url("run_table", run, "path")).content.decode("utf-8-sig")
    assert "harmonised_to" not in rows.splitlines()[0]
    assert "Harmonisert" not in page


def test_no_suppressed_value_leaks_through_a_harmonised_input_of_a_published_run(
    client, personas, harmonised_design
):
    suppress_2016_on_the_old_area()
    runs = start_runs(personas.analyst, harmonised_design)
    for reader in (personas.partner, personas.analyst):
        client.force_login(reader)
        for run in runs:
            for name, response in run_outputs(client, run):
                text = response.content.decode("utf-8-sig")
                assert not [v for v in OLD_AREA_2016 if v in text], (run.method, name)


def test_an_unsuppressed_harmonised_run_shows_the_analyst_the_suppressed_value(
    client, personas, harmonised_design
):
    # The counterpart of the test above: the value is there to be found when it may be.
    suppress_2016_on_the_old_area()
    [run, _did] = start_runs(personas.analyst, harmonised_design, DataLevel.UNSUPPRESSED)
    client.force_login(personas.analyst)
    path = client.get(run_url("run_table", run, "path")).content.decode("utf-8-sig")
    assert "27.3" in path


def test_a_design_harmonised_to_a_day_its_treated_areas_were_not_in_use_is_refused(personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    with pytest.raises(ValidationError) as refused:
        split_design(personas.programme, harmonise_to=datetime.date(2017, 6, 1))
    assert "030116A" in refused.value.message_dict["harmonise_to"][0]
    assert not EvaluationDesign.objects.exists()


def test_a_harmonise_to_that_is_not_a_date_is_refused_by_the_service(personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    with pytest.raises(ValidationError) as refused:
        split_design(personas.programme, harmonise_to="2018")
    assert "harmonise_to" in refused.value.message_dict
    assert not EvaluationDesign.objects.exists()


def form_data(**values) -> dict:
    return {
        "code": "split",
        "name": "Delt område",
        "outcomes": [Indicator.objects.get(code="low_income").pk],
        "treated": "030116A",
        "treatment_period": "2019",
        "methods": ["did"],
        "harmonise_to": "2018-01-01",
    } | values


def test_the_design_form_saves_the_harmonise_to_date(client, personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    client.force_login(personas.programme_admin)
    client.post(reverse("evaluation:design_new", args=[personas.programme.code]), form_data())
    assert EvaluationDesign.objects.get(code="split").harmonise_to == SPLIT_DAY


def test_the_design_form_refuses_a_harmonise_to_that_is_not_a_date(client, personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    client.force_login(personas.programme_admin)
    response = client.post(
        reverse("evaluation:design_new", args=[personas.programme.code]),
        form_data(harmonise_to="1.1.2018"),
    )
    assert response.status_code == 400
    assert "harmonise_to" in response.context["form"].errors
    assert not EvaluationDesign.objects.exists()


def test_a_partner_cannot_make_a_harmonised_design(client, personas):
    import_series("evaluation_across_split.csv", comparison_areas=True)
    client.force_login(personas.partner)
    response = client.post(
        reverse("evaluation:design_new", args=[personas.programme.code]), form_data()
    )
    assert response.status_code in (403, 404)
    assert not EvaluationDesign.objects.exists()
