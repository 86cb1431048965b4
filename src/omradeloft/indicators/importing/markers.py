"""The statistics banks' missing-value markers, read as a missing observation with a meaning.

SSB and Oslo's statistics bank write these in place of a number (in JSON-stat as a null value
with the marker as its status). An observation with a marker is stored with no value,
numerator or denominator and the marker's meaning in `Observation.missing`.
"""

import pandas as pd

from omradeloft.indicators.models import Missing

MARKERS = {
    "..": Missing.NOT_AVAILABLE,
    "...": Missing.NOT_YET_AVAILABLE,
    ":": Missing.CONFIDENTIAL,
    "-": Missing.NIL,
    ".": Missing.NOT_APPLICABLE,
}
NUMBER_COLUMNS = ("value", "numerator", "denominator")


def read_markers(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """The frame with every marker cell emptied, and each row's meaning ("" where no number
    column holds a marker; else the first marker's by value, numerator, denominator).

    The other number cells of a marked row are still checked as numbers but not kept: a
    missing observation has no numbers (a confidential count's population, given beside it,
    is left out too).
    """
    meanings = {marker: meaning.value for marker, meaning in MARKERS.items()}
    missing = pd.Series("", index=frame.index, dtype=object)
    emptied = {}
    for column in reversed(NUMBER_COLUMNS):
        meaning = frame[column].str.strip().map(meanings)
        missing = meaning.where(meaning.notna(), missing)
        if meaning.notna().any():
            emptied[column] = frame[column].where(meaning.isna(), "")
    return (frame.assign(**emptied) if emptied else frame), missing
