"""Vectorised builders for SYNTHETIC households and dwellings (all distributions invented).

Household types index `parameters.HOUSEHOLD_TYPES`; member roles are HEAD, PARTNER, CHILD and
MEMBER (an adult in an `other` household, e.g. a shared flat).
"""

from dataclasses import dataclass

import numpy as np

from ._stats import probit

SINGLE, COUPLE, FAMILY, LONE_PARENT, OTHER = range(5)
HEAD, PARTNER, CHILD, MEMBER = range(4)
FEMALE, MALE = 0, 1
MAX_AGE = 105

# Age of the household head (all members for `other`), as (from, to, weight) bands.
_RESIDENT_AGES = {
    SINGLE: [(19, 24, 0.12), (25, 34, 0.30), (35, 49, 0.19), (50, 66, 0.17), (67, 79, 0.13),
             (80, 95, 0.09)],
    COUPLE: [(22, 29, 0.20), (30, 39, 0.20), (40, 54, 0.13), (55, 66, 0.22), (67, 79, 0.18),
             (80, 92, 0.07)],
    FAMILY: [(25, 29, 0.07), (30, 39, 0.38), (40, 49, 0.39), (50, 60, 0.16)],
    LONE_PARENT: [(22, 29, 0.08), (30, 39, 0.34), (40, 49, 0.40), (50, 60, 0.18)],
    OTHER: [(19, 24, 0.40), (25, 34, 0.40), (35, 66, 0.20)],
}  # fmt: skip
_INCOMING_AGES = {
    SINGLE: [(19, 24, 0.32), (25, 34, 0.44), (35, 49, 0.14), (50, 66, 0.07), (67, 90, 0.03)],
    COUPLE: [(22, 29, 0.45), (30, 39, 0.35), (40, 54, 0.10), (55, 80, 0.10)],
    FAMILY: [(25, 29, 0.12), (30, 39, 0.55), (40, 49, 0.28), (50, 60, 0.05)],
    LONE_PARENT: [(22, 29, 0.15), (30, 39, 0.45), (40, 49, 0.32), (50, 60, 0.08)],
    OTHER: [(19, 24, 0.45), (25, 34, 0.45), (35, 60, 0.10)],
}
# Newcomers to the city are more often single and less often families.
INCOMING_TILT = np.array([1.4, 1.1, 0.85, 0.9, 1.3])


def _age_pmf(bands: list[tuple[int, int, float]]) -> np.ndarray:
    pmf = np.zeros(MAX_AGE + 1)
    for lo, hi, weight in bands:
        pmf[lo : hi + 1] += weight / (hi - lo + 1)
    return pmf / pmf.sum()


_AGE_PMF = {
    mode: {kind: _age_pmf(bands) for kind, bands in table.items()}
    for mode, table in (("resident", _RESIDENT_AGES), ("incoming", _INCOMING_AGES))
}


@dataclass
class NewHouseholds:
    """Households just built: per household (n_h,) and per member (n_p,), members grouped."""

    subdistrict: np.ndarray  # int64 (n_h,)
    kind: np.ndarray  # int64 (n_h,) household type
    latent: np.ndarray  # float64 (n_h,) household disadvantage, N(0, 1), higher = worse off
    household: np.ndarray  # int64 (n_p,) index into the household arrays above
    age: np.ndarray  # int64 (n_p,)
    sex: np.ndarray  # int8 (n_p,)
    role: np.ndarray  # int8 (n_p,)

    @property
    def size(self) -> np.ndarray:
        return np.bincount(self.household, minlength=len(self.subdistrict))


