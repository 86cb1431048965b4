"""Empirical-Bayes shrinkage of small-area rates toward their parent area, on the logit scale.

This is the technique of the Scottish Indices of Deprivation 2003 (Appendix 1) and the
English Indices of Deprivation (2004 onwards, used for the health and education
indicators): a small area's rate is measured imprecisely, so it is pulled toward the rate
of the larger area around it, the more so the less precise it is and the more alike the
small areas of that parent are.

For area j with r_j events among n_j people (0 <= r_j <= n_j, n_j > 0), in parent area
P, for one indicator and period (all sums run over the areas of P in the same indicator
and period that have counts, k of them):

    z_j  = ln((r_j + 1/2) / (n_j - r_j + 1/2))         empirical logit (Cox); finite at 0 and n
    s_j² = 1/(r_j + 1/2) + 1/(n_j - r_j + 1/2)          its sampling variance
    z_P  = ln((R + 1/2) / (N - R + 1/2)),  R = Σ r_i, N = Σ n_i    the parent's logit
    t²   = (1/k) Σ (z_i - z_P)²                          between-area variance within P
    w_j  = (1/s_j²) / (1/s_j² + 1/t²)  =  t² / (t² + s_j²)
    z*_j = w_j · z_j + (1 - w_j) · z_P
    p*_j = 1 / (1 + exp(-z*_j))                          the shrunken rate (a proportion)

A large area has a small s_j², so w_j is near 1 and it keeps (nearly) its own rate; a small
area in a homogeneous parent (small t²) is pulled most. When t² = 0 (every area of the
parent has the parent's logit, e.g. a parent with one area) w_j = 0 and p*_j is the
parent's rate, which then equals the area's own. An area without a parent (not in
``parents`` or mapped to a missing value) keeps its own estimate: w_j = 1 and
p*_j = (r_j + 1/2)/(n_j + 1), the same estimator as every other area at w = 1.

The parent's counts are the sums over its areas in ``counts``; a row for the parent
itself, if present, is an area like any other (it is shrunk toward its own parent).

Disclosure control: rows flagged ``suppressed`` are left out of R, N, k and t², so that no
published area's shrunken rate depends on a suppressed count (t² would otherwise give away
the spread of the suppressed rates, and with the parent's total two of them exactly). A
suppressed area is itself shrunk toward that prior; an area whose parent has no published
area keeps its own estimate (w_j = 1). Without suppressed rows this is the formula above.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .panel import as_labels, factorize, flags, numeric, require_columns
from .spec import IndexInputError

__all__ = ["COUNT_COLUMNS", "shrink_rates"]

COUNT_COLUMNS = ("area", "period", "indicator", "numerator", "denominator")


def shrink_rates(counts: pd.DataFrame, parents: pd.Series) -> pd.DataFrame:
    """Shrunken rates for every row of ``counts`` (see the module documentation).

    Args:
        counts: one row per (area, period, indicator) with float ``numerator`` and
            ``denominator`` (0 <= numerator <= denominator, denominator > 0); area, period
            and indicator are labels (str); optionally a bool column ``suppressed``
            (True = the counts did not pass disclosure control). Other columns are
            ignored.
        parents: Series area (index, str) -> parent area (str, or missing for none);
            the index must be unique.

    Returns:
        A frame row-aligned with ``counts`` (same index) with columns area, period,
        indicator, parent (str or <NA>), raw_rate (r/n), weight (w_j, float64 in [0, 1])
        and rate (p*_j, float64 proportion in (0, 1)).

    Raises:
        IndexInputError: missing columns or identifiers, counts that are not counts,
            a repeated (area, period, indicator), a parents Series with a repeated area,
            suppression flags that are not True or False.
    """
    require_columns(counts, COUNT_COLUMNS, "counts")
    if not isinstance(parents, pd.Series):
        raise IndexInputError(f"parents must be a Series, not {type(parents).__name__}")
    if not parents.index.is_unique:
        raise IndexInputError("parents: an area appears more than once in the index")
    codes = {c: factorize(counts[c], "counts", c, sort=False) for c in COUNT_COLUMNS[:3]}

    def where(i: int) -> str:
        area, period, indicator = (codes[c][1][codes[c][0][i]] for c in COUNT_COLUMNS[:3])
        return f"area {area!r}, period {period!r}, indicator {indicator!r}"

    hidden = flags(counts, "counts")
    r = numeric(counts["numerator"], "counts", "numerator")
    n = numeric(counts["denominator"], "counts", "denominator")
    bad = ~(np.isfinite(r) & np.isfinite(n) & (n > 0) & (r >= 0) & (r <= n))
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise IndexInputError(
            f"counts: {where(i)} has numerator {r[i]} and denominator {n[i]}; expected "
            f"finite numbers with 0 <= numerator <= denominator and denominator > 0"
        )
    (area, areas), (period, periods), (indicator, _) = (codes[c] for c in COUNT_COLUMNS[:3])
    key = (indicator * len(periods) + period) * len(areas) + area
    if len(pd.unique(key)) < len(key):
        i = int(np.flatnonzero(pd.Series(key).duplicated().to_numpy())[0])
        raise IndexInputError(f"counts: more than one row for {where(i)}")

    # The parent of every distinct area, then of every row (-1: none).
    parent_of = pd.Series(parents.to_numpy(), index=parents.index.astype(str)).reindex(areas)
    parent_codes, parent_labels = pd.factorize(as_labels(parent_of))
    parent = parent_codes[area]
    has_parent = parent >= 0

    z = np.log((r + 0.5) / (n - r + 0.5))
    s2 = 1.0 / (r + 0.5) + 1.0 / (n - r + 0.5)
    weight = np.ones(len(r))
    z_star = z.copy()
    if has_parent.any():
        group_keys = (indicator * len(periods) + period) * len(parent_labels) + parent
        group, _ = pd.factorize(group_keys[has_parent])
        r_in, n_in, z_in, s2_in = r[has_parent], n[has_parent], z[has_parent], s2[has_parent]
        # The prior comes from the published areas only (1 = published, 0 = suppressed).
        known = np.ones(len(group)) if hidden is None else (~hidden[has_parent]).astype(float)
        total_r = np.bincount(group, weights=r_in * known)
        total_n = np.bincount(group, weights=n_in * known)
        members = np.bincount(group, weights=known)
        z_parent = np.log((total_r + 0.5) / (total_n - total_r + 0.5))
        squares = np.bincount(group, weights=(z_in - z_parent[group]) ** 2 * known)
        t2 = squares / np.maximum(members, 1.0)
        w = np.where(members[group] > 0, t2[group] / (t2[group] + s2_in), 1.0)
        weight[has_parent] = w
        z_star[has_parent] = w * z_in + (1.0 - w) * z_parent[group]
    return pd.DataFrame(
        {
            "area": as_labels(counts["area"]),
            "period": as_labels(counts["period"]),
            "indicator": as_labels(counts["indicator"]),
            "parent": pd.Index(parent_labels.astype(str)).take(parent, allow_fill=True),
            "raw_rate": r / n,
            "weight": weight,
            "rate": 1.0 / (1.0 + np.exp(-z_star)),
        },
        index=counts.index,
    )
