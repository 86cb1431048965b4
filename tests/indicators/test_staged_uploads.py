"""An upload is read once: its check and its import use the rows staged when it arrived; a
staged upload is its uploader's; abandoned ones are cleaned away."""

import io
import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from omradeloft.indicators.importing import files
from omradeloft.indicators.models import ImportBatch, Observation
from tests.indicators.factories import make_indicator

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

ROWS = [
    ("not_employed", "0999010101", "2024", 25.0),
    ("not_employed", "0999020201", "2024", 10.0),
]
HOUR = 3600


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    return personas


def csv_upload(rows=ROWS, name="statistics.csv"):
    lines = ["indicator,area,period,value", *(",".join(map(str, r)) for r in rows)]
    return SimpleUploadedFile(name, ("\n".join(lines) + "\n").encode(), "text/csv")


def xlsx_upload(rows=ROWS, name="statistics.xlsx"):
    workbook = Workbook()
    workbook.active.append(["indicator", "area", "period", "value"])
    for values in rows:
        workbook.active.append(list(values))
    data = io.BytesIO()
    workbook.save(data)
    return SimpleUploadedFile(name, data.getvalue())


def stage(client, file) -> str:
    response = client.post(reverse("indicators:import"), {"file": file})
    assert response.status_code == 302, response.content.decode()
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def preview_url(token):
    return reverse("indicators:import_preview", args=[token])


def staged_folder(settings, token) -> Path:
    return Path(settings.VAR_DIR) / "staged" / token


def age(folder: Path, hours: float) -> None:
    then = time.time() - hours * HOUR
    os.utime(folder, (then, then))


@pytest.mark.parametrize(
    ("reader", "make_upload"), [("read_csv", csv_upload), ("read_xlsx", xlsx_upload)]
)
def test_the_check_and_the_import_do_not_read_the_upload_again(
    client, catalogue, monkeypatch, reader, make_upload
):
    calls = []
    original = getattr(files, reader)

    def counted(*args, **kwargs):
        calls.append(args[0])
        return original(*args, **kwargs)

    monkeypatch.setattr(files, reader, counted)
    client.force_login(catalogue.analyst)
    token = stage(client, make_upload())
    for _ in range(3):  # the check, shown again and again
        response = client.get(preview_url(token))
        assert response.status_code == 200
        assert "importing it would do" in response.content.decode()
    assert client.post(preview_url(token)).status_code == 302
    assert len(calls) == 1
    assert sorted(Observation.objects.imported().values_list("area__code", "value")) == [
        ("0999010101", 25.0),
        ("0999020201", 10.0),
    ]


def test_the_uploaded_file_is_not_kept_once_read(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    token = stage(client, xlsx_upload())
    kept = sorted(p.name for p in staged_folder(settings, token).rglob("*"))
    assert kept == ["chunk-000000.parquet", "meta.json"]


def test_the_check_compares_the_staged_rows_with_the_catalogue_as_it_is_now(client, catalogue):
    client.force_login(catalogue.analyst)
    token = stage(client, csv_upload([*ROWS, ("population", "0999010101", "2024", 1000)]))
    response = client.get(preview_url(token))
    assert response.status_code == 400
    assert "unknown indicator code “population”" in response.content.decode()
    make_indicator("population", unit="count", polarity="higher_is_better")
    assert client.get(preview_url(token)).status_code == 200
    assert client.post(preview_url(token)).status_code == 302
    assert Observation.objects.imported().count() == 3


def test_an_upload_staged_by_one_user_cannot_be_imported_by_another(client, catalogue):
    client.force_login(catalogue.analyst)
    token = stage(client, csv_upload())
    client.force_login(catalogue.programme_admin)
    assert client.get(preview_url(token)).status_code == 404
    assert client.post(preview_url(token)).status_code == 404
    assert client.post(preview_url(token), {"discard": "1"}).status_code == 404
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()
    # It is still there for the one who staged it.
    client.force_login(catalogue.analyst)
    assert client.post(preview_url(token)).status_code == 302
    assert ImportBatch.objects.get().user == catalogue.analyst


def test_the_cleanup_command_deletes_old_staged_uploads_and_keeps_fresh_ones(
    client, catalogue, settings
):
    client.force_login(catalogue.analyst)
    old, fresh = stage(client, csv_upload()), stage(client, csv_upload())
    age(staged_folder(settings, old), 25)
    age(staged_folder(settings, fresh), 23)
    out = io.StringIO()
    call_command("clean_staged_uploads", stdout=out)
    assert "Deleted 1 staged upload(s) older than 24 hours." in out.getvalue()
    assert not staged_folder(settings, old).exists()
    assert client.get(preview_url(old)).status_code == 404
    assert client.get(preview_url(fresh)).status_code == 200


def test_the_cleanup_command_takes_another_age(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    token = stage(client, csv_upload())
    age(staged_folder(settings, token), 2)
    out = io.StringIO()
    call_command("clean_staged_uploads", "--older-than", "1.5", stdout=out)
    assert "Deleted 1 staged upload(s) older than 1.5 hours." in out.getvalue()
    assert not staged_folder(settings, token).exists()


@pytest.mark.parametrize("hours", ["0", "-3"])
def test_the_cleanup_command_refuses_an_age_that_would_catch_uploads_being_read(hours):
    with pytest.raises(CommandError, match="expected a positive number of hours"):
        call_command("clean_staged_uploads", "--older-than", hours, stdout=io.StringIO())


def test_the_cleanup_leaves_what_is_not_a_staged_upload(client, catalogue, settings):
    root = Path(settings.VAR_DIR) / "staged"
    (root / "notes").mkdir(parents=True)
    (root / "README").write_text("kept")
    for path in root.iterdir():
        age(path, 48)
    call_command("clean_staged_uploads", stdout=io.StringIO())
    assert sorted(p.name for p in root.iterdir()) == ["README", "notes"]


def test_staging_an_upload_cleans_away_abandoned_ones(client, catalogue, settings):
    settings.STAGED_UPLOAD_MAX_AGE_HOURS = 6
    client.force_login(catalogue.analyst)
    old = stage(client, csv_upload())
    age(staged_folder(settings, old), 7)
    client.force_login(catalogue.programme_admin)
    stage(client, csv_upload())
    assert not staged_folder(settings, old).exists()
