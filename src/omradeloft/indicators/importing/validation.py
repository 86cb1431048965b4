"""Check chunks of long-format rows against the catalogue and the area register, vectorised.

Valid rows come back with database ids, numbers and the normalised period; every problem
comes back as a message naming the row, the column, what is wrong and what was expected.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from omradeloft.indicators.importing.area_validity import AreaValidity, out_of_validity
from omradeloft.indicators.importing.sources import location_text

# periodicity -> (pattern, separator between its two parts, what people should write)
PERIOD_PATTERNS = {
    "annual": (r"^(\d{4})$", "", "YYYY"),
    "quarterly": (r"^(\d{4})[QK]([1-4])$", "Q", "YYYYQ1..YYYYQ4"),
    "monthly": (r"^(\d{4})(?:-|M)(0[1-9]|1[0-2])$", "-", "YYYY-MM"),
}
TRUE_WORDS = {"1", "true", "yes", "ja", "x"}
FALSE_WORDS = {"", "0", "false", "no", "nei"}
TEXT_COLUMNS = ("indicator", "area", "period", "value", "numerator", "denominator")


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
    """Errors as (row position, message), and which rows have any."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.frame = frame
        self.found: list[tuple[int, str]] = []
        self.bad = np.zeros(len(frame), dtype=bool)

    def add(
        self,
        mask: pd.Series,
        column: str,
        message: Callable[[str], str],
        detail: pd.Series | None = None,
    ) -> None:
        """Report `message(raw text)` for the rows in `mask`; with `detail`, the message
        gets `(raw text, detail of that row)`."""
        mask_array = mask.to_numpy(dtype=bool)
        positions = np.flatnonzero(mask_array)
        if not len(positions):
            return
        locations = [
            location_text(self.frame, location)
            for location in self.frame["location"].iloc[positions].tolist()
        ]
        raw = self.frame[column].iloc[positions].tolist()
        details = detail.iloc[positions].tolist() if detail is not None else None
        for i, position in enumerate(positions):
            text = message(raw[i]) if details is None else message(raw[i], details[i])
            self.found.append((position, f"{locations[i]}: {column}: {text}"))
        self.bad |= mask_array

    def messages(self) -> list[str]:
        return [message for _, message in sorted(self.found, key=lambda item: item[0])]


def _to_float(text: pd.Series) -> pd.Series:
    """Numbers from text, NaN where empty or unreadable. Arrow's cast is fast but all or
    nothing; pandas finds the bad cells when there are any."""
    try:
        array = pa.array(text, type=pa.string())
        empty = pc.equal(array, "")
        numbers = pc.cast(pc.if_else(empty, pa.scalar(None, pa.string()), array), pa.float64())
        return pd.Series(numbers.to_numpy(zero_copy_only=False), index=text.index)
    except (pa.ArrowInvalid, pa.ArrowTypeError):
        return pd.to_numeric(text, errors="coerce").astype("float64")


def _lookup(table: pd.Series, keys: pd.Series) -> pd.Series:
    """`table[key]` for every key (NaN where unknown), by hashing rather than row by row."""
    found = table.reindex(keys.to_numpy(dtype=object))
    return pd.Series(found.to_numpy(), index=keys.index, dtype=found.dtype)


def _numbers(frame: pd.DataFrame, column: str, problems: _Problems) -> pd.Series:
    text = frame[column].str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
    numbers = _to_float(text)
    wrong = text.ne("") & (numbers.isna() | ~np.isfinite(numbers.fillna(0)))
    problems.add(wrong, column, lambda raw: f"{raw!r} is not a number")
    return numbers.where(~wrong)


def _decimals(text: pd.Series) -> pd.Series:
    """How many decimals a number was written with: the precision it promises."""
    return text.str.extract(r"\.(\d+)$", expand=False).fillna("").str.len()


def _flags(frame: pd.DataFrame, column: str, problems: _Problems) -> np.ndarray:
    if column not in frame:
        return np.zeros(len(frame), dtype=bool)
    words = frame[column].str.strip().str.lower()
    problems.add(
        ~words.isin(TRUE_WORDS | FALSE_WORDS),
        column,
        lambda raw: f"{raw!r} is not yes/no (1/0, true/false, x)",
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
            lambda raw, n=name, e=expected: f"{raw!r} is not a valid {n} period ({e})",
        )
    return period


def validate_chunk(frame: pd.DataFrame, lookups: Lookups) -> tuple[pd.DataFrame, list[str]]:
    """The chunk's valid rows as ids and numbers, and a message for every problem."""
    frame = frame[frame[list(TEXT_COLUMNS)].ne("").any(axis=1)]
    problems = _Problems(frame)
    for column in ("indicator", "area", "period"):
        problems.add(frame[column].eq(""), column, lambda raw: "missing")

    indicator_id = _lookup(lookups.indicator_id, frame["indicator"])
    problems.add(
        indicator_id.isna() & frame["indicator"].ne(""),
        "indicator",
        lambda raw: f"unknown indicator code {raw!r}",
    )
    area_id = _lookup(lookups.area_id, frame["area"])
    problems.add(
        area_id.isna() & frame["area"].ne(""), "area", lambda raw: f"unknown area code {raw!r}"
    )
    periodicity = _lookup(lookups.periodicity, frame["indicator"])
    period = _periods(frame, periodicity, problems)
    if lookups.validity is not None:
        wrong, why = out_of_validity(area_id, period, periodicity, lookups.validity)
        problems.add(wrong, "area", lambda raw, reason: reason, detail=why)

    before_numbers = problems.bad.copy()
    value = _numbers(frame, "value", problems)
    numerator = _numbers(frame, "numerator", problems)
    denominator = _numbers(frame, "denominator", problems)
    readable = pd.Series(~(problems.bad & ~before_numbers), index=frame.index)
    has_value, has_num, has_den = value.notna(), numerator.notna(), denominator.notna()
    problems.add(
        readable & ~has_value & ~has_num & ~has_den,
        "value",
        lambda raw: "missing: give a value, or numerator and denominator",
    )
    problems.add(
        readable & has_num & ~has_den,
        "denominator",
        lambda raw: "missing: a numerator needs its denominator",
    )
    problems.add(
        readable & has_den & ~has_num & ~has_value,
        "numerator",
        lambda raw: "missing: a denominator needs its numerator",
    )
    # 0 of 0 (nobody in the group) is a count without a rate: stored, with no value.
    problems.add(
        has_num & denominator.eq(0) & (numerator.ne(0) | has_value),
        "denominator",
        lambda raw: "is 0: no rate can be computed",
    )
    problems.add(numerator.lt(0), "numerator", lambda raw: "is negative, but counts cannot be")
    problems.add(denominator.lt(0), "denominator", lambda raw: "is negative, but counts cannot be")

    scale = _lookup(lookups.scale, frame["indicator"])
    computed = numerator / denominator.where(denominator.ne(0)) * scale
    both = has_value & computed.notna()
    tolerance = pd.Series(np.inf, index=frame.index)
    tolerance[both] = (
        0.5 * 10.0 ** (-_decimals(frame.loc[both, "value"]).astype(float))
        + 1e-9 * computed[both].abs()
    )
    disagree = both & ((value - computed).abs() > tolerance)
    problems.add(
        disagree,
        "value",
        lambda raw, expected: (
            f"{raw} disagrees with numerator/denominator, which give {expected:.6g}"
        ),
        detail=computed,
    )

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
            "location": frame["location"][ok].to_numpy(),
        }
    )
    clean.attrs["location"] = frame.attrs.get("location", "{}")
    return clean, problems.messages()
