"""Composite indices as data, and the scores each computation produced."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.models import AuditedModel


class Method(models.TextChoices):
    RATIO_TO_REFERENCE = "ratio_to_reference", _("ratio to a reference area")
    ZSCORE = "zscore", _("standardised scores (z)")
    EXPONENTIAL_RANK = "exponential_rank", _("exponentially transformed ranks")


class IndexDefinition(AuditedModel):
    code = models.SlugField(_("code"), max_length=80, unique=True, help_text=_("Identifier."))
    name = models.CharField(_("name"), max_length=200, help_text=_("Name in Norwegian."))
    name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    level = models.ForeignKey(
        AreaLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
        help_text=_("The areas the index ranks."),
    )
    method = models.CharField(
        _("method"), max_length=30, choices=Method.choices, help_text=_("How it is computed.")
    )
    components = models.JSONField(
        _("components"),
        help_text=_("Indicators with weights (and domains): [{indicator, weight, domain}]."),
    )
    domain_weights = models.JSONField(
        _("domain weights"), null=True, blank=True, help_text=_("Domain -> weight, if any.")
    )
    shrinkage = models.BooleanField(
        _("shrink small-area rates"),
        default=False,
        help_text=_("Pull rates of small areas toward their parent area (empirical Bayes)."),
    )
    reference_area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reference area"),
        help_text=_("The area scoring 100 (ratio to reference only)."),
    )

    class Meta:
        verbose_name = _("index")
        verbose_name_plural = _("indices")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class IndexRun(AuditedModel):
    """One computation: what went in (by fingerprint) and how much came out."""

    definition = models.ForeignKey(
        IndexDefinition,
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("index"),
        help_text=_("The index computed."),
    )
    periods = models.JSONField(_("periods"), default=list, help_text=_("Periods computed."))
    input_sha256 = models.CharField(
        _("input fingerprint"), max_length=64, help_text=_("SHA-256 of the spec and values used.")
    )
    engine_version = models.CharField(
        _("engine version"), max_length=20, help_text=_("The index engine's version.")
    )
    scored = models.PositiveIntegerField(_("scored"), default=0, help_text=_("Area-periods."))
    missing = models.PositiveIntegerField(
        _("missing"), default=0, help_text=_("Area-periods without every component.")
    )

    class Meta:
        verbose_name = _("index computation")
        verbose_name_plural = _("index computations")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.definition.code} {self.created_at:%Y-%m-%d %H:%M}"


class IndexScore(models.Model):
    """An area's score, rank and decile in a period, from the latest computation."""

    run = models.ForeignKey(
        IndexRun,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("computation"),
        help_text=_("The computation that produced it."),
    )
    definition = models.ForeignKey(
        IndexDefinition,
        on_delete=models.CASCADE,
        related_name="scores",
        db_index=False,  # the unique (definition, period, area) index starts with it
        verbose_name=_("index"),
        help_text=_("The index."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Where."),
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("When."))
    score = models.FloatField(_("score"), help_text=_("Higher is more deprived."))
    rank = models.PositiveIntegerField(_("rank"), help_text=_("1 is the most deprived."))
    decile = models.PositiveSmallIntegerField(
        _("decile"), help_text=_("1 is the most deprived tenth.")
    )
    contributions = models.JSONField(
        _("contributions"), help_text=_("Each component's part of the score.")
    )

    audited_through: ClassVar[str] = "run"

    class Meta:
        verbose_name = _("index score")
        verbose_name_plural = _("index scores")
        ordering = ["definition", "period", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "period", "area"], name="one_score_per_area_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.definition_id} {self.area_id} {self.period}: {self.rank}"
