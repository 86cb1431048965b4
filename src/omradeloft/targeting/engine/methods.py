"""The arithmetic of the index methods on aligned arrays: ranks within periods, the
exponential and normal transformations, standardisation, the final order and deciles.

Every function here takes rows grouped by period: ``groups`` is an int64 ndarray (n,)
of dense, non-decreasing group numbers 0..G-1 (each group non-empty), and a matrix has
one row per area and one column per component (or domain).

Disclosure control: ``published`` is a bool matrix of the keys' shape, False where a key
rests on a value suppressed by disclosure control. The masked variants compute every
normalisation (ranks, mean, standard deviation) from the published keys alone, so that
no published key's result depends on a suppressed one; a suppressed key is then placed on
the scale the published keys define.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = [
    "EXPONENTIAL_CONSTANT",
    "deciles",
    "exponential_transform",
    "normal_quantile",
    "order_within",
    "ranks_among_published",
    "ranks_within",
    "zscores_within",
]

# X = -23 ln(1 - R (1 - e^(-100/23))): 0 at R = 0, 100 at R = 1, and 10 % of areas above 50.
EXPONENTIAL_CONSTANT = 23.0
_EXPONENTIAL_SPAN = 1.0 - math.exp(-100.0 / EXPONENTIAL_CONSTANT)


def exponential_transform(r: np.ndarray | float) -> np.ndarray:
    """The Indices of Deprivation's exponential transformation of a scaled rank.

    r: float array of any shape, values in [0, 1] (R = rank / N, 1 = most deprived).
    Returns float64 of the same shape: X = -23 · ln(1 - R · (1 - e^(-100/23))), which runs
    from 0 (R = 0) to 100 (R = 1) and is convex, so that a high score in one domain is
    not cancelled by a low score in another.
    """
    r = np.asarray(r, dtype=np.float64)
    if not ((r >= 0) & (r <= 1)).all():
        raise ValueError("the exponential transformation needs scaled ranks in [0, 1]")
    return -EXPONENTIAL_CONSTANT * np.log(1.0 - r * _EXPONENTIAL_SPAN)


# Rational approximation of the standard normal quantile (P. J. Acklam, 2003): relative
# error below 1.2e-9 on (0, 1), monotone; numpy has no ndtri and scipy is not a dependency.
_A = (-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.3577518672690,
      -30.66479806614716, 2.506628277459239)  # fmt: skip
_B = (-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
      -13.28068155288572)  # fmt: skip
_C = (-7.784894002430293e-03, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
      4.374664141464968, 2.938163982698783)  # fmt: skip
_D = (7.784695709041462e-03, 0.3224671290700398, 2.445134137142996, 3.754408661907416)
_TAIL = 0.02425


def normal_quantile(p: np.ndarray) -> np.ndarray:
    """Φ⁻¹(p), the standard normal quantile: float array in (0, 1) -> float64, same shape."""
    p = np.asarray(p, dtype=np.float64)
    if not ((p > 0) & (p < 1)).all():
        raise ValueError("normal quantiles need probabilities strictly between 0 and 1")
    out = np.empty_like(p)
    tail = np.minimum(p, 1.0 - p)
    central = tail >= _TAIL
    q = p[central] - 0.5
    s = q * q
    numerator = (((((_A[0] * s + _A[1]) * s + _A[2]) * s + _A[3]) * s + _A[4]) * s + _A[5]) * q
    denominator = ((((_B[0] * s + _B[1]) * s + _B[2]) * s + _B[3]) * s + _B[4]) * s + 1.0
    out[central] = numerator / denominator
    t = np.sqrt(-2.0 * np.log(tail[~central]))
    numerator = ((((_C[0] * t + _C[1]) * t + _C[2]) * t + _C[3]) * t + _C[4]) * t + _C[5]
    denominator = (((_D[0] * t + _D[1]) * t + _D[2]) * t + _D[3]) * t + 1.0
    lower = numerator / denominator  # the quantile of the lower tail, negative
    out[~central] = np.where(p[~central] < 0.5, lower, -lower)
    return out


def group_starts(groups: np.ndarray) -> np.ndarray:
    """int64 (G,): position of the first row of each group (rows sorted by group)."""
    return np.concatenate(([0], np.cumsum(np.bincount(groups))[:-1])).astype(np.int64)


def ranks_within(groups: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Ranks of each column within each group, 1 = smallest key, ties share their mean rank.

    groups: int64 (n,) as in the module documentation; keys: finite float64 (n, k).
    Returns (ranks float64 (n, k) in [1, N], N int64 (n,) = size of the row's group).
    Equal keys get equal ranks (e.g. 2.5 for two areas tied in 2nd and 3rd place), so the
    result does not depend on the order of the rows.
    """
    keys = np.asarray(keys, dtype=np.float64)
    n, k = keys.shape
    if n == 0:
        return np.empty((0, k)), np.empty(0, dtype=np.int64)
    if not np.isfinite(keys).all():
        raise ValueError("ranks need finite keys")
    sizes = np.bincount(groups)
    starts = group_starts(groups)
    if len(sizes) * sizes.max() <= 2 * n:
        # Groups of similar size (the usual panel): lay them out as (k, G, m), padded
        # with +inf (which sorts after every finite key), and sort each group separately.
        slot = np.arange(n) - starts[groups]
        padded = np.full((k, len(sizes), sizes.max()), np.inf)
        padded[:, groups, slot] = keys.T
        return _mean_ranks(padded)[:, groups, slot].T, sizes[groups]
    # Very unequal groups: sort every column by key (any sort: ties are resolved by
    # _mean_ranks_sorted), then stably by group (a radix sort for int16).
    columns = np.ascontiguousarray(keys.T)
    small = groups.astype(np.int16 if groups[-1] < 2**15 else np.int64)
    by_key = np.argsort(columns, axis=1)
    order = np.take_along_axis(by_key, np.argsort(small[by_key], axis=1, kind="stable"), axis=1)
    new_group = np.zeros(n, dtype=bool)
    new_group[starts] = True  # the same positions in every column
    sorted_keys = np.take_along_axis(columns, order, axis=1)
    sorted_ranks = _mean_ranks_sorted(sorted_keys, new_group)
    sorted_ranks -= starts[groups[order]]
    ranks = np.empty((k, n))
    np.put_along_axis(ranks, order, sorted_ranks, axis=1)
    return ranks.T, sizes[groups]


