""" "A missing row means zero": the zero rows a sparse count table leaves out.

Registers deliver counts of rare events as a list of the areas that had any; the areas not
listed had none. Read as it stands, such a file leaves those areas missing, and the total
of a larger area cannot be derived. With the option, for each (indicator, period) in the
file, every area of the same level(s) as the file's rows for that indicator and period that
the file has no row for gets a zero, within the top-level areas (e.g. the municipalities)
the file's rows lie in: an Oslo table says nothing of Bergen's areas. The zeros come as one
more chunk after the file's own, so they pass the same validation, duplicate check and
write as the file's rows.

Only counts: a missing rate or index is unknown, not zero.
"""

from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass, field

import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.indicators.importing.errors import WORDS, SourceError
from omradeloft.indicators.importing.sources import COLUMNS
from omradeloft.indicators.models import Indicator, IndicatorKind


def missing_is_zero_of(mapping: dict | None) -> bool:
    """A mapping file's `"missing_is_zero": true` asks for zeros for a mapped file."""
    value = (mapping or {}).get("missing_is_zero", False)
    if not isinstance(value, bool):
        raise SourceError(WORDS("mapping.missing_is_zero", value=repr(value)))
    return value


ZERO_LOCATION = "a zero filled in for {}"  # how validation messages name a filled-in row


@dataclass
class ZeroFiller:
    """Wraps a chunk reader; after the file's chunks it yields the zero rows."""

    chunks: Callable[[], Iterator[pd.DataFrame]]
    filled: int = 0
    _seen: dict[tuple[Hashable, Hashable], set[str]] = field(default_factory=dict)

    def __call__(self) -> Iterator[pd.DataFrame]:
        self._seen = {}
        self.filled = 0
        for chunk in self.chunks():
            for (indicator, period), areas in chunk.groupby(["indicator", "period"])["area"]:
                self._seen.setdefault((indicator, period), set()).update(areas)
            yield chunk
        zeros = self._zeros()
        self.filled = len(zeros)
        if len(zeros):
            yield zeros

    def _zeros(self) -> pd.DataFrame:
        codes = {indicator for indicator, _period in self._seen}
        kinds = dict(Indicator.objects.filter(code__in=codes).values_list("code", "kind"))
        not_counts = sorted(code for code, kind in kinds.items() if kind != IndicatorKind.COUNT)
        if not_counts:
            raise SourceError(WORDS("source.zeros_not_counts", indicators=", ".join(not_counts)))
        areas = pd.DataFrame.from_records(
            Area.objects.values_list("pk", "code", "level_id", "parent_id"),
            columns=["pk", "code", "level", "parent"],
        )
        parent = dict(zip(areas["pk"], areas["parent"], strict=True))
        code_of = dict(zip(areas["pk"], areas["code"], strict=True))
        areas["root"] = [code_of[_root(pk, parent)] for pk in areas["pk"]]
        level_of = dict(zip(areas["code"], areas["level"], strict=True))
        root_of = dict(zip(areas["code"], areas["root"], strict=True))
        by_place = areas.groupby(["level", "root"])["code"].apply(set).to_dict()
        rows = []
        for (indicator, period), present in sorted(self._seen.items()):
            if indicator not in kinds:
                continue  # unknown indicator: validation reports the file's own rows
            places = {(level_of[code], root_of[code]) for code in present if code in level_of}
            for place in sorted(places):
                rows += [(indicator, code, period) for code in sorted(by_place[place] - present)]
        zeros = pd.DataFrame.from_records(rows, columns=["indicator", "area", "period"])
        for column in COLUMNS[3:]:
            zeros[column] = "0" if column == "value" else ""
        zeros["location"] = [f"{a} {p} ({i})" for i, a, p in rows]
        zeros.attrs["location"] = ZERO_LOCATION
        return zeros[[*COLUMNS, "location"]]


def _root(pk: int, parent: dict[int, float]) -> int:
    """The top-level area `pk` lies in (itself if it has no parent)."""
    while not pd.isna(parent[pk]):
        pk = int(parent[pk])
    return pk
