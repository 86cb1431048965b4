"""Who reads which runs: a run records the data level it read (published, or unsuppressed for
those who may see values suppressed by disclosure control), and results made from
unsuppressed data reach only those who may see unsuppressed statistics, on every output: the
run page with its chart data, its CSV tables, its status, the design pages' run lists and
the mid-term view.

Suppressed cells carry values of about 9000, a magnitude no published value (about 50 to 65)
and no estimate made from published values reaches: any output made from them shows a
number of four digits or more before the decimal point."""

import io
import json
import re
from collections.abc import Iterator

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from omradeloft.accounts.models import Role
from omradeloft.evaluation.exports import TABLES
from omradeloft.evaluation.models import DataLevel, EvaluationDesign, EvaluationRun, Method
from omradeloft.evaluation.services import create_design, rerun, start_runs
from omradeloft.indicators.models import Observation, Suppression
from tests.evaluation.conftest import design_data

pytestmark = pytest.mark.django_db

PUBLISHED, UNSUPPRESSED = DataLevel.PUBLISHED, DataLevel.UNSUPPRESSED
SEES_UNSUPPRESSED = {"analyst", "superuser"}
WORKSPACE = {role.value for role in Role} - {"resident"} | {"superuser"}
READERS = [*(role.value for role in Role), "superuser", "outsider", "anonymous"]
STARTS = [
    ("programme_admin", PUBLISHED),
    ("evaluator", PUBLISHED),
    ("analyst", PUBLISHED),
    ("analyst", UNSUPPRESSED),
    ("superuser", UNSUPPRESSED),
]
DECIMAL = re.compile(r"-?\d+\.\d+")


def suppress(cells: list[tuple[str, int]]) -> list[float]:
    """Mark `cells` (area, year) of `employed` suppressed, with values 9001.5, 9002.5, ..."""
    values = []
    for n, (area, year) in enumerate(cells, start=1):
        value = 9000.5 + n
        Observation.objects.filter(
            indicator__code="employed", area__code=area, period=str(year)
        ).update(value=value, suppression=Suppression.PRIMARY)
        values.append(value)
    return values


def large_numbers(text: str) -> list[str]:
    return [found for found in DECIMAL.findall(text) if abs(float(found)) >= 1000]


def run_url(name: str, run: EvaluationRun, *extra: str) -> str:
    design = run.design
    return reverse(f"evaluation:{name}", args=[design.programme.code, design.code, run.pk, *extra])


def run_outputs(client: Client, run: EvaluationRun) -> Iterator[tuple[str, object]]:
    """The run's page (with its chart data), status and every CSV table it may have."""
    yield "page", client.get(run_url("run", run))
    yield "status", client.get(run_url("run_status", run))
    for table in TABLES:
        yield f"{table}.csv", client.get(run_url("run_table", run, table))


def list_pages(client: Client, design: EvaluationDesign) -> Iterator[tuple[str, object]]:
    code = design.programme.code
    yield "designs", client.get(reverse("evaluation:designs", args=[code]))
    yield "design", client.get(reverse("evaluation:design", args=[code, design.code]))
    yield "midterm", client.get(reverse("evaluation:midterm", args=[code]))


def client_for(personas, reader: str) -> Client:
    client = Client()
    if reader != "anonymous":
        client.force_login(getattr(personas, reader))
    return client


@pytest.fixture
def english(settings):
    # Numbers then print with a decimal point, as the pattern above expects.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def donor_suppressed_design(did_programme, english) -> EvaluationDesign:
    """Synthetic control and the event study for A01 from 2016, over data where two
    comparison areas have 16 suppressed cells: A04 2010-2017 and A05 2012-2019. From
    published data the default comparison pool leaves both out (their series are not
    complete); from unsuppressed data it takes them in."""
    suppress([("A04", year) for year in range(2010, 2018)])
    suppress([("A05", year) for year in range(2012, 2020)])
    treated = [area for area in did_programme.treated if area.code == "A01"]
    methods = [Method.SYNTHETIC_CONTROL.value, Method.EVENT_STUDY.value]
    data = design_data(did_programme, code="suppressed", treated=treated, methods=methods)
    return create_design(None, did_programme.programme, data)


