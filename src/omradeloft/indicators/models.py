"""The indicator catalogue and observations: one value per indicator, area and period."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.core.models import AuditedModel


class IndicatorKind(models.TextChoices):
    """What the platform must know of a value to aggregate it and control its disclosure;
    the unit people read is a free label beside it."""

    COUNT = "count", _("count")
    RATE = "rate", _("rate")  # value = numerator / denominator * rate_scale
    MONEY = "money", _("amount of money")
    INDEX = "index", _("index or score")
    OTHER = "other", _("other measure")


class Polarity(models.TextChoices):
    HIGHER_IS_WORSE = "higher_is_worse", _("higher is worse")
    HIGHER_IS_BETTER = "higher_is_better", _("higher is better")


class Periodicity(models.TextChoices):
    ANNUAL = "annual", _("annual")
    QUARTERLY = "quarterly", _("quarterly")
    MONTHLY = "monthly", _("monthly")


class Aggregation(models.TextChoices):
    RATIO = "ratio", _("sum of numerators over sum of denominators")
    SUM = "sum", _("sum of values")
    NONE = "none", _("not aggregated")


class Topic(AuditedModel):
    """A thematic field indicators belong to, e.g. kindergarten/school or employment."""

    code = models.SlugField(
        _("code"),
        max_length=50,
        unique=True,
        help_text=_(
            "Unique; letters, digits, hyphens and underscores; used in files and addresses."
        ),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        help_text=_(
            "In Norwegian (bokmål); English pages show it too while the English name is empty."
        ),
    )
    name_en = models.CharField(
        _("name in English"), max_length=100, blank=True, help_text=_("Leave empty if the same.")
    )

    class Meta:
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


# Codes that would be taken for the catalogue's own addresses (see urls.py).
RESERVED_INDICATOR_CODES = frozenset({"new", "import", "batches", "areas"})


class Indicator(AuditedModel):
    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        help_text=_("Identifier used in files and addresses."),
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
    definition = models.TextField(
        _("definition"), blank=True, help_text=_("What the indicator measures, in Norwegian.")
    )
    definition_en = models.TextField(
        _("definition in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    kind = models.CharField(
        _("kind"),
        max_length=10,
        choices=IndicatorKind.choices,
        help_text=_(
            "Counts and amounts of money add up; rates are aggregated from their numerators "
            "and denominators; small counts are suppressed in counts and in the numerators "
            "and denominators of rates."
        ),
    )
    rate_scale = models.PositiveIntegerField(
        _("scale"),
        null=True,
        blank=True,
        help_text=_("Rates only: 100 for percent, 1000 for per 1,000, 100000 for per 100,000."),
    )
    unit_label = models.CharField(
        _("unit"), max_length=60, help_text=_("The unit as readers see it, in Norwegian.")
    )
    unit_label_en = models.CharField(
        _("unit in English"), max_length=60, blank=True, help_text=_("Leave empty if the same.")
    )
    numerator_definition = models.CharField(
        _("numerator"), max_length=300, blank=True, help_text=_("What is counted.")
    )
    denominator_definition = models.CharField(
        _("denominator"), max_length=300, blank=True, help_text=_("What it is counted among.")
    )
    polarity = models.CharField(
        _("polarity"),
        max_length=20,
        choices=Polarity.choices,
        help_text=_("Whether a higher value means a worse or a better situation."),
    )
    aggregation = models.CharField(
        _("aggregation"),
        max_length=10,
        choices=Aggregation.choices,
        default=Aggregation.RATIO,
        help_text=_("How values for larger areas are derived from the areas inside them."),
    )
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="indicators",
        verbose_name=_("topics"),
        help_text=_("The fields the indicator belongs to."),
    )
    source = models.CharField(
        _("source"), max_length=300, blank=True, help_text=_("Who produces the statistics.")
    )
    periodicity = models.CharField(
        _("periodicity"),
        max_length=10,
        choices=Periodicity.choices,
        default=Periodicity.ANNUAL,
        help_text=_("How often values are published; decides the period format."),
    )
    suppression_threshold = models.PositiveSmallIntegerField(
        _("suppression threshold"),
        default=3,
        help_text=_("Counts at or below this are suppressed before publication."),
    )
    decimals = models.PositiveSmallIntegerField(
        _("decimals"), default=1, help_text=_("Decimals shown on pages.")
    )
    is_synthetic = models.BooleanField(
        _("synthetic data"),
        default=False,
        help_text=_("Made-up values for demonstration; every page that shows them says so."),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.kind == IndicatorKind.RATE and not self.rate_scale:
            raise ValidationError(
                {"rate_scale": _("A rate needs its scale, e.g. 100 for percent.")}
            )
        if self.kind != IndicatorKind.RATE and self.rate_scale is not None:
            raise ValidationError({"rate_scale": _("Only a rate has a scale.")})

    @property
    def scale(self) -> float:
        """value = numerator / denominator * scale; 1 for values that are not rates."""
        return float(self.rate_scale or 1)

    @property
    def unit_text(self) -> str:
        """The unit label in the active language."""
        return localized(self, "unit_label")


class AdditiveRelation(AuditedModel):
    """Count indicators that add up to another in every area and period.

    The population aged 0-5, 6-15, 16-19, 20-66 and 67+ adds up to the population in total,
    so a suppressed age group would be the total minus the others: disclosure control
    suppresses across the indicators of a relation as it does across areas. A total may
    have several breakdowns (by age, by sex), told apart by name.
    """

    total = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="breakdowns",
        verbose_name=_("total"),
        help_text=_("The indicator the components add up to; a count."),
    )
    breakdown = models.SlugField(
        _("breakdown"),
        max_length=50,
        blank=True,
        help_text=_(
            "Tells several breakdowns of the same total apart, e.g. age and sex; "
            "empty when there is only one."
        ),
    )
    components = models.ManyToManyField(
        Indicator,
        related_name="sums_to",
        verbose_name=_("components"),
        help_text=_("Count indicators that add up to the total in every area and period."),
    )

    class Meta:
        verbose_name = _("additive relation")
        verbose_name_plural = _("additive relations")
        ordering = ["total__code", "breakdown"]
        constraints = [
            models.UniqueConstraint(
                fields=["total", "breakdown"], name="one_relation_per_breakdown"
            )
        ]

    def __str__(self) -> str:
        return f"{self.total.code}:{self.breakdown}" if self.breakdown else self.total.code


class SeriesBreak(AuditedModel):
    """A change of definition or source that makes values before and after incomparable."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="breaks",
        verbose_name=_("indicator"),
        help_text=_("The indicator whose series breaks."),
    )
    period = models.CharField(
        _("period"), max_length=10, help_text=_("The first period after the break.")
    )
    note = models.TextField(_("note"), help_text=_("What changed, in Norwegian."))
    note_en = models.TextField(
        _("note in English"), blank=True, help_text=_("Leave empty if not translated.")
    )

    class Meta:
        verbose_name = _("break in series")
        verbose_name_plural = _("breaks in series")
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="one_break_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period}"


