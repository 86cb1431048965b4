"""What pandas' CSV parser found wrong with a file, said as a row-level message for people."""

import re

from omradeloft.core.notices import Message, technical_detail
from omradeloft.indicators.importing.errors import WORDS

_TOO_MANY_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
_PARSER_PREFIX = re.compile(r"^Error tokenizing data\. C error: ")


def csv_problem(parser_message: str) -> Message:
    """The parser's message (e.g. "Expected 6 fields in line 7, saw 8") for people."""
    if match := _TOO_MANY_FIELDS.search(parser_message):
        header, row, fields = match.groups()
        return WORDS("source.csv_extra_fields", row=row, fields=int(fields), header=int(header))
    if match := _OPEN_QUOTE.search(parser_message):
        return WORDS("source.csv_open_quote", row=int(match.group(1)) + 1)
    detail = _PARSER_PREFIX.sub("", parser_message).strip()
    return WORDS("source.csv", problem=technical_detail(detail))
