"""Problems found in a file, one line per problem however many rows have it.

A file with an unknown area code on 348 rows gets one line, "rows 12–359: area: unknown
area code “K-Rest”", rather than 348 lines of which the first 200 are shown. Rows with
the same problem (same column, same message apart from the cell's text) form a group;
its line names where it occurs (row ranges where rows are numbered, else the first few
places) and the cell texts exactly as they stood in the file. Memory is bounded however
many rows are wrong: a group keeps at most MAX_RANGES ranges and MAX_TEXTS texts.
"""

from dataclasses import dataclass, field

# What a message shows in place of a cell's text (and of a row's detail) when the
# message is formed once for a whole group of rows.
PLACEHOLDER = "…"
MAX_RANGES = 8
MAX_TEXTS = 5
MAX_PLACES = 3


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


@dataclass(frozen=True)
class Problem:
    """One row's problem. `kind` is `text` with the row's cell text and detail blanked."""

    location: object  # a row number, or a description of the place
    template: str  # turns a location into words, e.g. "row {}" or "sheet Ark1, row {}"
    column: str
    text: str
    kind: str
    raw: str

    def line(self) -> str:
        return f"{self.template.format(self.location)}: {self.column}: {self.text}"


@dataclass
class _Group:
    first: Problem
    rows: int = 0
    ranges: list[list[int]] = field(default_factory=list)  # [first, last] row numbers
    more_ranges: int = 0
    places: list[str] = field(default_factory=list)
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
            self.places.append(problem.template.format(location))

    def line(self) -> str:
        if self.rows == 1:
            return self.first.line()
        listed = ", ".join(cell(t) for t in self.texts) + (", …" if self.more_texts else "")
        kind = self.first.kind
        blank = cell(PLACEHOLDER)
        what = kind.replace(blank, listed, 1)
        return f"{self._where()}: {self.first.column}: {what} ({self.rows} rows)"

    def _where(self) -> str:
        template = self.first.template
        if self.ranges:
            spans = [str(a) if a == b else f"{a}–{b}" for a, b in self.ranges]
            if self.more_ranges:
                spans.append("…")
            # A template "row {}" reads "rows 12-359, 400" for a group.
            return template.replace("row {}", "rows {}").format(", ".join(spans))
        return "; ".join(self.places) + ("; …" if self.rows > len(self.places) else "")


class ProblemGroups:
    """The problems of a file in the order they were first found, grouped; at most
    `max_groups` groups are kept (the problems of any further ones are only counted)."""

    def __init__(self, max_groups: int = 1000) -> None:
        self._groups: dict[tuple[str, str], _Group] = {}
        self.max_groups = max_groups
        self.total = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        key = (problem.column, problem.kind)
        group = self._groups.get(key)
        if group is None:
            if len(self._groups) == self.max_groups:
                return
            group = self._groups[key] = _Group(problem)
        group.add(problem)

    def extend(self, problems: list[Problem]) -> None:
        for problem in problems:
            self.add(problem)

    def lines(self) -> list[str]:
        return [group.line() for group in self._groups.values()]