@pytest.fixture
def treated_suppressed_design(did_programme, english) -> tuple[EvaluationDesign, list[float]]:
    """Synthetic control for A01 from 2016, with A01's values for 2012-2019 suppressed: the
    treated area's path is made of them."""
    values = suppress([("A01", year) for year in range(2012, 2020)])
    treated = [area for area in did_programme.treated if area.code == "A01"]
    methods = [Method.SYNTHETIC_CONTROL.value]
    data = design_data(did_programme, code="treated", treated=treated, methods=methods)
    return create_design(None, did_programme.programme, data), values


def test_an_analyst_s_run_started_from_the_page_shows_partners_no_suppressed_value(
    client, personas, treated_suppressed_design
):
    design, values = treated_suppressed_design
    client.force_login(personas.analyst)
    client.post(reverse("evaluation:design_run", args=[design.programme.code, design.code]))
    [run] = EvaluationRun.objects.all()
    client.force_login(personas.partner)

    for name, response in run_outputs(client, run):
        text = response.content.decode()
        assert not [v for v in values if str(v) in text], name
        assert not large_numbers(text), name


def test_an_unsuppressed_run_shows_analysts_the_suppressed_values_and_no_one_else(
    client, personas, treated_suppressed_design
):
    design, values = treated_suppressed_design
    [run] = start_runs(personas.analyst, design, data_level=UNSUPPRESSED)
    client.force_login(personas.analyst)

    path = client.get(run_url("run_table", run, "path")).content.decode()
    page = client.get(run_url("run", run)).content.decode()

    assert all(str(value) in path for value in values)
    assert all(str(value) in page for value in values)
    client.force_login(personas.partner)
    for name, response in run_outputs(client, run):
        assert response.status_code == 404, name


@pytest.mark.parametrize(("starter", "level"), STARTS)
def test_every_persona_reads_only_the_results_it_may_see(
    personas, donor_suppressed_design, subtests, starter, level
):
    design = donor_suppressed_design
    # A published estimate exists first, so the lists have one to show everyone.
    earlier = start_runs(personas.evaluator, design)
    runs = start_runs(getattr(personas, starter), design, data_level=level)
    assert {run.data_level for run in runs} == {level}
    assert {run.status for run in EvaluationRun.objects.all()} == {"done"}

    for reader in READERS:
        with subtests.test(reader=reader):
            client = client_for(personas, reader)
            if reader not in WORKSPACE:
                expected = 302 if reader == "anonymous" else 403
                for name, response in [*run_outputs(client, runs[0]), *list_pages(client, design)]:
                    assert response.status_code == expected, name
                continue
            sees = reader in SEES_UNSUPPRESSED or level == PUBLISHED
            for run in runs:
                outputs = dict(run_outputs(client, run))
                if not sees:
                    assert {r.status_code for r in outputs.values()} == {404}
                    continue
                assert outputs["page"].status_code == 200
                texts = [r.content.decode() for r in outputs.values() if r.status_code == 200]
                shown = [number for text in texts for number in large_numbers(text)]
                assert bool(shown) is (level == UNSUPPRESSED), run.method
            for name, response in list_pages(client, design):
                text = response.content.decode()
                assert response.status_code == 200, name
                linked = {run.pk for run in runs if run_url("run", run) in text}
                assert linked == ({run.pk for run in runs} if sees else set()), name
                if not sees:
                    assert not large_numbers(text), name
                    assert all(run_url("run", run) in text for run in earlier), name


def test_the_mid_term_view_takes_the_latest_published_estimate_for_non_analysts(
    client, personas, donor_suppressed_design
):
    design = donor_suppressed_design
    published = start_runs(personas.evaluator, design)
    unsuppressed = start_runs(personas.analyst, design, data_level=UNSUPPRESSED)
    url = reverse("evaluation:midterm", args=[design.programme.code])

    client.force_login(personas.partner)
    partner_view = client.get(url).content.decode()
    client.force_login(personas.analyst)
    analyst_view = client.get(url).content.decode()

    assert all(run_url("run", run) in partner_view for run in published)
    assert not any(run_url("run", run) in partner_view for run in unsuppressed)
    assert all(run_url("run", run) in analyst_view for run in unsuppressed)
    assert "not publishable" in analyst_view
    assert "not publishable" not in partner_view