def _mean_ranks(keys: np.ndarray) -> np.ndarray:
    """Mean ranks (1-based) along the last axis of a float array."""
    order = np.argsort(keys, axis=-1)
    ranks = np.empty(keys.shape)
    np.put_along_axis(ranks, order, _mean_ranks_sorted(np.take_along_axis(keys, order, -1)), -1)
    return ranks


def _mean_ranks_sorted(sorted_keys: np.ndarray, breaks: np.ndarray | None = None) -> np.ndarray:
    """Mean positions (1-based) of the runs of equal keys in keys sorted along the last
    axis; a run also ends before every position where ``breaks`` is True."""
    m = sorted_keys.shape[-1]
    starts_run = np.ones(sorted_keys.shape, dtype=bool)
    starts_run[..., 1:] = sorted_keys[..., 1:] != sorted_keys[..., :-1]
    if breaks is not None:
        starts_run |= breaks
    ends_run = np.ones(sorted_keys.shape, dtype=bool)
    ends_run[..., :-1] = starts_run[..., 1:]
    position = np.arange(m)
    first = np.maximum.accumulate(np.where(starts_run, position, 0), axis=-1)
    last = np.flip(np.minimum.accumulate(np.flip(np.where(ends_run, position, m), -1), -1), -1)
    return (first + last) / 2.0 + 1.0


