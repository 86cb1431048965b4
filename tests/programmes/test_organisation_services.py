"""The rules for bodies, members, meetings, attendance and decisions, as the services apply
them whoever calls them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from omradeloft.core.models import AuditEntry
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    Membership,
    MembershipRole,
)
from omradeloft.programmes.services import organisation as services
from tests.factories import make_organisation, make_programme
from tests.programmes.factories import make_body, make_measure

JAN_1 = datetime.date(2024, 1, 1)
MAR_1 = datetime.date(2024, 3, 1)
JUN_30 = datetime.date(2024, 6, 30)


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


def messages_of(raised: pytest.ExceptionInfo[ValidationError]) -> str:
    return " ".join(raised.value.messages)


# Bodies


def test_a_local_area_committee_without_an_area_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.create_body(
            personas.programme_admin,
            personas.programme,
            kind=BodyKind.LOCAL_COMMITTEE,
            name="Områdeutvalg Nordbyen",
        )
    assert "area" in error.value.message_dict
    assert not Body.objects.exists()


def test_a_local_area_committee_is_created_with_its_area_and_other_bodies_without(personas):
    committee = services.create_body(
        personas.state_coordinator,
        personas.programme,
        kind=BodyKind.LOCAL_COMMITTEE,
        name=" Områdeutvalg Nordbyen ",
        name_en="Nordbyen area committee",
        mandate="Gir råd om tiltak i Nordbyen.",
        area=personas.d1,
    )
    group = services.create_body(
        personas.state_coordinator,
        personas.programme,
        kind=BodyKind.STEERING_GROUP,
        name="Styringsgruppa",
    )
    assert committee.name == "Områdeutvalg Nordbyen"
    assert committee.area == personas.d1
    assert group.area is None


def test_a_body_is_updated_and_the_change_is_audited_under_the_editor(personas):
    body = make_body(personas.programme, name="Gammelt navn")
    services.update_body(
        personas.municipal_coordinator,
        body,
        kind=BodyKind.PROGRAMME_GROUP,
        name="Programgruppa",
        area=personas.d2,
    )
    body.refresh_from_db()
    assert (body.kind, body.name, body.area) == (
        BodyKind.PROGRAMME_GROUP,
        "Programgruppa",
        personas.d2,
    )
    entry = AuditEntry.objects.for_object(body).first()
    assert entry.actor == personas.municipal_coordinator
    assert entry.changes["name"] == ["Gammelt navn", "Programgruppa"]


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "evaluator", "resident"])
def test_only_programme_editors_may_create_bodies(personas, persona):
    with pytest.raises(PermissionDenied):
        services.create_body(
            getattr(personas, persona),
            personas.programme,
            kind=BodyKind.WORKING_GROUP,
            name="Arbeidsgruppe",
        )
    assert not Body.objects.exists()


# Members


def add(personas, body, person, role=MembershipRole.MEMBER, **period):
    return services.add_membership(
        personas.programme_admin, body, person=person, role=role, **period
    )


def test_a_member_is_added_with_organisation_role_and_period(personas):
    body = make_body(personas.programme)
    organisation = make_organisation(name="Bydel Nordbyen")
    membership = services.add_membership(
        personas.programme_admin,
        body,
        person=" Kari Nordmann ",
        role=MembershipRole.SECRETARY,
        organisation=organisation,
        valid_from=JAN_1,
        valid_to=JUN_30,
    )
    assert (membership.person, membership.organisation, membership.valid_to) == (
        "Kari Nordmann",
        organisation,
        JUN_30,
    )


def test_a_second_chair_at_the_same_time_is_refused_with_the_current_chairs_name(personas):
    body = make_body(personas.programme, name="Styringsgruppa")
    add(personas, body, "Kari Nordmann", MembershipRole.CHAIR, valid_from=JAN_1)
    with pytest.raises(ValidationError) as error:
        add(personas, body, "Ola Nordmann", MembershipRole.CHAIR, valid_from=MAR_1)
    message = messages_of(error)
    assert "Styringsgruppa already has a chair" in message
    assert "Kari Nordmann" in message
    assert body.memberships.count() == 1


def test_a_new_chair_is_accepted_once_the_old_chairs_membership_has_ended(personas):
    body = make_body(personas.programme)
    old = add(personas, body, "Kari Nordmann", MembershipRole.CHAIR, valid_from=JAN_1)
    services.end_membership(personas.programme_admin, old, last_day=datetime.date(2024, 2, 29))
    new = add(personas, body, "Ola Nordmann", MembershipRole.CHAIR, valid_from=MAR_1)
    assert body.memberships.filter(role=MembershipRole.CHAIR).count() == 2
    assert new.valid_from == MAR_1


def test_a_person_cannot_hold_two_memberships_of_a_body_at_the_same_time(personas):
    body = make_body(personas.programme)
    add(personas, body, "Kari Nordmann")
    with pytest.raises(ValidationError) as error:
        add(personas, body, "kari nordmann", MembershipRole.OBSERVER)
    assert "Kari Nordmann is already in" in messages_of(error)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"person": "  ", "role": MembershipRole.MEMBER}, "person"),
        ({"person": "Kari", "role": "king"}, "role"),
        (
            {
                "person": "Kari",
                "role": MembershipRole.MEMBER,
                "valid_from": JUN_30,
                "valid_to": JAN_1,
            },
            "valid_to",
        ),
    ],
)
def test_bad_membership_input_is_refused_on_its_field(personas, fields, field):
    body = make_body(personas.programme)
    with pytest.raises(ValidationError) as error:
        services.add_membership(personas.programme_admin, body, **fields)
    assert field in error.value.message_dict
    assert not Membership.objects.exists()


def test_ending_a_membership_sets_its_last_day(personas):
    membership = add(personas, make_body(personas.programme), "Kari Nordmann", valid_from=JAN_1)
    services.end_membership(personas.programme_admin, membership, last_day=JUN_30)
    membership.refresh_from_db()
    assert membership.valid_to == JUN_30


@pytest.mark.parametrize(
    ("last_day", "message"),
    [
        (datetime.date(2023, 12, 31), "starts on 2024-01-01"),
        (datetime.date(2024, 2, 1), "attended the meeting on 2024-03-01"),
    ],
)
def test_a_membership_cannot_end_before_it_starts_or_before_a_meeting_it_attended(
    personas, last_day, message
):
    body = make_body(personas.programme)
    membership = add(personas, body, "Kari Nordmann", valid_from=JAN_1)
    meeting = Meeting.objects.create(body=body, date=MAR_1)
    meeting.attendees.add(membership)
    with pytest.raises(ValidationError) as error:
        services.end_membership(personas.programme_admin, membership, last_day=last_day)
    assert message in messages_of(error)
    membership.refresh_from_db()
    assert membership.valid_to is None


# Meetings and attendance


def test_attendance_is_recorded_for_members_on_the_meeting_date(personas):
    body = make_body(personas.programme)
    kari = add(personas, body, "Kari Nordmann", valid_from=JAN_1)
    ola = add(personas, body, "Ola Nordmann")
    meeting = services.create_meeting(
        personas.programme_admin, body, date=MAR_1, place="Rådhuset", agenda="1. Budsjett"
    )
    services.set_attendance(personas.programme_admin, meeting, [kari, ola])
    assert set(meeting.attendees.all()) == {kari, ola}
    services.set_attendance(personas.programme_admin, meeting, [ola])
    assert list(meeting.attendees.all()) == [ola]


def test_attendance_of_someone_who_is_not_a_member_of_the_body_is_refused_by_name(personas):
    body = make_body(personas.programme, name="Styringsgruppa")
    other_body = make_body(personas.programme)
    stranger = add(personas, other_body, "Per Utenfor")
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    with pytest.raises(ValidationError) as error:
        services.set_attendance(personas.programme_admin, meeting, [stranger])
    assert "Per Utenfor: not members of Styringsgruppa" in messages_of(error)
    assert not meeting.attendees.exists()


@pytest.mark.parametrize(
    "period",
    [
        {"valid_from": datetime.date(2023, 1, 1), "valid_to": datetime.date(2024, 2, 29)},
        {"valid_from": datetime.date(2024, 3, 2)},
    ],
    ids=["expired", "not yet started"],
)
def test_attendance_of_a_member_outside_their_period_is_refused_by_name(personas, period):
    body = make_body(personas.programme)
    current = add(personas, body, "Kari Nordmann")
    outside = add(personas, body, "Ola Nordmann", **period)
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    with pytest.raises(ValidationError) as error:
        services.set_attendance(personas.programme_admin, meeting, [current, outside])
    message = messages_of(error)
    assert "Ola Nordmann" in message
    assert "on 2024-03-01" in message
    assert "Kari Nordmann" not in message
    assert not meeting.attendees.exists()


def test_moving_a_meeting_to_a_day_its_attendees_were_not_members_is_refused(personas):
    body = make_body(personas.programme)
    kari = add(personas, body, "Kari Nordmann", valid_to=datetime.date(2024, 3, 31))
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    services.set_attendance(personas.programme_admin, meeting, [kari])
    with pytest.raises(ValidationError) as error:
        services.update_meeting(personas.programme_admin, meeting, date=JUN_30)
    assert "Kari Nordmann" in error.value.message_dict["date"][0]
    meeting.refresh_from_db()
    assert meeting.date == MAR_1


# Decisions


def test_a_decision_is_linked_to_measures_of_its_programme_from_either_side(personas):
    body = make_body(personas.programme)
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    measure = make_measure(personas.programme, areas=[personas.d1])
    decision = services.add_decision(
        personas.programme_admin, meeting, number="2024/7", text="Vedtatt.", measures=[measure]
    )
    assert list(decision.measures.all()) == [measure]
    assert list(measure.decisions.all()) == [decision]


def test_a_duplicate_decision_number_in_the_same_meeting_is_refused(personas):
    body = make_body(personas.programme)
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    later = services.create_meeting(personas.programme_admin, body, date=JUN_30)
    services.add_decision(personas.programme_admin, meeting, number="2024/7", text="Første.")
    with pytest.raises(ValidationError) as error:
        services.add_decision(personas.programme_admin, meeting, number=" 2024/7 ", text="Andre.")
    assert "already has a decision numbered 2024/7" in error.value.message_dict["number"][0]
    services.add_decision(personas.programme_admin, later, number="2024/7", text="Annet møte.")
    assert Decision.objects.count() == 2


def test_a_decision_linked_to_a_measure_of_another_programme_is_refused(personas):
    body = make_body(personas.programme)
    meeting = services.create_meeting(personas.programme_admin, body, date=MAR_1)
    own = make_measure(personas.programme, areas=[personas.d1])
    foreign = make_measure(make_programme(), areas=[personas.d1], code="fremmed-tiltak")
    with pytest.raises(ValidationError) as error:
        services.add_decision(
            personas.programme_admin,
            meeting,
            number="2024/8",
            text="Vedtatt.",
            measures=[own, foreign],
        )
    assert "fremmed-tiltak: not measures of" in error.value.message_dict["measures"][0]
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("number", "text", "field"), [("", "Vedtatt.", "number"), ("1", " ", "text")]
)
def test_a_decision_needs_a_number_and_a_text(personas, number, text, field):
    meeting = Meeting.objects.create(body=make_body(personas.programme), date=MAR_1)
    with pytest.raises(ValidationError) as error:
        services.add_decision(personas.programme_admin, meeting, number=number, text=text)
    assert field in error.value.message_dict
