from django.contrib import admin
from django.http import HttpRequest

from omradeloft.indicators.models import ImportBatch, Indicator, SeriesBreak, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en")


class SeriesBreakInline(admin.TabularInline):
    model = SeriesBreak
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "unit", "polarity", "periodicity", "is_synthetic")
    list_filter = ("unit", "topics", "is_synthetic")
    search_fields = ("code", "name", "name_en")
    inlines = [SeriesBreakInline]


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
