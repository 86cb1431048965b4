"""Messages from engines as a code with parameters, worded in the reader's language later.

Framework-free (stdlib only), so that engines can build them without Django. An engine
returns or raises a `Message`; a page renders it through its app's catalogue (code ->
translated template, see `core.message_catalogues`), a command prints `str(message)`,
which is the English template filled in. What is stored in the database is `as_json()`,
so a stored message reads in the language of whoever reads it, not of whoever ran it.

Numbers stay numbers in the parameters (rounded by the engine to what is meant to be
shown), so that each language writes them its own way ("1.5" or "1,5"). A parameter may
itself be a message (a place, a list of examples), worded by the same catalogue.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

type Param = str | int | float | Message


class Count(int):
    """A count written with thousands separators ("2,000,000"; "2 000 000" in bokmål)."""


def english_number(value: Param) -> str:
    """A parameter as English text: whole floats without ".0", counts grouped, others as
    Python writes them (a message as its English text)."""
    if isinstance(value, Count):
        return f"{value:,}"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # also turns -0.0 into "0"
    return str(value)


@dataclass(frozen=True)
class Message:
    """code: stable identifier, e.g. "warning.rank_worsened" (the catalogues' key);
    template: the English wording with %(name)s placeholders (also the msgid of its
    translation); params: the values the placeholders name."""

    code: str
    template: str
    params: Mapping[str, Param] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.template % {k: english_number(v) for k, v in self.params.items()}

    def as_json(self) -> dict[str, Any]:
        params = {k: v.as_json() if isinstance(v, Message) else v for k, v in self.params.items()}
        return {"code": self.code, "template": self.template, "params": params}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Message":
        params = {
            k: cls.from_json(v) if isinstance(v, Mapping) else v
            for k, v in (data.get("params") or {}).items()
        }
        return cls(data["code"], data["template"], params)


def listing(items: list[Param], more: bool = False) -> Message:
    """Items joined by commas (", …" if `more` were left out), each worded in its turn."""
    template = ", ".join(f"%(i{n})s" for n in range(len(items))) + (", …" if more else "")
    return Message("list", template, {f"i{n}": v for n, v in enumerate(items)})


def technical_detail(text: str) -> Message:
    """A library's own (English) error text, shown after a sentence in the reader's language
    rather than in its place."""
    return Message("technical_detail", "technical detail: %(text)s", {"text": text})


@dataclass(frozen=True)
class Wordings:
    """The English templates of one engine by code; calling it builds a message."""

    templates: Mapping[str, str]

    def __call__(self, code: str, /, **params: Param) -> Message:
        return Message(code, self.templates[code], params)


class MessageError(ValueError):
    """An error whose wording is a `Message`; `str(error)` is its English text."""

    def __init__(self, message: Message) -> None:
        super().__init__(str(message))
        self.message = message
