"""The one write path for how a programme is run: bodies, their members, meetings,
attendance, decisions and meeting documents.

Every function takes the acting user first (None: the system, e.g. the demo loader), checks
that they may edit the programme, validates and raises ValidationError with a message that
names what is wrong, and writes in one transaction.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from omradeloft.accounts.models import Organisation, User
from omradeloft.accounts.permissions import Action, require
from omradeloft.areas.models import Area
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.uploads import check_attachment
from omradeloft.programmes import contributions
from omradeloft.programmes.models import (
    Body,
    BodyKind,
    Decision,
    Meeting,
    MeetingAttachment,
    Membership,
    MembershipRole,
    Programme,
)


def _require_editor(actor: User | None, programme: Programme) -> None:
    if actor is not None:
        require(actor, Action.EDIT_PROGRAMME, programme=programme)


def _day(value: datetime.date | None) -> str:
    return value.isoformat() if value else "…"


def _period(membership: Membership) -> str:
    return f"{_day(membership.valid_from)} – {_day(membership.valid_to)}"


def valid_on(day: datetime.date, prefix: str = "") -> Q:
    """Memberships (reached through `prefix`, e.g. "memberships__") that hold on `day`."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _overlapping(valid_from: datetime.date | None, valid_to: datetime.date | None) -> Q:
    """Memberships whose period shares at least one day with [valid_from, valid_to]."""
    overlap = Q()
    if valid_from is not None:
        overlap &= Q(valid_to__isnull=True) | Q(valid_to__gte=valid_from)
    if valid_to is not None:
        overlap &= Q(valid_from__isnull=True) | Q(valid_from__lte=valid_to)
    return overlap


def _holds_on(membership: Membership, day: datetime.date) -> bool:
    return (membership.valid_from is None or membership.valid_from <= day) and (
        membership.valid_to is None or membership.valid_to >= day
    )


# Bodies


def _save_body(body: Body, fields: dict[str, Any]) -> Body:
    body.kind = fields["kind"]
    body.name = fields["name"].strip()
    body.name_en = fields["name_en"].strip()
    body.mandate = fields["mandate"].strip()
    body.area = fields["area"]
    if body.kind == BodyKind.LOCAL_COMMITTEE and body.area is None:
        raise ValidationError(
            {"area": _("A local area committee needs the area it serves; choose one.")}
        )
    body.full_clean()
    body.save()
    return body


def create_body(
    actor: User | None,
    programme: Programme,
    *,
    kind: str,
    name: str,
    name_en: str = "",
    mandate: str = "",
    area: Area | None = None,
) -> Body:
    """Create a body; `area` is required for a local area committee, optional otherwise."""
    _require_editor(actor, programme)
    fields = {"kind": kind, "name": name, "name_en": name_en, "mandate": mandate, "area": area}
    with acting_as(actor, current_actor().source), transaction.atomic():
        return _save_body(Body(programme=programme), fields)


def update_body(
    actor: User | None,
    body: Body,
    *,
    kind: str,
    name: str,
    name_en: str = "",
    mandate: str = "",
    area: Area | None = None,
) -> Body:
    """Give a body these values (same rules as `create_body`)."""
    _require_editor(actor, body.programme)
    fields = {"kind": kind, "name": name, "name_en": name_en, "mandate": mandate, "area": area}
    with acting_as(actor, current_actor().source), transaction.atomic():
        # Read afresh: a bound ModelForm has already copied its input onto `body`.
        return _save_body(Body.objects.select_for_update().get(pk=body.pk), fields)


# Members


