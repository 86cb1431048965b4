"""A programme, the parties to it, its fields and the areas it targets."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel, ValidityPeriod


class Programme(AuditedModel):
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short identifier used in addresses.")
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
    purpose = models.TextField(
        _("purpose"),
        blank=True,
        help_text=_("What the programme is to achieve, in Norwegian (bokmål)."),
    )
    purpose_en = models.TextField(
        _("purpose in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    start_year = models.PositiveSmallIntegerField(
        _("first year"), help_text=_("The programme's first calendar year, e.g. 2017.")
    )
    end_year = models.PositiveSmallIntegerField(
        _("last year"), help_text=_("The programme's last calendar year, e.g. 2026.")
    )
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Made-up content for trying the platform.")
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-start_year", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__gte=models.F("start_year")),
                name="programme_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        # Lets the apps below (accounts' roles are per programme) link to a programme
        # without naming the programmes app's URLs.
        return reverse("programmes:detail", args=[self.code])


class PartyRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    COORDINATOR = "coordinator", _("Coordinator")
    MEMBER = "member", _("Member")
    PARTNER = "partner", _("Partner")


class PartySide(models.TextChoices):
    STATE = "state", _("State")
    MUNICIPAL = "municipal", _("Municipality")
    OTHER = "other", _("Other")


class Party(AuditedModel, ValidityPeriod):
    """An organisation taking part in a programme, with its role and responsibility."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="parties",
        verbose_name=_("programme"),
        help_text=_("The programme the organisation takes part in."),
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="programme_parties",
        verbose_name=_("organisation"),
        help_text=_("Who takes part."),
    )
    role = models.CharField(
        _("role"),
        max_length=20,
        choices=PartyRole.choices,
        help_text=_("Its place in the programme."),
    )
    side = models.CharField(
        _("side"),
        max_length=20,
        choices=PartySide.choices,
        help_text=_("Whether it acts for the state, the municipality or neither."),
    )
    responsibility = models.TextField(
        _("responsibility"), blank=True, help_text=_("What the party answers for, in Norwegian.")
    )
    responsibility_en = models.TextField(
        _("responsibility in English"), blank=True, help_text=_("Leave empty if not translated.")
    )

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        ordering = ["programme", "side", "role", "organisation__name"]
        constraints = [
            *ValidityPeriod.Meta.constraints,
            models.UniqueConstraint(
                fields=["programme", "organisation"], name="one_party_per_organisation"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class Field(AuditedModel):
    """An innsatsfelt: one of the fields the programme works in, with its strategy."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="fields",
        verbose_name=_("programme"),
        help_text=_("The programme the field belongs to."),
    )
    code = models.SlugField(
        _("code"), max_length=50, help_text=_("Identifier within the programme.")
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
    strategy = models.TextField(
        _("strategy"),
        blank=True,
        help_text=_("How the programme works in this field, in Norwegian."),
    )
    strategy_en = models.TextField(
        _("strategy in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers are listed first.")
    )

    class Meta:
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        ordering = ["programme", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="field_code_per_programme")
        ]

    def __str__(self) -> str:
        return self.name


class CrossCuttingTheme(AuditedModel):
    """A theme that runs across fields, e.g. preventive school health tied to two of them."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="themes",
        verbose_name=_("programme"),
        help_text=_("The programme the theme belongs to."),
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
    description = models.TextField(
        _("description"), blank=True, help_text=_("What the theme covers, in Norwegian.")
    )
    description_en = models.TextField(
        _("description in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    fields = models.ManyToManyField(
        Field,
        blank=True,
        related_name="themes",
        verbose_name=_("fields"),
        help_text=_("The fields the theme is tied to."),
    )

    class Meta:
        verbose_name = _("cross-cutting theme")
        verbose_name_plural = _("cross-cutting themes")
        ordering = ["programme", "name"]

    def __str__(self) -> str:
        return self.name


class TargetArea(AuditedModel):
    """An area the programme targets, with the reason and the date it was chosen."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="target_areas",
        verbose_name=_("programme"),
        help_text=_("The programme that targets the area."),
    )
    area = models.ForeignKey(
        "areas.Area",
        on_delete=models.PROTECT,
        related_name="targeted_by",
        verbose_name=_("area"),
        help_text=_("The targeted area."),
    )
    reason = models.TextField(_("reason"), help_text=_("Why the area was chosen."))
    chosen_on = models.DateField(_("chosen on"), help_text=_("When the area was chosen."))
    classification = models.ForeignKey(
        "targeting.ClassificationRun",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("classification"),
        help_text=_("The classification result the area was picked from; empty if by hand."),
    )
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("chosen by"),
        help_text=_("Who added the area."),
    )

    class Meta:
        verbose_name = _("target area")
        verbose_name_plural = _("target areas")
        ordering = ["programme", "area__code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "area"], name="one_target_per_area")
        ]

    def __str__(self) -> str:
        return str(self.area)
