from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Organisation, RoleAssignment, User


@admin.register(User)
class PlatformUserAdmin(UserAdmin):
    fieldsets = (*(UserAdmin.fieldsets or ()), (_("Organisation"), {"fields": ("organisation",)}))
    list_display = ("username", "first_name", "last_name", "organisation", "is_active")
    list_select_related = ("organisation",)


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "short_name", "kind", "parent")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "programme", "role", "valid_from", "valid_to")
    list_filter = ("programme", "role")
    autocomplete_fields = ("areas",)
    list_select_related = ("user", "programme")
