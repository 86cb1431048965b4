"""Who may open and change the organisation pages: programme members read them, residents and
outsiders are refused, anonymous visitors are sent to log in, and only the programme admin and
the state and municipal coordinators change anything."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from omradeloft.accounts.models import Role
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    MeetingAttachment,
    Membership,
    MembershipRole,
)
from tests.factories import give_role, make_programme
from tests.programmes.factories import make_body, make_measure

PDF = b"%PDF-1.4\n% a meeting document\n"


@dataclass
class Organisation:
    body: Body
    chair: Membership
    meeting: Meeting
    attachment: MeetingAttachment | None = None


@pytest.fixture
def organisation(personas, settings, tmp_path) -> Organisation:
    settings.MEDIA_ROOT = tmp_path
    body = make_body(personas.programme, name="Styringsgruppa")
    chair = Membership.objects.create(body=body, person="Kari Nordmann", role=MembershipRole.CHAIR)
    meeting = Meeting.objects.create(body=body, date=datetime.date(2024, 3, 1), place="Rådhuset")
    Decision.objects.create(meeting=meeting, number="2024/1", text="Vedtatt.")
    return Organisation(body, chair, meeting)


@dataclass(frozen=True)
class View:
    name: str
    method: str
    args: Callable[[Organisation], list[Any]]
    data: Callable[[Any, Organisation], dict[str, Any]] = lambda personas, org: {}

    def prepare(self, org: Organisation) -> None:
        """Store a document for the views that serve or remove one."""
        if self.name in {"meeting_attachment", "meeting_attachment_delete"}:
            org.attachment = MeetingAttachment.objects.create(
                meeting=org.meeting,
                title="Referat",
                file=SimpleUploadedFile("referat.pdf", PDF),
                size=len(PDF),
            )

    def request(self, client: Any, personas: Any, org: Organisation) -> Any:
        url = reverse(f"programmes:{self.name}", args=[personas.programme.code, *self.args(org)])
        if self.method == "get":
            return client.get(url)
        return client.post(url, self.data(personas, org))


def _none(org: Organisation) -> list[Any]:
    return []


def _body(org: Organisation) -> list[Any]:
    return [org.body.pk]


def _meeting(org: Organisation) -> list[Any]:
    return [org.meeting.pk]


def _new_body(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"kind": BodyKind.WORKING_GROUP, "name": "Arbeidsgruppe skole"}


def _changed_body(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"kind": BodyKind.STEERING_GROUP, "name": "Ny styringsgruppe"}


def _member(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"person": "Ola Nordmann", "role": MembershipRole.MEMBER}


def _meeting_fields(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"date": "2024-06-01", "place": "Bydelshuset"}


def _attendance(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"present": [org.chair.pk]}


def _decision(personas: Any, org: Organisation) -> dict[str, Any]:
    measure = make_measure(personas.programme, areas=[personas.d1])
    return {"number": "2024/2", "text": "Tiltaket videreføres.", "measures": [measure.pk]}


def _attachment(org: Organisation) -> list[int]:
    assert org.attachment is not None  # made for the attachment views
    return [org.attachment.pk]


def _document(personas: Any, org: Organisation) -> dict[str, Any]:
    return {"title": "Sakspapirer", "file": SimpleUploadedFile("saker.pdf", PDF)}


READ_VIEWS = [
    View("bodies", "get", _none),
    View("body", "get", _body),
    View("meeting", "get", _meeting),
    View("decisions", "get", _none),
    View("meeting_attachment", "get", _attachment),
]
EDIT_VIEWS = [
    View("body_new", "get", _none),
    View("body_new", "post", _none, _new_body),
    View("body_edit", "get", _body),
    View("body_edit", "post", _body, _changed_body),
    View("membership_add", "post", _body, _member),
    View("membership_end", "post", lambda org: [org.chair.pk]),
    View("meeting_new", "get", _body),
    View("meeting_new", "post", _body, _meeting_fields),
    View("meeting_edit", "get", _meeting),
    View("meeting_edit", "post", _meeting, _meeting_fields),
    View("meeting_attendance", "post", _meeting, _attendance),
    View("decision_add", "post", _meeting, _decision),
    View("meeting_attachment_add", "post", _meeting, _document),
    View("meeting_attachment_delete", "post", _attachment),
]
CHANGING_VIEWS = [view for view in EDIT_VIEWS if view.method == "post"]
EDITORS = [Role.PROGRAMME_ADMIN, Role.STATE_COORDINATOR, Role.MUNICIPAL_COORDINATOR]


def view_id(view: View) -> str:
    return f"{view.method}-{view.name}"


def snapshot() -> tuple[list[Any], ...]:
    """Everything the organisation pages can change."""
    return (
        list(Body.objects.values_list("pk", "kind", "name", "area_id").order_by("pk")),
        list(Membership.objects.values_list("pk", "person", "valid_to").order_by("pk")),
        list(Meeting.objects.values_list("pk", "date", "place").order_by("pk")),
        list(Meeting.attendees.through.objects.values_list("meeting_id", "membership_id")),
        list(Decision.objects.values_list("pk", "number").order_by("pk")),
        list(MeetingAttachment.objects.values_list("pk", "title").order_by("pk")),
    )


@pytest.mark.parametrize("role", [r for r in Role if r != Role.RESIDENT])
@pytest.mark.parametrize("view", READ_VIEWS, ids=view_id)
def test_programme_members_read_every_organisation_page(client, personas, organisation, role, view):
    view.prepare(organisation)
    client.force_login(personas.by_role(role))
    assert view.request(client, personas, organisation).status_code == 200


@pytest.mark.parametrize("persona", ["resident", "outsider"])
@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS, ids=view_id)
def test_residents_and_outsiders_are_refused_every_organisation_view(
    client, personas, organisation, persona, view
):
    client.force_login(getattr(personas, persona))
    view.prepare(organisation)
    before = snapshot()
    assert view.request(client, personas, organisation).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS, ids=view_id)
def test_anonymous_visitors_are_sent_to_log_in_from_every_organisation_view(
    client, personas, organisation, view
):
    view.prepare(organisation)
    before = snapshot()
    response = view.request(client, personas, organisation)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert snapshot() == before


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "evaluator"])
@pytest.mark.parametrize("view", EDIT_VIEWS, ids=view_id)
def test_members_who_may_not_edit_the_programme_are_refused_editing_and_nothing_changes(
    client, personas, organisation, persona, view
):
    client.force_login(getattr(personas, persona))
    view.prepare(organisation)
    before = snapshot()
    assert view.request(client, personas, organisation).status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize("role", EDITORS)
@pytest.mark.parametrize("view", CHANGING_VIEWS, ids=view_id)
def test_programme_editors_change_the_organisation_through_every_editing_view(
    client, personas, organisation, role, view
):
    client.force_login(personas.by_role(role))
    view.prepare(organisation)
    before = snapshot()
    assert view.request(client, personas, organisation).status_code == 302
    assert snapshot() != before


@pytest.mark.parametrize("view", READ_VIEWS + EDIT_VIEWS, ids=view_id)
def test_organisation_of_another_programme_is_not_found_under_this_programme(
    client, personas, organisation, view
):
    other = make_programme(code="otherprogramme")
    give_role(personas.programme_admin, other, Role.PROGRAMME_ADMIN)
    view.prepare(organisation)
    client.force_login(personas.programme_admin)
    url = reverse(f"programmes:{view.name}", args=[other.code, *view.args(organisation)])
    response = client.get(url) if view.method == "get" else client.post(url)
    expected = 200 if view.name in {"bodies", "decisions", "body_new"} else 404
    assert response.status_code == expected


def test_only_editors_see_the_editing_controls(client, personas, organisation):
    body_url = reverse("programmes:body", args=[personas.programme.code, organisation.body.pk])
    meeting_url = reverse(
        "programmes:meeting", args=[personas.programme.code, organisation.meeting.pk]
    )
    client.force_login(personas.evaluator)
    assert 'name="person"' not in client.get(body_url).content.decode()
    assert 'name="number"' not in client.get(meeting_url).content.decode()
    client.force_login(personas.municipal_coordinator)
    body_page = client.get(body_url).content.decode()
    assert 'name="person"' in body_page
    assert f"{body_url}edit/" in body_page
    meeting_page = client.get(meeting_url).content.decode()
    assert 'name="number"' in meeting_page
    assert 'name="present"' in meeting_page
    assert 'type="file"' in meeting_page
