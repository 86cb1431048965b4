"""`compute_index`: values -> scores, ranks, deciles and contributions (see the package
documentation for the methods)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from .disclosure import public_scores, rounding_steps
from .methods import (
    deciles,
    exponential_transform,
    normal_quantile,
    order_within,
    ranks_among_published,
    ranks_within,
    zscores_within,
)
from .panel import Panel, build_panel, flags, positions, reference_matrix
from .shrinkage import shrink_rates
from .spec import EXPONENTIAL_RANK, RATIO_TO_REFERENCE, ZSCORE, IndexInputError, IndexSpec

__all__ = ["NO_COUNTS", "NO_VALUE", "ZERO_VALUE", "IndexResult", "compute_index"]

NO_VALUE = "no value"
NO_COUNTS = "no counts"
ZERO_VALUE = "value is 0: the ratio reference / value is undefined"
_REASONS = np.array(["", NO_VALUE, NO_COUNTS, ZERO_VALUE], dtype=object)


@dataclass(frozen=True, eq=False)
class IndexResult:
    """An index for every area and period that has all its components.

    Attributes:
        scores: one row per scored (area, period), sorted by period then rank, columns
            area (str), period (str), score (float64, higher = more deprived), rank
            (int64, 1 = most deprived in the period; equal scores: smaller area code
            first), decile (int64, 1 = most deprived tenth of the period's scored areas),
            rests_on_suppressed (bool: a component value, or the reference value it is
            divided by, is suppressed), score_step (float64, the period's rounding step)
            and public_score (float64: the score, or for a score resting on suppressed
            values the score rounded to the step; see `engine.disclosure`).
        contributions: float64, index MultiIndex (area, period) in the row order of
            ``scores``, one column per component indicator in spec order. Without domains
            (and for the linear methods with domains) each row sums to the score. For
            exponential_rank with domains a row holds w_c · Y_c, summing per domain to the
            domain score, which is then ranked and transformed (see ``domains``).
        domains: None without domains; otherwise one row per scored (area, period) and
            domain, in the row order of ``scores`` and domain order, with columns area,
            period, domain, score (the domain score), rank (int64, 1 = most deprived on
            the domain in the period), transformed (the exponentially transformed rank for
            exponential_rank, the domain score otherwise) and contribution (domain weight
            · transformed, times 100 for ratio_to_reference; the contributions of an
            area-period sum to its score), rests_on_suppressed (bool: one of the domain's
            components rests on a suppressed value).
        suppressed: bool, shaped, indexed and labelled like ``contributions``: True where
            the contribution rests on a suppressed value and must not be published.
        missing: one row per (area, period, component) that kept an area-period from a
            score: area, period, indicator, reason ("no value", "no counts", or the ratio
            being undefined for a zero value). Sorted by period, area, spec order.
        spec: the spec the index was computed with.
    """

    scores: pd.DataFrame
    contributions: pd.DataFrame
    domains: pd.DataFrame | None
    missing: pd.DataFrame
    spec: IndexSpec
    suppressed: pd.DataFrame


def compute_index(
    values: pd.DataFrame,
    spec: IndexSpec,
    *,
    reference: pd.DataFrame | None = None,
    counts: pd.DataFrame | None = None,
    parents: pd.Series | None = None,
) -> IndexResult:
    """Compute a composite deprivation index for every area and period.

    Args:
        values: long frame, one row per (area, period, indicator): area (str), period
            (str), indicator (str), value (float; NaN = missing). Rows for indicators that
            are not components are ignored. An area takes part in a period when it has a
            row for at least one component there. Optionally a bool column suppressed:
            True where the value did not pass disclosure control (see
            `engine.disclosure` for what changes then).
        spec: the index.
        reference: ratio_to_reference only (required there, refused otherwise): long
            frame period (str), indicator (str), value (float > 0), the reference area's
            values; one per period of ``values`` and component; optionally suppressed.
        counts: with ``spec.shrinkage`` only (required there): area, period, indicator,
            numerator, denominator (float), and optionally scale (float, default 1: the
            value is rate · scale, e.g. 100 for percent, as in the indicator catalogue)
            and suppressed (bool).
            Components whose indicator has counts are shrunk (see `shrink_rates`): their
            values come from the counts, not from ``values``, and an area-period without a
            counts row for such a component is missing ("no counts").
        parents: with ``spec.shrinkage`` only (required there): Series area -> parent area.

    Returns:
        `IndexResult`. An area-period missing any component value (after shrinkage) gets
        no score, is listed in ``missing`` and does not count among the N areas ranked
        in that period: nothing is imputed.

    Raises:
        IndexInputError: malformed frames, a component indicator without rows in
            ``values``, a missing or non-positive reference, negative values for
            ratio_to_reference, unusable counts, or an argument the spec does not use.
    """
    if not isinstance(spec, IndexSpec):
        raise IndexInputError(f"spec must be an IndexSpec, not {type(spec).__name__}")
    ratio = spec.method == RATIO_TO_REFERENCE
    if ratio and reference is None:
        raise IndexInputError("ratio_to_reference needs reference values (reference=...)")
    if not ratio and reference is not None:
        raise IndexInputError(f"{spec.method} uses no reference; do not pass one")
    if spec.shrinkage and (counts is None or parents is None):
        raise IndexInputError("shrinkage needs counts=... and parents=...")
    if not spec.shrinkage and (counts is not None or parents is not None):
        raise IndexInputError("counts and parents are only used when spec.shrinkage is True")

    indicators = spec.indicators
    panel = build_panel(values, indicators)
    reason = np.where(np.isnan(panel.values), 1, 0).astype(np.int8)
    matrix, hidden = panel.values, panel.suppressed
    if spec.shrinkage:
        assert counts is not None  # checked above, as parents
        assert parents is not None
        matrix, reason, hidden = _shrink(panel, indicators, counts, parents)
    # `reference` is given exactly when the method is a ratio (checked above).
    ref, ref_hidden = (
        reference_matrix(reference, panel, indicators) if reference is not None else (None, None)
    )
    polarity = np.array([c.higher_is_worse for c in spec.components])
    if ratio:
        present = reason == 0
        if (matrix[present] < 0).any():
            row, j = np.argwhere(present & (matrix < 0))[0]
            area, period = panel.labels(np.array([row]))
            raise IndexInputError(
                f"ratio_to_reference needs values >= 0; area {area[0]!r}, period "
                f"{period[0]!r}, indicator {indicators[j]!r} has {matrix[row, j]}"
            )
        reason[present & (matrix == 0) & ~polarity[None, :]] = 3

    rows = np.flatnonzero((reason == 0).all(axis=1))  # the area-periods that get a score
    groups = _dense(panel.period_codes[rows])
    ref_rows = ref[panel.period_codes[rows]] if ref is not None else None
    suppressed = _suppressed(hidden, ref_hidden, rows, panel.period_codes)
    terms = _terms(spec, matrix[rows], polarity, groups, ref_rows, suppressed)
    score, contributions, domain_parts = _combine(spec, terms, groups, suppressed)

    size = np.bincount(groups)[groups]
    rests, domain_rests, step, public = _published_form(
        spec, groups, score, contributions, domain_parts, suppressed
    )
    rank = order_within(groups, score, ~rests)
    order = np.lexsort((rank, groups))  # period, then rank
    ordered_rows = rows[order]
    areas, periods = panel.labels(ordered_rows)
    scores = pd.DataFrame(
        {
            "area": areas,
            "period": periods,
            "score": score[order],
            "rank": rank[order],
            "decile": deciles(rank, size)[order],
            "rests_on_suppressed": rests[order],
            "score_step": step[order],
            "public_score": public[order],
        }
    )
    index = pd.MultiIndex.from_arrays([areas, periods], names=["area", "period"])
    columns = list(indicators)
    return IndexResult(
        scores=scores,
        contributions=pd.DataFrame(contributions[order], index=index, columns=columns),
        domains=_domain_frame(
            domain_parts, spec.domains, domain_rests, groups, order, areas, periods
        ),
        missing=_missing_frame(panel, reason, indicators),
        spec=spec,
        suppressed=pd.DataFrame(
            np.zeros(contributions.shape, dtype=bool) if suppressed is None else suppressed[order],
            index=index,
            columns=columns,
        ),
    )


def _published_form(
    spec: IndexSpec,
    groups: np.ndarray,
    score: np.ndarray,
    contributions: np.ndarray,
    domain_parts: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    suppressed: np.ndarray | None,
) -> tuple[np.ndarray, np.ndarray | None, np.ndarray, np.ndarray]:
    """(rests (n,), domain_rests (n, d) or None, step (n,), public score (n,)): which
    scores (and domains) rest on suppressed values, the rounding step and the scores as
    published (see `engine.disclosure`)."""
    # The parts a score adds up: its domains' contributions for exponential ranks with
    # domains, its components' otherwise.
    by_domains = bool(spec.domains) and spec.method == EXPONENTIAL_RANK
    if by_domains:
        assert domain_parts is not None  # a spec with domains has domain parts
        parts = domain_parts[2]
    else:
        parts = contributions
    domain_rests: np.ndarray | None
    if suppressed is None:
        rests = np.zeros(len(score), dtype=bool)
        domain_rests = np.zeros((len(score), len(spec.domains)), dtype=bool)
        step = rounding_steps(groups, parts, None, spec.method)
        return rests, domain_rests if spec.domains else None, step, score
    rests = suppressed.any(axis=1)
    domain_rests = _by_domain(spec, suppressed) if spec.domains else None
    published = ~domain_rests if by_domains and domain_rests is not None else ~suppressed
    step = rounding_steps(groups, parts, published, spec.method)
    return rests, domain_rests, step, public_scores(score, step, rests)


def _suppressed(
    hidden: np.ndarray | None,
    ref_hidden: np.ndarray | None,
    rows: np.ndarray,
    period_codes: np.ndarray,
) -> np.ndarray | None:
    """bool (len(rows), k), True where a scored row's term rests on a suppressed value (its
    own, or the reference value of its period); None when none does."""
    out = None if hidden is None else hidden[rows]
    if ref_hidden is not None:
        by_reference = ref_hidden[period_codes[rows]]
        out = by_reference if out is None else out | by_reference
    return out if out is not None and out.any() else None


def _dense(period_codes: np.ndarray) -> np.ndarray:
    """Non-decreasing codes -> dense group numbers 0..G-1: int64 (n,)."""
    changes = np.zeros(len(period_codes), dtype=np.int64)
    changes[1:] = period_codes[1:] != period_codes[:-1]
    return np.cumsum(changes)


def _terms(
    spec: IndexSpec,
    x: np.ndarray,
    polarity: np.ndarray,
    groups: np.ndarray,
    ref_rows: np.ndarray | None,
    suppressed: np.ndarray | None,
) -> np.ndarray:
    """Each component's term t, float64 (n, k), from the values x (n, k) of the scored rows:
    the ratio, the z-score, the exponentially transformed rank or (with domains) the
    normal score of the rank. Oriented so that higher = more deprived. With suppressed
    values (bool (n, k) or None) the z-scores and ranks are scaled by the published values
    alone."""
    if spec.method == RATIO_TO_REFERENCE:
        assert ref_rows is not None  # a ratio index always has reference values
        terms = np.empty_like(x)
        terms[:, polarity] = x[:, polarity] / ref_rows[:, polarity]
        # Higher is better: reference / value; zeros were set aside as missing.
        terms[:, ~polarity] = ref_rows[:, ~polarity] / x[:, ~polarity]
        return terms
    badness = np.where(polarity, x, -x)
    published = None if suppressed is None else ~suppressed
    if spec.method == ZSCORE:
        return zscores_within(groups, badness, published)
    ranks, size = _ranks(groups, badness, published)
    if spec.domains:  # indicators -> normal scores, to be combined into domain scores
        return normal_quantile((ranks - 0.5) / size)
    return exponential_transform(ranks / size)


def _ranks(
    groups: np.ndarray, keys: np.ndarray, published: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray]:
    """(ranks, N) of the keys (n, k) within each group, N broadcastable against ranks."""
    if published is None:
        ranks, size = ranks_within(groups, keys)
        return ranks, size[:, None]
    return ranks_among_published(groups, keys, published)


def _combine(
    spec: IndexSpec, terms: np.ndarray, groups: np.ndarray, suppressed: np.ndarray | None
) -> tuple[np.ndarray, np.ndarray, tuple[np.ndarray, np.ndarray, np.ndarray] | None]:
    """(score (n,), component contributions (n, k), None or the domains' (scores,
    transformed, contributions), each (n, d)) from the component terms."""
    scale = 100.0 if spec.method == RATIO_TO_REFERENCE else 1.0
    weights = np.array([c.weight for c in spec.components])
    if not spec.domains:
        contributions = terms * (scale * weights)
        return _row_sum(contributions), contributions, None
    domains = spec.domains
    domain_of = np.array([domains.index(c.domain) for c in spec.components])
    domain_scores = np.column_stack(
        [_row_sum(terms[:, domain_of == d] * weights[domain_of == d]) for d in range(len(domains))]
    )
    assert spec.domain_weights is not None  # the spec requires them once it has domains
    domain_weights = np.array([spec.domain_weights[d] for d in domains])
    if spec.method == EXPONENTIAL_RANK:
        # A domain score is published if all its components are.
        published = None if suppressed is None else ~_by_domain(spec, suppressed)
        domain_ranks, size = _ranks(groups, domain_scores, published)
        transformed = exponential_transform(domain_ranks / size)
        contributions = terms * weights  # w · Y: sums to the domain score, not the score
    else:
        transformed = domain_scores
        contributions = terms * (scale * weights * domain_weights[domain_of])
    domain_contributions = transformed * (scale * domain_weights)
    score = _row_sum(domain_contributions)
    return score, contributions, (domain_scores, transformed, domain_contributions)


def _row_sum(matrix: np.ndarray) -> np.ndarray:
    """Row sums added left to right (a fixed order: equal inputs give equal sums)."""
    total = np.zeros(matrix.shape[0])
    for j in range(matrix.shape[1]):
        total += matrix[:, j]
    return total


def _shrink(
    panel: Panel, indicators: tuple[str, ...], counts: pd.DataFrame, parents: pd.Series
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Panel values with shrunken rates for the components that have counts, the reason
    codes (0 present, 1 no value, 2 no counts) of the result, and None or bool (n, k):
    the panel's suppressed values, with those of the counts added."""
    shrunk = shrink_rates(counts, parents)
    counted_hidden = flags(counts, "counts")
    column = positions(pd.Index(list(indicators)), shrunk["indicator"])
    used = column >= 0
    if not used.any():
        raise IndexInputError(
            "shrinkage is on but counts hold none of the component indicators "
            + ", ".join(map(repr, indicators))
        )
    scale = np.ones(len(shrunk))
    if "scale" in counts.columns:
        scale = pd.to_numeric(counts["scale"], errors="coerce").to_numpy(np.float64)
        if not (np.isfinite(scale[used]) & (scale[used] > 0)).all():
            raise IndexInputError("counts: the scale column must hold positive numbers")
    shrunk, scale, column = shrunk[used], scale[used], column[used]
    counted_hidden = None if counted_hidden is None else counted_hidden[used]
    row = panel.locate(shrunk["area"], shrunk["period"])
    inside = row >= 0
    matrix = panel.values.copy()
    reason = np.where(np.isnan(matrix), 1, 0).astype(np.int8)
    with_counts = np.unique(column)
    matrix[:, with_counts] = np.nan
    matrix[row[inside], column[inside]] = (shrunk["rate"].to_numpy() * scale)[inside]
    lacking = np.isnan(matrix[:, with_counts])
    reason[:, with_counts] = np.where(lacking, 2, 0)
    hidden = panel.suppressed
    if counted_hidden is not None and counted_hidden[inside].any():
        hidden = np.zeros(matrix.shape, dtype=bool) if hidden is None else hidden.copy()
        hidden[row[inside], column[inside]] |= counted_hidden[inside]
    return matrix, reason, hidden


