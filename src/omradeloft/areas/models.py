"""The area hierarchy: levels (country ... basic unit) and areas with optional boundaries."""

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from omradeloft.core.models import AuditedModel, ValidityPeriod


class AreaLevel(AuditedModel):
    """A level in the hierarchy; `rank` orders them from the largest (0) to the smallest."""

    code = models.SlugField(
        _("code"), max_length=40, unique=True, help_text=_("E.g. district, subdistrict.")
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
    rank = models.PositiveSmallIntegerField(
        _("rank"), unique=True, help_text=_("0 for the largest level; smaller units get higher.")
    )

    class Meta:
        verbose_name = _("area level")
        verbose_name_plural = _("area levels")
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class AreaQuerySet(models.QuerySet["Area"]):
    def at_level(self, level: AreaLevel | str) -> "AreaQuerySet":
        if isinstance(level, AreaLevel):
            return self.filter(level=level)
        return self.filter(level__code=level)

    def with_boundary(self) -> "AreaQuerySet":
        return self.filter(boundary__isnull=False)


class Area(AuditedModel, ValidityPeriod):
    """A geographic unit. The code is unique within its level.

    When a boundary changes, statistical agencies issue a new code: the old area gets
    `valid_to`, the new one `valid_from`, and both stay for the years they cover.
    """

    level = models.ForeignKey(
        AreaLevel,
        on_delete=models.PROTECT,
        related_name="areas",
        verbose_name=_("level"),
        help_text=_("Where the area sits in the hierarchy."),
    )
    code = models.CharField(
        _("code"), max_length=40, help_text=_("Official code, unique within the level.")
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
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent"),
        help_text=_("The area one level up that contains this one."),
    )
    boundary = models.JSONField(
        _("boundary"),
        null=True,
        blank=True,
        help_text=_(
            "GeoJSON MultiPolygon in WGS84 longitude/latitude; empty for statistics-only units."
        ),
    )
    boundary_source = models.CharField(
        _("boundary source"),
        max_length=300,
        blank=True,
        help_text=_("Who made the boundary and under what licence, shown with every map."),
    )

    objects = AreaQuerySet.as_manager()

    audit_opaque: ClassVar[frozenset[str]] = frozenset({"boundary"})

    class Meta(ValidityPeriod.Meta):
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level__rank", "code"]
        constraints = [
            *ValidityPeriod.Meta.constraints,
            models.UniqueConstraint(fields=["level", "code"], name="area_code_unique_in_level"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def ancestors(self) -> list["Area"]:
        """Parents from the top of the hierarchy down to this area's parent."""
        trail: list[Area] = []
        node = self.parent
        while node is not None:
            trail.append(node)
            node = node.parent
        return trail[::-1]

    def is_within(self, other: "Area") -> bool:
        """True if this area is `other` or lies inside it."""
        return self.pk == other.pk or any(a.pk == other.pk for a in self.ancestors())


class ShareMeasure(models.TextChoices):
    POPULATION = "population", _("population")
    HOUSEHOLDS = "households", _("households")


class AreaChange(AuditedModel):
    """One line of a boundary change: part (`share`) of `old_area` became `new_area` on
    `took_effect`. A split has one line per new area; a merge one line per old area."""

    old_area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="changes_out",
        verbose_name=_("old area"),
        help_text=_("The area as it was before the change."),
    )
    new_area = models.ForeignKey(
        Area,
        on_delete=models.CASCADE,
        related_name="changes_in",
        verbose_name=_("new area"),
        help_text=_("The area (or one of the areas) it became."),
    )
    took_effect = models.DateField(
        _("took effect"), help_text=_("The first day the new area was in use.")
    )
    share = models.DecimalField(
        _("share"),
        max_digits=7,
        decimal_places=6,
        help_text=_("The part of the old area that moved to the new one, from 0 to 1."),
    )
    share_of = models.CharField(
        _("share of"),
        max_length=20,
        choices=ShareMeasure.choices,
        default=ShareMeasure.POPULATION,
        help_text=_("What the share measures: residents or households."),
    )

    class Meta:
        verbose_name = _("area change")
        verbose_name_plural = _("area changes")
        ordering = ["took_effect", "old_area__code", "new_area__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["old_area", "new_area", "took_effect"], name="area_change_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(share__gte=0) & models.Q(share__lte=1),
                name="area_change_share_0_to_1",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.old_area.code} -> {self.new_area.code} ({self.took_effect})"
