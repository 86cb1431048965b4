"""The mark the demo leaves when it has been loaded in full, so that it loads only once."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel


class DemoLoad(AuditedModel):
    """The demo was loaded; `omradeloft demo` (and so `make run`) then changes nothing."""

    skipped = models.JSONField(
        _("left alone"),
        default=list,
        blank=True,
        help_text=_("What the demo did not load because the installation had it already."),
    )

    class Meta:
        verbose_name = _("demo load")
        verbose_name_plural = _("demo loads")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"
