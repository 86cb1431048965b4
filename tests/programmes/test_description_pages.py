"""The description pages: editors read the live draft, everyone else the latest published
version; published versions are listed, shown, printed and downloaded as Word documents."""

import io
import re

import docx
import pytest
from django.urls import reverse
from django.utils import translation

from omradeloft.programmes.services.description import publish_version
from tests.factories import make_programme
from tests.programmes.test_description_assembly import describe_programme

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
EDITORS = ["programme_admin", "state_coordinator", "municipal_coordinator"]
NON_EDITORS = ["district_coordinator", "project_lead", "partner", "evaluator", "resident"]


def url(personas, name: str, *args: object) -> str:
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


@pytest.fixture
def published(personas):
    """A described programme with version 1 published, then a change made only in the draft."""
    described = describe_programme(personas)
    publish_version(personas.programme_admin, personas.programme, "Første utgave.")
    described.school.strategy = "Utkast som ikke er publisert."
    described.school.save()
    return described


@pytest.mark.parametrize("persona", [*NON_EDITORS, "outsider", None])
def test_everyone_else_reads_the_published_version_not_the_draft(
    client, personas, published, persona
):
    if persona:
        client.force_login(getattr(personas, persona))
    response = client.get(url(personas, "description"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Styrke språket i barnehagen." in html
    assert "Utkast som ikke er publisert." not in html
    assert "Første utgave." in html
    assert 'action="' + url(personas, "description_publish") not in html


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_read_the_draft_with_a_publish_form_and_a_link_to_what_changed(
    client, personas, published, persona
):
    client.force_login(getattr(personas, persona))
    html = client.get(url(personas, "description")).content.decode()
    assert "Utkast som ikke er publisert." in html
    assert 'action="' + url(personas, "description_publish") in html
    assert 'name="note"' in html
    assert url(personas, "description_diff") + "?from=1&amp;to=draft" in html


def test_the_public_is_told_when_nothing_is_published_yet(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    describe_programme(personas)
    html = client.get(url(personas, "description")).content.decode()
    assert "No version of the programme description has been published yet." in html
    assert "Varig bedre levekår" not in html


def test_the_page_is_in_the_programme_menu(client, personas, published):
    html = client.get(url(personas, "description")).content.decode()
    assert f'href="{url(personas, "description")}" aria-current="page"' in html


def test_demo_programmes_carry_the_demo_notice(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    personas.programme.is_demo = True
    personas.programme.save()
    publish_version(personas.programme_admin, personas.programme)
    for name, args in [
        ("description", ()),
        ("description_version", (1,)),
        ("description_versions", ()),
    ]:
        html = client.get(url(personas, name, *args)).content.decode()
        assert "This programme is demo content" in html, name
    html = client.get(url(personas, "description_print", 1)).content.decode()
    assert "This programme is demo content" in html


def test_an_unknown_programme_is_not_found(client, personas):
    response = client.get(reverse("programmes:description", args=["nowhere"]))
    assert response.status_code == 404


def test_the_versions_page_lists_published_versions_for_the_public(client, personas, published):
    publish_version(personas.state_coordinator, personas.programme, "Nytt utkast.")
    response = client.get(url(personas, "description_versions"))
    assert response.status_code == 200
    html = response.content.decode()
    assert url(personas, "description_version", 1) in html
    assert url(personas, "description_version", 2) in html
    assert "Nytt utkast." in html
    assert "state_coordinator" in html
    assert f'action="{url(personas, "description_diff")}"' in html
    assert 'value="draft"' not in html


def test_editors_may_compare_the_draft_from_the_versions_page(client, personas, published):
    client.force_login(personas.programme_admin)
    html = client.get(url(personas, "description_versions")).content.decode()
    assert 'value="draft"' in html


def test_a_version_page_shows_that_version(client, personas, published):
    response = client.get(url(personas, "description_version", 1))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Styrke språket i barnehagen." in html
    assert "Varig bedre levekår" in html
    assert "Utkast som ikke er publisert." not in html


def test_an_unknown_version_is_not_found(client, personas, published):
    assert client.get(url(personas, "description_version", 7)).status_code == 404
    assert client.get(url(personas, "description_print", 7)).status_code == 404
    assert client.get(url(personas, "description_docx", 7)).status_code == 404


def test_the_english_page_shows_the_english_snapshot(client, personas, published, settings):
    settings.LANGUAGE_CODE = "en"
    html = client.get(url(personas, "description_version", 1)).content.decode()
    assert "Lasting better living conditions" in html
    assert "Strengthen language in kindergarten." in html
    assert "Goals and indicators" in html


def test_a_published_version_prints_as_a_standalone_page(client, personas, published):
    response = client.get(url(personas, "description_print", 1))
    assert response.status_code == 200
    assert "Content-Disposition" not in response
    html = response.content.decode()
    assert '<html lang="nb">' in html
    assert re.search(r"<title>[^<]*Testprogrammet[^<]*</title>", html)
    assert "Varig bedre levekår" in html
    assert "Flere barn i barnehage" in html
    assert "@media print" in html
    assert "site-header" not in html  # no site navigation


def test_the_printed_version_downloads_as_an_html_file(client, personas, published):
    response = client.get(url(personas, "description_print", 1), {"download": "1"})
    assert response["Content-Disposition"] == (
        'attachment; filename="testprogramme-description-v1.html"'
    )


def test_a_published_version_downloads_as_a_word_document(client, personas, published):
    response = client.get(url(personas, "description_docx", 1))
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "testprogramme-description-v1.docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    text = "\n".join(paragraphs)
    assert "Varig bedre levekår" in text
    assert "Flere barn i barnehage" in text
    assert "Bedre norskferdigheter" in text
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    with translation.override("nb"):
        assert headings[3] == f"4. {translation.gettext('Goals and indicators')}"
    assert len(headings) == 8
    table_text = "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Barnehagedeltakelse" in table_text
    assert "Leksehjelp" in table_text


def test_the_english_word_document_is_in_english(client, personas, published, settings):
    settings.LANGUAGE_CODE = "en"
    response = client.get(url(personas, "description_docx", 1))
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert "4. Goals and indicators" in headings
    assert any("Lasting better living conditions" in p.text for p in document.paragraphs)


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_export_the_draft(client, personas, published, persona):
    client.force_login(getattr(personas, persona))
    printed = client.get(url(personas, "description_print"))
    assert printed.status_code == 200
    assert "Utkast som ikke er publisert." in printed.content.decode()
    downloaded = client.get(url(personas, "description_print"), {"download": "1"})
    assert "testprogramme-description-draft.html" in downloaded["Content-Disposition"]
    word = client.get(url(personas, "description_docx"))
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    assert any("Utkast som ikke er publisert." in p.text for p in document.paragraphs)


@pytest.mark.parametrize("persona", [*NON_EDITORS, "outsider"])
@pytest.mark.parametrize("name", ["description_print", "description_docx"])
def test_others_are_refused_the_draft_exports(client, personas, published, persona, name):
    client.force_login(getattr(personas, persona))
    assert client.get(url(personas, name)).status_code == 403


@pytest.mark.parametrize("name", ["description_print", "description_docx"])
def test_anonymous_visitors_are_sent_to_log_in_for_the_draft_exports(client, personas, name):
    response = client.get(url(personas, name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_editor_of_another_programme_is_refused_its_draft(client, personas):
    other = make_programme(code="other")
    client.force_login(personas.programme_admin)
    response = client.get(reverse("programmes:description_docx", args=[other.code]))
    assert response.status_code == 403
    html = client.get(reverse("programmes:description", args=[other.code])).content.decode()
    assert 'name="note"' not in html