def add_membership(
    actor: User | None,
    body: Body,
    *,
    person: str,
    role: str,
    organisation: Organisation | None = None,
    valid_from: datetime.date | None = None,
    valid_to: datetime.date | None = None,
) -> Membership:
    """Seat `person` in `body` for a period. A body has at most one chair at a time, and a
    person holds one membership of a body at a time."""
    _require_editor(actor, body.programme)
    person = person.strip()
    if not person:
        raise ValidationError({"person": _("Give the member's full name.")})
    if role not in MembershipRole.values:
        raise ValidationError(
            {
                "role": _("Unknown role “%(role)s”; expected one of %(roles)s.")
                % {"role": role, "roles": ", ".join(MembershipRole.values)}
            }
        )
    if valid_from and valid_to and valid_to < valid_from:
        raise ValidationError({"valid_to": _("The last day is before the first day.")})
    with acting_as(actor, current_actor().source), transaction.atomic():
        in_period = body.memberships.filter(_overlapping(valid_from, valid_to))
        if role == MembershipRole.CHAIR:
            chair = in_period.filter(role=MembershipRole.CHAIR).first()
            if chair is not None:
                raise ValidationError(
                    _(
                        "%(body)s already has a chair in that period: %(person)s "
                        "(%(period)s). End that membership first, or choose another role."
                    )
                    % {"body": body, "person": chair.person, "period": _period(chair)}
                )
        same = in_period.filter(person__iexact=person).first()
        if same is not None:
            raise ValidationError(
                _("%(person)s is already in %(body)s in that period (%(role)s, %(period)s).")
                % {
                    "person": same.person,
                    "role": same.get_role_display(),
                    "body": body,
                    "period": _period(same),
                }
            )
        membership = Membership(
            body=body,
            person=person,
            role=role,
            organisation=organisation,
            valid_from=valid_from,
            valid_to=valid_to,
        )
        membership.full_clean()
        membership.save()
    return membership


def end_membership(
    actor: User | None, membership: Membership, *, last_day: datetime.date | None = None
) -> Membership:
    """End a membership on `last_day` (default today)."""
    _require_editor(actor, membership.body.programme)
    last_day = last_day or timezone.localdate()
    with acting_as(actor, current_actor().source), transaction.atomic():
        membership = (
            Membership.objects.select_for_update().select_related("body").get(pk=membership.pk)
        )
        names = {"person": membership.person, "day": _day(last_day)}
        if membership.valid_to is not None and membership.valid_to <= last_day:
            raise ValidationError(
                _("%(person)s's membership already ends on %(ended)s.")
                % {"person": membership.person, "ended": _day(membership.valid_to)}
            )
        if membership.valid_from is not None and last_day < membership.valid_from:
            raise ValidationError(
                _("%(person)s's membership starts on %(start)s; it cannot end on %(day)s.")
                % (names | {"start": _day(membership.valid_from)})
            )
        later = membership.meetings_attended.filter(date__gt=last_day).order_by("date").first()
        if later is not None:
            raise ValidationError(
                _(
                    "%(person)s attended the meeting on %(meeting)s, after %(day)s; "
                    "correct that meeting's attendance first."
                )
                % (names | {"meeting": _day(later.date)})
            )
        membership.valid_to = last_day
        membership.full_clean()
        membership.save()
    return membership


# Meetings


def _check_attendees_still_hold(meeting: Meeting, day: datetime.date) -> None:
    lapsed = [m.person for m in meeting.attendees.all() if not _holds_on(m, day)]
    if lapsed:
        raise ValidationError(
            {
                "date": _(
                    "%(people)s were not members on %(day)s but are recorded as present; "
                    "correct the attendance first."
                )
                % {"people": ", ".join(lapsed), "day": _day(day)}
            }
        )


def _save_meeting(meeting: Meeting, fields: dict[str, Any]) -> Meeting:
    meeting.date = fields["date"]
    meeting.place = fields["place"].strip()
    meeting.agenda = fields["agenda"].strip()
    meeting.minutes = fields["minutes"].strip()
    meeting.full_clean()
    meeting.save()
    return meeting


def create_meeting(
    actor: User | None,
    body: Body,
    *,
    date: datetime.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
) -> Meeting:
    """Record a meeting of `body` (planned or held); the agenda has one item per line."""
    _require_editor(actor, body.programme)
    fields = {"date": date, "place": place, "agenda": agenda, "minutes": minutes}
    with acting_as(actor, current_actor().source), transaction.atomic():
        return _save_meeting(Meeting(body=body), fields)


