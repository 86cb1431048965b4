"""Importing statistics from the web: upload, a dry run first, then commit; batches roll back."""

import hashlib
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omradeloft.indicators import forms
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import BatchStatus, ImportBatch, Observation
from omradeloft.indicators.views import imports
from tests.indicators.factories import make_indicator, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_with_own_var")]

HEADER = "indicator,area,period,value,numerator,denominator"
GOOD = [
    "not_employed,0999010101,2024,25.0,250,1000",
    "not_employed,0999020201,2024,,100,1000",
    "population,0999010101,2024,1000,,",
]
BAD = [
    "not_employed,0999010101,2024,25.0,250,1000",
    "not_employed,nowhere,2024,,100,1000",
    "mystery,0999010101,2024,1,,",
]
MANAGERS = ["analyst", "programme_admin"]
REFUSED = ["resident", "outsider", "state_coordinator"]


@pytest.fixture
def catalogue(personas):
    make_indicator("not_employed")
    make_indicator("population", unit="count", polarity="higher_is_better")
    return personas


def csv_file(rows, name="statistics.csv", header=HEADER):
    return SimpleUploadedFile(name, ("\n".join([header, *rows]) + "\n").encode(), "text/csv")


def upload(client, file, **extra):
    return client.post(reverse("indicators:import"), {"file": file, **extra})


def token_of(response):
    assert response.status_code == 302, response.content.decode()
    token = response["Location"].rstrip("/").rsplit("/", 1)[-1]
    assert response["Location"] == reverse("indicators:import_preview", args=[token])
    return token


def preview_url(token):
    return reverse("indicators:import_preview", args=[token])


def stored_files(settings):
    """Every file staged, as paths below the staging folder."""
    folder = Path(settings.VAR_DIR) / "staged"
    if not folder.exists():
        return []
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file())


def imported_batch(personas, tmp_path, rows=GOOD, name="earlier.csv"):
    chunks, info = open_observation_file(write_csv(tmp_path / name, rows))
    return import_observations(chunks, info, actor=personas.analyst).batch


# Who may


@pytest.mark.parametrize("url", ["import", "batches"])
def test_anonymous_visitors_are_sent_to_log_in_to_import(client, catalogue, url):
    response = client.get(reverse(f"indicators:{url}"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_anonymous_uploads_and_rollbacks_are_sent_to_log_in(client, catalogue, tmp_path, settings):
    batch = imported_batch(catalogue, tmp_path)
    assert upload(client, csv_file(GOOD))["Location"].startswith(reverse("login"))
    assert stored_files(settings) == []
    response = client.post(reverse("indicators:rollback", args=[batch.pk]))
    assert response["Location"].startswith(reverse("login"))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


@pytest.mark.parametrize("persona", REFUSED)
def test_others_are_refused_import_pages(client, catalogue, persona, tmp_path, settings):
    batch = imported_batch(catalogue, tmp_path)
    client.force_login(getattr(catalogue, persona))
    assert client.get(reverse("indicators:import")).status_code == 403
    assert upload(client, csv_file(GOOD)).status_code == 403
    assert stored_files(settings) == []
    assert client.get(reverse("indicators:batches")).status_code == 403
    assert client.post(reverse("indicators:rollback", args=[batch.pk])).status_code == 403
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


@pytest.mark.parametrize("persona", MANAGERS)
def test_statistics_managers_may_use_the_import_pages(client, catalogue, persona, tmp_path):
    imported_batch(catalogue, tmp_path)
    client.force_login(getattr(catalogue, persona))
    response = client.get(reverse("indicators:import"))
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()
    response = client.get(reverse("indicators:batches"))
    assert response.status_code == 200
    assert "earlier.csv" in response.content.decode()


def test_someone_elses_upload_cannot_be_seen_or_imported(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(GOOD)))
    client.force_login(catalogue.programme_admin)
    assert client.get(preview_url(token)).status_code == 404
    assert client.post(preview_url(token)).status_code == 404
    assert client.post(preview_url(token), {"discard": "1"}).status_code == 404
    assert not Observation.objects.exists()


@pytest.mark.parametrize("persona", REFUSED)
def test_others_are_refused_previews(client, catalogue, persona):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(GOOD)))
    client.force_login(getattr(catalogue, persona))
    assert client.get(preview_url(token)).status_code == 403
    assert client.post(preview_url(token)).status_code == 403
    client.logout()
    assert client.get(preview_url(token))["Location"].startswith(reverse("login"))
    assert not Observation.objects.exists()


def test_a_superuser_may_import_someone_elses_upload(client, catalogue):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(GOOD)))
    client.force_login(catalogue.superuser)
    assert client.get(preview_url(token)).status_code == 200


@pytest.mark.parametrize("token", ["x" * 32, "..", "short", "a.b" * 10])
def test_an_unknown_upload_is_not_found(client, catalogue, token):
    client.force_login(catalogue.analyst)
    assert client.get(reverse("indicators:import_preview", args=[token])).status_code == 404


