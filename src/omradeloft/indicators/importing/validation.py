"""Check chunks of long-format rows against the catalogue and the area register, vectorised.

Valid rows come back with database ids, numbers and the normalised period; every problem
comes back as a message naming the row, the column, what is wrong and what was expected.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from omradeloft.core.notices import Message, Param, Wordings
from omradeloft.core.problems import BLANK, PLACEHOLDER, Problem, blanked, cell, group_key
from omradeloft.indicators.importing.area_validity import AreaValidity, out_of_validity
from omradeloft.indicators.importing.codes import leading_zero_suggestions
from omradeloft.indicators.importing.left_out import OUTSIDE
from omradeloft.indicators.importing.markers import read_markers
from omradeloft.indicators.importing.number_format import NumberFormat

# periodicity -> (pattern, separator between its two parts, what people should write)
PERIOD_PATTERNS = {
    "annual": (r"^(\d{4})$", "", "YYYY"),
    "quarterly": (r"^(\d{4})[QK]([1-4])$", "Q", "YYYYQ1..YYYYQ4"),
    "monthly": (r"^(\d{4})(?:-|M)(0[1-9]|1[0-2])$", "-", "YYYY-MM"),
}
TRUE_WORDS = {"1", "true", "yes", "ja", "x"}
FALSE_WORDS = {"", "0", "false", "no", "nei"}
# How a workbook or a JSON-stat dataset writes the numbers it stores: no decision needed.
STORED = NumberFormat(decimal=".", thousands="")
TEXT_COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator")
LARGEST_EXACT = 2**53 - 1

# The row errors' English wordings (worded on pages by importing/message_catalogue.py).
# `text` is the cell's text between quotes, as `cell` gives it.
WORDS = Wordings(
    {
        "row.not_a_number": "%(text)s is not a number",
        "row.too_large": "%(text)s is too large to store exactly (at most %(largest)s)",
        "row.percent_not_rate": "cell %(cell)s is formatted as percent (%(percent)s %%), but "
        "indicator %(indicator)s is neither a percentage nor per 1,000; write the number itself",
        "row.percent_count": "cell %(cell)s is formatted as percent (%(percent)s %%), but a "
        "%(column)s is a count; write the number itself",
        "row.not_yes_no": "%(text)s is not yes/no (1/0, true/false, x)",
        "row.period.annual": "%(text)s is not a valid annual period (%(expected)s)",
        "row.period.quarterly": "%(text)s is not a valid quarterly period (%(expected)s)",
        "row.period.monthly": "%(text)s is not a valid monthly period (%(expected)s)",
        "row.missing": "missing",
        "row.unknown_indicator": "unknown indicator code %(text)s",
        "row.unknown_area": "unknown area code %(text)s",
        "row.unknown_area_padded": "unknown area code %(text)s; did you mean %(code)s (Excel "
        "drops leading zeros)?",
        "row.missing_value": "missing: give a value, or numerator and denominator",
        "row.missing_denominator": "missing: a numerator needs its denominator",
        "row.missing_numerator": "missing: a denominator needs its numerator",
        "row.zero_denominator": "is 0: no rate can be computed",
        "row.negative_count": "is negative, but counts cannot be",
        "row.disagrees": "%(text)s disagrees with numerator/denominator, which give %(expected)s",
        "row.duplicate.place.row": "duplicate of row %(row)s",
        "row.duplicate.place.sheet_row": "duplicate of sheet %(sheet)s, row %(row)s",
    }
)


@dataclass
class Lookups:
    """Code -> value tables, as Series so that whole columns are looked up at once."""

    indicator_id: pd.Series
    scale: pd.Series
    periodicity: pd.Series
    area_id: pd.Series
    validity: AreaValidity | None = None

    @classmethod
    def build(
        cls,
        indicators: list[tuple[str, int, float, str]],
        areas: dict[str, int],
        validity: AreaValidity | None = None,
    ) -> "Lookups":
        """`indicators`: (code, id, scale, periodicity) for every indicator."""
        codes = [i[0] for i in indicators]
        return cls(
            indicator_id=pd.Series([i[1] for i in indicators], index=codes, dtype="int64"),
            scale=pd.Series([i[2] for i in indicators], index=codes, dtype="float64"),
            periodicity=pd.Series([i[3] for i in indicators], index=codes, dtype=object),
            area_id=pd.Series(areas, dtype="int64"),
            validity=validity,
        )


class _Problems:
    """Errors as (row position, Problem), and which rows have any."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.found: list[tuple[int, Problem]] = []
        self.bad = np.zeros(len(frame), dtype=bool)

    def add(
        self,
        mask: pd.Series,
        column: str,
        message: Callable[..., Message],
        detail: pd.Series | None = None,
        *,
        each_text: bool = False,
    ) -> None:
        """Report `message(raw text)` for the rows in `mask`; with `detail`, the message
        gets `(raw text, detail of that row)`. Rows with the same problem are listed
        together (core/problems.py); with `each_text`, only rows whose messages read the
        same, for a detail that must not be left out."""
        mask_array = mask.to_numpy(dtype=bool)
        positions = np.flatnonzero(mask_array)
        if not len(positions):
            return
        template = self.frame.attrs.get("location", "{}")
        locations = self.frame["location"].iloc[positions].tolist()
        raw = self.frame[column].iloc[positions].tolist()
        details = detail.iloc[positions].tolist() if detail is not None else None
        kind = None if each_text else blanked(message(BLANK, *([] if details is None else [BLANK])))
        group = None if kind is None else group_key(column, kind)
        for i, position in enumerate(positions):
            text = message(raw[i]) if details is None else message(raw[i], details[i])
            problem = Problem(
                _plain(locations[i]), template, column, text, kind or text, raw[i], group
            )
            self.found.append((int(position), problem))
        self.bad |= mask_array

    def sorted(self) -> list[Problem]:
        return [problem for _, problem in sorted(self.found, key=lambda item: item[0])]


