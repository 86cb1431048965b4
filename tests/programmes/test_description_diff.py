"""What changed between two versions of the description: sections, lines and words."""

import pytest
from django.urls import reverse

from omradeloft.programmes.description import assemble
from omradeloft.programmes.description_diff import Segment, diff_descriptions, word_diff
from omradeloft.programmes.models import GoalLevel
from omradeloft.programmes.services.description import publish_version
from tests.programmes.factories import make_goal
from tests.programmes.test_description_assembly import describe_programme


def compare_url(personas) -> str:
    return reverse("programmes:description_diff", args=[personas.programme.code])


def changes_in(diff, key: str):
    return next(section for section in diff.sections if section.key == key).changes


def texts(change) -> str:
    return "".join(segment.text for segment in change.segments)


@pytest.fixture
def two_versions(personas):
    """Version 1, then an added sub-goal and a rewritten strategy in version 2."""
    described = describe_programme(personas)
    publish_version(personas.programme_admin, personas.programme, "Første.")
    make_goal(
        personas.programme,
        parent=described.field_goal,
        level=GoalLevel.SUB,
        title="Flere gutter fullfører videregående",
    )
    described.school.strategy = "Styrke språket og leken i barnehagen."
    described.school.save()
    publish_version(personas.programme_admin, personas.programme, "Andre.")
    return described


def test_word_diff_marks_inserted_and_deleted_words():
    assert word_diff("Styrke språket i barnehagen.", "Styrke leken i barnehagen.") == [
        Segment("same", "Styrke "),
        Segment("del", "språket "),
        Segment("ins", "leken "),
        Segment("same", "i barnehagen."),
    ]


def test_an_added_goal_is_shown_as_added(personas):
    described = describe_programme(personas)
    before = assemble(personas.programme, "nb")
    make_goal(
        personas.programme, parent=described.field_goal, level=GoalLevel.SUB, title="Nytt delmål"
    )
    diff = diff_descriptions(before, assemble(personas.programme, "nb"))
    added = [c for c in changes_in(diff, "goals") if c.status == "added"]
    assert any("Nytt delmål" in texts(change) for change in added)
    assert all(segment.op == "ins" for change in added for segment in change.segments)
    assert not [c for c in changes_in(diff, "goals") if c.status == "removed"]


def test_a_changed_strategy_is_shown_word_by_word(personas):
    described = describe_programme(personas)
    before = assemble(personas.programme, "nb")
    described.school.strategy = "Styrke språket og leken i barnehagen."
    described.school.save()
    (change,) = changes_in(diff_descriptions(before, assemble(personas.programme, "nb")), "fields")
    assert change.status == "changed"
    assert change.context == "Barnehage og skole"
    assert change.segments == [
        Segment("same", "Styrke språket "),
        Segment("ins", "og leken "),
        Segment("same", "i barnehagen."),
    ]


def test_an_unrelated_rewrite_is_a_removal_and_an_addition(personas):
    described = describe_programme(personas)
    before = assemble(personas.programme, "nb")
    described.school.strategy = "Helt annerledes tekst uten felles ord."
    described.school.save()
    changes = changes_in(diff_descriptions(before, assemble(personas.programme, "nb")), "fields")
    assert [change.status for change in changes] == ["removed", "added"]


def test_sections_added_and_removed_are_shown_as_such(personas):
    current = assemble(personas.programme, "en")
    older = [section for section in current if section["key"] != "economy"]
    older.append(
        {"key": "budget", "title": "Budget", "blocks": [{"type": "paragraph", "text": "x"}]}
    )
    diff = diff_descriptions(older, current)
    status = {section.key: section.status for section in diff.sections}
    assert status["economy"] == "added"
    assert status["budget"] == "removed"
    assert status["goals"] == "unchanged"
    assert diff.has_changes


def test_identical_documents_have_no_changes(personas):
    describe_programme(personas)
    document = assemble(personas.programme, "nb")
    diff = diff_descriptions(document, document)
    assert not diff.has_changes
    assert len(diff.unchanged_titles) == 8


def test_the_compare_page_shows_the_added_goal_and_the_rewritten_strategy(
    client, personas, two_versions
):
    response = client.get(compare_url(personas), {"from": "1", "to": "2"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Flere gutter fullfører videregående</ins>" in html
    assert "<ins>og leken </ins>" in html


def test_the_compare_page_marks_deleted_words(client, personas, two_versions):
    html = client.get(compare_url(personas), {"from": "2", "to": "1"}).content.decode()
    assert "<del>og leken </del>" in html


def test_the_public_may_compare_published_versions(client, personas, two_versions):
    client.force_login(personas.resident)
    assert client.get(compare_url(personas), {"from": "1", "to": "2"}).status_code == 200


def test_editors_compare_the_draft_with_a_version(client, personas, two_versions):
    two_versions.jobs.strategy = "Flere i arbeid og utdanning."
    two_versions.jobs.save()
    client.force_login(personas.municipal_coordinator)
    response = client.get(compare_url(personas), {"from": "2", "to": "draft"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<del>arbeid.</del>" in html
    assert "<ins>arbeid og utdanning.</ins>" in html


@pytest.mark.parametrize("persona", ["partner", "district_coordinator", "resident", "outsider"])
def test_others_are_refused_comparing_with_the_draft(client, personas, two_versions, persona):
    client.force_login(getattr(personas, persona))
    assert client.get(compare_url(personas), {"from": "1", "to": "draft"}).status_code == 403


def test_spaces_around_draft_do_not_open_the_draft_to_others(client, personas, two_versions):
    client.force_login(personas.partner)
    assert client.get(compare_url(personas), {"from": "1", "to": " draft "}).status_code == 403


def test_anonymous_visitors_are_sent_to_log_in_to_compare_with_the_draft(
    client, personas, two_versions
):
    response = client.get(compare_url(personas), {"from": "1", "to": "draft"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "1", "to": "9"}, "There is no version 9"),
        ({"from": "0", "to": "2"}, "There is no version 0"),
        ({"from": "one", "to": "2"}, "“from” must be a version number, not “one”"),
        ({"from": "1", "to": "latest"}, "“to” must be a version number or “draft”"),
        ({"from": "draft", "to": "2"}, "“from” must be a version number"),
        ({"from": "2", "to": "2"}, "Choose two different versions"),
        ({}, "“from” is missing"),
        ({"from": "-1", "to": "2"}, "“from” must be a version number"),
        ({"from": "²", "to": "2"}, "“from” must be a version number"),
        ({"from": "1", "to": "99999999999999999999999"}, "There is no version 9999"),
        ({"from": "01", "to": "1"}, "Choose two different versions"),
    ],
)
def test_bad_comparison_parameters_are_refused_with_a_message(
    client, personas, two_versions, settings, params, message
):
    settings.LANGUAGE_CODE = "en"
    response = client.get(compare_url(personas), params)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_comparing_the_draft_with_itself_is_refused(client, personas, two_versions, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(personas.programme_admin)
    response = client.get(compare_url(personas), {"from": "draft", "to": "draft"})
    assert response.status_code == 400
