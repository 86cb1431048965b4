"""Progress reports per period, and documents attached to a measure."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AttachedDocument, AuditedModel
from omradeloft.measures.models.measure import Measure
from omradeloft.measures.models.results import Output


class TrafficLight(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Some problems")
    RED = "red", _("Serious problems")


class ProgressReport(AuditedModel):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("measure"),
        help_text=_("The measure reported on."),
    )
    period = models.CharField(
        _("period"), max_length=20, help_text=_("The period reported on, e.g. 2024 or 2024H1.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TrafficLight.choices,
        help_text=_("How the measure is going, as a traffic light."),
    )
    narrative = models.TextField(_("what happened"), help_text=_("What was done and achieved."))
    risks = models.TextField(_("risks"), blank=True, help_text=_("What may go wrong."))
    next_steps = models.TextField(_("next steps"), blank=True, help_text=_("What comes next."))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("Who filed the report."),
    )

    # Whether the reader may change it, set by the measure page before rendering.
    may_change: bool

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["measure", "-period"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "period"], name="one_report_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.measure} {self.period}"


class OutputValue(models.Model):
    """How much of an output a report period delivered."""

    report = models.ForeignKey(
        ProgressReport,
        on_delete=models.CASCADE,
        related_name="output_values",
        verbose_name=_("report"),
        help_text=_("The report that gives the value."),
    )
    output = models.ForeignKey(
        Output,
        on_delete=models.CASCADE,
        related_name="values",
        verbose_name=_("output"),
        help_text=_("The output measured."),
    )
    value = models.FloatField(_("value"), help_text=_("Delivered in the period."))

    audited_through: ClassVar[str] = "report"

    class Meta:
        verbose_name = _("output value")
        verbose_name_plural = _("output values")
        constraints = [
            models.UniqueConstraint(fields=["report", "output"], name="one_value_per_output")
        ]

    def __str__(self) -> str:
        return f"{self.output}: {self.value:g}"


class MeasureAttachment(AttachedDocument):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("measure"),
        help_text=_("The measure the document belongs to."),
    )
    file = models.FileField(
        _("file"), upload_to="measures/%Y/", help_text=_("PDF, office document or image.")
    )

    # Whether the reader may delete it, set by the measure page before rendering.
    may_delete: bool

    class Meta:
        verbose_name = _("measure document")
        verbose_name_plural = _("measure documents")
        ordering = ["measure", "title"]