def _plain(location: object) -> object:
    """numpy's integers as Python's, so that row numbers form ranges."""
    return int(location) if isinstance(location, np.integer) else location


def _lookup(table: pd.Series, keys: pd.Series) -> pd.Series:
    """`table[key]` for every key (NaN where unknown), by hashing rather than row by row."""
    found = table.reindex(keys.to_numpy(dtype=object))
    return pd.Series(found.to_numpy(), index=keys.index, dtype=found.dtype)


def duplicate_of(first: Message) -> Message:
    """A row repeating the key of the row at `first` (a place, `core.problems.place`)."""
    return Message(f"row.duplicate.{first.code}", f"duplicate of {first.template}", first.params)


def _significant(number: object) -> Param:
    """A number as shown in a message: six significant digits (the blank of a group as is)."""
    return float(f"{number:.6g}") if isinstance(number, int | float) else PLACEHOLDER


def _numbers(
    frame: pd.DataFrame,
    column: str,
    problems: _Problems,
    written: NumberFormat,
    scale: pd.Series,
) -> tuple[pd.Series, pd.Series]:
    """The column's numbers and how many decimals each was written with.

    Text is read in the format decided for the whole column (`written`); a cell a workbook
    stored as a number (marked "number" in `{column}_cell`) needs no decision; one it
    formatted as a percentage (marked "percent <cell>") holds a fraction, 0.0984 for
    9.84 %, which the indicator's scale turns into its unit: a count or an amount has no
    such scale, and is refused rather than stored 100 times too small.
    """
    text = frame[column]
    kind = frame.get(f"{column}_cell", pd.Series("", index=frame.index))
    typed = kind.ne("")
    numbers = written.parse(text.where(~typed, ""))
    decimals = written.decimals(text.where(~typed, ""))
    if typed.any():
        numbers = numbers.where(~typed, STORED.parse(text.where(typed, "")))
        decimals = decimals.where(~typed, STORED.decimals(text.where(typed, "")))
    wrong = text.ne("") & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))
    problems.add(wrong, column, lambda raw: WORDS("row.not_a_number", text=cell(raw)))
    # A float holds every whole number exactly only below 2**53: a larger one may be stored
    # rounded (99999999999999999999 as 100000000000000000000), so it is refused instead.
    huge = ~wrong & numbers.abs().gt(LARGEST_EXACT)
    problems.add(
        huge,
        column,
        lambda raw: WORDS("row.too_large", text=cell(raw), largest=LARGEST_EXACT),
    )
    wrong |= huge
    numbers = numbers.where(~wrong)
    percent = kind.str.startswith("percent") & ~wrong
    if percent.any():
        scaled = percent & scale.gt(1) & (column == "value")
        shown = pd.Series(
            list(
                zip(
                    kind.str.removeprefix("percent "),
                    numbers * 100,
                    frame["indicator"],
                    strict=True,
                )
            ),
            index=frame.index,
        )
        problems.add(
            percent & ~scaled & scale.notna(),
            column,
            lambda raw, shown: _percent_refusal(column, *shown),
            detail=shown,
            each_text=True,
        )
        numbers = numbers.where(~percent | scaled)
        numbers = numbers.where(~scaled, numbers * scale)
        shift = np.log10(scale.where(scaled, 1)).round().astype(int)
        decimals = (decimals - shift).clip(lower=0)
    return numbers, decimals