class BatchStatus(models.TextChoices):
    COMMITTED = "committed", _("imported")
    ROLLED_BACK = "rolled_back", _("rolled back")


class ImportBatch(AuditedModel):
    """One import of a file: who, when, what file, and what it changed."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
        help_text=_("Empty when imported by the system or an operator's shell."),
    )
    file_name = models.CharField(
        _("file name"),
        max_length=255,
        help_text=_("The file's name when it was uploaded, e.g. levekar_2024.csv."),
    )
    sha256 = models.CharField(
        _("SHA-256"), max_length=64, help_text=_("Fingerprint of the file's bytes.")
    )
    file_format = models.CharField(
        _("format"), max_length=10, help_text=_("csv, xlsx or jsonstat.")
    )
    rows = models.PositiveIntegerField(_("rows"), default=0, help_text=_("Rows in the file."))
    created_count = models.PositiveIntegerField(
        _("new"), default=0, help_text=_("Observations the import added.")
    )
    changed_count = models.PositiveIntegerField(
        _("changed"), default=0, help_text=_("Observations whose values changed.")
    )
    unchanged_count = models.PositiveIntegerField(
        _("unchanged"), default=0, help_text=_("Observations already as in the file.")
    )
    left_out = models.JSONField(
        _("codes left out"),
        default=list,
        blank=True,
        help_text=_(
            "Rows for codes outside the area register that the mapping left out or added into "
            "a parent's total, counted per indicator, period and code."
        ),
    )
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=BatchStatus.choices,
        default=BatchStatus.COMMITTED,
        help_text=_("Rolled back batches no longer contribute values."),
    )

    # What it left out, in words, set by the list of imports before rendering.
    left_out_text: str

    class Meta:
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.created_at:%Y-%m-%d %H:%M})"


class Suppression(models.TextChoices):
    PUBLISHED = "", _("published")
    PRIMARY = "primary", _("suppressed: small count")
    SECONDARY = "secondary", _("suppressed to protect another value")


class Missing(models.TextChoices):
    """Why an observation has no value, as the statistics banks' markers say."""

    NOT_AVAILABLE = "not_available", _("not available")
    NOT_YET_AVAILABLE = "not_yet_available", _("not yet available")
    CONFIDENTIAL = "confidential", _("confidential")
    NIL = "nil", _("nil")
    NOT_APPLICABLE = "not_applicable", _("not applicable")


