"""What an index is made of: components, their weights and domains, and the method.

Both dataclasses validate themselves on construction, so a spec that exists is coherent;
whether the data can serve it is checked by `compute_index`.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np

__all__ = [
    "EXACT_SUM",
    "EXPONENTIAL_RANK",
    "METHODS",
    "RATIO_TO_REFERENCE",
    "WEIGHT_TOLERANCE",
    "ZSCORE",
    "Component",
    "IndexInputError",
    "IndexSpec",
    "IndexSpecError",
    "Normalisation",
]

RATIO_TO_REFERENCE = "ratio_to_reference"
ZSCORE = "zscore"
EXPONENTIAL_RANK = "exponential_rank"
METHODS = (RATIO_TO_REFERENCE, ZSCORE, EXPONENTIAL_RANK)

# Weights are fractions that sum to 1 at each level (components without domains;
# components within each domain; domains). Published weights are rounded (the English
# Indices of Deprivation 2019 give domain weights summing to 0.999), so a sum within
# WEIGHT_TOLERANCE of 1 is accepted and normalised, and the spec records that it was;
# a sum further off is a mistake, not rounding, and is refused.
WEIGHT_TOLERANCE = 0.005
# A sum this close to 1 is 1 up to floating point: the weights are kept exactly as given.
EXACT_SUM = 1e-9


class IndexSpecError(ValueError):
    """The spec contradicts itself: unknown method, bad weights, domains that do not match."""


class IndexInputError(ValueError):
    """The frames given to `compute_index` cannot serve the spec: a malformed frame, a
    component indicator without values, a missing reference, counts that are not counts."""


@dataclass(frozen=True)
class Normalisation:
    """Weights at one level whose sum was within `WEIGHT_TOLERANCE` of 1 but not 1, and
    that were therefore divided by their sum.

    Attributes:
        level: "components" (a spec without domains), "domains" (the domain weights) or
            "domain" (the components of one domain).
        domain: the domain, for level "domain"; None otherwise.
        total: the sum of the weights as given.
    """

    level: str
    domain: str | None
    total: float


@dataclass(frozen=True)
class Component:
    """One indicator in an index.

    Attributes:
        indicator: the indicator code, as in the ``indicator`` column of the values.
        weight: a finite number >= 0. Without domains the weights of all components sum
            to 1; with domains the weights of the components of each domain sum to 1.
        higher_is_worse: the indicator's polarity. For a higher-is-better indicator the
            method inverts it, so that a higher index score always means more deprived.
        domain: the domain the component belongs to, or None. Either every component of
            a spec names a domain or none does.
    """

    indicator: str
    weight: float
    higher_is_worse: bool
    domain: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.indicator, str) or not self.indicator:
            raise IndexSpecError(
                f"a component's indicator must be a non-empty string, not {self.indicator!r}"
            )
        weight = _weight(self.weight, f"the weight of component {self.indicator!r}")
        object.__setattr__(self, "weight", weight)
        if not isinstance(self.higher_is_worse, bool | np.bool_):
            raise IndexSpecError(
                f"component {self.indicator!r}: higher_is_worse must be True or False, "
                f"not {self.higher_is_worse!r}"
            )
        object.__setattr__(self, "higher_is_worse", bool(self.higher_is_worse))
        if self.domain is not None and (not isinstance(self.domain, str) or not self.domain):
            raise IndexSpecError(
                f"component {self.indicator!r}: domain must be a non-empty string or None, "
                f"not {self.domain!r}"
            )


@dataclass(frozen=True)
class IndexSpec:
    """A composite index: the method, its components and (optionally) domain weights.

    Attributes:
        method: "ratio_to_reference", "zscore" or "exponential_rank" (see the engine's
            module documentation for the arithmetic of each).
        components: one `Component` per indicator (a list is accepted and stored as a
            tuple); indicator codes are unique.
        domain_weights: domain -> weight (finite, >= 0, summing to 1), exactly the
            domains the components name; None when the components name no domain.
            Stored as a read-only mapping.
        shrinkage: shrink the rates of components that have counts toward their parent
            area's rate before the method runs (empirical Bayes on the logit scale).

    Weights are fractions: at each level they sum to 1. A sum within `WEIGHT_TOLERANCE`
    of 1 (rounded published weights) is normalised: the spec holds the weights divided by
    their sum, and `normalised` names each level where that happened, with the sum as
    given, so that every output can say so. A sum further off is refused, including
    weights given as percentages.

    Raises:
        IndexSpecError: for any of the above that does not hold.
    """

    method: str
    components: tuple[Component, ...]
    domain_weights: Mapping[str, float] | None = None
    shrinkage: bool = False
    normalised: tuple[Normalisation, ...] = field(default=(), init=False)

    def __post_init__(self) -> None:
        if self.method not in METHODS:
            raise IndexSpecError(
                f"unknown method {self.method!r}; expected one of {', '.join(METHODS)}"
            )
        components = tuple(self.components)
        object.__setattr__(self, "components", components)
        if not components:
            raise IndexSpecError("an index needs at least one component")
        for component in components:
            if not isinstance(component, Component):
                raise IndexSpecError(f"components must be Component objects, not {component!r}")
        seen: set[str] = set()
        for component in components:
            if component.indicator in seen:
                raise IndexSpecError(f"indicator {component.indicator!r} is a component twice")
            seen.add(component.indicator)
        if not isinstance(self.shrinkage, bool):
            raise IndexSpecError(f"shrinkage must be True or False, not {self.shrinkage!r}")

        without = [c.indicator for c in components if c.domain is None]
        if len(without) == len(components):
            if self.domain_weights is not None:
                raise IndexSpecError("domain_weights are given but no component names a domain")
            total = _check_sum([c.weight for c in components], "the component weights")
            if total is not None:
                self._normalise_components(lambda c: True, total)
                self._note(Normalisation("components", None, total))
            return
        if without:
            raise IndexSpecError(
                "either every component names a domain or none does; without a domain: "
                + ", ".join(repr(i) for i in without)
            )
        if self.domain_weights is None:
            raise IndexSpecError(
                "the components name domains ("
                + ", ".join(repr(d) for d in self.domains)
                + ") but domain_weights is missing"
            )
        if not isinstance(self.domain_weights, Mapping):
            raise IndexSpecError("domain_weights must be a mapping of domain -> weight")
        domain_weights = {}
        for domain, weight in self.domain_weights.items():
            if not isinstance(domain, str) or not domain:
                raise IndexSpecError(f"a domain must be a non-empty string, not {domain!r}")
            domain_weights[domain] = _weight(weight, f"the weight of domain {domain!r}")
        for component in components:
            if component.domain not in domain_weights:
                raise IndexSpecError(
                    f"component {component.indicator!r} is in domain {component.domain!r}, "
                    f"which domain_weights lacks (it has {', '.join(map(repr, domain_weights))})"
                )
        unused = [d for d in domain_weights if d not in self.domains]
        if unused:
            raise IndexSpecError(
                "domain_weights name domain(s) that no component belongs to: "
                + ", ".join(repr(d) for d in unused)
            )
        total = _check_sum(list(domain_weights.values()), "the domain weights")
        if total is not None:
            domain_weights = {d: w / total for d, w in domain_weights.items()}
            self._note(Normalisation("domains", None, total))
        for domain in self.domains:
            total = _check_sum(
                [c.weight for c in components if c.domain == domain],
                f"the weights of the components in domain {domain!r}",
            )
            if total is not None:

                def in_domain(c: Component, d: str = domain) -> bool:
                    return c.domain == d

                self._normalise_components(in_domain, total)
                self._note(Normalisation("domain", domain, total))
        object.__setattr__(self, "domain_weights", MappingProxyType(domain_weights))

    def _normalise_components(self, which: Callable[[Component], bool], total: float) -> None:
        components = tuple(
            replace(c, weight=c.weight / total) if which(c) else c for c in self.components
        )
        object.__setattr__(self, "components", components)

    def _note(self, normalisation: Normalisation) -> None:
        object.__setattr__(self, "normalised", (*self.normalised, normalisation))

    @property
    def indicators(self) -> tuple[str, ...]:
        """The component indicators, in spec order."""
        return tuple(c.indicator for c in self.components)

    @property
    def domains(self) -> tuple[str, ...]:
        """The domains named by the components, in order of first appearance; () if none."""
        return tuple(dict.fromkeys(c.domain for c in self.components if c.domain is not None))


def _weight(value: object, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise IndexSpecError(f"{what} must be a number, not {value!r}")
    weight = float(value)
    if not math.isfinite(weight):
        raise IndexSpecError(f"{what} must be finite, not {weight}")
    if weight < 0:
        raise IndexSpecError(f"{what} is negative ({weight}); weights must be >= 0")
    return weight


def _check_sum(weights: list[float], what: str) -> float | None:
    """The sum of `weights` if they are to be normalised, None if it is 1; refuses
    a sum more than `WEIGHT_TOLERANCE` off 1."""
    total = math.fsum(weights)
    off = abs(total - 1.0)
    if off <= EXACT_SUM:
        return None
    # The boundary itself (0.995, 1.005) is rounding, whatever floating point makes of it.
    if off <= WEIGHT_TOLERANCE + EXACT_SUM:
        return total
    shown = round(total, 6)
    if abs(total - 100.0) <= 100 * WEIGHT_TOLERANCE:
        hint = "they look like percentages; weights are fractions, so divide each by 100"
    else:
        hint = f"give weights as fractions summing to 1 (divide each by {shown})"
    raise IndexSpecError(
        f"{what} sum to {shown}, not 1; a sum within {WEIGHT_TOLERANCE * 100:g} % of 1 "
        f"is taken as rounding and normalised, but this is further off: {hint}"
    )
