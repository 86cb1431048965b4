"""Publishing the programme description freezes it as a numbered version; only those who may
edit the programme publish, and a version that changes nothing is refused."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.urls import reverse

from omradeloft.programmes.models import DescriptionVersion
from omradeloft.programmes.services.description import publish_version
from tests.factories import make_programme
from tests.programmes.factories import make_field, make_goal
from tests.programmes.test_description_assembly import describe_programme, section, text_of


def publish_url(personas) -> str:
    return reverse("programmes:description_publish", args=[personas.programme.code])


def test_publishing_numbers_versions_from_one(personas):
    programme = personas.programme
    first = publish_version(personas.programme_admin, programme, "Første utgave.")
    make_goal(programme, title="Et nytt mål")
    second = publish_version(personas.state_coordinator, programme, "  Nytt mål.  ")
    assert (first.number, second.number) == (1, 2)
    assert second.published_by == personas.state_coordinator
    assert second.note == "Nytt mål."


def test_a_version_holds_the_description_in_bokmal_and_english(personas):
    describe_programme(personas)
    version = publish_version(personas.programme_admin, personas.programme)
    assert set(version.content) == {"nb", "en"}
    assert section(version.content["en"], "goals")["title"] == "Goals and indicators"
    assert "Lasting better living conditions" in text_of(section(version.content["en"], "goals"))
    assert "Varig bedre levekår" in text_of(section(version.content["nb"], "goals"))


def test_a_published_version_does_not_change_when_the_data_changes_afterwards(personas):
    described = describe_programme(personas)
    version = publish_version(personas.programme_admin, personas.programme)
    frozen = version.content
    described.school.strategy = "En helt ny strategi."
    described.school.save()
    described.field_goal.title = "Omdøpt mål"
    described.field_goal.save()
    version.refresh_from_db()
    assert version.content == frozen
    fields = text_of(section(version.content["nb"], "fields"))
    assert "Styrke språket i barnehagen." in fields
    assert "En helt ny strategi." not in fields


@pytest.mark.parametrize("persona", ["partner", "district_coordinator", "resident", "outsider"])
def test_users_who_may_not_edit_the_programme_cannot_publish(personas, persona):
    with pytest.raises(PermissionDenied):
        publish_version(getattr(personas, persona), personas.programme)
    assert not DescriptionVersion.objects.exists()


def test_republishing_without_changes_is_refused_with_a_message(personas, settings):
    settings.LANGUAGE_CODE = "en"
    publish_version(personas.programme_admin, personas.programme)
    with pytest.raises(ValidationError, match="Nothing has changed since version 1"):
        publish_version(personas.programme_admin, personas.programme)
    assert DescriptionVersion.objects.count() == 1


def test_a_note_longer_than_the_limit_is_refused(personas):
    with pytest.raises(ValidationError):
        publish_version(personas.programme_admin, personas.programme, "x" * 301)
    assert not DescriptionVersion.objects.exists()


@pytest.mark.parametrize(
    "persona", ["programme_admin", "state_coordinator", "municipal_coordinator"]
)
def test_coordinators_publish_through_the_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    response = client.post(publish_url(personas), {"note": "Vedtatt i styringsgruppen."})
    assert response.status_code == 302
    assert response.url == reverse("programmes:description", args=[personas.programme.code])
    version = DescriptionVersion.objects.get()
    assert (version.number, version.note) == (1, "Vedtatt i styringsgruppen.")
    assert version.published_by == getattr(personas, persona)


@pytest.mark.parametrize(
    "persona", ["partner", "district_coordinator", "resident", "evaluator", "outsider"]
)
def test_others_are_refused_publishing_through_the_page(client, personas, persona):
    client.force_login(getattr(personas, persona))
    assert client.post(publish_url(personas), {"note": ""}).status_code == 403
    assert not DescriptionVersion.objects.exists()


def test_anonymous_visitors_are_sent_to_log_in_to_publish(client, personas):
    response = client.post(publish_url(personas), {"note": ""})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not DescriptionVersion.objects.exists()


def test_publishing_is_refused_for_a_programme_where_the_user_has_no_role(client, personas):
    other = make_programme(code="other")
    client.force_login(personas.programme_admin)
    response = client.post(reverse("programmes:description_publish", args=[other.code]))
    assert response.status_code == 403


def test_publishing_is_a_post(client, personas):
    client.force_login(personas.programme_admin)
    assert client.get(publish_url(personas)).status_code == 405


def test_republishing_through_the_page_shows_the_message_and_changes_nothing(
    client, personas, settings
):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    client.post(publish_url(personas), {"note": "Første."})
    response = client.post(publish_url(personas), {"note": "Andre."})
    assert response.status_code == 400
    assert "Nothing has changed since version 1" in response.content.decode()
    assert DescriptionVersion.objects.count() == 1


def test_a_too_long_note_through_the_page_is_refused_with_a_message(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    response = client.post(publish_url(personas), {"note": "x" * 301})
    assert response.status_code == 400
    assert "at most 300 characters" in response.content.decode()
    assert not DescriptionVersion.objects.exists()


def test_publishing_after_a_change_makes_the_next_version(client, personas):
    client.force_login(personas.programme_admin)
    client.post(publish_url(personas), {"note": ""})
    make_field(personas.programme, name="Nærmiljø")
    client.post(publish_url(personas), {"note": "Nytt innsatsfelt."})
    assert list(DescriptionVersion.objects.values_list("number", flat=True)) == [2, 1]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite serialises writers on its own"
)
# Serialized rollback: an earlier transactional test may have flushed the content types
# the audit log refers to; this restores them before the test, as the browser tests do.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_publishes_get_distinct_numbers(personas):
    programme, admin = personas.programme, personas.programme_admin
    make_goal(programme, title="Før")
    errors: list[Exception] = []

    def publish(note: str) -> None:
        try:
            make_goal(programme, title=note)
            publish_version(admin, programme, note)
        except ValidationError:
            pass  # both saw the same data: the second is rightly refused
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish, args=(f"mål {n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(DescriptionVersion.objects.values_list("number", flat=True))
    assert numbers == list(range(1, len(numbers) + 1))