def test_the_mid_term_figures_leave_suppressed_values_out_for_everyone(
    client, personas, did_programme, english
):
    suppress([("A01", 2019)])
    url = reverse("evaluation:midterm", args=[did_programme.programme.code])

    for reader in ("partner", "analyst"):
        client.force_login(getattr(personas, reader))
        assert not large_numbers(client.get(url).content.decode()), reader


def test_a_run_records_the_level_it_read_and_defaults_to_published(personas, did_design):
    [published] = start_runs(personas.analyst, did_design)
    [unsuppressed] = start_runs(personas.analyst, did_design, data_level=UNSUPPRESSED)

    assert published.data_level == PUBLISHED
    assert unsuppressed.data_level == UNSUPPRESSED


@pytest.mark.parametrize("username", ["programme_admin", "evaluator"])
def test_those_who_may_not_see_unsuppressed_statistics_cannot_start_an_unsuppressed_run(
    client, personas, did_design, username
):
    user = getattr(personas, username)
    with pytest.raises(PermissionDenied):
        start_runs(user, did_design, data_level=UNSUPPRESSED)
    client.force_login(user)

    response = client.post(
        reverse("evaluation:design_run", args=[did_design.programme.code, did_design.code]),
        {"data_level": UNSUPPRESSED},
    )

    assert response.status_code == 403
    assert not EvaluationRun.objects.exists()


def test_an_unknown_data_level_is_refused_and_starts_nothing(client, personas, did_design, english):
    client.force_login(personas.analyst)

    response = client.post(
        reverse("evaluation:design_run", args=[did_design.programme.code, did_design.code]),
        {"data_level": "raw"},
    )

    assert response.status_code == 400
    assert "Unknown data level" in response.text
    assert not EvaluationRun.objects.exists()


def test_analysts_choose_the_data_level_on_the_design_page_and_others_do_not(
    client, personas, did_design, english
):
    url = reverse("evaluation:design", args=[did_design.programme.code, did_design.code])
    client.force_login(personas.analyst)
    page = client.get(url).text
    assert 'name="data_level" value="published"' in page
    assert 'name="data_level" value="unsuppressed"' in page

    client.force_login(personas.evaluator)
    assert 'name="data_level"' not in client.get(url).text


def test_an_analyst_may_choose_unsuppressed_data_on_the_page(client, personas, did_design):
    client.force_login(personas.analyst)

    client.post(
        reverse("evaluation:design_run", args=[did_design.programme.code, did_design.code]),
        {"data_level": UNSUPPRESSED},
    )

    assert EvaluationRun.objects.get().data_level == UNSUPPRESSED


def test_run_again_keeps_the_level_and_only_analysts_may_repeat_an_unsuppressed_run(
    client, personas, did_design
):
    [run] = start_runs(personas.analyst, did_design, data_level=UNSUPPRESSED)

    again = rerun(personas.analyst, run)
    assert again.data_level == UNSUPPRESSED
    with pytest.raises(PermissionDenied):
        rerun(personas.evaluator, run)
    client.force_login(personas.evaluator)
    assert client.post(run_url("run_again", run)).status_code == 404
    assert EvaluationRun.objects.count() == 2


def evaluate(tmp_path, *options: str) -> dict:
    spec = tmp_path / "spec.json"
    spec.write_text(
        json.dumps(
            {
                "method": "synthetic_control",
                "outcome": "employed",
                "treated": ["A01"],
                "treatment_period": "2016",
            }
        )
    )
    output = tmp_path / "result.json"
    call_command("evaluate", str(spec), "--output", str(output), *options, stdout=io.StringIO())
    return json.loads(output.read_text())


def test_evaluate_reads_published_data_unless_told_to_read_unsuppressed(
    personas, did_programme, tmp_path
):
    suppress([("A04", year) for year in range(2010, 2018)])

    published = evaluate(tmp_path)
    unsuppressed = evaluate(tmp_path, "--unsuppressed", "--user", "analyst")

    assert (published["data_level"], unsuppressed["data_level"]) == (PUBLISHED, UNSUPPRESSED)
    assert "A04" not in published["donors"]
    assert "A04" in unsuppressed["donors"]


def test_evaluate_refuses_unsuppressed_data_to_a_user_who_may_not_see_them(
    personas, did_programme, tmp_path
):
    with pytest.raises(CommandError, match="partner may not see unsuppressed statistics"):
        evaluate(tmp_path, "--unsuppressed", "--user", "partner")
    assert not (tmp_path / "result.json").exists()