def _draw_categorical(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One draw per row of a (n, k) probability matrix."""
    cum = np.cumsum(probs / probs.sum(axis=1, keepdims=True), axis=1)
    return (rng.random(len(probs))[:, None] > cum[:, :-1]).sum(axis=1)


def _between(rng: np.random.Generator, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
    """Uniform integers in [lo, hi] elementwise (hi >= lo)."""
    return lo + np.floor(rng.random(len(lo)) * (hi - lo + 1)).astype(np.int64)


def build_households(
    rng: np.random.Generator,
    subdistrict: np.ndarray,
    mix: np.ndarray,
    children_per_family: np.ndarray,
    mode: str,
) -> NewHouseholds:
    """Build one household per entry of `subdistrict` (int indices).

    mix: (n_subdistricts, 5) household type shares; children_per_family: (n_subdistricts,).
    mode: "resident" (the population already living there) or "incoming" (people moving in).
    """
    n_h = len(subdistrict)
    probs = mix[subdistrict]
    if mode == "incoming":
        probs = probs * INCOMING_TILT
    kind = _draw_categorical(rng, probs)
    latent = rng.standard_normal(n_h)

    head_age = np.empty(n_h, dtype=np.int64)
    for k, pmf in _AGE_PMF[mode].items():
        idx = np.flatnonzero(kind == k)
        head_age[idx] = rng.choice(MAX_AGE + 1, size=len(idx), p=pmf)

    # Head's sex: lone parents are mostly mothers.
    p_male = np.where(kind == LONE_PARENT, 0.18, 0.5)
    head_sex = (rng.random(n_h) < p_male).astype(np.int8)

    has_partner = (kind == COUPLE) | (kind == FAMILY)
    partner_age = np.clip(head_age + np.round(rng.normal(-0.5, 3.0, n_h)).astype(np.int64), 18, 100)

    # Children: families 1 + Poisson, lone parents fewer; bigger families where parameters say.
    lam = np.clip(children_per_family[subdistrict] - 1.0, 0.05, None)
    n_children = np.zeros(n_h, dtype=np.int64)
    fam = kind == FAMILY
    lone = kind == LONE_PARENT
    n_children[fam] = 1 + np.minimum(rng.poisson(lam[fam]), 5)
    n_children[lone] = 1 + np.minimum(rng.poisson(0.5 * lam[lone]), 4)
    n_children = np.minimum(n_children, np.maximum(head_age - 19, 1))

    # Other households: 2-4 adults of about the same age.
    n_members = np.where(kind == OTHER, 2 + (rng.random(n_h) < 0.35) + (rng.random(n_h) < 0.1), 0)

    # Heads.
    parts_h = [np.arange(n_h)]
    parts_age = [head_age]
    parts_sex = [head_sex]
    parts_role = [np.where(kind == OTHER, MEMBER, HEAD).astype(np.int8)]
    # Partners (opposite sex).
    pidx = np.flatnonzero(has_partner)
    parts_h.append(pidx)
    parts_age.append(partner_age[pidx])
    parts_sex.append((1 - head_sex[pidx]).astype(np.int8))
    parts_role.append(np.full(len(pidx), PARTNER, dtype=np.int8))
    # Children.
    cidx = np.repeat(np.arange(n_h), n_children)
    parent_age = np.minimum(head_age, np.where(has_partner, partner_age, head_age))[cidx]
    hi = np.clip(parent_age - 20, 0, 17)
    adult_child = (rng.random(len(cidx)) < (0.12 if mode == "resident" else 0.03)) & (
        parent_age >= 42
    )
    hi = np.where(adult_child, np.minimum(parent_age - 20, 24), hi)
    lo = np.where(adult_child, 18, np.clip(parent_age - 45, 0, 17))
    lo = np.minimum(lo, hi)
    parts_h.append(cidx)
    parts_age.append(_between(rng, lo, hi))
    parts_sex.append((rng.random(len(cidx)) < 0.513).astype(np.int8))
    parts_role.append(np.full(len(cidx), CHILD, dtype=np.int8))
    # Extra adults of `other` households.
    midx = np.repeat(np.arange(n_h), np.maximum(n_members - 1, 0))
    parts_h.append(midx)
    parts_age.append(np.clip(head_age[midx] + rng.integers(-4, 5, len(midx)), 19, MAX_AGE))
    parts_sex.append((rng.random(len(midx)) < 0.5).astype(np.int8))
    parts_role.append(np.full(len(midx), MEMBER, dtype=np.int8))

    household = np.concatenate(parts_h)
    order = np.argsort(household, kind="stable")
    return NewHouseholds(
        subdistrict=np.asarray(subdistrict, dtype=np.int64),
        kind=kind,
        latent=latent,
        household=household[order],
        age=np.concatenate(parts_age)[order],
        sex=np.concatenate(parts_sex)[order],
        role=np.concatenate(parts_role)[order],
    )


CROWDING_SIZE_SLOPE = 0.25  # probit units per extra member: big households live more crowded
CROWDING_OFFSET = -0.15  # probit shift so the person-weighted share lands near the target


def draw_dwellings(
    rng: np.random.Generator, size: np.ndarray, latent: np.ndarray, p_crowded: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Rooms (int8) and floor area in m2 (float64) for households of `size` members.

    A dwelling is crowded in Statistics Norway's sense - fewer rooms than persons (or one person
    in one room) AND under 25 m2 per person - with a probability that rises with household size
    and with the household's disadvantage `latent`, around `p_crowded` (per household).
    """
    n = len(size)
    size = np.maximum(size, 1)
    shift = probit(np.clip(p_crowded, 1e-4, 1 - 1e-4)) if n else np.zeros(0)
    threshold = shift + CROWDING_OFFSET + CROWDING_SIZE_SLOPE * (size - 2.3)
    score = 0.5 * latent + np.sqrt(0.75) * rng.standard_normal(n)  # N(0, 1)
    crowded = score > -threshold  # probability norm_cdf(threshold)

    u = rng.random(n)
    extra = (u > 0.45).astype(np.int64) + (u > 0.8)
    extra_single = (u > 0.25).astype(np.int64) + (u > 0.8)
    rooms_ok = np.where(size == 1, 1 + extra_single, size + extra)
    rooms_tight = np.maximum(1, size - 1 - ((rng.random(n) < 0.35) & (size >= 4)))
    rooms = np.where(crowded, rooms_tight, rooms_ok)

    area_ok = 18.0 + rooms * rng.uniform(17.0, 30.0, n)
    area_ok = np.where(
        (size == 1) & (rooms == 1), np.maximum(area_ok, rng.uniform(25, 40, n)), area_ok
    )
    area_tight = np.maximum(25.0 * size * rng.uniform(0.55, 0.97, n), 12.0 + 8.0 * rooms)
    area_tight = np.minimum(area_tight, 25.0 * size - 0.5)
    area = np.round(np.where(crowded, area_tight, area_ok), 1)
    return np.minimum(rooms, 127).astype(np.int8), area
