from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from omradeloft.accounts.permissions import acting_user
from omradeloft.indicators.models import (
    AdditiveRelation,
    ImportBatch,
    Indicator,
    SeriesBreak,
    Topic,
)
from omradeloft.indicators.relations import (
    delete_relation,
    kinds,
    problems_with,
    refuse_breaking_change,
    save_relation,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")


class SeriesBreakInline(admin.TabularInline):
    model = SeriesBreak
    extra = 0


class IndicatorAdminForm(forms.ModelForm):
    """The administration builds the fields; this refuses a unit or periodicity that would
    break the indicator's additive relations."""

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if self.instance.pk and data.get("kind") and data.get("periodicity"):
            refuse_breaking_change(self.instance.code, data["kind"], data["periodicity"])
        return data


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    form = IndicatorAdminForm
    list_display = ("code", "name", "kind", "unit_label", "polarity", "periodicity", "is_synthetic")
    list_filter = ("kind", "topics", "is_synthetic")
    search_fields = ("code", "name", "name_en")
    inlines = [SeriesBreakInline]


class AdditiveRelationForm(forms.ModelForm):
    class Meta:
        model = AdditiveRelation
        fields = ["total", "breakdown", "components"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None  # Form.clean returns cleaned_data
        if data.get("total") and data.get("components") and not self.errors:
            relation = self.instance
            relation.total, relation.breakdown = data["total"], data.get("breakdown", "")
            for problem in problems_with(relation, data["components"], kinds()):
                self.add_error("components", str(problem))
        return data


@admin.register(AdditiveRelation)
class AdditiveRelationAdmin(admin.ModelAdmin):
    """Relations change through the relations service, which checks them and recomputes
    disclosure control for the indicators they join."""

    form = AdditiveRelationForm
    list_display = ("total", "breakdown")
    list_select_related = ("total",)
    autocomplete_fields = ("total",)
    filter_horizontal = ("components",)

    def save_model(
        self, request: HttpRequest, obj: AdditiveRelation, form: Any, change: bool
    ) -> None:
        save_relation(acting_user(request), obj, form.cleaned_data["components"])

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        """The components were saved with the relation."""

    def delete_model(self, request: HttpRequest, obj: AdditiveRelation) -> None:
        delete_relation(acting_user(request), obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for relation in queryset:
            delete_relation(acting_user(request), relation)


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ("created_at", "file_name", "user", "rows", "created_count", "status")
    list_select_related = ("user",)

    # Batches change only through imports and rollbacks, which keep the data consistent.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
