"""What pandas' CSV parser found wrong with a file, said as a row-level message for people."""

import re

from django.utils.translation import gettext as _

from omradeloft.core.tabular import extra_fields_message

_TOO_MANY_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_PARSER_PREFIX = re.compile(r"^Error tokenizing data\. C error: ")


def csv_problem(parser_message: str) -> str:
    """The parser's message (e.g. "Expected 6 fields in line 7, saw 8") for people."""
    if match := _TOO_MANY_FIELDS.search(parser_message):
        header, row, fields = match.groups()
        return extra_fields_message(row, int(fields), int(header))
    if match := _OPEN_QUOTE.search(parser_message):
        return _(
            "row %(row)s: a quoted cell is never closed (a cell that starts with a quote mark "
            "needs another at its end)"
        ) % {"row": int(match.group(1)) + 1}
    detail = _PARSER_PREFIX.sub("", parser_message).strip()
    return _("The file cannot be read as CSV: %(problem)s") % {"problem": detail}
