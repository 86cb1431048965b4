"""What the organisation pages show, and editing through them: good input is saved, bad input
gets a message on the page and changes nothing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    Membership,
    MembershipRole,
)
from tests.factories import make_organisation, make_programme
from tests.programmes.factories import make_body, make_measure

MAR_1 = datetime.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


def member(body, person, role=MembershipRole.MEMBER, **fields):
    return Membership.objects.create(body=body, person=person, role=role, **fields)


def test_bodies_are_grouped_by_kind_with_current_members_and_next_and_last_meeting(
    client, personas
):
    today = timezone.localdate()
    steering = make_body(personas.programme, name="Styringsgruppa")
    committee = make_body(
        personas.programme,
        kind=BodyKind.LOCAL_COMMITTEE,
        name="Områdeutvalg Nordbyen",
        area=personas.d1,
    )
    member(steering, "Kari Nordmann")
    member(steering, "Ola Nordmann")
    member(steering, "Per Tidligere", valid_to=today - datetime.timedelta(days=1))
    held = Meeting.objects.create(body=steering, date=today - datetime.timedelta(days=10))
    Meeting.objects.create(body=steering, date=today - datetime.timedelta(days=100))
    upcoming = Meeting.objects.create(body=steering, date=today + datetime.timedelta(days=20))
    client.force_login(personas.partner)
    page = client.get(url(personas, "bodies")).content.decode()
    assert page.index("<h2>Steering group</h2>") < page.index("<h2>Local area committee</h2>")
    steering_row = page[
        page.index("Styringsgruppa") : page.index("</tr>", page.index("Styringsgruppa"))
    ]
    assert '<td class="num">2</td>' in steering_row
    assert url(personas, "meeting", upcoming.pk) in steering_row
    assert url(personas, "meeting", held.pk) in steering_row
    assert "Nordbyen" in page[page.index(committee.name) :]
    assert url(personas, "decisions") in page
    assert url(personas, "body_new") not in page


def test_the_body_page_shows_mandate_members_with_periods_and_meetings(client, personas):
    body = make_body(personas.programme, name="Styringsgruppa", mandate="Styrer satsingen.")
    organisation = make_organisation(name="Bydel Nordbyen")
    member(body, "Kari Nordmann", MembershipRole.CHAIR, organisation=organisation)
    member(
        body,
        "Per Tidligere",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
    )
    meeting = Meeting.objects.create(body=body, date=MAR_1, place="Rådhuset")
    client.force_login(personas.evaluator)
    page = client.get(url(personas, "body", body.pk)).content.decode()
    current, former = page.split("Former members", 1)
    assert "Styrer satsingen." in page
    for expected in ("Kari Nordmann", "Bydel Nordbyen", "Chair"):
        assert expected in current
    assert "Per Tidligere" in former
    assert "2020-01-01 – 2022-12-31" in former
    assert url(personas, "meeting", meeting.pk) in page


def test_the_meeting_page_shows_agenda_attendance_minutes_and_decisions_with_measures(
    client, personas
):
    body = make_body(personas.programme)
    kari = member(body, "Kari Nordmann", MembershipRole.CHAIR)
    member(body, "Ola Fraværende")
    member(body, "Per Tidligere", valid_to=datetime.date(2023, 12, 31))
    meeting = Meeting.objects.create(
        body=body,
        date=MAR_1,
        place="Rådhuset",
        agenda="Budsjett 2024\n\nNye tiltak\n",
        minutes="Godt møte.",
    )
    meeting.attendees.add(kari)
    measure = make_measure(personas.programme, areas=[personas.d1], title="Leksehjelp")
    decision = Decision.objects.create(meeting=meeting, number="2024/3", text="Leksehjelp økes.")
    measure.decisions.add(decision)
    client.force_login(personas.analyst)
    page = client.get(url(personas, "meeting", meeting.pk)).content.decode()
    assert "<ol><li>Budsjett 2024</li><li>Nye tiltak</li></ol>" in page
    present, absent = page.split("<h3>Absent</h3>", 1)
    assert "Kari Nordmann" in present.split("<h3>Present</h3>", 1)[1]
    assert "Ola Fraværende" in absent.split("<h2>", 1)[0]
    assert "Per Tidligere" not in page
    assert "Godt møte." in page
    assert reverse("measures:detail", args=[personas.programme.code, measure.code]) in page
    assert "Leksehjelp økes." in page


def test_linked_measures_a_partner_may_not_read_are_left_out(client, personas):
    meeting = Meeting.objects.create(body=make_body(personas.programme), date=MAR_1)
    decision = Decision.objects.create(meeting=meeting, number="1", text="Vedtatt.")
    published = make_measure(personas.programme, areas=[personas.d1], is_published=True)
    hidden = make_measure(personas.programme, areas=[personas.d1], title="Hemmelig tiltak")
    decision.measures.set([published, hidden])
    client.force_login(personas.partner)
    for page_url in [url(personas, "meeting", meeting.pk), url(personas, "decisions")]:
        page = client.get(page_url).content.decode()
        assert published.title in page
        assert "Hemmelig tiltak" not in page


def test_an_editor_creates_and_edits_a_body(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "body_new"),
        {
            "kind": BodyKind.LOCAL_COMMITTEE,
            "name": "Områdeutvalg",
            "mandate": "Råd.",
            "area": personas.d1.pk,
        },
    )
    body = Body.objects.get()
    assert response["Location"] == url(personas, "body", body.pk)
    response = client.post(
        url(personas, "body_edit", body.pk),
        {"kind": BodyKind.WORKING_GROUP, "name": "Arbeidsgruppe", "name_en": "Working group"},
    )
    body.refresh_from_db()
    assert (body.kind, body.name, body.area) == (BodyKind.WORKING_GROUP, "Arbeidsgruppe", None)


def test_a_local_area_committee_without_an_area_is_refused_on_the_page(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "body_new"), {"kind": BodyKind.LOCAL_COMMITTEE, "name": "Områdeutvalg"}
    )
    assert response.status_code == 400
    assert "A local area committee needs the area it serves" in response.content.decode()
    assert not Body.objects.exists()


def test_an_editor_adds_a_member_and_ends_a_membership(client, personas):
    body = make_body(personas.programme)
    organisation = make_organisation()
    client.force_login(personas.state_coordinator)
    response = client.post(
        url(personas, "membership_add", body.pk),
        {
            "person": "Kari Nordmann",
            "organisation": organisation.pk,
            "role": MembershipRole.CHAIR,
            "valid_from": "2024-01-01",
        },
    )
    assert response.status_code == 302
    membership = body.memberships.get()
    assert membership.organisation == organisation
    client.post(url(personas, "membership_end", membership.pk), {"valid_to": "2024-06-30"})
    membership.refresh_from_db()
    assert membership.valid_to == datetime.date(2024, 6, 30)


def test_a_second_chair_is_refused_on_the_body_page_and_nothing_changes(client, personas):
    body = make_body(personas.programme, name="Styringsgruppa")
    member(body, "Kari Nordmann", MembershipRole.CHAIR)
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "membership_add", body.pk),
        {"person": "Ola Nordmann", "role": MembershipRole.CHAIR},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Styringsgruppa already has a chair in that period: Kari Nordmann" in page
    assert 'value="Ola Nordmann"' in page
    assert body.memberships.count() == 1


def test_ending_a_membership_before_it_started_is_refused_on_the_body_page(client, personas):
    body = make_body(personas.programme)
    membership = member(body, "Kari Nordmann", valid_from=datetime.date(2024, 1, 1))
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "membership_end", membership.pk), {"valid_to": "2023-01-01"}
    )
    assert response.status_code == 400
    assert "cannot end on 2023-01-01" in response.content.decode()
    membership.refresh_from_db()
    assert membership.valid_to is None


def test_an_editor_plans_and_then_edits_a_meeting(client, personas):
    body = make_body(personas.programme)
    client.force_login(personas.municipal_coordinator)
    response = client.post(
        url(personas, "meeting_new", body.pk),
        {"date": "2024-03-01", "place": "Rådhuset", "agenda": "Budsjett"},
    )
    meeting = body.meetings.get()
    assert response["Location"] == url(personas, "meeting", meeting.pk)
    page = client.get(url(personas, "meeting_edit", meeting.pk)).content.decode()
    assert 'value="2024-03-01"' in page
    client.post(
        url(personas, "meeting_edit", meeting.pk),
        {"date": "2024-03-02", "place": "Bydelshuset", "minutes": "Referat."},
    )
    meeting.refresh_from_db()
    assert (meeting.date, meeting.place, meeting.minutes) == (
        datetime.date(2024, 3, 2),
        "Bydelshuset",
        "Referat.",
    )


def test_a_meeting_without_a_date_is_refused(client, personas):
    body = make_body(personas.programme)
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "meeting_new", body.pk), {"place": "Rådhuset"})
    assert response.status_code == 400
    assert not Meeting.objects.exists()


def test_attendance_offers_the_members_on_the_day_and_saves_the_ticked_ones(client, personas):
    body = make_body(personas.programme)
    kari = member(body, "Kari Nordmann")
    ola = member(body, "Ola Nordmann")
    member(body, "Per Tidligere", valid_to=datetime.date(2023, 12, 31))
    meeting = Meeting.objects.create(body=body, date=MAR_1)
    client.force_login(personas.programme_admin)
    page = client.get(url(personas, "meeting", meeting.pk)).content.decode()
    assert f'id="present-{kari.pk}"' in page
    assert f'id="present-{ola.pk}"' in page
    assert "Per Tidligere" not in page
    response = client.post(url(personas, "meeting_attendance", meeting.pk), {"present": [kari.pk]})
    assert response.status_code == 302
    assert list(meeting.attendees.all()) == [kari]


def test_attendance_of_an_expired_member_is_refused_on_the_page_by_name(client, personas):
    body = make_body(personas.programme)
    kari = member(body, "Kari Nordmann")
    expired = member(body, "Per Tidligere", valid_to=datetime.date(2023, 12, 31))
    meeting = Meeting.objects.create(body=body, date=MAR_1)
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "meeting_attendance", meeting.pk), {"present": [kari.pk, expired.pk]}
    )
    assert response.status_code == 400
    assert "Per Tidligere (… – 2023-12-31): not members of" in response.content.decode()
    assert not meeting.attendees.exists()


def test_attendance_of_a_member_of_another_body_is_refused_on_the_page(client, personas):
    body = make_body(personas.programme)
    stranger = member(make_body(personas.programme), "Per Utenfor")
    meeting = Meeting.objects.create(body=body, date=MAR_1)
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "meeting_attendance", meeting.pk), {"present": [stranger.pk]}
    )
    assert response.status_code == 400
    assert not meeting.attendees.exists()


def test_an_editor_records_a_decision_linked_to_measures(client, personas):
    meeting = Meeting.objects.create(body=make_body(personas.programme), date=MAR_1)
    measures = [make_measure(personas.programme, areas=[personas.d1]) for _ in range(2)]
    client.force_login(personas.programme_admin)
    page = client.get(url(personas, "meeting", meeting.pk)).content.decode()
    assert all(f'value="{m.pk}"' in page for m in measures)
    response = client.post(
        url(personas, "decision_add", meeting.pk),
        {"number": "2024/1", "text": "Vedtatt.", "measures": [m.pk for m in measures]},
    )
    assert response.status_code == 302
    assert set(meeting.decisions.get().measures.all()) == set(measures)


def test_a_duplicate_decision_number_is_refused_on_the_meeting_page(client, personas):
    meeting = Meeting.objects.create(body=make_body(personas.programme), date=MAR_1)
    Decision.objects.create(meeting=meeting, number="2024/1", text="Første.")
    client.force_login(personas.programme_admin)
    response = client.post(
        url(personas, "decision_add", meeting.pk), {"number": "2024/1", "text": "Andre."}
    )
    assert response.status_code == 400
    assert "already has a decision numbered 2024/1" in response.content.decode()
    assert meeting.decisions.count() == 1


def test_a_decision_linked_to_a_measure_of_another_programme_is_refused_on_the_page(
    client, personas
):
    meeting = Meeting.objects.create(body=make_body(personas.programme), date=MAR_1)
    foreign = make_measure(make_programme(), areas=[personas.d1])
    client.force_login(personas.programme_admin)
    page = client.get(url(personas, "meeting", meeting.pk)).content.decode()
    assert f'value="{foreign.pk}"' not in page
    response = client.post(
        url(personas, "decision_add", meeting.pk),
        {"number": "2024/1", "text": "Vedtatt.", "measures": [foreign.pk]},
    )
    assert response.status_code == 400
    assert not Decision.objects.exists()
