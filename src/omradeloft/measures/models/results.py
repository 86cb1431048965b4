"""A measure's results chain: activities -> outputs with targets -> outcomes linked to the
programme's goals and indicators."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel
from omradeloft.measures.models.measure import Measure


class Activity(AuditedModel):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("measure"),
        help_text=_("The measure that carries out the activity."),
    )
    text = models.CharField(_("activity"), max_length=300, help_text=_("What is done."))
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["measure", "order", "pk"]

    def __str__(self) -> str:
        return self.text


class Output(AuditedModel):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="outputs",
        verbose_name=_("measure"),
        help_text=_("The measure that delivers the output."),
    )
    name = models.CharField(
        _("output"), max_length=200, help_text=_("What is delivered, e.g. participants.")
    )
    unit = models.CharField(
        _("unit"),
        max_length=50,
        blank=True,
        help_text=_("What the target and values count, e.g. persons."),
    )
    target = models.FloatField(
        _("target"), null=True, blank=True, help_text=_("How much by the end of the measure.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("output")
        verbose_name_plural = _("outputs")
        ordering = ["measure", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Outcome(AuditedModel):
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="outcomes",
        verbose_name=_("measure"),
        help_text=_("The measure expected to bring the outcome about."),
    )
    text = models.CharField(_("outcome"), max_length=300, help_text=_("The change expected."))
    goal = models.ForeignKey(
        "programmes.Goal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="outcomes",
        verbose_name=_("goal"),
        help_text=_("The programme goal the outcome serves."),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("indicator"),
        help_text=_("The indicator that would show the outcome."),
    )

    class Meta:
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")
        ordering = ["measure", "pk"]

    def __str__(self) -> str:
        return self.text
