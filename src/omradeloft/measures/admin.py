"""Django administration for measures. The status is shown but changed only through a
status change with a reason (the measure pages), so that the history stays complete."""

from django.contrib import admin

from omradeloft.measures.models import (
    Activity,
    Measure,
    MeasureAttachment,
    Outcome,
    Output,
    OutputValue,
    ProgressReport,
    StatusChange,
)


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 0
    can_delete = False
    fields = ("date", "from_status", "to_status", "changed_by", "reason")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0


class OutputInline(admin.TabularInline):
    model = Output
    extra = 0


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0
    raw_id_fields = ("goal", "indicator")


class AttachmentInline(admin.TabularInline):
    model = MeasureAttachment
    extra = 0
    fields = ("title", "file", "size", "uploaded_by")
    readonly_fields = ("size", "uploaded_by")


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "programme", "kind", "status", "owner", "is_published")
    list_filter = ("programme", "kind", "status", "is_published", "is_demo")
    search_fields = ("code", "title", "title_en", "description")
    list_select_related = ("programme", "owner")
    readonly_fields = ("status",)
    filter_horizontal = ("fields", "partners")
    raw_id_fields = ("areas", "lead", "decisions")
    inlines = (StatusChangeInline, ActivityInline, OutputInline, OutcomeInline, AttachmentInline)


class OutputValueInline(admin.TabularInline):
    model = OutputValue
    extra = 0
    raw_id_fields = ("output",)


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    list_display = ("measure", "period", "status", "submitted_by", "updated_at")
    list_filter = ("status", "measure__programme")
    search_fields = ("measure__code", "measure__title", "period")
    list_select_related = ("measure", "submitted_by")
    raw_id_fields = ("measure", "submitted_by")
    inlines = (OutputValueInline,)
