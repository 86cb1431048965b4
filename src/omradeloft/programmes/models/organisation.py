"""How a programme is run: bodies with members, their meetings and decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AttachedDocument, AuditedModel, ValidityPeriod
from omradeloft.programmes.models.programme import Programme


class BodyKind(models.TextChoices):
    STEERING_GROUP = "steering_group", _("Steering group")
    PROGRAMME_GROUP = "programme_group", _("Programme group")
    WORKING_GROUP = "working_group", _("Working group")
    LOCAL_COMMITTEE = "local_committee", _("Local area committee")


class Body(AuditedModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="bodies",
        verbose_name=_("programme"),
        help_text=_("The programme the body serves."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=BodyKind.choices,
        help_text=_("Steering group, programme group, working group or local area committee."),
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        help_text=_(
            "In Norwegian (bokmål); English pages show it too while the English name is empty."
        ),
    )
    name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    mandate = models.TextField(_("mandate"), blank=True, help_text=_("What the body decides."))
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("For a local area committee: its area."),
    )

    class Meta:
        verbose_name = _("body")
        verbose_name_plural = _("bodies")
        ordering = ["programme", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    OBSERVER = "observer", _("Observer")


class Membership(AuditedModel, ValidityPeriod):
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("body"),
        help_text=_("The body the person sits in."),
    )
    person = models.CharField(
        _("person"), max_length=200, help_text=_("The member's full name, e.g. Kari Nordmann.")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
        help_text=_("Whom the person represents."),
    )
    role = models.CharField(
        _("role"), max_length=20, choices=MembershipRole.choices, help_text=_("Role in the body.")
    )

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["body", "role", "person"]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class Meeting(AuditedModel):
    body = models.ForeignKey(
        Body,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("body"),
        help_text=_("The body that met."),
    )
    date = models.DateField(_("date"), help_text=_("When the meeting is or was held."))
    place = models.CharField(
        _("place"),
        max_length=200,
        blank=True,
        help_text=_("Address or room, e.g. Furuset bydelshus, møterom 2."),
    )
    agenda = models.TextField(_("agenda"), blank=True, help_text=_("One item per line."))
    minutes = models.TextField(_("minutes"), blank=True, help_text=_("What was discussed."))
    attendees = models.ManyToManyField(
        Membership,
        blank=True,
        related_name="meetings_attended",
        verbose_name=_("attendance"),
        help_text=_("The members who were present."),
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["body", "-date"]

    def __str__(self) -> str:
        return f"{self.body} {self.date:%Y-%m-%d}"


class Decision(AuditedModel):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("meeting"),
        help_text=_("Where it was decided."),
    )
    number = models.CharField(
        _("number"), max_length=30, help_text=_("The body's case number, e.g. 2024/7.")
    )
    text = models.TextField(_("decision"), help_text=_("What was decided."))

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="decision_number_per_meeting"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.text[:60]}"


class MeetingAttachment(AttachedDocument):
    meeting = models.ForeignKey(
        Meeting,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("meeting"),
        help_text=_("The meeting the document belongs to."),
    )
    file = models.FileField(
        _("file"), upload_to="meetings/%Y/", help_text=_("PDF, office document or image.")
    )

    class Meta:
        verbose_name = _("meeting document")
        verbose_name_plural = _("meeting documents")
        ordering = ["meeting", "title"]
