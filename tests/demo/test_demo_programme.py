"""The Groruddalen demo programme, checked the way its users would meet it after `make run`."""

import io

import docx as docx_reader
import pytest

from omradeloft.accounts.models import User
from omradeloft.evaluation.models import RunStatus
from omradeloft.evaluation.services import start_runs
from omradeloft.measures.models import Measure, ProgressReport
from omradeloft.programmes.models import GoalLevel, GoalTarget, Programme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_settings")]


@pytest.fixture
def groruddalen(loaded_demo) -> Programme:
    return Programme.objects.get(code="groruddalen")


def test_demo_programme_shows_fields_goal_targets_and_reported_measures(client, groruddalen):
    assert set(groruddalen.fields.values_list("name_en", flat=True)) == {
        "Kindergarten and school",
        "Employment",
        "Local environment",
    }
    goal = groruddalen.goals.get(level=GoalLevel.PROGRAMME)
    assert goal.indicators.exists()
    assert GoalTarget.objects.filter(goal_indicator__goal__programme=groruddalen).count() >= 2
    assert 15 <= groruddalen.measures.count() <= 25
    assert ProgressReport.objects.filter(measure__programme=groruddalen).count() > 40
    assert groruddalen.target_areas.filter(classification__isnull=False).exists()
    assert groruddalen.target_areas.filter(classification__isnull=True).exists()

    page = client.get(f"/programmes/{groruddalen.code}/").content.decode()
    for text in ("Kindergarten and school", "Employment", "Local environment", goal.title_en):
        assert text in page
    reported = Measure.objects.filter(is_published=True, reports__isnull=False).first()
    assert (
        reported.title_en
        in client.get(f"/programmes/{groruddalen.code}/measures/").content.decode()
    )
    measure_page = client.get(f"/programmes/{groruddalen.code}/measures/{reported.code}/")
    assert reported.reports.first().narrative in measure_page.content.decode()


def test_demo_district_coordinator_edits_grorud_measures_but_not_stovners(client, groruddalen):
    client.force_login(User.objects.get(username="bydel"))
    grorud = groruddalen.measures.get(code="omradeloft-romsas")
    stovner = groruddalen.measures.get(code="vestli-torg")
    base = f"/programmes/{groruddalen.code}/measures"
    assert client.get(f"{base}/{grorud.code}/edit/").status_code == 200
    assert client.get(f"{base}/{stovner.code}/edit/").status_code == 403
    before = stovner.title
    response = client.post(f"{base}/{stovner.code}/edit/", {"title": "Kapret"})
    assert response.status_code == 403
    stovner.refresh_from_db()
    assert stovner.title == before


def test_demo_description_exports_as_docx_and_html_with_the_goals(client, groruddalen):
    version = groruddalen.description_versions.get()
    goal_titles = list(groruddalen.goals.values_list("title_en", flat=True))
    base = f"/programmes/{groruddalen.code}/description/{version.number}"

    html = client.get(f"{base}/print/").content.decode()
    docx = client.get(f"{base}/description.docx")
    assert docx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    text = "\n".join(p.text for p in docx_reader.Document(io.BytesIO(docx.content)).paragraphs)
    for title in goal_titles:
        assert title in html
        assert title in text


def test_demo_evaluation_design_runs_on_the_synthetic_statistics(groruddalen, settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    design = groruddalen.evaluation_designs.get()
    assert set(design.treated.all()) == {t.area for t in groruddalen.target_areas.all()}
    runs = start_runs(User.objects.get(username="evaluator"), design)
    assert len(runs) == 2 * design.outcomes.count()
    for run in runs:
        run.refresh_from_db()
        assert run.status == RunStatus.DONE, run.message
        assert run.result["att"] is not None