def _percent_refusal(column: str, place: str, percent: float, indicator: str) -> Message:
    shown = _significant(percent)
    if column == "value":
        return WORDS("row.percent_not_rate", cell=place, percent=shown, indicator=indicator)
    return WORDS("row.percent_count", cell=place, percent=shown, column=column)


def _flags(frame: pd.DataFrame, column: str, problems: _Problems) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    words = frame[column].str.strip().str.lower()
    problems.add(
        ~words.isin(TRUE_WORDS | FALSE_WORDS),
        column,
        lambda raw: WORDS("row.not_yes_no", text=cell(raw)),
    )
    return words.isin(TRUE_WORDS).to_numpy()


def normalise_period(text: str, periodicity: str) -> str | None:
    pattern, separator, _ = PERIOD_PATTERNS[periodicity]
    match = re.match(pattern, text)
    return separator.join(match.groups()) if match else None


def _periods(frame: pd.DataFrame, periodicity: pd.Series, problems: _Problems) -> pd.Series:
    # A file has few distinct (period, periodicity) pairs: check each pair once.
    pairs = pd.MultiIndex.from_arrays([frame["period"], periodicity.astype(object).fillna("")])
    distinct = pairs.unique()
    table = pd.Series(
        [normalise_period(p, kind) if kind else "" for p, kind in distinct], index=distinct
    )
    period = pd.Series(table.reindex(pairs).to_numpy(), index=frame.index)
    for name, (_, _, expected) in PERIOD_PATTERNS.items():
        wrong = periodicity.eq(name) & frame["period"].ne("") & period.isna()
        problems.add(
            wrong,
            "period",
            lambda raw, n=name, e=expected: WORDS(f"row.period.{n}", text=cell(raw), expected=e),
        )
    return period


def _identified(
    frame: pd.DataFrame, lookups: Lookups, problems: _Problems
) -> tuple[pd.Series, pd.Series, pd.Series]:
    """Each row's indicator id, area id and period, with a problem for every code that is
    missing or unknown, every period that does not fit the indicator, and every area not in
    use in its period."""
    for column in ("indicator", "area", "period"):
        problems.add(frame[column].eq(""), column, lambda raw: WORDS("row.missing"))

    indicator_id = _lookup(lookups.indicator_id, frame["indicator"])
    problems.add(
        indicator_id.isna() & frame["indicator"].ne(""),
        "indicator",
        lambda raw: WORDS("row.unknown_indicator", text=cell(raw)),
    )
    area_id = _lookup(lookups.area_id, frame["area"])
    unknown_area = area_id.isna() & frame["area"].ne("")
    padded = leading_zero_suggestions(frame["area"], unknown_area, lookups.area_id.index)
    problems.add(
        unknown_area & padded.eq(""),
        "area",
        lambda raw: WORDS("row.unknown_area", text=cell(raw)),
    )
    problems.add(
        unknown_area & padded.ne(""),
        "area",
        lambda raw, code: WORDS("row.unknown_area_padded", text=cell(raw), code=cell(code)),
        detail=padded,
        each_text=True,
    )
    periodicity = _lookup(lookups.periodicity, frame["indicator"])
    period = _periods(frame, periodicity, problems)
    if lookups.validity is not None:
        wrong, why = out_of_validity(area_id, period, periodicity, lookups.validity)
        problems.add(wrong, "area", lambda raw, reason: reason, detail=why, each_text=True)

    return indicator_id, area_id, period


