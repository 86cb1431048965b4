"""The results framework: programme goal -> field goals -> sub-goals, each measured by
indicators from the catalogue with a baseline and targets."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel
from omradeloft.programmes.models.programme import Field, Programme


class GoalLevel(models.TextChoices):
    PROGRAMME = "programme", _("Programme goal")
    FIELD = "field", _("Field goal")
    SUB = "sub", _("Sub-goal")


class Goal(AuditedModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="goals",
        verbose_name=_("programme"),
        help_text=_("The programme the goal belongs to."),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("serves"),
        help_text=_("The goal this one contributes to; empty for the programme goal."),
    )
    level = models.CharField(
        _("level"), max_length=20, choices=GoalLevel.choices, help_text=_("Place in the framework.")
    )
    field = models.ForeignKey(
        Field,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="goals",
        verbose_name=_("field"),
        help_text=_("The field of a field goal or sub-goal."),
    )
    title = models.CharField(_("title"), max_length=300, help_text=_("The goal, in Norwegian."))
    title_en = models.CharField(
        _("title in English"), max_length=300, blank=True, help_text=_("Leave empty if the same.")
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the goal means in practice, in Norwegian (bokmål)."),
    )
    description_en = models.TextField(
        _("description in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["programme", "order", "pk"]

    def __str__(self) -> str:
        return self.title


class GoalIndicator(AuditedModel):
    """An indicator that measures a goal, from a baseline, in some areas."""

    goal = models.ForeignKey(
        Goal,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("goal"),
        help_text=_("The goal the indicator measures."),
    )
    indicator = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        related_name="goal_uses",
        verbose_name=_("indicator"),
        help_text=_("From the indicator catalogue."),
    )
    baseline_period = models.CharField(
        _("baseline period"),
        max_length=20,
        help_text=_("The period the starting value is read from, e.g. 2016."),
    )
    baseline_value = models.FloatField(
        _("baseline value"),
        null=True,
        blank=True,
        help_text=_("Empty: taken from the statistics for the baseline period."),
    )
    areas = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("areas"),
        help_text=_("Where progress is followed; empty: the programme's target areas."),
    )

    class Meta:
        verbose_name = _("goal indicator")
        verbose_name_plural = _("goal indicators")
        ordering = ["goal", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["goal", "indicator"], name="indicator_once_per_goal")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.indicator}"


class GoalTarget(AuditedModel):
    goal_indicator = models.ForeignKey(
        GoalIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("goal indicator"),
        help_text=_("The indicator the target is set for."),
    )
    period = models.CharField(_("period"), max_length=20, help_text=_("When, e.g. 2026."))
    value = models.FloatField(_("value"), help_text=_("The value to reach by then."))

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["goal_indicator", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["goal_indicator", "period"], name="one_target_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.period}: {self.value:g}"
