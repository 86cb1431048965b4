"""The evaluation plan: milestones such as the mid-term and final evaluations, and the
questions each should answer."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel
from omradeloft.programmes.models.programme import Programme


class MilestoneKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline study")
    MIDTERM = "midterm", _("Mid-term evaluation")
    FINAL = "final", _("Final evaluation")
    OTHER = "other", _("Other evaluation")


class EvaluationMilestone(AuditedModel):
    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("programme"),
        help_text=_("The programme being evaluated."),
    )
    kind = models.CharField(
        _("kind"),
        max_length=20,
        choices=MilestoneKind.choices,
        help_text=_("Baseline study, mid-term, final or other evaluation."),
    )
    title = models.CharField(
        _("title"),
        max_length=200,
        help_text=_("In Norwegian (bokmål), e.g. Midtveisevaluering 2021."),
    )
    title_en = models.CharField(
        _("title in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    due = models.DateField(_("due"), help_text=_("When the evaluation is to be delivered."))
    responsible = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("responsible"),
        help_text=_("Who carries out or commissions it."),
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("What the evaluation covers and how, in Norwegian (bokmål)."),
    )

    class Meta:
        verbose_name = _("evaluation milestone")
        verbose_name_plural = _("evaluation milestones")
        ordering = ["programme", "due"]

    def __str__(self) -> str:
        return self.title


class EvaluationQuestion(AuditedModel):
    milestone = models.ForeignKey(
        EvaluationMilestone,
        on_delete=models.CASCADE,
        related_name="questions",
        verbose_name=_("milestone"),
        help_text=_("The evaluation that answers the question."),
    )
    question = models.TextField(
        _("question"),
        help_text=_("One question the evaluation is to answer, in Norwegian (bokmål)."),
    )
    question_en = models.TextField(
        _("question in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    answered_by = models.CharField(
        _("answered by"),
        max_length=200,
        blank=True,
        help_text=_("Who answers it, e.g. the evaluator or the secretariat."),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("evaluation question")
        verbose_name_plural = _("evaluation questions")
        ordering = ["milestone", "order", "pk"]

    def __str__(self) -> str:
        return self.question[:80]
