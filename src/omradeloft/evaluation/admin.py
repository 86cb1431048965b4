"""Django administration for evaluations: an operator's view of designs and runs.

People set up and run designs on the programme's evaluation pages, which check permissions
and validate; runs are records of what was computed, so here they are read-only.
"""

from django.contrib import admin
from django.http import HttpRequest

from omradeloft.evaluation.models import EvaluationDesign, EvaluationRun


@admin.register(EvaluationDesign)
class EvaluationDesignAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "programme", "treatment_period", "exclude_neighbours")
    list_filter = ("programme",)
    search_fields = ("code", "name", "name_en")
    filter_horizontal = ("outcomes", "treated", "comparison_pool")


@admin.register(EvaluationRun)
class EvaluationRunAdmin(admin.ModelAdmin):
    list_display = ("pk", "design", "method", "outcome", "status", "created_at", "requested_by")
    list_filter = ("status", "method", "design__programme")
    list_select_related = ("design", "outcome", "requested_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