def _missing_frame(panel: Panel, reason: np.ndarray, indicators: tuple[str, ...]) -> pd.DataFrame:
    rows, columns = np.nonzero(reason)  # row-major: period, area, then spec order
    areas, periods = panel.labels(rows)
    return pd.DataFrame(
        {
            "area": areas,
            "period": periods,
            "indicator": pd.Index(list(indicators), dtype=areas.dtype).take(columns),
            "reason": pd.Index(_REASONS, dtype=areas.dtype).take(reason[rows, columns]),
        }
    )


def _by_domain(spec: IndexSpec, suppressed: np.ndarray) -> np.ndarray:
    """bool (n, d): True where one of the domain's components rests on a suppressed value."""
    domain_of = np.array([spec.domains.index(c.domain) for c in spec.components])
    return np.column_stack(
        [suppressed[:, domain_of == d].any(axis=1) for d in range(len(spec.domains))]
    )


def _domain_frame(
    parts: tuple[np.ndarray, np.ndarray, np.ndarray] | None,
    domains: tuple[str, ...],
    rests: np.ndarray | None,
    groups: np.ndarray,
    order: np.ndarray,
    areas: pd.Index,
    periods: pd.Index,
) -> pd.DataFrame | None:
    if parts is None:
        return None
    assert rests is not None  # domain rests come with the domain parts
    domain_scores, transformed, contributions = parts
    d = len(domains)
    shares = ~rests
    rank = np.column_stack(
        [order_within(groups, domain_scores[:, j], shares[:, j]) for j in range(d)]
    )
    return pd.DataFrame(
        {
            "area": areas.repeat(d),
            "period": periods.repeat(d),
            "domain": np.tile(np.array(domains, dtype=object), len(order)),
            "score": domain_scores[order].ravel(),
            "rank": rank[order].ravel(),
            "transformed": transformed[order].ravel(),
            "contribution": contributions[order].ravel(),
            "rests_on_suppressed": rests[order].ravel(),
        }
    )
