"""Values that are possible but unlikely: shown as warnings that must be accepted before they
are written.

A percentage outside 0-100, a negative count, or a value more than `factor` times above or
below the median of the values already stored for the same indicator and area is more often
a slip (a wrong column, a fraction for a percentage, a missing decimal mark) than news. None
of them is refused outright: a rate can exceed 100 by definition and an area can change.
Pure pandas: the service hands in the units, codes and stored medians.
"""

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from omradeloft.core.notices import Message, Wordings
from omradeloft.core.problems import place

PERCENT_RANGE = "percentage outside 0-100"
NEGATIVE_COUNT = "negative count"
FAR_FROM_STORED = "far from the area's stored values"
KINDS = (PERCENT_RANGE, NEGATIVE_COUNT, FAR_FROM_STORED)

WORDS = Wordings(
    {
        PERCENT_RANGE: "%(where)s: value: %(value)s is a percentage outside 0-100 (indicator "
        "%(code)s)",
        NEGATIVE_COUNT: "%(where)s: value: %(value)s is negative, but indicator %(code)s counts",
        FAR_FROM_STORED: "%(where)s: value: %(value)s is more than %(factor)s times above or "
        "below %(median)s, the median of the values stored for this area (indicator %(code)s)",
    }
)


@dataclass
class PlausibilityWarnings:
    """The first `limit` warnings as messages, and how many of each kind there are."""

    limit: int
    messages: list[Message] = field(default_factory=list)
    counts: Counter[str] = field(default_factory=Counter)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        """E.g. "2 percentage outside 0-100, 1 negative count"."""
        return ", ".join(f"{self.counts[kind]} {kind}" for kind in KINDS if self.counts[kind])

    @property
    def room(self) -> int:
        return max(0, self.limit - len(self.messages))

    def add(self, kind: str, count: int, messages: list[Message]) -> None:
        self.counts[kind] += count
        self.messages.extend(messages[: self.room])


def check_chunk(
    clean: pd.DataFrame,
    *,
    units: pd.Series,
    codes: pd.Series,
    medians: pd.Series,
    factor: float,
    found: PlausibilityWarnings,
) -> None:
    """Add the warnings of one checked chunk to `found`.

    `clean`: indicator_id, area_id, value, location (and attrs["location"], e.g. "row {}").
    `units`, `codes`: by indicator id. `medians`: stored values' median by (indicator_id,
    area_id).
    """
    if not len(clean):
        return
    value = clean["value"].to_numpy(dtype="float64")
    unit = units.reindex(clean["indicator_id"]).to_numpy(dtype=object)
    code = codes.reindex(clean["indicator_id"]).to_numpy(dtype=object)
    keys = pd.MultiIndex.from_arrays([clean["indicator_id"], clean["area_id"]])
    median = medians.reindex(keys).to_numpy(dtype="float64") if len(medians) else np.nan
    median = np.broadcast_to(median, value.shape)
    template = clean.attrs.get("location", "{}")
    where = clean["location"].to_numpy(dtype=object)

    def report(kind: str, mask: np.ndarray) -> None:
        rows = np.flatnonzero(mask)
        found.add(
            kind,
            len(rows),
            [
                WORDS(
                    kind,
                    where=place(template, where[i]),
                    value=_shown(value[i]),
                    code=str(code[i]),
                    median=_shown(median[i]),
                    factor=_shown(factor),
                )
                for i in rows[: found.room]
            ],
        )

    with np.errstate(invalid="ignore", divide="ignore"):
        report(PERCENT_RANGE, (unit == "percent") & ((value < 0) | (value > 100)))
        report(NEGATIVE_COUNT, (unit == "count") & (value < 0))
        # Against a median of 0 no factor can be measured.
        ratio = np.where(median != 0, value / median, np.nan)
        report(FAR_FROM_STORED, (ratio > factor) | ((ratio > 0) & (ratio < 1 / factor)))


def _shown(number: float) -> float:
    """A number as a warning shows it: six significant digits, as "%g" writes them."""
    return float(f"{float(number):.6g}")
