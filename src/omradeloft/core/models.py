"""Base models shared by every app: timestamps and the audit log."""

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditedModel(models.Model):
    """Base for every model whose changes are recorded in the audit log.

    Saving or deleting an instance writes an `AuditEntry` (see `core.audit`); the values
    loaded from the database are kept so that an update records only what changed.
    """

    created_at = models.DateTimeField(
        _("created"), auto_now_add=True, help_text=_("When the record was created.")
    )
    updated_at = models.DateTimeField(
        _("updated"), auto_now=True, help_text=_("When the record was last changed.")
    )

    # Fields whose changes are not worth an entry, and fields whose values are too large or
    # too sensitive to copy into the log (only the fact that they changed is recorded).
    audit_ignore: ClassVar[frozenset[str]] = frozenset({"created_at", "updated_at"})
    audit_opaque: ClassVar[frozenset[str]] = frozenset()
    # The values as last read or written (set by from_db and the audit log, not a field).
    _audit_loaded: dict[str, Any]

    class Meta:
        abstract = True

    @classmethod
    def from_db(
        cls, db: str | None, field_names: Any, values: Any, *, fetch_mode: Any = None
    ) -> "AuditedModel":
        instance = super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        instance._audit_loaded = dict(zip(field_names, values, strict=True))
        return instance


class AttachedDocument(AuditedModel):
    """A document attached to a record (a measure, a meeting): its title, size and who
    uploaded it. Subclasses add the record and the file field with their own folder."""

    title = models.CharField(_("title"), max_length=200, help_text=_("What the document is."))
    size = models.PositiveIntegerField(
        _("size"), help_text=_("The file's size in bytes, recorded on upload.")
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
        help_text=_("Who added it."),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title


class ValidityPeriod(models.Model):
    """Records that hold for a period: an area that existed, a role that was held."""

    valid_from = models.DateField(
        _("valid from"), null=True, blank=True, help_text=_("First day; empty: from the start.")
    )
    valid_to = models.DateField(
        _("valid to"), null=True, blank=True, help_text=_("Last day; empty: until further notice.")
    )

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="%(app_label)s_%(class)s_valid_to_after_from",
            )
        ]


class AuditAction(models.TextChoices):
    CREATE = "create", _("created")
    UPDATE = "update", _("changed")
    DELETE = "delete", _("deleted")


class AuditSource(models.TextChoices):
    WEB = "web", _("web")
    CLI = "cli", _("command line")
    DEMO = "demo", _("demo loader")
    SYSTEM = "system", _("system")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )


class AuditEntry(models.Model):
    """One change to one record: who, when, from where and what."""

    at = models.DateTimeField(
        _("time"),
        auto_now_add=True,
        db_index=True,
        help_text=_("Date and time the change was saved."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
        help_text=_("The user who made the change; empty for the system or the command line."),
    )
    source = models.CharField(
        _("source"),
        max_length=10,
        choices=AuditSource.choices,
        help_text=_("Web, command line, demo loader or system."),
    )
    action = models.CharField(
        _("action"),
        max_length=10,
        choices=AuditAction.choices,
        help_text=_("Created, changed or deleted."),
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.PROTECT,
        verbose_name=_("record type"),
        help_text=_("The kind of record that changed."),
    )
    object_id = models.CharField(
        _("record id"), max_length=64, help_text=_("Primary key of the record that changed.")
    )
    object_repr = models.CharField(
        _("record"), max_length=200, help_text=_("How the record read at the time.")
    )
    changes = models.JSONField(
        _("changes"),
        default=dict,
        help_text=_("Field name to [old value, new value]."),
    )

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_repr}"

    def described_changes(self) -> list[tuple[str, str]]:
        """(field label, what happened) in the active language, for pages."""
        model = self.content_type.model_class()
        described: list[tuple[str, str]] = []
        for name, change in self.changes.items():
            try:
                field = model._meta.get_field(name) if model else None
            except FieldDoesNotExist:
                field = None
            # Only concrete fields are logged, never reverse relations.
            label = str(field.verbose_name) if isinstance(field, models.Field) else name
            if change == "changed":
                text = str(_("changed"))
            elif change == "cleared":
                text = str(_("emptied"))
            elif isinstance(change, dict):
                parts = [
                    _("added %(names)s") % {"names": ", ".join(change["add"])}
                    if "add" in change
                    else "",
                    _("removed %(names)s") % {"names": ", ".join(change["remove"])}
                    if "remove" in change
                    else "",
                ]
                text = "; ".join(p for p in parts if p)
            else:
                old, new = change
                text = f"{_empty_if_none(old)} → {_empty_if_none(new)}"
            described.append((label, text))
        return described


def _empty_if_none(value: Any) -> str:
    return "–" if value in (None, "") else str(value)
