"""Django administration for programmes: an operator's view of every record.

People edit programmes on the programme's own pages, which check permissions and keep the
records consistent; these pages are for superusers mending data.
"""

from django.contrib import admin
from django.http import HttpRequest

from omradeloft.programmes.models import (
    Body,
    CrossCuttingTheme,
    Decision,
    DescriptionVersion,
    EvaluationMilestone,
    EvaluationQuestion,
    Field,
    Goal,
    GoalIndicator,
    GoalTarget,
    Meeting,
    MeetingAttachment,
    Membership,
    Party,
    Programme,
    TargetArea,
)


class PartyInline(admin.TabularInline):
    model = Party
    extra = 0
    fields = ("organisation", "role", "side", "valid_from", "valid_to")


class FieldInline(admin.TabularInline):
    model = Field
    extra = 0
    fields = ("order", "code", "name", "name_en")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "start_year", "end_year", "is_demo")
    search_fields = ("code", "name", "name_en")
    inlines = [PartyInline, FieldInline]


@admin.register(Party)
class PartyAdmin(admin.ModelAdmin):
    list_display = ("organisation", "programme", "role", "side", "valid_from", "valid_to")
    list_filter = ("programme", "role", "side")
    search_fields = ("organisation__name",)
    list_select_related = ("organisation", "programme")


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "programme", "order")
    list_filter = ("programme",)
    search_fields = ("code", "name", "name_en")


@admin.register(CrossCuttingTheme)
class CrossCuttingThemeAdmin(admin.ModelAdmin):
    list_display = ("name", "programme")
    list_filter = ("programme",)
    filter_horizontal = ("fields",)


@admin.register(TargetArea)
class TargetAreaAdmin(admin.ModelAdmin):
    list_display = ("area", "programme", "chosen_on", "classification", "chosen_by")
    list_filter = ("programme",)
    search_fields = ("area__code", "area__name")
    list_select_related = ("area", "programme", "classification__rule", "chosen_by")
    raw_id_fields = ("area", "classification")


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ("title", "level", "field", "parent", "programme", "order")
    list_filter = ("programme", "level")
    search_fields = ("title", "title_en")
    list_select_related = ("field", "parent", "programme")
    raw_id_fields = ("parent",)


class GoalTargetInline(admin.TabularInline):
    model = GoalTarget
    extra = 0


@admin.register(GoalIndicator)
class GoalIndicatorAdmin(admin.ModelAdmin):
    list_display = ("goal", "indicator", "baseline_period", "baseline_value")
    list_filter = ("goal__programme",)
    list_select_related = ("goal", "indicator")
    autocomplete_fields = ("areas",)
    inlines = [GoalTargetInline]


@admin.register(GoalTarget)
class GoalTargetAdmin(admin.ModelAdmin):
    list_display = ("goal_indicator", "period", "value")
    list_filter = ("goal_indicator__goal__programme",)
    list_select_related = ("goal_indicator__goal", "goal_indicator__indicator")


class EvaluationQuestionInline(admin.TabularInline):
    model = EvaluationQuestion
    extra = 0
    fields = ("order", "question", "question_en", "answered_by")


@admin.register(EvaluationMilestone)
class EvaluationMilestoneAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "due", "responsible", "programme")
    list_filter = ("programme", "kind")
    list_select_related = ("responsible", "programme")
    inlines = [EvaluationQuestionInline]


@admin.register(EvaluationQuestion)
class EvaluationQuestionAdmin(admin.ModelAdmin):
    list_display = ("question", "milestone", "answered_by", "order")
    list_filter = ("milestone__programme",)
    list_select_related = ("milestone",)


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ("person", "organisation", "role", "valid_from", "valid_to")


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "programme", "area")
    list_filter = ("programme", "kind")
    list_select_related = ("programme", "area")
    raw_id_fields = ("area",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("person", "body", "organisation", "role", "valid_from", "valid_to")
    list_filter = ("body__programme", "role")
    search_fields = ("person",)
    list_select_related = ("body", "organisation")


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0


class MeetingAttachmentInline(admin.TabularInline):
    model = MeetingAttachment
    extra = 0
    fields = ("title", "file", "size", "uploaded_by")
    readonly_fields = ("file", "size", "uploaded_by")

    # Documents arrive through the meeting pages, which check their type and size.
    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ("body", "date", "place")
    list_filter = ("body__programme", "body")
    date_hierarchy = "date"
    list_select_related = ("body",)
    filter_horizontal = ("attendees",)
    inlines = [DecisionInline, MeetingAttachmentInline]


@admin.register(MeetingAttachment)
class MeetingAttachmentAdmin(admin.ModelAdmin):
    list_display = ("title", "meeting", "size", "uploaded_by")
    list_select_related = ("meeting__body", "uploaded_by")
    readonly_fields = ("file", "size", "uploaded_by")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ("number", "meeting", "text")
    list_filter = ("meeting__body__programme",)
    search_fields = ("number", "text")
    list_select_related = ("meeting__body",)


@admin.register(DescriptionVersion)
class DescriptionVersionAdmin(admin.ModelAdmin):
    list_display = ("programme", "number", "published_at", "published_by", "note")
    list_filter = ("programme",)
    list_select_related = ("programme", "published_by")

    # A published version is a record of what was published on that day: never rewritten.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
