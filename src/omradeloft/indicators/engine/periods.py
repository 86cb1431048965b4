"""The first and last day of normalised periods (2024, 2024Q1, 2024-01)."""

from typing import cast

import pandas as pd

# periodicity -> months in one period
MONTHS_PER_PERIOD = {"annual": 12, "quarterly": 3, "monthly": 1}


def period_bounds(period: pd.Series, periodicity: pd.Series) -> tuple[pd.Series, pd.Series]:
    """First and last day (datetime64) of each period; NaT where unreadable.

    period: normalised text (str); periodicity: "annual", "quarterly" or "monthly" per row.
    """
    text = period.fillna("").astype(str)
    year = pd.to_numeric(text.str.slice(0, 4), errors="coerce")
    part = pd.to_numeric(text.str.slice(5), errors="coerce").fillna(1)
    months = periodicity.map(MONTHS_PER_PERIOD).astype("float64")
    first_month = (part - 1) * months + 1
    start = pd.to_datetime(
        pd.DataFrame({"year": year, "month": first_month, "day": 1}), errors="coerce"
    )
    # pandas-stubs type a Series of periods plus an int array as an array; it is a Series.
    last_month = cast(
        "pd.Series[pd.Period]",
        start.dt.to_period("M") + (months.fillna(1).astype("int64") - 1).to_numpy(),
    )
    end = last_month.dt.end_time.dt.normalize()
    return start, end.where(start.notna())
