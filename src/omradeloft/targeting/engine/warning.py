"""Early warning of negative spirals: flag areas that deteriorate, each flag with its reasons.

Framework-free (numpy, pandas, stdlib). Two independent signals:

Rank deterioration (`rank_flags`)
    ranks: area, period, rank (rank 1 = most deprived; periods sort as strings). Let
    P_0 < ... < P_last be the distinct periods of the frame in string order. An area is
    flagged when rank(P_last - periods) - rank(P_last) >= places, i.e. it moved at least
    `places` towards rank 1 between the latest period and the one `periods` positions
    earlier. An area without a rank in either of the two periods is not judged; with fewer
    than periods + 1 distinct periods no area is. Reason: "rank 40 → 12 over 5 periods".

Adverse trends (`trend_flags`)
    values: area, period, indicator, value; city: period, indicator, value (the reference
    area). The window is the last `window` distinct periods of `values` in string order,
    mapped to x = 0 .. window - 1, so a slope is "per period"; a missing value leaves a
    gap (its x is not reused). City rows outside the window are ignored.

    Theil–Sen slope (Sen 1968): for a series with n observed points, the N = n(n - 1) / 2
    pairwise slopes d_ij = (y_j - y_i) / (x_j - x_i), i < j, are sorted d_(1) <= ... <=
    d_(N); the slope is their median (the mean of the two middle ones when N is even).

    Confidence interval (Sen 1968, as in Gilbert 1987 §16.5 and R's trend::sens.slope):
        var = n (n - 1) (2n + 5) / 18        (variance of Kendall's S, ties ignored)
        z   = Φ⁻¹((1 + confidence) / 2)      (statistics.NormalDist; 1.645 for 0.9)
        C   = z · sqrt(var),  M1 = (N - C) / 2,  M2 = (N + C) / 2
        low = d_(round(M1)),  high = d_(round(M2 + 1))
    with 1-based ranks, round() = round half to even (numpy, like R), and both ranks
    clipped to 1 .. N: when C is large against N (few points) the interval is the whole
    range of pairwise slopes. Example: n = 5, N = 10, C = 1.645 · sqrt(50 / 3) = 6.716,
    M1 = 1.64 -> 2, M2 + 1 = 9.36 -> 9, so [d_(2), d_(9)].

    An area-indicator series with fewer than `min_points` values in the window is not
    judged (listed in `not_judged` with its number of points). For the others the trend is
    adverse when the whole interval lies strictly beyond the city's Theil–Sen slope in the
    bad direction: low > city slope for a higher-is-worse indicator, high < city slope for
    a higher-is-better one. An area is flagged when at least `k` indicators are adverse.
    Reason: "not_employed_30_59 rising 1.2 per period (0.6 to 1.9) vs city 0.1" - the word
    and first number give the direction and size of the area's slope, the interval and
    the city's value are signed slopes.

    The computation is vectorised per indicator: an areas × window matrix (NaN = missing)
    gives an areas × pairs matrix of slopes, sorted along the pairs with NaN last.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
import pandas as pd

from omradeloft.core.notices import Message, MessageError, Wordings

# Fewer values than this in a window make a Theil-Sen slope and its interval meaningless.
MIN_POINTS = 4


WORDS = Wordings(
    {
        "warning.whole_number": "%(name)s: expected a whole number of at least %(least)s, "
        "got %(value)s",
        "warning.missing_columns": "%(frame)s: missing column(s) %(columns)s",
        "warning.duplicate_rows": "%(frame)s: more than one row for the same %(keys)s",
        "warning.confidence": "confidence: expected a number strictly between 0 and 1, "
        "got %(value)s",
        "warning.no_rows": "values: no rows",
        "warning.no_polarity": "polarity: no higher_is_worse given for %(indicators)s",
        "warning.no_city_values": "city: no values for %(indicators)s",
        "warning.too_few_city_values": "city: %(points)s value(s) of %(indicator)s in the "
        "window %(first)s–%(last)s; need at least %(least)s",
        "warning.rank_worsened": "rank %(before)s → %(after)s over %(periods)s periods",
        "warning.trend_rising": "%(indicator)s rising %(slope)s per period (%(low)s to "
        "%(high)s) vs city %(city)s",
        "warning.trend_falling": "%(indicator)s falling %(slope)s per period (%(low)s to "
        "%(high)s) vs city %(city)s",
        "warning.trend_flat": "%(indicator)s flat %(slope)s per period (%(low)s to "
        "%(high)s) vs city %(city)s",
    }
)


class WarningError(MessageError):
    """Bad parameters or inputs for the early-warning engine; the message says which."""


@dataclass(frozen=True)
class TrendResult:
    """flags: area, reasons (list[Message]) for every flagged area, sorted by area.
    slopes: area, indicator, slope, low, high, city_slope (float64), adverse (bool) for
        every judged area-indicator series, sorted by area and indicator.
    not_judged: area, indicator, points (int, values in the window) for series with fewer
        than `min_points` values."""

    flags: pd.DataFrame
    slopes: pd.DataFrame
    not_judged: pd.DataFrame


def _whole(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < least:
        raise WarningError(WORDS("warning.whole_number", name=name, least=least, value=repr(value)))
    return int(value)


def _columns(frame: pd.DataFrame, name: str, needed: tuple[str, ...]) -> pd.DataFrame:
    missing = [c for c in needed if c not in frame.columns]
    if missing:
        raise WarningError(WORDS("warning.missing_columns", frame=name, columns=", ".join(missing)))
    frame = frame[list(needed)].assign(period=frame["period"].astype(str))
    keys = [c for c in needed if c not in ("rank", "value")]
    if frame.duplicated(keys).any():
        raise WarningError(WORDS("warning.duplicate_rows", frame=name, keys=", ".join(keys)))
    return frame


def _confidence(value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 < value < 1:
        raise WarningError(WORDS("warning.confidence", value=repr(value)))


def _shown(x: float) -> float:
    """A slope as a reason shows it: two decimals, never "-0"."""
    return round(float(x), 2) + 0.0


def rank_flags(ranks: pd.DataFrame, *, places: int, periods: int) -> pd.DataFrame:
    """ranks: area, period, rank (one row per area and period). Returns area, reasons
    (list[Message]) for every area whose rank moved at least `places` towards 1 over the last
    `periods` periods, sorted by area."""
    places = _whole("places", places, 1)
    periods = _whole("periods", periods, 1)
    ranks = _columns(ranks, "ranks", ("area", "period", "rank"))
    order = sorted(ranks["period"].unique())
    if len(order) <= periods:
        return pd.DataFrame({"area": [], "reasons": []}, dtype=object)
    before, latest = order[-1 - periods], order[-1]
    wide = ranks.pivot(index="area", columns="period", values="rank")[[before, latest]].dropna()
    worse = wide[wide[before] - wide[latest] >= places]
    reasons = [
        [WORDS("warning.rank_worsened", before=int(b), after=int(a), periods=periods)]
        for b, a in zip(worse[before], worse[latest], strict=True)
    ]
    return pd.DataFrame({"area": worse.index.to_numpy(), "reasons": reasons}).sort_values(
        "area", ignore_index=True
    )


def theil_sen(y: np.ndarray, confidence: float = 0.9) -> tuple[np.ndarray, ...]:
    """Theil–Sen slopes with Sen's confidence interval, row by row.

    y: float array (m, t), row = series at x = 0 .. t - 1, NaN = missing.
    Returns (slope, low, high, points): float64 (m,) ×3 and int64 (m,) observed points.
    Rows with fewer than 2 points get NaN."""
    _confidence(confidence)
    y = np.atleast_2d(np.asarray(y, dtype=np.float64))
    i, j = np.triu_indices(y.shape[1], k=1)
    d = np.sort((y[:, j] - y[:, i]) / (j - i), axis=1)  # (m, pairs), NaN sorted last
    n = np.sum(~np.isnan(y), axis=1)
    pairs = n * (n - 1) // 2
    ok = pairs >= 1
    top = np.maximum(pairs - 1, 0)

    def at(rank0: np.ndarray) -> np.ndarray:
        index = np.clip(rank0, 0, top).astype(np.int64)[:, None]
        return np.where(ok, np.take_along_axis(d, index, axis=1)[:, 0], np.nan)

    slope = (at((pairs - 1) // 2) + at(pairs // 2)) / 2
    c = NormalDist().inv_cdf((1 + confidence) / 2) * np.sqrt(n * (n - 1) * (2 * n + 5) / 18)
    low = at(np.round((pairs - c) / 2) - 1)  # 1-based rank round(M1)
    high = at(np.round((pairs + c) / 2 + 1) - 1)  # 1-based rank round(M2 + 1)
    return slope, low, high, n.astype(np.int64)


def trend_flags(
    values: pd.DataFrame,
    polarity: Mapping[str, bool],
    city: pd.DataFrame,
    *,
    window: int,
    k: int,
    confidence: float = 0.9,
    min_points: int = MIN_POINTS,
) -> TrendResult:
    """values: area, period, indicator, value; polarity: indicator -> higher_is_worse;
    city: period, indicator, value. See the module docstring for the arithmetic."""
    window = _whole("window", window, 2)
    k = _whole("k", k, 1)
    min_points = _whole("min_points", min_points, 2)
    _confidence(confidence)
    values = _columns(values, "values", ("area", "period", "indicator", "value"))
    city = _columns(city, "city", ("period", "indicator", "value"))
    indicators = sorted(values["indicator"].unique())
    if not indicators:
        raise WarningError(WORDS("warning.no_rows"))
    unknown = [x for x in indicators if x not in polarity]
    if unknown:
        raise WarningError(WORDS("warning.no_polarity", indicators=", ".join(unknown)))
    absent = [x for x in indicators if x not in set(city["indicator"])]
    if absent:
        raise WarningError(WORDS("warning.no_city_values", indicators=", ".join(absent)))
    columns = sorted(values["period"].unique())[-window:]
    areas = sorted(values["area"].unique())
    values = values[values["period"].isin(columns)]
    city = city[city["period"].isin(columns)]
    slopes, skipped = [], []
    for indicator in indicators:
        wide = (
            values[values["indicator"] == indicator]
            .pivot(index="area", columns="period", values="value")
            .reindex(index=areas, columns=columns)
        )
        city_y = city[city["indicator"] == indicator].set_index("period")["value"]
        city_slope, _, _, city_n = theil_sen(city_y.reindex(columns).to_numpy()[None], confidence)
        if city_n[0] < min_points:
            raise WarningError(
                WORDS(
                    "warning.too_few_city_values",
                    points=int(city_n[0]),
                    indicator=indicator,
                    first=columns[0],
                    last=columns[-1],
                    least=min_points,
                )
            )
        slope, low, high, n = theil_sen(wide.to_numpy(dtype=np.float64), confidence)
        judged = n >= min_points
        worse_up = bool(polarity[indicator])
        adverse = low > city_slope[0] if worse_up else high < city_slope[0]
        slopes.append(
            pd.DataFrame(
                {
                    "area": wide.index[judged],
                    "indicator": indicator,
                    "slope": slope[judged],
                    "low": low[judged],
                    "high": high[judged],
                    "city_slope": city_slope[0],
                    "adverse": adverse[judged],
                }
            )
        )
        skipped.append(
            pd.DataFrame(
                {"area": wide.index[~judged], "indicator": indicator, "points": n[~judged]}
            )
        )
    keys = ["area", "indicator"]
    slopes_frame = pd.concat(slopes).sort_values(keys, ignore_index=True)
    not_judged = pd.concat(skipped).sort_values(keys, ignore_index=True)
    bad = slopes_frame[slopes_frame["adverse"]]
    counts = bad.groupby("area").size()
    flagged = bad[bad["area"].isin(counts.index[counts >= k])]
    codes = np.where(
        flagged["slope"] > 0,
        "warning.trend_rising",
        np.where(flagged["slope"] < 0, "warning.trend_falling", "warning.trend_flat"),
    )
    text: list[Message] = [
        WORDS(
            str(code),
            indicator=ind,
            slope=_shown(abs(s)),
            low=_shown(lo),
            high=_shown(hi),
            city=_shown(c),
        )
        for ind, code, s, lo, hi, c in zip(
            flagged["indicator"],
            codes,
            flagged["slope"],
            flagged["low"],
            flagged["high"],
            flagged["city_slope"],
            strict=True,
        )
    ]
    reasons = pd.Series(text, index=flagged.index, dtype=object).groupby(flagged["area"]).agg(list)
    flags = pd.DataFrame({"area": reasons.index.to_numpy(), "reasons": reasons.to_list()})
    if flags.empty:
        flags = pd.DataFrame({"area": [], "reasons": []}, dtype=object)
    return TrendResult(flags, slopes_frame, not_judged.astype({"points": np.int64}))