class ObservationQuerySet(models.QuerySet["Observation"]):
    def public(self) -> "ObservationQuerySet":
        """Values that passed disclosure control: the only ones shown outside the analyst role."""
        return self.filter(suppression=Suppression.PUBLISHED)

    def for_area(self, area: Area) -> "ObservationQuerySet":
        return self.filter(area=area)

    def for_indicator(self, indicator: Indicator) -> "ObservationQuerySet":
        return self.filter(indicator=indicator)

    def imported(self) -> "ObservationQuerySet":
        return self.filter(is_derived=False)


class Observation(models.Model):
    """A value of an indicator for an area and period.

    Changes are recorded through the import batch that wrote them (and `ObservationRevision`
    for the values they replaced), not row by row in the audit log.
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        # The unique (indicator, period, area) index already starts with the indicator.
        db_index=False,
        verbose_name=_("indicator"),
        help_text=_("What is measured."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("area"),
        help_text=_("The area the value is for."),
    )
    period = models.CharField(
        _("period"), max_length=10, help_text=_("2024, 2024Q1 or 2024-01, by periodicity.")
    )
    numerator = models.FloatField(
        _("numerator"), null=True, blank=True, help_text=_("The count the value is made from.")
    )
    denominator = models.FloatField(
        _("denominator"), null=True, blank=True, help_text=_("The population it is counted in.")
    )
    value = models.FloatField(
        _("value"),
        null=True,
        blank=True,
        help_text=_("In the indicator's unit, e.g. 12.5 for a rate of 12.5 per 100."),
    )
    is_provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("May still be revised by the source.")
    )
    is_estimated = models.BooleanField(
        _("estimated"), default=False, help_text=_("Estimated rather than counted.")
    )
    is_break = models.BooleanField(
        _("break in series"), default=False, help_text=_("Not comparable with earlier periods.")
    )
    is_derived = models.BooleanField(
        _("derived"), default=False, help_text=_("Computed from the areas inside this one.")
    )
    missing = models.CharField(
        _("missing"),
        max_length=20,
        choices=Missing.choices,
        blank=True,
        # A database default, because observations are written with plain SQL in bulk.
        default="",
        db_default="",
        help_text=_(
            "Why there is no value, as the source marked it; empty for an observation with numbers."
        ),
    )
    suppression = models.CharField(
        _("disclosure control"),
        max_length=10,
        choices=Suppression.choices,
        # A database default, because observations are written with plain SQL in bulk.
        db_default=Suppression.PUBLISHED,
        blank=True,
        help_text=_("Whether the value may be published; set by disclosure control."),
    )
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="observations",
        verbose_name=_("import batch"),
        help_text=_("The import that last wrote this value; empty for derived values."),
    )

    objects = ObservationQuerySet.as_manager()

    audited_through: ClassVar[str] = "batch"

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        # One index serves both uniqueness and the common question "an indicator's values
        # in a period"; area questions use the area's own index.
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "period", "area"], name="one_observation_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period}: {self.value}"


class ObservationRevision(models.Model):
    """The values an import replaced, so that the import can be rolled back."""

    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("import batch"),
        help_text=_("The import that replaced these values."),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("indicator"),
        help_text=_("Of the replaced value."),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("area"),
        help_text=_("Of the replaced value."),
    )
    period = models.CharField(_("period"), max_length=10, help_text=_("Of the replaced value."))
    numerator = models.FloatField(_("numerator"), null=True, help_text=_("Before the import."))
    denominator = models.FloatField(_("denominator"), null=True, help_text=_("Before the import."))
    value = models.FloatField(_("value"), null=True, help_text=_("Before the import."))
    is_provisional = models.BooleanField(
        _("provisional"), default=False, help_text=_("Before the import.")
    )
    is_estimated = models.BooleanField(
        _("estimated"), default=False, help_text=_("Before the import.")
    )
    is_break = models.BooleanField(
        _("break in series"), default=False, help_text=_("Before the import.")
    )
    missing = models.CharField(
        _("missing"),
        max_length=20,
        choices=Missing.choices,
        blank=True,
        default="",
        db_default="",
        help_text=_("Before the import."),
    )
    previous_batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("previous batch"),
        help_text=_("The import that had written the replaced value."),
    )

    audited_through: ClassVar[str] = "batch"

    class Meta:
        verbose_name = _("replaced observation")
        verbose_name_plural = _("replaced observations")
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "indicator", "area", "period"], name="one_revision_per_cell"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.area_id}/{self.period} before batch {self.batch_id}"