# Upload, check, import


def test_an_upload_is_stored_with_its_facts_and_checked_without_writing(
    client, catalogue, settings
):
    client.force_login(catalogue.analyst)
    file = csv_file(GOOD)
    token = token_of(upload(client, file))
    # The rows read from it, not the file itself.
    assert stored_files(settings) == [f"{token}/chunk-000000.parquet", f"{token}/meta.json"]
    meta = json.loads((Path(settings.VAR_DIR) / "staged" / token / "meta.json").read_text())
    assert meta["file_name"] == "statistics.csv"
    assert (meta["format"], meta["uploader"]) == ("csv", catalogue.analyst.pk)
    file.seek(0)
    assert meta["sha256"] == hashlib.sha256(file.read()).hexdigest()

    response = client.get(preview_url(token))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Check of statistics.csv" in html
    cells = [c.split(">")[-1] for c in html.split("</td>")[:4]]
    assert cells == ["3", "3", "0", "0"]  # rows, new, changed, unchanged
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_committing_an_upload_imports_it_and_forgets_the_file(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(GOOD)))
    response = client.post(preview_url(token))
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:batches")
    batch = ImportBatch.objects.get()
    assert (batch.user, batch.file_name, batch.created_count) == (
        catalogue.analyst,
        "statistics.csv",
        3,
    )
    assert Observation.objects.imported().count() == 3
    assert stored_files(settings) == []
    html = client.get(response["Location"]).content.decode()
    assert (
        f"Imported statistics.csv as batch {batch.pk}: 3 rows, 3 new, 0 changed and 0 unchanged"
        in html
    )
    assert client.get(preview_url(token)).status_code == 404


def test_a_file_already_imported_shows_it_would_change_nothing(client, catalogue, tmp_path):
    imported_batch(catalogue, tmp_path)
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(GOOD)))
    html = client.get(preview_url(token)).content.decode()
    assert "importing it would change nothing" in html
    response = client.post(preview_url(token), follow=True)
    assert "Nothing was imported from statistics.csv" in response.content.decode()
    assert ImportBatch.objects.count() == 1


def test_a_file_with_bad_rows_lists_every_problem_and_writes_nothing(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(BAD)))
    response = client.get(preview_url(token))
    assert response.status_code == 400
    html = response.content.decode()
    assert "2 errors were found." in html
    assert "row 3: area: unknown area code “nowhere”" in html
    assert "row 4: indicator: unknown indicator code “mystery”" in html
    assert "Rows with the same problem are listed together" in html
    assert "Nothing has been written." in html
    assert client.post(preview_url(token)).status_code == 400
    assert not Observation.objects.exists()
    assert not ImportBatch.objects.exists()


def test_a_file_without_the_needed_columns_says_so_and_is_not_kept(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    response = upload(client, csv_file(["1,2"], header="indicator,value"))
    assert response.status_code == 400
    assert "missing column(s) area, period" in response.content.decode()
    assert stored_files(settings) == []


def test_a_broken_workbook_is_refused_with_a_message(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    broken = SimpleUploadedFile("book.xlsx", b"not a zip file", "application/octet-stream")
    response = upload(client, broken)
    assert response.status_code == 400
    assert "not a readable Excel workbook" in response.content.decode()
    assert stored_files(settings) == []


def test_an_upload_can_be_discarded(client, catalogue, settings):
    client.force_login(catalogue.analyst)
    token = token_of(upload(client, csv_file(BAD)))
    response = client.post(preview_url(token), {"discard": "1"})
    assert response["Location"] == reverse("indicators:import")
    assert stored_files(settings) == []
    assert not Observation.objects.exists()


@pytest.mark.parametrize(
    ("file", "extra", "message"),
    [
        (None, {}, "This field is required"),
        (SimpleUploadedFile("notes.txt", b"hello"), {}, "Use a .csv, .xlsx, .xls or .json file"),
        (SimpleUploadedFile("data.json", b"{}"), {}, "A JSON-stat file needs a mapping file"),
        (
            SimpleUploadedFile("data.json", b"{}"),
            {"mapping": SimpleUploadedFile("map.json", b"{not json")},
            "The mapping is not valid JSON",
        ),
        (
            SimpleUploadedFile("data.json", b"{}"),
            {"mapping": SimpleUploadedFile("map.json", b"[1, 2]")},
            "The mapping must be a JSON object",
        ),
    ],
)
def test_bad_uploads_are_refused_with_a_message_and_nothing_is_stored(
    client, catalogue, settings, file, extra, message
):
    client.force_login(catalogue.analyst)
    data = ({"file": file} if file else {}) | extra
    response = client.post(reverse("indicators:import"), data)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    assert 'class="error-summary"' in html
    assert stored_files(settings) == []


def test_a_file_over_the_size_limit_is_refused(client, catalogue, settings, monkeypatch):
    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 100)
    client.force_login(catalogue.analyst)
    response = upload(client, csv_file(GOOD * 10))
    assert response.status_code == 400
    assert "files of at most 100\xa0bytes can be imported here" in response.content.decode()
    assert stored_files(settings) == []


def test_a_json_stat_dataset_imports_through_its_mapping(client, catalogue):
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 1],
        "dimension": {
            "Region": {"category": {"index": ["01", "02"]}},
            "Tid": {"category": {"index": ["2024"]}},
        },
        "value": [1000, 2000],
    }
    mapping = {
        "area": {"dimension": "Region", "prefix": "0999"},
        "period": {"dimension": "Tid"},
        "indicator": {"code": "population"},
    }
    client.force_login(catalogue.programme_admin)
    response = upload(
        client,
        SimpleUploadedFile("ssb.json", json.dumps(dataset).encode()),
        mapping=SimpleUploadedFile("map.json", json.dumps(mapping).encode()),
    )
    token = token_of(response)
    assert client.get(preview_url(token)).status_code == 200
    assert client.post(preview_url(token)).status_code == 302
    assert sorted(Observation.objects.imported().values_list("area__code", "period", "value")) == [
        ("099901", "2024", 1000.0),
        ("099902", "2024", 2000.0),
    ]
    assert ImportBatch.objects.get().file_format == "jsonstat"


