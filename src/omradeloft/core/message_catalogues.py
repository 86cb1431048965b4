"""Engine messages (`core.notices.Message`) worded in the active language.

Each app that shows engine messages keeps a catalogue: code -> gettext_lazy template with
the same %(name)s placeholders as the engine's English template (which is its msgid). A
code without an entry falls back to the English template the message carries, so an
unknown or retired code still reads as a sentence.
"""

from collections.abc import Mapping
from typing import Any

from django.utils import formats
from django.utils.functional import Promise

from omradeloft.core.notices import Count, Message

Catalogue = Mapping[str, str | Promise]


def render_message(message: Message, catalogue: Catalogue) -> str:
    template = catalogue.get(message.code, message.template)
    return str(template) % {
        name: render_message(value, catalogue) if isinstance(value, Message) else local(value)
        for name, value in message.params.items()
    }


def render_stored_message(stored: Any, catalogue: Catalogue) -> str:
    """A message as stored: `Message.as_json()` data, or plain text stored before messages
    were data (shown as it was written)."""
    if isinstance(stored, Mapping) and "code" in stored and "template" in stored:
        return render_message(Message.from_json(stored), catalogue)
    return str(stored)


def local(value: str | int | float) -> str:
    """A parameter in the active language: numbers with its decimal mark, counts grouped."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, Count):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return formats.number_format(value, use_l10n=True)
