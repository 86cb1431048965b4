"""Composite indices as data, and the scores each computation produced."""

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.models import AuditedModel
from omradeloft.targeting.engine.rules import reason_problems


def validate_reasons(value: object) -> None:
    problems = reason_problems(value)
    if problems:
        raise ValidationError("; ".join(problems))


class Method(models.TextChoices):
    RATIO_TO_REFERENCE = "ratio_to_reference", _("ratio to a reference area")
    ZSCORE = "zscore", _("standardised scores (z)")
    EXPONENTIAL_RANK = "exponential_rank", _("exponentially transformed ranks")


class IndexDefinition(AuditedModel):
    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_(
            "Unique; letters, digits, hyphens and underscores; used in files and addresses."
        ),
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
    level = models.ForeignKey(
        AreaLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
        help_text=_("The areas the index ranks."),
    )
    method = models.CharField(
        _("method"),
        max_length=30,
        choices=Method.choices,
        help_text=_("How the indicators are scaled and combined into one score."),
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
    harmonise_to = models.DateField(
        _("harmonise to"),
        null=True,
        blank=True,
        help_text=_(
            "Read every input on the areas in use on this date, moving values on earlier or "
            "later areas by the recorded boundary changes; empty to read them as observed."
        ),
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
    periods = models.JSONField(
        _("periods"), default=list, help_text=_("The periods scored, e.g. 2023 and 2024.")
    )
    input_sha256 = models.CharField(
        _("input fingerprint"), max_length=64, help_text=_("SHA-256 of the spec and values used.")
    )
    engine_version = models.CharField(
        _("engine version"), max_length=20, help_text=_("The index engine's version.")
    )
    scored = models.PositiveIntegerField(
        _("scored"), default=0, help_text=_("How many area-periods got a score.")
    )
    missing = models.PositiveIntegerField(
        _("missing"), default=0, help_text=_("Area-periods without every component.")
    )
    skipped = models.JSONField(
        _("skipped periods"),
        default=dict,
        blank=True,
        help_text=_(
            "Periods with data that were not computed, and why: period -> the components "
            'without values ("values") or without a reference value ("reference").'
        ),
    )
    harmonised_to = models.DateField(
        _("harmonised to"),
        null=True,
        blank=True,
        help_text=_("The date whose areas the inputs were expressed on; empty if as observed."),
    )
    harmonised_values = models.PositiveIntegerField(
        _("harmonised values"),
        default=0,
        help_text=_("Input values moved or divided from areas of another version."),
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
        help_text=_("The index the score belongs to."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("The area scored."),
    )
    period = models.CharField(
        _("period"), max_length=10, help_text=_("The period the score is for, e.g. 2024.")
    )
    score = models.FloatField(_("score"), help_text=_("Higher is more deprived."))
    rank = models.PositiveIntegerField(_("rank"), help_text=_("1 is the most deprived."))
    decile = models.PositiveSmallIntegerField(
        _("decile"), help_text=_("1 is the most deprived tenth.")
    )
    contributions = models.JSONField(
        _("contributions"), help_text=_("Each component's part of the score.")
    )
    suppressed_components = models.JSONField(
        _("components resting on suppressed values"),
        default=list,
        blank=True,
        help_text=_(
            "Components whose value here, or whose reference value, was withheld by "
            "disclosure control when the index was computed; their contributions are not "
            "published."
        ),
    )
    score_step = models.FloatField(
        _("rounding step"),
        null=True,
        blank=True,
        help_text=_(
            "Outside the analyst role a score resting on suppressed values is shown rounded "
            "to this step. Empty for scores computed before indices passed disclosure "
            "control: compute the index again."
        ),
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


class RuleKind(models.TextChoices):
    TOP_N = "top_n", _("the N most deprived on an index")
    TOP_DECILE = "top_decile", _("the most deprived decile(s) on an index")
    SCORE_THRESHOLD = "score_threshold", _("an index score at or above a threshold")
    CRITERIA = "criteria", _("a number of criteria met")


class ClassificationRule(AuditedModel):
    """Which areas count as deprived. Every change of its parameters is a new version."""

    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_(
            "Unique; letters, digits, hyphens and underscores; used in files and addresses."
        ),
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
    kind = models.CharField(
        _("kind"), max_length=20, choices=RuleKind.choices, help_text=_("How areas are chosen.")
    )
    params = models.JSONField(_("parameters"), help_text=_("The rule's numbers, by kind."))
    index = models.ForeignKey(
        IndexDefinition,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rules",
        verbose_name=_("index"),
        help_text=_("The index an index rule reads."),
    )
    level = models.ForeignKey(
        AreaLevel,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("level"),
        help_text=_("The areas the rule classifies."),
    )
    version = models.PositiveIntegerField(
        _("version"), default=1, help_text=_("Goes up when the parameters change.")
    )

    class Meta:
        verbose_name = _("classification rule")
        verbose_name_plural = _("classification rules")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class ClassificationRun(AuditedModel):
    """The areas one version of a rule selected in one period."""

    rule = models.ForeignKey(
        ClassificationRule,
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("rule"),
        help_text=_("The rule applied."),
    )
    rule_version = models.PositiveIntegerField(
        _("rule version"), help_text=_("The version of the rule that produced the result.")
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("The period classified."))

    class Meta:
        verbose_name = _("classification")
        verbose_name_plural = _("classifications")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.rule.code} v{self.rule_version} {self.period}"


class ClassifiedArea(models.Model):
    run = models.ForeignKey(
        ClassificationRun,
        on_delete=models.CASCADE,
        related_name="areas",
        verbose_name=_("classification"),
        help_text=_("The classification it belongs to."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("One of the areas the rule selected."),
    )
    reasons = models.JSONField(
        _("reasons"),
        validators=[validate_reasons],
        help_text=_(
            "Why the rule selected the area: each reason with the rank, score or value and "
            "the bound it met."
        ),
    )

    audited_through: ClassVar[str] = "run"

    class Meta:
        verbose_name = _("selected area")
        verbose_name_plural = _("selected areas")
        constraints = [
            models.UniqueConstraint(fields=["run", "area"], name="one_selection_per_run_area")
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.area_id}"
