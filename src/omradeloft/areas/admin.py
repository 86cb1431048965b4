from django.contrib import admin

from omradeloft.areas.models import Area, AreaLevel


@admin.register(AreaLevel)
class AreaLevelAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "name_en", "rank")


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent", "valid_from", "valid_to")
    list_filter = ("level",)
    search_fields = ("code", "name")
    list_select_related = ("level", "parent")
    raw_id_fields = ("parent",)
