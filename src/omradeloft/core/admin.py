from django.contrib import admin
from django.http import HttpRequest

from omradeloft.core.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "source", "action", "content_type", "object_repr")
    list_filter = ("source", "action", "content_type")
    list_select_related = ("actor", "content_type")

    # The log is a record of what happened: nobody edits or deletes it.
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
