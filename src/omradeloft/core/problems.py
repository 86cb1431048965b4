"""Problems found in a file, one line per problem however many rows have it.

A file with an unknown area code on 348 rows gets one line, "rows 12–359: area: unknown
area code “K-Rest”", rather than 348 lines of which the first 200 are shown. Rows with
the same problem (same column, same message apart from the cell's text) form a group;
its line names where it occurs (row ranges where rows are numbered, else the first few
places) and the cell texts exactly as they stood in the file. Memory is bounded however
many rows are wrong: a group keeps at most MAX_RANGES ranges and MAX_TEXTS texts.

A line is data, not text: its place and its problem are `Message`s, worded on a page in
the reader's language (`core.problem_texts`) and by `str()` in English for the command
line. Framework-free, like the messages it carries.
"""

import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import SupportsIndex

from omradeloft.core.notices import Message, Param, Wordings

# What a message shows in place of a cell's text (and of a row's detail) when the
# message is formed once for a whole group of rows.
PLACEHOLDER = "…"
MAX_RANGES = 8
MAX_TEXTS = 5
MAX_PLACES = 3

WORDS = Wordings(
    {
        "place.row": "row %(row)s",
        "place.cell": "cell %(cell)s",
        "place.zero": "a zero filled in for %(row)s",
        "place.rows": "rows %(rows)s",
        "place.sheet_row": "sheet %(sheet)s, row %(row)s",
        "place.sheet_rows": "sheet %(sheet)s, rows %(rows)s",
        "place.row_column": "row %(row)s, column %(column)s",
        "place.sheet_row_column": "sheet %(sheet)s, row %(row)s, column %(column)s",
        "problem.group": "%(where)s: %(column)s: %(what)s (%(rows)s rows)",
    }
)
# Punctuation only, the same in every language: no catalogue entry.
_LINE = "%(where)s: %(column)s: %(what)s"
# How readers mark a row's place -> the message that words it, and the name of its parameter.
_PLACES = {
    "row {}": ("place.row", "row"),
    "cell {}": ("place.cell", "cell"),  # a JSON-stat dataset's cell
    "a zero filled in for {}": ("place.zero", "row"),  # a row the missing-is-zero option adds
}
_SHEET_ROW = re.compile(r"^sheet (?P<sheet>.*), row \{\}$")
# A wide table's cell, as indicators' Table.cell_location writes its place.
_TABLE_CELL = re.compile(r"^(?:sheet (?P<sheet>.+), )?row (?P<row>\d+), column (?P<column>.*)$")

Wording = Callable[[Message], str]


def cell(text: str) -> str:
    """A cell's text for a message: between quotes, exactly as it stood (no escaping)."""
    return f"“{text}”"


class _Blank:
    """Stands in for a cell's text or a row's detail when a message is formed for a group;
    any formatting of it (str, repr, a number format) gives the placeholder."""

    def __str__(self) -> str:
        return PLACEHOLDER

    __repr__ = __str__

    def __format__(self, spec: str) -> str:
        return PLACEHOLDER


BLANK = _Blank()


def place(template: str, location: object) -> Message:
    """Where a row is, as a message: `template` is how a reader marks a row's place (e.g.
    "row {}", "sheet Ark1, row {}", or "{}" for a place the location describes itself)."""
    if template in _PLACES:
        code, name = _PLACES[template]
        return WORDS(code, **{name: _param(location)})
    if match := _SHEET_ROW.match(template):
        return WORDS("place.sheet_row", sheet=match["sheet"], row=_param(location))
    if template == "{}" and (cell_place := _TABLE_CELL.match(str(location))):
        row, column, sheet = int(cell_place["row"]), cell_place["column"], cell_place["sheet"]
        if sheet is None:
            return WORDS("place.row_column", row=row, column=column)
        return WORDS("place.sheet_row_column", sheet=sheet, row=row, column=column)
    # Any other place given as text is shown as it is.
    template = template.replace("%", "%%").replace("{}", "%(row)s")
    return Message("place.text", template, {"row": _param(location)})


def _rows_place(template: str, rows: str) -> Message:
    if match := _SHEET_ROW.match(template):
        return WORDS("place.sheet_rows", sheet=match["sheet"], rows=rows)
    return WORDS("place.rows", rows=rows)


