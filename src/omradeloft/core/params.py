"""Query parameters: the one place views parse what comes after the "?".

Each reader returns the parsed value, the default when the parameter is absent or empty,
or raises `BadParameterError`, which `BadParameterMiddleware` turns into a 400 page in the
visitor's language naming the parameter, what it was and what was expected. Whole numbers
are read from ASCII digits only: ``"²".isdigit()`` is true in Python, and int() of a
5,000-digit string raises, so neither str.isdigit nor a bare int() will do.
"""

import re
from collections.abc import Collection

from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext as _

_WHOLE = re.compile(r"-?[0-9]{1,18}")  # fits a 64-bit integer, and so every database's
MAX_TEXT = 200
LARGEST_ID = 2**63 - 1


class BadParameterError(Exception):
    """A query parameter that cannot be used; `expected` says what would have been."""

    def __init__(self, name: str, value: str, expected: str | Promise) -> None:
        self.name, self.value, self.expected = name, value, str(expected)
        super().__init__(f"{name}={value!r}: expected {self.expected}")

    @property
    def message(self) -> str:
        shown = self.value if len(self.value) <= 40 else self.value[:40] + "…"
        return _("The parameter “%(name)s” was “%(value)s”; expected %(expected)s.") % {
            "name": self.name,
            "value": shown,
            "expected": self.expected,
        }


def _raw(request: HttpRequest, name: str) -> str:
    return request.GET.get(name, "").strip()


def whole_number[D: int | None](
    request: HttpRequest, name: str, default: D, *, low: int, high: int
) -> int | D:
    """A whole number from `low` to `high`, or `default` when absent or empty."""
    raw = _raw(request, name)
    if not raw:
        return default
    if not _WHOLE.fullmatch(raw) or not low <= int(raw) <= high:
        raise BadParameterError(
            name, raw, _("a whole number from %(low)d to %(high)d") % {"low": low, "high": high}
        )
    return int(raw)


def identifier(request: HttpRequest, name: str) -> int | None:
    """A record's number (a primary key), or None when absent or empty."""
    return whole_number(request, name, None, low=1, high=LARGEST_ID)


def page_number(request: HttpRequest) -> int:
    """The page of a paginated list (a number past the last page shows the last page)."""
    return whole_number(request, "page", 1, low=1, high=LARGEST_ID) or 1


def choice[D: str | None](
    request: HttpRequest, name: str, allowed: Collection[str], default: D
) -> str | D:
    """One of `allowed`, or `default` when absent or empty."""
    raw = _raw(request, name)
    if not raw:
        return default
    if raw not in allowed:
        listed = ", ".join(sorted(allowed)[:20]) + (" …" if len(allowed) > 20 else "")
        raise BadParameterError(name, raw, _("one of %(allowed)s") % {"allowed": listed or "–"})
    return raw


def choices(request: HttpRequest, name: str, allowed: Collection[str]) -> list[str]:
    """Every value of a repeated parameter (?area=a&area=b), each one of `allowed`."""
    values = [value.strip() for value in request.GET.getlist(name) if value.strip()]
    for value in values:
        if value not in allowed:
            raise BadParameterError(name, value, _("one of the values offered on the page"))
    return values


def text(request: HttpRequest, name: str, *, max_length: int = MAX_TEXT) -> str:
    """Free text (a search), at most `max_length` characters."""
    raw = _raw(request, name)
    if len(raw) > max_length:
        raise BadParameterError(
            name, raw, _("at most %(count)d characters") % {"count": max_length}
        )
    return raw
