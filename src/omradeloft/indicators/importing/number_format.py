"""How the numbers of one column are written: decided once per file and column, never per cell.

Norwegian offices write `12 345,6`, English-speaking tools `12,345.6`, and `287,000` may be
either. Deciding cell by cell would read `1,5` and `1.5` in one column as the same number and
`287,000` as whatever the cell happens to look like; so every non-empty text of a column is
reduced to its shape (each digit a `9`: `99 999,9`), the shapes are collected over the whole
file, and one format is chosen that reads them all. A column whose shapes no single format
reads is refused; so is one that two formats read differently and nothing else decides.

Pure pandas/pyarrow, no Django: the words it returns go through `describe(gettext)`.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from omradeloft.core.notices import Message, MessageError, Wordings, listing
from omradeloft.core.problems import cell

MINUS_SIGNS = "-\u2212"  # Excel in a Norwegian locale writes U+2212
SPACES = " \u00a0\u202f"  # space, no-break space, narrow no-break space
DECIMAL_MARKS = {"comma": ",", "point": "."}
# A thousands separator by name; the spaces are one kind, as offices mix them freely.
THOUSANDS = {"": "", "space": SPACES, "point": ".", "comma": ",", "apostrophe": "'"}
MAX_SHAPES = 10_000  # more distinct shapes than this are not numbers people typed


def _(text: str) -> str:
    """Marks words for translation; `describe` translates them with the caller's gettext."""
    return text


SEPARATOR_WORDS = {
    ",": _("comma"),
    ".": _("point"),
    " ": _("space"),
    "\u00a0": _("no-break space"),
    "\u202f": _("narrow no-break space"),
    "'": _("apostrophe"),
}


AMBIGUOUS_END = (
    "which is meant with --decimal comma or --decimal point (on the web: the decimal mark of "
    "the upload form)"
)
SAME_WAY = "write every number of the column the same way"
# Worded on pages by importing/message_catalogue.py.
WORDS = Wordings(
    {
        "format.mixed_marks": "%(column)s: mixes decimal commas, as in %(commas)s, and decimal "
        f"points, as in %(points)s; {SAME_WAY}",
        "format.mixed": "%(column)s: %(first)s and %(second)s are written with different "
        f"thousands separators or decimal marks; {SAME_WAY}",
        "format.mixed_other": "%(column)s: the numbers are written in more than one way",
        "format.ambiguous_comma": "%(column)s: %(example)s and every other number like it has "
        "three digits after a single comma, which may be a decimal comma or a thousands "
        f"separator; say {AMBIGUOUS_END}",
        "format.ambiguous_point": "%(column)s: %(example)s and every other number like it has "
        "three digits after a single point, which may be a decimal point or a thousands "
        f"separator; say {AMBIGUOUS_END}",
    }
)


class NumberFormatError(MessageError):
    """The column's numbers cannot be read with one format; the message says why."""


@dataclass(frozen=True)
class NumberFormat:
    """A decimal mark (`,` or `.`) and a thousands separator (a key of THOUSANDS)."""

    decimal: str
    thousands: str

    def pattern(self, digit: str = r"\d") -> str:
        grouping = THOUSANDS[self.thousands]
        whole = f"{digit}+"
        if grouping:
            whole = f"(?:{digit}{{1,3}}(?:[{re.escape(grouping)}]{digit}{{3}})+|{digit}+)"
        mark = re.escape(self.decimal)
        return (
            f"^[{MINUS_SIGNS}]?(?:{whole}(?:{mark}{digit}+)?|{mark}{digit}+)(?:[eE][-+]?{digit}+)?$"
        )

    def parse(self, text: pd.Series) -> pd.Series:
        """The numbers (float64), NaN where the text is empty or not written in this format."""
        array = pc.utf8_trim_whitespace(pa.array(text.to_numpy(dtype=object), type=pa.string()))
        fits = pc.match_substring_regex(array, self.pattern())
        plain = array
        for sign in MINUS_SIGNS[1:]:
            plain = pc.replace_substring(plain, sign, "-")
        for separator in THOUSANDS[self.thousands]:
            plain = pc.replace_substring(plain, separator, "")
        if self.decimal != ".":
            plain = pc.replace_substring(plain, self.decimal, ".")
        plain = pc.if_else(fits, plain, pa.scalar(None, pa.string()))
        numbers = pc.cast(plain, pa.float64()).to_numpy(zero_copy_only=False)
        return pd.Series(numbers, index=text.index, dtype="float64")

    def decimals(self, text: pd.Series) -> pd.Series:
        """How many decimals each number was written with: the precision it promises."""
        array = pc.utf8_trim_whitespace(pa.array(text.to_numpy(dtype=object), type=pa.string()))
        found = pc.extract_regex(array, f"{re.escape(self.decimal)}(?P<d>\\d+)(?:[eE].*)?$")
        digits = pc.utf8_length(pc.struct_field(found, [0])).to_numpy(zero_copy_only=False)
        return pd.Series(digits, index=text.index).fillna(0).astype("int64")


ALL_FORMATS = tuple(
    NumberFormat(mark, name)
    for mark in (",", ".")
    for name, grouping in THOUSANDS.items()
    if mark not in grouping
)


