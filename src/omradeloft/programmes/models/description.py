"""Published versions of the programme description: frozen snapshots of the document."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel
from omradeloft.programmes.models.programme import Programme


class DescriptionVersion(AuditedModel):
    """The description as published: its sections frozen as they read on that day, so
    later edits to goals or measures never rewrite what was published."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="description_versions",
        verbose_name=_("programme"),
        help_text=_("The programme described."),
    )
    number = models.PositiveIntegerField(_("version"), help_text=_("1, 2, 3 ... per programme."))
    published_at = models.DateTimeField(
        _("published"), auto_now_add=True, help_text=_("When the version was published.")
    )
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
        help_text=_("Who published it."),
    )
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("What changed, in a sentence.")
    )
    content = models.JSONField(
        _("content"),
        help_text=_("The sections as published, per language: {nb: [...], en: [...]}."),
    )

    audit_opaque: ClassVar[frozenset[str]] = frozenset({"content"})

    class Meta:
        verbose_name = _("description version")
        verbose_name_plural = _("description versions")
        ordering = ["programme", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="description_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} v{self.number}"
