"""What changed between two versions of the programme description, for people to read.

Sections are matched by key. Inside a section every block becomes one or more lines
(a heading, a paragraph, each list item, each table row) and difflib lines them up: lines
only in the newer version are added, lines only in the older are removed, and a line that
was rewritten is changed, with its words marked as inserted or deleted.
"""

import difflib
import re
from dataclasses import dataclass, field
from typing import Any, Literal

Status = Literal["added", "removed", "changed", "unchanged"]

# Below this similarity two lines are unrelated: one removed and one added, not one changed.
_SAME_LINE_RATIO = 0.4


@dataclass(frozen=True)
class Segment:
    """A run of text that is the same in both versions, inserted or deleted."""

    op: Literal["same", "ins", "del"]
    text: str


@dataclass(frozen=True)
class Line:
    kind: str  # heading, paragraph, item, caption or row
    text: str
    context: str  # the heading or table the line sits under


@dataclass(frozen=True)
class LineChange:
    status: Literal["added", "removed", "changed"]
    kind: str
    context: str
    segments: list[Segment]


@dataclass
class SectionDiff:
    key: str
    title: str
    status: Status
    changes: list[LineChange] = field(default_factory=list)


@dataclass
class DescriptionDiff:
    sections: list[SectionDiff]

    @property
    def has_changes(self) -> bool:
        return any(section.status != "unchanged" for section in self.sections)

    @property
    def unchanged_titles(self) -> list[str]:
        return [section.title for section in self.sections if section.status == "unchanged"]


def diff_descriptions(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> DescriptionDiff:
    """Compare two documents as `description.assemble` builds them (same language)."""
    old_by_key = {section["key"]: section for section in old}
    new_keys = {section["key"] for section in new}
    sections = []
    for section in new:
        before = old_by_key.get(section["key"])
        if before is None:
            lines = _lines(section["blocks"])
            sections.append(
                SectionDiff(section["key"], section["title"], "added", _whole(lines, "added"))
            )
            continue
        changes = _line_changes(_lines(before["blocks"]), _lines(section["blocks"]))
        status: Status = "changed" if changes else "unchanged"
        sections.append(SectionDiff(section["key"], section["title"], status, changes))
    for section in old:
        if section["key"] not in new_keys:
            lines = _lines(section["blocks"])
            sections.append(
                SectionDiff(section["key"], section["title"], "removed", _whole(lines, "removed"))
            )
    return DescriptionDiff(sections)


def _lines(blocks: list[dict[str, Any]]) -> list[Line]:
    lines: list[Line] = []
    context = ""
    for block in blocks:
        kind = block["type"]
        if kind == "heading":
            context = block["text"]
            lines.append(Line("heading", block["text"], ""))
        elif kind == "paragraph":
            lines.append(Line("paragraph", block["text"], context))
        elif kind == "list":
            lines += [Line("item", item, context) for item in block["items"]]
        elif kind == "table":
            caption = block["caption"]
            lines.append(Line("caption", caption, context))
            lines += [Line("row", " | ".join(row), caption) for row in block["rows"]]
    return lines


def _whole(lines: list[Line], status: Literal["added", "removed"]) -> list[LineChange]:
    op: Literal["ins", "del"] = "ins" if status == "added" else "del"
    return [LineChange(status, line.kind, line.context, [Segment(op, line.text)]) for line in lines]


def _line_changes(old: list[Line], new: list[Line]) -> list[LineChange]:
    matcher = difflib.SequenceMatcher(
        a=[(line.kind, line.text) for line in old],
        b=[(line.kind, line.text) for line in new],
        autojunk=False,
    )
    changes: list[LineChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        changes += _pair_up(old[i1:i2], new[j1:j2])
    return changes


def _pair_up(removed: list[Line], added: list[Line]) -> list[LineChange]:
    """Rewritten lines as changes; whatever has no similar counterpart as removed or added."""
    changes: list[LineChange] = []
    remaining = list(added)
    for before in removed:
        match = next(
            (
                after
                for after in remaining
                if after.kind == before.kind
                and _similarity(before.text, after.text) >= _SAME_LINE_RATIO
            ),
            None,
        )
        if match is None:
            changes += _whole([before], "removed")
            continue
        # Lines added ahead of the match keep their place in the reading order.
        ahead = remaining[: remaining.index(match)]
        changes += _whole(ahead, "added")
        remaining = remaining[remaining.index(match) + 1 :]
        changes.append(
            LineChange("changed", match.kind, match.context, word_diff(before.text, match.text))
        )
    return changes + _whole(remaining, "added")


def _similarity(a: str, b: str) -> float:
    return difflib.SequenceMatcher(a=_words(a), b=_words(b), autojunk=False).ratio()


def _words(text: str) -> list[str]:
    """Words with the spaces after them, so that joining the pieces gives the text back."""
    return re.findall(r"\S+\s*|\s+", text)


def word_diff(old: str, new: str) -> list[Segment]:
    """`new` against `old`, word by word."""
    a, b = _words(old), _words(new)
    segments: list[Segment] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            segments.append(Segment("same", "".join(a[i1:i2])))
            continue
        if i2 > i1:
            segments.append(Segment("del", "".join(a[i1:i2])))
        if j2 > j1:
            segments.append(Segment("ins", "".join(b[j1:j2])))
    return segments