def ranks_among_published(
    groups: np.ndarray, keys: np.ndarray, published: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Ranks of each column within each group, counted among the published keys only.

    groups: int64 (n,); keys: finite float64 (n, k); published: bool (n, k).
    Returns (ranks float64 (n, k), N int64 (n, k)), to be scaled as ranks / N:

    - a published key gets its mean rank among the published keys of its group and
      column, N = their number (exactly `ranks_within` when every key is published);
    - a suppressed key is placed among those published keys as if it were the only key
      added: rank = 1 + the number of published keys strictly below it, N = published + 1.
      A suppressed key equal to published keys is placed below them, like one in the gap
      just below, so that its rank tells which gap between distinct published values it
      lies in, never that it equals one of them. Suppressed keys do not see each other.

    A column without published keys in a group gives each of its keys rank 1 of N = 1.
    """
    keys = np.asarray(keys, dtype=np.float64)
    published = np.asarray(published, dtype=bool)
    n, k = keys.shape
    if n == 0:
        return np.empty((0, k)), np.empty((0, k), dtype=np.int64)
    if not np.isfinite(keys).all():
        raise ValueError("ranks need finite keys")
    starts = group_starts(groups)
    count = np.add.reduceat(published.astype(np.int64), starts, axis=0)  # (groups, k)
    sizes = count[groups] + ~published
    # Sort every column within its groups, a suppressed key as +inf (after the published
    # ones, whose mean ranks it then cannot change); groups keep their positions.
    masked = np.ascontiguousarray(np.where(published, keys, np.inf).T)
    small = groups.astype(np.int16 if groups[-1] < 2**15 else np.int64)
    by_key = np.argsort(masked, axis=1)
    order = np.take_along_axis(by_key, np.argsort(small[by_key], axis=1, kind="stable"), axis=1)
    sorted_keys = np.take_along_axis(masked, order, axis=1)
    new_group = np.zeros(n, dtype=bool)
    new_group[starts] = True
    sorted_ranks = _mean_ranks_sorted(sorted_keys, new_group) - starts[groups]
    ranks = np.empty((k, n))
    np.put_along_axis(ranks, order, sorted_ranks, axis=1)
    ranks = ranks.T
    rows, columns = np.nonzero(~published)
    if len(rows):
        # A suppressed key: one more than the published keys of its group strictly below.
        pair = columns * len(starts) + groups[rows]
        by_pair = np.argsort(pair, kind="stable")
        pairs, first = np.unique(pair[by_pair], return_index=True)
        below = np.empty(len(rows), dtype=np.int64)
        for key, chunk in zip(pairs, np.split(by_pair, first[1:]), strict=True):
            j, g = divmod(int(key), len(starts))
            segment = sorted_keys[j, starts[g] : starts[g] + count[g, j]]
            below[chunk] = np.searchsorted(segment, keys[rows[chunk], j], side="left")
        ranks[rows, columns] = below + 1.0
    return ranks, sizes


def zscores_within(
    groups: np.ndarray, keys: np.ndarray, published: np.ndarray | None = None
) -> np.ndarray:
    """(x - mean) / std per column within each group, population std (ddof = 0).

    groups: int64 (n,); keys: float64 (n, k) without NaN; published: None (every key
    published) or bool (n, k). Returns float64 (n, k). The mean and std of a column come
    from its published keys alone; every key, suppressed or not, is standardised with
    them. A column whose published keys are constant within a group (or number fewer
    than two) carries no information there: its z-scores are 0 (rather than 0/0).
    """
    keys = np.asarray(keys, dtype=np.float64)
    n, k = keys.shape
    if n == 0:
        return np.empty((0, k))
    size = np.bincount(groups).astype(np.float64)
    starts = group_starts(groups)
    out = np.zeros((n, k))
    for j in range(k):  # a loop over components, each step vectorised over all areas
        x = keys[:, j]
        if published is None:
            weight, count, high, low = None, size, x, x
        else:
            shown = published[:, j]
            weight = shown.astype(np.float64)
            count = np.bincount(groups, weights=weight, minlength=len(size))
            high, low = np.where(shown, x, -np.inf), np.where(shown, x, np.inf)
        # Exact comparison: a constant column's rounding noise must not become ±1.
        varies = np.maximum.reduceat(high, starts) > np.minimum.reduceat(low, starts)
        used = np.where(varies, count, 1.0)
        total = np.bincount(groups, weights=x if weight is None else x * weight)
        mean = total / used
        deviation = x - mean[groups]
        squares = deviation * deviation if weight is None else deviation * deviation * weight
        std = np.sqrt(np.bincount(groups, weights=squares) / used)
        varies &= std > 0  # values so close that their variance underflows count as equal
        spread = np.where(varies, std, 1.0)[groups]
        out[:, j] = np.where(varies[groups], deviation / spread, 0.0)
    return out


def order_within(
    groups: np.ndarray, score: np.ndarray, may_share: np.ndarray | None = None
) -> np.ndarray:
    """int64 (n,) rank within each group, 1 = highest score; equal scores share a rank.

    Shared ranks follow standard competition ranking (1, 2, 2, 4): areas with the same
    score get the best rank among them, and the next area's rank counts them all. Only
    scores marked in ``may_share`` (default: all) share a rank: a score resting on a
    suppressed value must not show that it equals a published one, so it is placed just
    below the published scores it equals, as ``ranks_among_published`` does. Among equal
    scores, rows keep their order (the panel's rows are sorted by area code within a
    period), so listings by rank are deterministic.
    """
    n = len(score)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    shares = np.ones(n, dtype=bool) if may_share is None else np.asarray(may_share, bool)
    small = groups.astype(np.int16 if groups[-1] < 2**15 else np.int64)
    # Sort by period, then score (highest first), then sharing scores before the others.
    order = np.lexsort((~shares, -score, small))
    ordinal = np.arange(n) - group_starts(groups)[groups[order]] + 1
    ordered_score, ordered_shares = score[order], shares[order]
    same = np.r_[
        False,
        (small[order][1:] == small[order][:-1])
        & (ordered_score[1:] == ordered_score[:-1])
        & ordered_shares[1:]
        & ordered_shares[:-1],
    ]
    # Each row takes the ordinal rank of the first row of its run of shared scores.
    first = np.maximum.accumulate(np.where(same, 0, np.arange(n)))
    rank = np.empty(n, dtype=np.int64)
    rank[order] = ordinal[first]
    return rank


def deciles(rank: np.ndarray, size: np.ndarray) -> np.ndarray:
    """int64 decile from an int rank (1 = most deprived) among ``size`` areas: 1 = the
    most deprived tenth. Decile d holds the ranks with (rank - 1) / size in
    [(d - 1)/10, d/10), so decile sizes differ by at most one when size >= 10."""
    return ((np.asarray(rank, np.int64) - 1) * 10) // np.asarray(size, np.int64) + 1
