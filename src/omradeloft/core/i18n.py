"""Translated data fields: a model keeps `name` (bokmål) and, optionally, `name_en`."""

from typing import Any

from django.utils.translation import get_language


def localized(obj: Any, field: str) -> str:
    """The English variant of `field` when English is active and it is filled in."""
    language = (get_language() or "nb").split("-")[0]
    if language != "nb":
        translated = getattr(obj, f"{field}_{language}", "")
        if translated:
            return translated
    return getattr(obj, field)