def distinct_shapes(text: pd.Series) -> tuple[list[str], np.ndarray]:
    """The distinct shapes of the texts (each digit a 9, blanks at the ends removed), and the
    position in `text` where each first occurs."""
    array = pc.utf8_trim_whitespace(pa.array(text.to_numpy(dtype=object), type=pa.string()))
    array = pa.concat_arrays([array])  # unsliced, so that its buffers start at row 0
    validity, offsets, data = array.buffers()
    # Digits are single bytes in UTF-8: turning them into 9s byte-wise keeps the text valid,
    # and costs a pass over memory instead of a regex replacement per digit.
    raw = np.frombuffer(data, dtype=np.uint8).copy() if data is not None else np.empty(0, "u1")
    raw[(raw >= ord("0")) & (raw <= ord("9"))] = ord("9")
    shaped = pa.Array.from_buffers(
        pa.string(), len(array), [validity, offsets, pa.py_buffer(raw.tobytes())]
    )
    encoded = shaped.dictionary_encode()
    codes = encoded.indices.to_numpy(zero_copy_only=False)
    _, first = np.unique(codes, return_index=True)
    return [encoded.dictionary[int(codes[i])].as_py() for i in first], first


@dataclass
class ColumnShapes:
    """The distinct shapes of one column's texts across a file, each with the first text of
    that shape and where it stood."""

    column: str
    first: dict[str, tuple[str, Message]] = field(default_factory=dict)

    def add(self, text: pd.Series, where: Callable[[int], Message]) -> None:
        """`where(label)` names the place (`core.problems.place`) of the text at that label
        of `text`."""
        text = text[text.ne("")]
        if not len(text) or len(self.first) > MAX_SHAPES:
            return
        shapes, first = distinct_shapes(text)
        for shape, position in sorted(zip(shapes, first, strict=True), key=lambda s: s[1]):
            if shape not in self.first:
                self.first[shape] = (str(text.iloc[position]), where(text.index[position]))


@dataclass(frozen=True)
class ColumnDecision:
    column: str
    format: NumberFormat
    decimal_seen: bool
    separators_seen: tuple[str, ...]  # thousands separators the column uses

    def describe(self, gettext: Callable[[str], str] = _) -> str:
        """E.g. "decimal comma, thousands separated by space"."""
        if self.decimal_seen:
            decimal = gettext("decimal %(mark)s") % {
                "mark": gettext(SEPARATOR_WORDS[self.format.decimal])
            }
        else:
            decimal = gettext("whole numbers")
        if self.separators_seen:
            words = gettext(" or ").join(gettext(SEPARATOR_WORDS[s]) for s in self.separators_seen)
            thousands = gettext("thousands separated by %(separator)s") % {"separator": words}
        else:
            thousands = gettext("no thousands separator")
        return f"{decimal}, {thousands}"


def _fits(fmt: NumberFormat) -> re.Pattern[str]:
    return re.compile(fmt.pattern(digit="9"))


def _value(shape: str, fmt: NumberFormat) -> float:
    return float(fmt.parse(pd.Series([shape])).iloc[0])


def decide(shapes: ColumnShapes, decimal: str | None = None) -> ColumnDecision | None:
    """The one format that reads every number-like text of the column, or None if the column
    is empty. `decimal` ("comma" or "point") settles the decimal mark.

    Raises NumberFormatError if the column mixes formats or does not tell which it uses.
    Texts that no format reads are left for the row checks to report as not numbers.
    """
    formats = [f for f in ALL_FORMATS if decimal is None or f.decimal == DECIMAL_MARKS[decimal]]
    matchers = {f: _fits(f) for f in formats}
    readable = {shape: {f for f in formats if matchers[f].match(shape)} for shape in shapes.first}
    readable = {shape: fits for shape, fits in readable.items() if fits}
    if not readable:
        return None
    common = set(formats)
    for fits in readable.values():
        common &= fits
    if not common:
        raise NumberFormatError(_mixed(shapes, readable))
    ordered = [f for f in formats if f in common]
    chosen = ordered[0]
    for shape in readable:
        if len({_value(shape, f) for f in ordered}) > 1:
            raise NumberFormatError(_ambiguous(shapes, shape))
    uses_decimal = re.compile(f"{re.escape(chosen.decimal)}9+(?:[eE].*)?$")
    grouping = THOUSANDS[chosen.thousands]
    return ColumnDecision(
        column=shapes.column,
        format=chosen,
        decimal_seen=any(uses_decimal.search(s) for s in readable),
        separators_seen=tuple(sorted({c for s in readable for c in s if c in grouping})),
    )


def _example(shapes: ColumnShapes, shape: str) -> Message:
    text, where = shapes.first[shape]
    # Punctuation only, the same in every language: no catalogue entry.
    return Message("format.example", "%(place)s (%(text)s)", {"place": where, "text": cell(text)})


def _mixed(shapes: ColumnShapes, readable: dict[str, set[NumberFormat]]) -> Message:
    marks = {shape: {f.decimal for f in fits} for shape, fits in readable.items()}
    comma = [s for s, m in marks.items() if m == {","}]
    point = [s for s, m in marks.items() if m == {"."}]
    column = shapes.column
    if comma and point:
        return WORDS(
            "format.mixed_marks",
            column=column,
            commas=listing([_example(shapes, s) for s in comma[:3]]),
            points=listing([_example(shapes, s) for s in point[:3]]),
        )
    items = list(readable.items())
    for i, (shape, fits) in enumerate(items):
        for other, other_fits in items[i + 1 :]:
            if not fits & other_fits:
                return WORDS(
                    "format.mixed",
                    column=column,
                    first=_example(shapes, shape),
                    second=_example(shapes, other),
                )
    return WORDS("format.mixed_other", column=column)  # pragma: no cover


def _ambiguous(shapes: ColumnShapes, shape: str) -> Message:
    mark = "comma" if "," in shape else "point"
    return WORDS(f"format.ambiguous_{mark}", column=shapes.column, example=_example(shapes, shape))
