"""Composite deprivation indices: statistics -> a transparent, reproducible selection of
deprived areas.

The engine is framework-free (numpy, pandas, stdlib): callers adapt observations to long
frames, call `compute_index`, and store or show the `IndexResult`.

Direction
    Each component has a polarity. Before any method runs a higher-is-better indicator is
    turned around (1/ratio, or the value's sign), so a higher score, a higher component
    term and rank 1 always mean *more deprived*.

Weights
    Weights are finite, >= 0 and used exactly as published: they must sum to 1 (within
    1e-9) over all components, or - with domains - over the components of each domain
    and over the domains. A spec with other sums is refused, not rescaled.

Methods (x = an area's value of a component in a period, w = its weight)
    ratio_to_reference
        t = x / ref for higher-is-worse, ref / x for higher-is-better, ref being the
        reference area's value in the same period; score = 100 · Σ w · t, so an area
        equal to the reference on every component scores 100. Values must be >= 0 and
        references > 0; a higher-is-better value of 0 makes the ratio undefined and the
        area-period is listed as missing.
    zscore
        b = x (higher-is-worse) or -x (higher-is-better); t = (b - mean) / std over the
        scored areas of the period, population std (ddof = 0); score = Σ w · t. A
        component that is constant in a period has t = 0 there.
    exponential_rank (English Indices of Deprivation 2019)
        Without domains, every component is treated as a domain of one indicator: rank
        the areas of the period from least to most deprived (rank 1 .. N), R = rank / N
        (R = 1 for the most deprived), X = -23 · ln(1 - R · (1 - e^(-100/23))) (0 .. 100),
        score = Σ w · X. With domains, following the IoD 2019 structure (indicators ->
        domain scores -> rank -> exponential transformation -> weighted sum):

        1. each indicator is standardised by ranking and transforming to the normal
           distribution: Y = Φ⁻¹((rank - ½) / N);
        2. domain score D = Σ w · Y over the domain's components (the IoD derives these
           weights by factor analysis in some domains; here they are given in the spec);
           a one-indicator domain thus ranks exactly as its indicator;
        3. the areas are ranked on D, R = rank / N and X_d = the exponential transform;
        4. score = Σ domain_weight · X_d.

        Ranks are taken among the areas of the period that have every component. Ties
        share their mean rank (two areas tied for 2nd and 3rd both get 2.5), so equal
        values give equal transformed scores whatever the order of the rows; without ties
        this is exactly the IoD's rank / N.

    With domains the linear methods (ratio_to_reference, zscore) form domain scores
    D = Σ w · t per domain and score = Σ domain_weight · D (times 100 for the ratio),
    i.e. the effective weight of a component is domain weight × component weight.

Monotonicity
    Making one area worse on one component never lowers that area's own score, under
    every method. It never improves the area's rank under ratio_to_reference (a score
    depends on the area's own values only) and exponential_rank without domains (the
    other areas' component ranks can only fall). It *can* under zscore (the mean and std
    move, and another area's z-score may rise by more than this area's) and under
    exponential_rank with domains (the domain scores are ranked a second time, so a third
    area whose domain score fell less than its neighbours' climbs the domain ranking and
    may overtake). Both are properties of the methods, not defects of the engine; the
    tests show a case of each.

Shrinkage
    With ``spec.shrinkage`` the components that have counts (numerator, denominator) are
    replaced by empirical-Bayes shrunken rates, pulled toward the parent area's rate on
    the logit scale before the method runs; see `omradeloft.targeting.engine.shrinkage`
    for the formula.

Disclosure control
    Values, counts and reference may flag values suppressed by disclosure control (a bool
    column ``suppressed``). They count in the decision, but every normalisation above is
    taken from the published values alone, so that no published area's contribution or
    score depends on a suppressed value; a suppressed value is placed on that published
    scale, its contribution is marked (``IndexResult.suppressed``) and its area's score is
    also given rounded (``public_score``). With nothing flagged the results are exactly
    those described above. See `omradeloft.targeting.engine.disclosure` for the design,
    the rounding step and the residual risk of publishing ranks.

Rank, decile and missing values
    Per period, rank 1 is the highest score; equal scores share a rank by standard
    competition ranking (1, 2, 2, 4), the convention of published league tables, and are
    listed by area code (string order). A score resting on a suppressed value shares no
    rank (it would show that it equals a published score): it comes just below the
    published scores it equals. Decile = ⌊(rank - 1) · 10 / N⌋ + 1 with N the period's
    scored areas: decile 1 is the most deprived tenth, and tied areas share a decile.
    A rule selecting the top n ranks selects every area tied at rank n.
    An area-period that lacks any component value (NaN, no row, no counts under
    shrinkage, or an undefined ratio) gets no score and is listed in
    `IndexResult.missing` with the reason; nothing is imputed, and it is not counted in N.
"""

from .compute import NO_COUNTS, NO_VALUE, ZERO_VALUE, IndexResult, compute_index
from .methods import (
    EXPONENTIAL_CONSTANT,
    deciles,
    exponential_transform,
    normal_quantile,
    ranks_within,
)
from .shrinkage import shrink_rates
from .spec import (
    EXACT_SUM,
    EXPONENTIAL_RANK,
    METHODS,
    RATIO_TO_REFERENCE,
    WEIGHT_TOLERANCE,
    ZSCORE,
    Component,
    IndexInputError,
    IndexSpec,
    IndexSpecError,
    Normalisation,
)
from .warning import TrendResult, WarningError, rank_flags, theil_sen, trend_flags

__all__ = [
    "EXACT_SUM",
    "EXPONENTIAL_CONSTANT",
    "EXPONENTIAL_RANK",
    "METHODS",
    "NO_COUNTS",
    "NO_VALUE",
    "RATIO_TO_REFERENCE",
    "WEIGHT_TOLERANCE",
    "ZERO_VALUE",
    "ZSCORE",
    "Component",
    "IndexInputError",
    "IndexResult",
    "IndexSpec",
    "IndexSpecError",
    "Normalisation",
    "TrendResult",
    "WarningError",
    "compute_index",
    "deciles",
    "exponential_transform",
    "normal_quantile",
    "rank_flags",
    "ranks_within",
    "shrink_rates",
    "theil_sen",
    "trend_flags",
]
