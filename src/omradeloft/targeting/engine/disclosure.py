"""Disclosure control in the index: what may be published when component values are
suppressed, and why nothing published gives them away.

Inputs flag each value that did not pass disclosure control (a bool column ``suppressed``
in values, counts and reference). A suppressed value still counts in the targeting
decision: its area keeps a score, a rank and a decile. What the engine guarantees, and
what the presentation layer relies on, is this:

1. No published area depends on a suppressed value. Every normalisation is computed from
   the published values alone: the mean and standard deviation of a z-score; the ranks
   among which published areas are placed for exponential ranks (and the second ranking
   of domain scores, where a domain score resting on a suppressed value is left out);
   the parent's rate and the between-area variance of shrinkage. A published area's
   contributions and score are therefore exactly what they would be if the suppressed
   values were not there, so they cannot be combined with published values to solve for
   a suppressed one (the attack on z-scores: n · mean - the published values = the
   suppressed value; on ranks: the published ranks shift with where a suppressed value
   lies). With nothing suppressed, every result is what the method gives without this
   module (the published-index reproductions in the tests still hold).

2. A suppressed value is placed on the published scale: standardised with the published
   mean and standard deviation, divided by the reference, or ranked as if it were the only
   value added to the published ones (see `methods.ranks_among_published`; a suppressed
   value equal to published values is placed just below them, so that a tie is not told
   apart from the gap below and a tie with a published 0 reveals nothing exact).

3. Its contribution is withheld (``IndexResult.suppressed`` marks it) and its area's score
   is published only rounded (``public_score``), to a step of about a tenth of the spread
   of the period's scores: the smallest of 1, 2 or 5 · 10^k that is at least S / 10, where
   S sums, over the parts a score adds up (the component contributions, or the domain
   contributions for exponential ranks with domains), the range of that part's published
   values in the period. S is at least the spread of the scores that rest on published
   values only, and it is computed from published values alone (a suppressed area's
   published parts count), so the step reveals nothing and stays coarse even when most
   areas have some suppressed part (taking the spread of the wholly published areas' scores
   instead gave steps of 1 on a 0-100 index in the demo, where nine areas in ten have one).
   The method's usual span (100 for exponential ranks and ratios, 4 for z-scores) stands
   in when a part has no published value in the period. Subtracting the published
   contributions from a rounded score then gives the withheld contribution only to within
   ± half a step, a twentieth of the score range: no finer than the decile, which is
   published anyway.

Residual risk, accepted because ranks and deciles are the targeting decision: an area's
rank places its exact score between those of the areas ranked next to it, and with the
other contributions that bounds the withheld one; so do the ranks of the published areas,
which count the areas scoring above them. For exponential ranks the bound is at most the
gap between two consecutive published values (a suppressed value is only ever placed in
such a gap); for z-scores and ratios it can be narrower, down to the distance between
neighbouring scores. A value that changes its disclosure status after the index is
computed is only protected as in 3 until the index is computed again.
"""

from __future__ import annotations

import math

import numpy as np

from .methods import group_starts
from .spec import EXPONENTIAL_RANK, RATIO_TO_REFERENCE, ZSCORE

__all__ = ["NOMINAL_SPANS", "STEPS_PER_SPREAD", "nice_step", "public_scores", "rounding_steps"]

# A rounding step is at least a tenth of the spread of the period's scores.
STEPS_PER_SPREAD = 10
# The spread a method's scores usually cover: exponential ranks run 0-100; ratios move
# around 100 in steps of tens; weighted z-scores mostly lie within ±2.
NOMINAL_SPANS = {EXPONENTIAL_RANK: 100.0, RATIO_TO_REFERENCE: 100.0, ZSCORE: 4.0}


def nice_step(at_least: float) -> float:
    """The smallest of 1, 2 or 5 · 10^k that is >= ``at_least`` (> 0)."""
    exponent = math.floor(math.log10(at_least))
    for mantissa in (1.0, 2.0, 5.0):
        step = mantissa * 10.0**exponent
        if step >= at_least * (1 - 1e-12):  # 1e-12: log10's rounding at exact powers
            return step
    return 10.0 ** (exponent + 1)


def rounding_steps(
    groups: np.ndarray, parts: np.ndarray, published: np.ndarray | None, method: str
) -> np.ndarray:
    """float64 (n,): each row's rounding step, one per group (period).

    groups: int64 (n,) dense and non-decreasing; parts: float64 (n, m), the parts each
    score is the sum of; published: bool (n, m), False where a part rests on a suppressed
    value, or None when none does. The spread is the sum over the parts of the range of
    their published values in the group (see the module documentation), so it does not
    depend on a suppressed value.
    """
    n = len(groups)
    if n == 0:
        return np.empty(0)
    starts = group_starts(groups)
    high = np.maximum.reduceat(
        parts if published is None else np.where(published, parts, -np.inf), starts, axis=0
    )
    low = np.minimum.reduceat(
        parts if published is None else np.where(published, parts, np.inf), starts, axis=0
    )
    ranges = high - low  # (groups, parts); -inf where a part has no published value
    spread = np.where(np.isfinite(ranges).all(axis=1), ranges.sum(axis=1), np.nan)
    spread = np.where(spread > 0, spread, NOMINAL_SPANS[method])
    steps = np.array([nice_step(s / STEPS_PER_SPREAD) for s in spread])
    per_row: np.ndarray = steps[groups]
    return per_row


def public_scores(score: np.ndarray, step: np.ndarray, rests: np.ndarray) -> np.ndarray:
    """float64 (n,): the score, or where it rests on a suppressed value, the score rounded
    to the nearest multiple of its step (half away from zero)."""
    rounded = np.sign(score) * np.floor(np.abs(score) / step + 0.5) * step
    # Clear the binary noise of step multiples (0.30000000000000004 -> 0.3) and -0.
    rounded = np.round(rounded, 10) + 0.0
    return np.where(rests, rounded, score)
