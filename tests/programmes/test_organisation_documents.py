"""Meeting documents: checked on the way in, kept in Django's storage with their size and
uploader, downloaded only by programme members, removed with their file."""

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omradeloft.programmes.models import Meeting, MeetingAttachment
from omradeloft.programmes.services import organisation as services
from tests.factories import give_role, make_programme
from tests.programmes.factories import make_body

PDF = b"%PDF-1.4\n% referat fra styringsgruppa\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def meeting(personas) -> Meeting:
    return Meeting.objects.create(
        body=make_body(personas.programme), date=datetime.date(2024, 3, 1)
    )


def add_url(personas, meeting):
    return reverse("programmes:meeting_attachment_add", args=[personas.programme.code, meeting.pk])


def download_url(personas, attachment):
    return reverse("programmes:meeting_attachment", args=[personas.programme.code, attachment.pk])


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def test_an_editor_uploads_a_document_stored_with_its_size_and_uploader(
    client, personas, meeting, tmp_path
):
    client.force_login(personas.state_coordinator)
    response = client.post(
        add_url(personas, meeting),
        {"title": "Referat", "file": SimpleUploadedFile("referat.pdf", PDF)},
    )
    assert response.status_code == 302
    attachment = MeetingAttachment.objects.get()
    assert (attachment.title, attachment.size, attachment.uploaded_by) == (
        "Referat",
        len(PDF),
        personas.state_coordinator,
    )
    assert [p.read_bytes() for p in stored_files(tmp_path)] == [PDF]
    page = client.get(response["Location"]).content.decode()
    assert download_url(personas, attachment) in page


def test_a_document_without_a_title_is_named_after_its_file(personas, meeting):
    attachment = services.add_meeting_attachment(
        personas.programme_admin, meeting, upload=SimpleUploadedFile("saker.pdf", PDF)
    )
    assert attachment.title == "saker.pdf"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("program.exe", b"MZ\x90\x00", "files of type “exe” are not accepted"),
        ("referat.pdf", b"PK\x03\x04 not a pdf", "does not look like a .pdf file"),
        ("referat.pdf", b"%PDF-" + b"x" * 2000, "the largest accepted file is"),
        ("tom.txt", b"", "empty"),
    ],
    ids=["type", "content", "size", "empty"],
)
def test_a_document_of_the_wrong_type_or_size_is_refused_and_nothing_is_stored(
    client, personas, meeting, settings, tmp_path, name, content, message
):
    settings.ATTACHMENT_MAX_BYTES = 1024
    client.force_login(personas.programme_admin)
    response = client.post(add_url(personas, meeting), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MeetingAttachment.objects.exists()
    assert stored_files(tmp_path) == []


@pytest.fixture
def attachment(personas, meeting) -> MeetingAttachment:
    return services.add_meeting_attachment(
        personas.programme_admin,
        meeting,
        upload=SimpleUploadedFile("referat.pdf", PDF),
        title="Referat",
    )


@pytest.mark.parametrize("persona", ["partner", "project_lead", "evaluator"])
def test_programme_members_download_a_document_as_an_attachment(
    client, personas, attachment, persona
):
    client.force_login(getattr(personas, persona))
    response = client.get(download_url(personas, attachment))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert "referat" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize(("persona", "status"), [("resident", 403), ("outsider", 403)])
def test_residents_and_outsiders_may_not_download_documents(
    client, personas, attachment, persona, status
):
    client.force_login(getattr(personas, persona))
    assert client.get(download_url(personas, attachment)).status_code == status


def test_anonymous_visitors_are_sent_to_log_in_before_downloading(client, personas, attachment):
    response = client.get(download_url(personas, attachment))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_member_of_another_programme_may_not_download_the_document(client, personas, attachment):
    other = make_programme()
    give_role(personas.outsider, other, "programme_admin")
    client.force_login(personas.outsider)
    assert client.get(download_url(personas, attachment)).status_code == 403
    wrong_address = reverse("programmes:meeting_attachment", args=[other.code, attachment.pk])
    assert client.get(wrong_address).status_code == 404


def test_a_document_whose_file_is_gone_is_not_found(client, personas, attachment):
    attachment.file.storage.delete(attachment.file.name)
    client.force_login(personas.partner)
    assert client.get(download_url(personas, attachment)).status_code == 404


def test_removing_a_document_removes_its_file_once_committed(
    client, personas, attachment, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(personas.programme_admin)
    delete_url = reverse(
        "programmes:meeting_attachment_delete", args=[personas.programme.code, attachment.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(delete_url)
    assert response.status_code == 302
    assert not MeetingAttachment.objects.exists()
    assert stored_files(tmp_path) == []


def test_a_refused_removal_keeps_the_document_and_its_file(
    client, personas, attachment, tmp_path, django_capture_on_commit_callbacks
):
    client.force_login(personas.district_coordinator)
    delete_url = reverse(
        "programmes:meeting_attachment_delete", args=[personas.programme.code, attachment.pk]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(delete_url).status_code == 403
    assert MeetingAttachment.objects.count() == 1
    assert len(stored_files(tmp_path)) == 1