def _param(value: object) -> Param:
    if isinstance(value, str | int | float):
        return value
    if isinstance(value, SupportsIndex):  # numpy's integers
        return operator.index(value)
    return str(value)


def group_key(column: str, kind: Message) -> tuple[str, ...]:
    """What rows with the same problem share: the column, and the kind's code and values."""
    return (column, kind.code, *(f"{k}={v}" for k, v in sorted(kind.params.items())))


def blanked(message: Message) -> Message:
    """`message` formed for a group: a blanked detail becomes the placeholder text."""
    params = {k: PLACEHOLDER if isinstance(v, _Blank) else v for k, v in message.params.items()}
    return Message(message.code, message.template, params)


@dataclass(frozen=True)
class Problem:
    """One row's problem: `message` with the row's cell text in its quotes (param `text`);
    `kind` is what rows with the same problem share (the message with the cell text and
    the row's detail blanked); `group` is its `group_key`, given when many problems share
    it so that it is formed once."""

    location: object  # a row number, or a description of the place
    template: str  # how the reader marks a row's place, e.g. "row {}" (see `place`)
    column: str
    message: Message
    kind: Message
    raw: str
    group: tuple[str, ...] | None = None

    def line(self) -> "ProblemLine":
        return ProblemLine((place(self.template, self.location),), False, self.column, self.message)


@dataclass(frozen=True)
class ProblemLine:
    """One line of the list: where (one or more places, `more` if further places are left
    out), which column, what is wrong, and for a group how many rows have it."""

    where: tuple[Message, ...]
    more: bool
    column: str
    what: Message
    rows: int = 1

    def words(self, word: Wording) -> str:
        where = "; ".join(word(m) for m in self.where) + ("; …" if self.more else "")
        what = word(self.what)
        if self.rows == 1:
            return word(
                Message(
                    "problem.line", _LINE, {"where": where, "column": self.column, "what": what}
                )
            )
        return word(
            WORDS("problem.group", where=where, column=self.column, what=what, rows=self.rows)
        )

    def __str__(self) -> str:
        return self.words(str)


@dataclass
class _Group:
    first: Problem
    rows: int = 0
    ranges: list[list[int]] = field(default_factory=list)  # [first, last] row numbers
    more_ranges: int = 0
    places: list[Message] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    more_texts: bool = False

    def add(self, problem: Problem) -> None:
        self.rows += 1
        if problem.raw not in self.texts:
            if len(self.texts) < MAX_TEXTS:
                self.texts.append(problem.raw)
            else:
                self.more_texts = True
        location = problem.location
        if isinstance(location, int) and not isinstance(location, bool):
            if self.ranges and self.ranges[-1][1] + 1 == location:
                self.ranges[-1][1] = location
            elif len(self.ranges) < MAX_RANGES:
                self.ranges.append([location, location])
            else:
                self.more_ranges += 1
        elif len(self.places) < MAX_PLACES:
            self.places.append(place(problem.template, location))

    def line(self) -> ProblemLine:
        if self.rows == 1:
            return self.first.line()
        listed = ", ".join(cell(t) for t in self.texts) + (", …" if self.more_texts else "")
        kind = self.first.kind
        what = Message(kind.code, kind.template, {**kind.params, "text": listed})
        if self.ranges:
            spans = [str(a) if a == b else f"{a}–{b}" for a, b in self.ranges]
            if self.more_ranges:
                spans.append("…")
            where: tuple[Message, ...] = (_rows_place(self.first.template, ", ".join(spans)),)
            more = False
        else:
            where, more = tuple(self.places), self.rows > len(self.places)
        return ProblemLine(where, more, self.first.column, what, self.rows)


class ProblemGroups:
    """The problems of a file in the order they were first found, grouped; at most
    `max_groups` groups are kept (the problems of any further ones are only counted)."""

    def __init__(self, max_groups: int = 1000) -> None:
        self._groups: dict[tuple[str, ...], _Group] = {}
        self.max_groups = max_groups
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        key = problem.group or group_key(problem.column, problem.kind)
        group = self._groups.get(key)
        if group is None:
            if len(self._groups) == self.max_groups:
                return
            group = self._groups[key] = _Group(problem)
        group.add(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def lines(self) -> list[ProblemLine]:
        return [group.line() for group in self._groups.values()]
