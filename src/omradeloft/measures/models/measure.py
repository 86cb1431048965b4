"""A measure (tiltak) or pilot project, and the history of its status."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel


class MeasureKind(models.TextChoices):
    MEASURE = "measure", _("Measure")
    PILOT = "pilot", _("Pilot project")
    PHYSICAL_UPGRADE = "physical_upgrade", _("Physical upgrade")
    SERVICE_INNOVATION = "service_innovation", _("Service innovation")
    PARTICIPATION = "participation", _("Participation and involvement")
    STUDY = "study", _("Mapping or study")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


class MeasureQuerySet(models.QuerySet["Measure"]):
    def published(self) -> "MeasureQuerySet":
        return self.filter(is_published=True)

    def active_in(self, area) -> "MeasureQuerySet":
        return self.filter(status=Status.ACTIVE, areas=area)


class Measure(AuditedModel):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("programme"),
        help_text=_("The programme the measure belongs to."),
    )
    code = models.SlugField(
        _("code"), max_length=50, help_text=_("Short identifier within the programme.")
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_(
            "In Norwegian (bokmål); English pages show it too while the English title is empty."
        ),
    )
    title_en = models.CharField(
        _("title in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    kind = models.CharField(
        _("kind"), max_length=30, choices=MeasureKind.choices, help_text=_("What sort of effort.")
    )
    fields = models.ManyToManyField(
        "programmes.Field",
        related_name="measures",
        verbose_name=_("fields"),
        help_text=_("The programme fields the measure serves."),
    )
    areas = models.ManyToManyField(
        "areas.Area",
        related_name="measures",
        verbose_name=_("target areas"),
        help_text=_("Where the measure works."),
    )
    owner = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_measures",
        verbose_name=_("owner"),
        help_text=_("The organisation responsible for the measure."),
    )
    partners = models.ManyToManyField(
        "accounts.Organisation",
        blank=True,
        related_name="partner_measures",
        verbose_name=_("partners"),
        help_text=_("Organisations that take part."),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="led_measures",
        verbose_name=_("project lead"),
        help_text=_("The person who reports progress."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.PROPOSED,
        help_text=_("Changed only through a status change with a reason."),
    )
    start = models.DateField(
        _("start"), null=True, blank=True, help_text=_("The measure's first day.")
    )
    end = models.DateField(_("end"), null=True, blank=True, help_text=_("Last day, if known."))
    description = models.TextField(
        _("description"), blank=True, help_text=_("What is done and why, in Norwegian.")
    )
    description_en = models.TextField(
        _("description in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
        help_text=_("Optional location on the map (WGS 84)."),
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
        help_text=_("Optional location on the map (WGS 84)."),
    )
    decisions = models.ManyToManyField(
        "programmes.Decision",
        blank=True,
        related_name="measures",
        verbose_name=_("decisions"),
        help_text=_("Decisions that concern the measure."),
    )
    is_published = models.BooleanField(
        _("published"), default=False, help_text=_("Shown to the public.")
    )
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Made-up content for trying the platform.")
    )

    # The label of the latest progress report's traffic light, which the measure list
    # attaches before rendering (views.listing).
    light_label: str

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="measure_code_per_programme"
            ),
            models.CheckConstraint(
                condition=models.Q(end__isnull=True)
                | models.Q(start__isnull=True)
                | models.Q(end__gte=models.F("start")),
                name="measure_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="measure_location_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class StatusChange(AuditedModel):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name=_("measure"),
        help_text=_("The measure whose status changed."),
    )
    from_status = models.CharField(
        _("from"),
        max_length=20,
        choices=Status.choices,
        blank=True,
        help_text=_("The status before the change."),
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=Status.choices, help_text=_("The status after the change.")
    )
    date = models.DateField(_("date"), help_text=_("When the change took effect."))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
        help_text=_("Who made the change."),
    )
    reason = models.TextField(_("reason"), help_text=_("Why the status changed."))

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["measure", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.measure}: {self.from_status} → {self.to_status}"
