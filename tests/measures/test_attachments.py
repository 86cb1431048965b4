"""Documents on a measure: checked for type, size and content, stored through Django's
storage, and served only to those who may see the measure."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from omradeloft.measures.models import MeasureAttachment
from omradeloft.measures.services import add_attachment, delete_attachment
from tests.measures.factories import PDF, pdf
from tests.programmes.factories import make_measure

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def measure(programme, personas):
    return make_measure(programme, areas=[personas.d1], lead=personas.project_lead)


def stored_files(media) -> list[str]:
    return [p.name for p in media.rglob("*") if p.is_file()]


def url(measure, name="attachment_add", *args):
    return reverse(f"measures:{name}", args=[measure.programme.code, measure.code, *args])


def test_an_editor_attaches_a_pdf_that_is_stored_with_its_size_and_uploader(
    measure, personas, media
):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    assert attachment.size == len(PDF)
    assert attachment.uploaded_by == personas.district_coordinator
    assert stored_files(media) == ["plan.pdf"]


def test_the_project_lead_may_attach_too(measure, personas):
    add_attachment(personas.project_lead, measure, "Rapport", pdf())
    assert MeasureAttachment.objects.count() == 1


@pytest.mark.parametrize("persona", ["partner", "evaluator", "resident", "outsider"])
def test_others_may_not_attach(measure, personas, persona, media):
    with pytest.raises(PermissionDenied):
        add_attachment(getattr(personas, persona), measure, "Plan", pdf())
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("upload", "expected"),
    [
        (pdf("script.exe", b"MZ\x90\x00"), "are not accepted"),
        (pdf("plan.pdf", b"<html>not a pdf</html>"), "does not look like a .pdf file"),
        (pdf("empty.txt", b""), "is empty"),
    ],
)
def test_wrong_type_or_content_is_refused_and_nothing_is_stored(
    measure, personas, media, upload, expected
):
    with pytest.raises(ValidationError) as refused:
        add_attachment(personas.district_coordinator, measure, "Plan", upload)
    assert expected in refused.value.message_dict["file"][0]
    assert not MeasureAttachment.objects.exists()
    assert stored_files(media) == []


def test_a_file_over_the_size_limit_is_refused(measure, personas, media, settings):
    settings.ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    assert "the largest accepted file is 10" in refused.value.message_dict["file"][0]
    assert stored_files(media) == []


def test_a_title_is_required(measure, personas, media):
    with pytest.raises(ValidationError) as refused:
        add_attachment(personas.district_coordinator, measure, " ", pdf())
    assert "title" in refused.value.message_dict
    assert stored_files(media) == []


def test_removing_a_document_removes_its_file(
    measure, personas, media, django_capture_on_commit_callbacks
):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    with django_capture_on_commit_callbacks(execute=True):
        delete_attachment(personas.district_coordinator, attachment)
    assert not MeasureAttachment.objects.exists()
    assert stored_files(media) == []


def test_a_partner_may_not_remove_a_document(measure, personas):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    with pytest.raises(PermissionDenied):
        delete_attachment(personas.partner, attachment)
    assert MeasureAttachment.objects.exists()


def test_the_stored_file_is_served_as_a_download_to_those_who_may_see_it(client, measure, personas):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    client.force_login(personas.evaluator)
    response = client.get(url(measure, "attachment", attachment.pk))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "plan.pdf" in response["Content-Disposition"]


@pytest.mark.parametrize("persona", ["partner", "resident", "outsider", None])
def test_the_file_of_an_unpublished_measure_is_hidden_from_those_who_may_not_see_it(
    client, measure, personas, persona
):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    if persona:
        client.force_login(getattr(personas, persona))
    assert client.get(url(measure, "attachment", attachment.pk)).status_code == 404


def test_the_file_of_a_published_measure_is_served_to_anyone(client, measure, personas):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    measure.is_published = True
    measure.save()
    assert client.get(url(measure, "attachment", attachment.pk)).status_code == 200


def test_the_upload_page_adds_a_document(client, measure, personas, media):
    client.force_login(personas.district_coordinator)
    response = client.post(url(measure), {"title": "Plan", "file": pdf()})
    assert response.status_code == 302
    assert stored_files(media) == ["plan.pdf"]


def test_the_upload_page_shows_a_bad_file_again_with_status_400(client, measure, personas, media):
    client.force_login(personas.district_coordinator)
    response = client.post(url(measure), {"title": "Plan", "file": pdf("plan.pdf", b"GIF89a")})
    assert response.status_code == 400
    assert "does not look like a .pdf file" in response.content.decode()
    assert stored_files(media) == []


@pytest.mark.parametrize(("persona", "status"), [("partner", 403), ("resident", 404)])
def test_the_upload_page_is_refused_to_those_who_may_not_attach(
    client, measure, personas, persona, status
):
    measure.partners.add(personas.partner.organisation or _partner_organisation(personas))
    client.force_login(getattr(personas, persona))
    assert client.get(url(measure)).status_code == status
    assert client.post(url(measure), {"title": "Plan", "file": pdf()}).status_code == status


def test_the_delete_button_removes_the_document(client, measure, personas, media):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    client.force_login(personas.district_coordinator)
    response = client.post(url(measure, "attachment_delete", attachment.pk))
    assert response.status_code == 302
    assert not MeasureAttachment.objects.exists()


def test_the_delete_button_is_refused_to_readers(client, measure, personas):
    attachment = add_attachment(personas.district_coordinator, measure, "Plan", pdf())
    client.force_login(personas.evaluator)
    assert client.post(url(measure, "attachment_delete", attachment.pk)).status_code == 403
    assert MeasureAttachment.objects.exists()


def _partner_organisation(personas):
    from tests.factories import make_organisation

    organisation = make_organisation()
    personas.partner.organisation = organisation
    personas.partner.save()
    return organisation