def _check_counts(
    value: pd.Series,
    numerator: pd.Series,
    denominator: pd.Series,
    readable: pd.Series,
    numbered: pd.Series,
    problems: _Problems,
) -> None:
    """A problem for every row whose numbers cannot make an observation: none at all, a
    numerator or denominator without the other, a rate over nobody, a negative count.
    `readable`: rows whose numbers could all be read; `numbered`: rows not a missing marker."""
    has_value, has_num, has_den = value.notna(), numerator.notna(), denominator.notna()
    problems.add(
        readable & ~has_value & ~has_num & ~has_den & numbered,
        "value",
        lambda raw: WORDS("row.missing_value"),
    )
    problems.add(
        readable & has_num & ~has_den,
        "denominator",
        lambda raw: WORDS("row.missing_denominator"),
    )
    problems.add(
        readable & has_den & ~has_num & ~has_value,
        "numerator",
        lambda raw: WORDS("row.missing_numerator"),
    )
    # 0 of 0 (nobody in the group) is a count without a rate: stored, with no value.
    problems.add(
        has_num & denominator.eq(0) & (numerator.ne(0) | has_value),
        "denominator",
        lambda raw: WORDS("row.zero_denominator"),
    )
    for column, numbers in (("numerator", numerator), ("denominator", denominator)):
        problems.add(numbers.lt(0), column, lambda raw: WORDS("row.negative_count"))


def _check_agreement(
    value: pd.Series,
    numerator: pd.Series,
    denominator: pd.Series,
    decimals: pd.Series,
    scale: pd.Series,
    problems: _Problems,
) -> pd.Series:
    """The value numerator and denominator give (NaN without both), with a problem for every
    row whose given value differs from it by more than its own rounding."""
    computed = numerator / denominator.where(denominator.ne(0)) * scale
    both = value.notna() & computed.notna()
    tolerance = pd.Series(np.inf, index=value.index)
    tolerance[both] = 0.5 * 10.0 ** (-decimals[both].astype(float)) + 1e-9 * computed[both].abs()
    disagree = both & ((value - computed).abs() > tolerance)
    problems.add(
        disagree,
        "value",
        lambda raw, expected: WORDS(
            "row.disagrees", text=cell(raw), expected=_significant(expected)
        ),
        detail=computed,
    )
    return computed


def validate_chunk(
    frame: pd.DataFrame, lookups: Lookups, formats: dict[str, NumberFormat] | None = None
) -> tuple[pd.DataFrame, list[Problem]]:
    """The chunk's valid rows as ids and numbers, and every problem in row order.

    `formats`: how the texts of each number column are written, decided for the whole file
    (number_format.decide); a column without one is read as plain numbers with a point."""
    formats = formats or {}
    frame = frame[(frame[list(TEXT_COLUMNS)] != "").any(axis=1)]
    frame, missing = read_markers(frame)
    problems = _Problems(frame)
    indicator_id, area_id, period = _identified(frame, lookups, problems)

    before_numbers = problems.bad.copy()
    scale = _lookup(lookups.scale, frame["indicator"])
    value, decimals = _numbers(frame, "value", problems, formats.get("value", STORED), scale)
    numerator, _ = _numbers(frame, "numerator", problems, formats.get("numerator", STORED), scale)
    denominator, _ = _numbers(
        frame, "denominator", problems, formats.get("denominator", STORED), scale
    )
    numbered = missing.eq("")
    value, numerator, denominator = (n.where(numbered) for n in (value, numerator, denominator))
    readable = pd.Series(~(problems.bad & ~before_numbers), index=frame.index)
    _check_counts(value, numerator, denominator, readable, numbered, problems)
    computed = _check_agreement(value, numerator, denominator, decimals, scale, problems)

    flags = {c: _flags(frame, c, problems) for c in ("provisional", "estimated", "break")}
    ok = ~problems.bad
    clean = pd.DataFrame(
        {
            "indicator_id": indicator_id[ok].astype("int64").to_numpy(),
            "area_id": area_id[ok].astype("int64").to_numpy(),
            "period": period[ok].to_numpy(),
            "numerator": numerator[ok].to_numpy(),
            "denominator": denominator[ok].to_numpy(),
            "value": value.fillna(computed)[ok].to_numpy(),
            "is_provisional": flags["provisional"][ok],
            "is_estimated": flags["estimated"][ok],
            "is_break": flags["break"][ok],
            "missing": missing[ok].to_numpy(),
            "location": frame["location"][ok].to_numpy(),
        }
    )
    if OUTSIDE in frame:
        clean[OUTSIDE] = frame[OUTSIDE][ok].to_numpy()
    clean.attrs["location"] = frame.attrs.get("location", "{}")
    return clean, problems.sorted()
