from django.contrib import admin

from omradeloft.areas.models import Area, AreaChange, AreaLevel


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


@admin.register(AreaChange)
class AreaChangeAdmin(admin.ModelAdmin):
    list_display = ("took_effect", "old_area", "new_area", "share", "share_of")
    list_filter = ("took_effect", "share_of")
    search_fields = ("old_area__code", "new_area__code", "old_area__name", "new_area__name")
    list_select_related = ("old_area", "new_area")
    raw_id_fields = ("old_area", "new_area")
