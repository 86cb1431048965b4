from django.contrib import admin

from omradeloft.programmes.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "start_year", "end_year", "is_demo")