def update_meeting(
    actor: User | None,
    meeting: Meeting,
    *,
    date: datetime.date,
    place: str = "",
    agenda: str = "",
    minutes: str = "",
) -> Meeting:
    """Give a meeting these values. A new date must keep everyone recorded as present a
    member on that day."""
    _require_editor(actor, meeting.body.programme)
    fields = {"date": date, "place": place, "agenda": agenda, "minutes": minutes}
    with acting_as(actor, current_actor().source), transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
        _check_attendees_still_hold(meeting, date)
        return _save_meeting(meeting, fields)


def set_attendance(actor: User | None, meeting: Meeting, present: Iterable[Membership]) -> None:
    """Record who was present: members of the meeting's body on the meeting's date."""
    _require_editor(actor, meeting.body.programme)
    present = list(present)
    strangers = [m.person for m in present if m.body_id != meeting.body_id]
    if strangers:
        raise ValidationError(
            _("%(people)s: not members of %(body)s, so they cannot be recorded as present.")
            % {"people": ", ".join(strangers), "body": meeting.body}
        )
    lapsed = [f"{m.person} ({_period(m)})" for m in present if not _holds_on(m, meeting.date)]
    if lapsed:
        raise ValidationError(
            _("%(people)s: not members of %(body)s on %(day)s, the day of the meeting.")
            % {"people": ", ".join(lapsed), "body": meeting.body, "day": _day(meeting.date)}
        )
    with acting_as(actor, current_actor().source), transaction.atomic():
        meeting.attendees.set(present)


# Decisions


def add_decision(
    actor: User | None, meeting: Meeting, *, number: str, text: str, **linked: Iterable[Any]
) -> Decision:
    """Record a decision made at `meeting`. The number is unique within the meeting. Each
    keyword in `linked` names a registered `contributions.DecisionLink` (e.g. `measures`)
    and gives the things of the same programme the decision concerns."""
    programme = meeting.body.programme
    _require_editor(actor, programme)
    links = {link.key: link for link in contributions.registry.decision_links}
    unknown = sorted(set(linked) - set(links))
    if unknown:
        raise TypeError(f"add_decision() takes no {', '.join(unknown)}: no app links them")
    number, text = number.strip(), text.strip()
    things = {key: list(given) for key, given in linked.items()}
    if not number:
        raise ValidationError({"number": _("Give the decision a number, e.g. 2024/7.")})
    if not text:
        raise ValidationError({"text": _("Write what was decided.")})
    for key, given in things.items():
        if given and (problem := links[key].problem(programme, given)):
            raise ValidationError({key: problem})
    with acting_as(actor, current_actor().source), transaction.atomic():
        if meeting.decisions.filter(number=number).exists():
            raise ValidationError(
                {
                    "number": _(
                        "The meeting on %(day)s already has a decision numbered %(number)s."
                    )
                    % {"day": _day(meeting.date), "number": number}
                }
            )
        decision = Decision(meeting=meeting, number=number, text=text)
        decision.full_clean()
        decision.save()
        for key, given in things.items():
            if given:
                links[key].attach(decision, given)
    return decision


# Meeting documents


def add_meeting_attachment(
    actor: User | None, meeting: Meeting, *, upload: "UploadedFile[bytes]", title: str = ""
) -> MeetingAttachment:
    """Store a document for `meeting` (type and size checked); the title defaults to the
    file's name."""
    _require_editor(actor, meeting.body.programme)
    try:
        check_attachment(upload)
    except ValidationError as e:
        raise ValidationError({"file": e.messages}) from None
    # check_attachment refuses a file without a name (no type) or without a size.
    assert upload.name is not None
    assert upload.size is not None
    with acting_as(actor, current_actor().source), transaction.atomic():
        attachment = MeetingAttachment(
            meeting=meeting,
            title=title.strip() or upload.name,
            file=upload,
            size=upload.size,
            uploaded_by=actor,
        )
        attachment.full_clean()
        attachment.save()
    return attachment


def delete_meeting_attachment(actor: User | None, attachment: MeetingAttachment) -> None:
    """Remove a meeting document and, once that is committed, its file."""
    _require_editor(actor, attachment.meeting.body.programme)
    file = attachment.file
    name = file.name
    assert name is not None  # the file is required
    with acting_as(actor, current_actor().source), transaction.atomic():
        attachment.delete()
        transaction.on_commit(lambda: file.storage.delete(name))
