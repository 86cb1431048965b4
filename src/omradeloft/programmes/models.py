"""Programmes: the area-based efforts that roles, goals and measures belong to."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel


class Programme(AuditedModel):
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short identifier used in addresses.")
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("Name in Norwegian."))
    name_en = models.CharField(
        _("name in English"), max_length=200, blank=True, help_text=_("Leave empty if the same.")
    )
    purpose = models.TextField(_("purpose"), blank=True, help_text=_("The programme's goal."))
    purpose_en = models.TextField(
        _("purpose in English"), blank=True, help_text=_("Leave empty if not translated.")
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), help_text=_("E.g. 2017."))
    end_year = models.PositiveSmallIntegerField(_("last year"), help_text=_("E.g. 2026."))
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