# Batches and rollback


def test_the_batches_page_lists_imports_with_their_counts(client, catalogue, tmp_path):
    batch = imported_batch(catalogue, tmp_path)
    client.force_login(catalogue.programme_admin)
    html = client.get(reverse("indicators:batches")).content.decode()
    assert "earlier.csv" in html
    assert "analyst" in html
    assert f'action="{reverse("indicators:rollback", args=[batch.pk])}"' in html
    assert f"Roll back earlier.csv (batch {batch.pk})" in html


def test_the_batches_page_is_paginated(client, catalogue, tmp_path, monkeypatch):
    monkeypatch.setattr(imports, "BATCHES_PER_PAGE", 1)
    imported_batch(catalogue, tmp_path, name="first.csv")
    imported_batch(catalogue, tmp_path, rows=[GOOD[0].replace("25.0,250", "30,300")], name="b.csv")
    client.force_login(catalogue.analyst)
    html = client.get(reverse("indicators:batches")).content.decode()
    assert "b.csv" in html
    assert "first.csv" not in html
    assert "Page 1 of 2" in html
    html = client.get(reverse("indicators:batches"), {"page": 2}).content.decode()
    assert "first.csv" in html


@pytest.mark.parametrize("persona", MANAGERS)
def test_a_batch_is_rolled_back_through_the_page(client, catalogue, tmp_path, persona):
    batch = imported_batch(catalogue, tmp_path)
    client.force_login(getattr(catalogue, persona))
    response = client.post(reverse("indicators:rollback", args=[batch.pk]), {"page": "1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("indicators:batches") + "?page=1"
    batch.refresh_from_db()
    assert batch.status == BatchStatus.ROLLED_BACK
    assert not Observation.objects.exists()
    html = client.get(response["Location"]).content.decode()
    assert f"The import of earlier.csv (batch {batch.pk}) was rolled back." in html
    assert "rolled back</td>" in html
    assert "Roll back earlier.csv" not in html


def test_a_refused_rollback_says_why(client, catalogue, tmp_path):
    batch = imported_batch(catalogue, tmp_path)
    client.force_login(catalogue.analyst)
    client.post(reverse("indicators:rollback", args=[batch.pk]))
    response = client.post(reverse("indicators:rollback", args=[batch.pk]), follow=True)
    assert response.redirect_chain == [(reverse("indicators:batches"), 302)]
    html = response.content.decode()
    assert '<p class="message message-error">This import has already been rolled back.</p>' in html


def test_a_rollback_waits_for_later_imports_and_says_which(client, catalogue, tmp_path):
    first = imported_batch(catalogue, tmp_path, name="first.csv")
    imported_batch(catalogue, tmp_path, rows=[GOOD[0].replace("25.0,250", "30,300")], name="b.csv")
    client.force_login(catalogue.analyst)
    response = client.post(reverse("indicators:rollback", args=[first.pk]), follow=True)
    assert "Roll those back first" in response.content.decode()
    assert "b.csv" in response.content.decode()
    first.refresh_from_db()
    assert first.status == BatchStatus.COMMITTED


def test_rollback_only_answers_post(client, catalogue, tmp_path):
    batch = imported_batch(catalogue, tmp_path)
    client.force_login(catalogue.analyst)
    assert client.get(reverse("indicators:rollback", args=[batch.pk])).status_code == 405
    batch.refresh_from_db()
    assert batch.status == BatchStatus.COMMITTED


def test_rolling_back_an_unknown_batch_is_not_found(client, catalogue):
    client.force_login(catalogue.analyst)
    assert client.post(reverse("indicators:rollback", args=[999])).status_code == 404
