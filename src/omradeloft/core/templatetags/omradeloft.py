from typing import Any

from django import template

from omradeloft.core.i18n import localized

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """`{{ area|tr:"name" }}`: the field in the active language."""
    return localized(obj, field)
