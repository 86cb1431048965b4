"""Evaluation designs (what is compared with what, from when, by which methods) and the
runs that estimated them."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel


class Method(models.TextChoices):
    SYNTHETIC_CONTROL = "synthetic_control", _("Synthetic control")
    DID = "did", _("Difference-in-differences")
    EVENT_STUDY = "event_study", _("Event study")


class EvaluationDesign(AuditedModel):
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        related_name="evaluation_designs",
        verbose_name=_("programme"),
        help_text=_("The programme whose effect is estimated."),
    )
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_(
            "Letters, digits, hyphens and underscores; used in addresses, e.g. levekar-did."
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
    outcomes = models.ManyToManyField(
        "indicators.Indicator",
        related_name="+",
        verbose_name=_("outcome indicators"),
        help_text=_("The indicators the effect is estimated on (default: the goal indicators)."),
    )
    treated = models.ManyToManyField(
        "areas.Area",
        related_name="+",
        verbose_name=_("treated areas"),
        help_text=_("Where the programme works (default: its target areas)."),
    )
    comparison_pool = models.ManyToManyField(
        "areas.Area",
        blank=True,
        related_name="+",
        verbose_name=_("comparison pool"),
        help_text=_("Areas to compare with; empty: every untreated area of the same level."),
    )
    exclude_neighbours = models.BooleanField(
        _("exclude neighbours"),
        default=False,
        help_text=_("Leave out areas bordering a treated area, to limit spill-over."),
    )
    treatment_period = models.CharField(
        _("treatment start"), max_length=20, help_text=_("First period under the programme.")
    )
    methods = models.JSONField(
        _("methods"), help_text=_("Which estimators to run: synthetic_control, did, event_study.")
    )
    predictors = models.JSONField(
        _("covariates"),
        default=list,
        blank=True,
        help_text=_("Predictors for synthetic control: [{indicator, periods, op}]."),
    )
    harmonise_to = models.DateField(
        _("harmonise to"),
        null=True,
        blank=True,
        help_text=_(
            "Read every series on the areas in use on this date, moving values observed on "
            "earlier or later areas by the recorded boundary changes; empty: as observed."
        ),
    )

    class Meta:
        verbose_name = _("evaluation design")
        verbose_name_plural = _("evaluation designs")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="design_code_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class FailureReason(models.TextChoices):
    """Why a failed run ended, where the platform knows it apart from the run's message."""

    INTERRUPTED = "interrupted", _("interrupted")


class DataLevel(models.TextChoices):
    """Which observations a run reads. Results made from unsuppressed data are shown only to
    those who may see unsuppressed statistics (see `evaluation.access`)."""

    PUBLISHED = "published", _("Published data")
    UNSUPPRESSED = "unsuppressed", _("Unsuppressed data")


class EvaluationRunQuerySet(models.QuerySet["EvaluationRun"]):
    def published(self) -> "EvaluationRunQuerySet":
        """Runs made from published data only: their results pass disclosure control."""
        return self.filter(data_level=DataLevel.PUBLISHED)


class EvaluationRun(AuditedModel):
    """One estimate of one outcome by one method, with the inputs it was made from."""

    design = models.ForeignKey(
        EvaluationDesign,
        on_delete=models.CASCADE,
        related_name="runs",
        verbose_name=_("design"),
        help_text=_("The design that was run."),
    )
    method = models.CharField(
        _("method"),
        max_length=30,
        choices=Method.choices,
        help_text=_("Synthetic control, difference-in-differences or event study."),
    )
    outcome = models.ForeignKey(
        "indicators.Indicator",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("outcome indicator"),
        help_text=_("The indicator estimated on."),
    )
    spec = models.JSONField(_("spec"), help_text=_("The evaluation spec the run was made from."))
    data_level = models.CharField(
        _("data level"),
        max_length=12,
        choices=DataLevel.choices,
        default=DataLevel.PUBLISHED,
        help_text=_(
            "Which values the run read: the published ones, or also those suppressed by "
            "disclosure control (its results are then shown only to analysts)."
        ),
    )
    inputs_hash = models.CharField(
        _("inputs hash"),
        max_length=64,
        blank=True,
        help_text=_("SHA-256 of the spec and the data it read: equal hashes, equal inputs."),
    )
    engine_version = models.CharField(
        _("engine version"), max_length=40, help_text=_("The platform version that computed it.")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.QUEUED,
        help_text=_("Queued, running, done or failed; set by the platform."),
    )
    progress = models.PositiveSmallIntegerField(
        _("progress"),
        default=0,
        help_text=_("How far the computation has come, from 0 to 100; set by the platform."),
    )
    message = models.TextField(_("message"), blank=True, help_text=_("Why a run failed."))
    problems = models.JSONField(
        _("problems"),
        default=list,
        blank=True,
        help_text=_(
            "Why a run failed, as message codes with their values, worded in the reader's "
            "language when shown; the message holds the same in English."
        ),
    )
    failure_reason = models.CharField(
        _("failure reason"),
        max_length=20,
        choices=FailureReason.choices,
        blank=True,
        help_text=_(
            "Interrupted: the computation stopped without finishing, as when the server was "
            "stopped during the run."
        ),
    )
    result = models.JSONField(
        _("result"), null=True, blank=True, help_text=_("The estimate, as `evaluate` writes it.")
    )
    started_at = models.DateTimeField(
        _("started"), null=True, blank=True, help_text=_("When the computation began.")
    )
    finished_at = models.DateTimeField(
        _("finished"), null=True, blank=True, help_text=_("When it ended.")
    )
    heartbeat_at = models.DateTimeField(
        _("heartbeat"),
        null=True,
        blank=True,
        help_text=_(
            "When the computation last reported that it was alive; a running run silent for "
            "longer than EVALUATION_HEARTBEAT_TIMEOUT seconds was interrupted."
        ),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
        help_text=_("Who started the run."),
    )

    # Progress ticks, heartbeats and results are too chatty and too large for the audit log.
    audit_ignore: ClassVar[frozenset[str]] = AuditedModel.audit_ignore | {
        "progress",
        "heartbeat_at",
    }
    audit_opaque: ClassVar[frozenset[str]] = frozenset({"result", "spec"})
    # The one-line summary the run pages attach before rendering (views.common.headline).
    headline: str

    objects = EvaluationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation run")
        verbose_name_plural = _("evaluation runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.design} – {self.get_method_display()} ({self.outcome})"
