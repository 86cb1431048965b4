"""Organisations, users and the roles they hold in a programme."""

from typing import ClassVar

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel, ValidityPeriod


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    DIRECTORATE = "directorate", _("Directorate")
    MUNICIPALITY = "municipality", _("Municipality")
    CITY_DEPARTMENT = "city_department", _("City government department")
    DISTRICT = "district", _("District administration")
    SCHOOL = "school", _("School or kindergarten")
    NGO = "ngo", _("Voluntary organisation (NGO)")
    BUSINESS = "business", _("Business")
    RESIDENTS = "residents", _("Residents' group")
    RESEARCH = "research", _("Research institution")


class Organisation(AuditedModel):
    name = models.CharField(
        _("name"),
        max_length=200,
        unique=True,
        help_text=_("The organisation's full name, e.g. Oslo kommune."),
    )
    name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    short_name = models.CharField(
        _("short name"), max_length=40, blank=True, help_text=_("Abbreviation, e.g. KDD.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=OrganisationKind.choices,
        help_text=_("What sort of organisation this is."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
        help_text=_("The organisation this one belongs to, e.g. a ministry for a directorate."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class User(AuditedModel, AbstractUser):
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("organisation"),
        help_text=_("The organisation the user works for, if any."),
    )

    audit_ignore: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at", "last_login"})
    audit_opaque: ClassVar[frozenset[str]] = frozenset({"password"})

    class Meta(AbstractUser.Meta):
        # django-stubs declare these as str on AbstractUser.Meta; Django takes lazy text.
        verbose_name = _("user")  # type: ignore[assignment]
        verbose_name_plural = _("users")  # type: ignore[assignment]

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Role(models.TextChoices):
    PROGRAMME_ADMIN = "programme_admin", _("Programme administrator")
    STATE_COORDINATOR = "state_coordinator", _("State coordinator")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Municipal coordinator")
    DISTRICT_COORDINATOR = "district_coordinator", _("District coordinator")
    PROJECT_LEAD = "project_lead", _("Project lead")
    PARTNER = "partner", _("Partner")
    EVALUATOR = "evaluator", _("Evaluator")
    ANALYST = "analyst", _("Analyst")
    RESIDENT = "resident", _("Resident")


class RoleAssignmentQuerySet(models.QuerySet["RoleAssignment"]):
    def current(self) -> "RoleAssignmentQuerySet":
        today = timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=today),
            models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=today),
        )


class RoleAssignment(AuditedModel, ValidityPeriod):
    """A user holds a role in a programme, across it or only in some of its areas."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
        help_text=_("Who holds the role."),
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("programme"),
        help_text=_("The programme the role applies to."),
    )
    role = models.CharField(
        _("role"), max_length=30, choices=Role.choices, help_text=_("What the user may do.")
    )
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="role_assignments",
        verbose_name=_("areas"),
        help_text=_(
            "Limit the role to these areas and the areas inside them. Empty: the whole programme."
        ),
    )

    objects = RoleAssignmentQuerySet.as_manager()

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["programme", "role", "user__username"]
        constraints = [
            *ValidityPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["user", "programme", "role"], name="one_assignment_per_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.programme})"
