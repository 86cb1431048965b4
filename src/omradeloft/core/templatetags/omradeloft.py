from typing import Any

from django import template
from django.urls import reverse

from omradeloft.core import main_menu as menu
from omradeloft.core.i18n import localized

register = template.Library()


@register.filter
def tr(obj: Any, field: str) -> str:
    """`{{ area|tr:"name" }}`: the field in the active language."""
    return localized(obj, field)


@register.simple_tag(takes_context=True)
def main_menu(context: template.Context) -> list[dict[str, str]]:
    """`{% main_menu as items %}`: the main menu's sections this visitor sees, in order."""
    user = context.get("user")
    signed_in = bool(user and user.is_authenticated)
    return [
        {"nav": item.nav, "label": item.label(), "url": reverse(item.url_name)}
        for item in sorted(menu.registry.items, key=lambda item: item.order)
        if signed_in or not item.signed_in
    ]
