"""The yearly micro-simulation behind the SYNTHETIC register (invented people, invented rules).

State is a set of numpy arrays, one entry per person and one per household; every step is
vectorised. A year runs: (for years after the first) remove last year's dead, add last year's
babies, age everyone, let young adults leave home and couples separate, let partners move in,
let households leave the city or move within it (mostly within their district, the worse off
leaning towards areas with more worklessness), fill each subdistrict up to its target size
with newcomers; then draw the year's attributes (education, disability, employment, income,
deaths) and hand back one row per resident on 1 January.

Latent scores tie the attributes together: each household has a disadvantage score, each
member a personal one drawn around it, and employment, education, disability and health
hang on those. Thresholds come from `parameters.resolve` and are applied to scores centred
within each subdistrict, so a subdistrict's rates follow its parameters while the people in it
stay consistent from year to year. Education is fixed when a person arrives as an adult (from
the area's adult levels) or at 21 (from the area's completion rate), so it moves with people.
"""

from dataclasses import dataclass

import numpy as np

from ._stats import group_mean, norm_cdf, probit
from .attributes import (
    draw_deaths,
    draw_disability,
    draw_employment,
    draw_incomes,
    household_income,
)
from .households import (
    CHILD,
    COUPLE,
    FAMILY,
    FEMALE,
    HEAD,
    LONE_PARENT,
    MALE,
    MAX_AGE,
    MEMBER,
    OTHER,
    PARTNER,
    SINGLE,
    NewHouseholds,
    build_households,
    draw_dwellings,
)
from .parameters import SubdistrictParameters

BASIC, UPPER_SECONDARY, HIGHER = 0, 1, 2
UNKNOWN = -1
COHORT_AGE = 21  # started upper secondary at 16, observed five years later
SAME_DISTRICT = 6.0  # a mover is this many times likelier to pick an area in the same district
SORTING = 1.5  # how strongly movers sort by disadvantage (see Simulation.__init__)

# Yearly chances (invented).
_LEAVE_HOME = np.interp(
    np.arange(MAX_AGE + 1), [17, 18, 19, 20, 23, 30], [0, 0.08, 0.15, 0.25, 0.3, 0.4]
)
_FERTILITY = np.zeros(MAX_AGE + 1)
for _lo, _hi, _rate in [(18, 19, 0.015), (20, 24, 0.05), (25, 29, 0.12), (30, 34, 0.17),
                        (35, 39, 0.09), (40, 45, 0.018)]:  # fmt: skip
    _FERTILITY[_lo : _hi + 1] = _rate
_LEAVE_CITY = np.interp(
    np.arange(MAX_AGE + 1), [18, 24, 30, 40, 50, 67], [0.07, 0.08, 0.09, 0.06, 0.03, 0.02]
)
_MOVE = np.interp(np.arange(MAX_AGE + 1), [18, 30, 40, 55, 70], [0.12, 0.10, 0.06, 0.03, 0.02])


_PERSON_DTYPES = {
    "pid": np.int64,
    "hh": np.int64,  # index into the household arrays
    "age": np.int64,
    "sex": np.int8,
    "role": np.int8,
    "u": np.float64,  # disadvantage, N(0, 1), higher = worse off
    "v": np.float64,  # lasting part of the employment score
    "s": np.float64,  # education score (higher = less schooling)
    "h": np.float64,  # health score, N(0, 1), higher = worse
    "wage": np.float64,  # lasting log-earnings effect
    "edu": np.int8,  # highest education the person will reach; -1 not yet known
    "done": np.int8,  # finished upper secondary within five years: -1 unknown, 0, 1
    "shock": np.float64,  # AR(1) yearly employment shock
}


@dataclass
class YearState:
    """One year's register rows as arrays (n,), before the table is built."""

    person_id: np.ndarray
    subdistrict: np.ndarray  # index into the parameters' codes
    age: np.ndarray
    sex: np.ndarray
    household_id: np.ndarray
    household_type: np.ndarray
    employed: np.ndarray
    household_income: np.ndarray
    low_income: np.ndarray
    education: np.ndarray  # -1 = not known (under 16)
    completed: np.ndarray  # -1 = not in the cohort
    disability: np.ndarray
    rooms: np.ndarray
    area: np.ndarray
    died: np.ndarray


class Simulation:
    """The synthetic city: call `step()` once per year, in order, for that year's rows."""

    def __init__(self, params: SubdistrictParameters, seed: int, scale: float):
        if not scale > 0:
            raise ValueError("scale must be positive")
        self.p = params
        self.scale = scale
        self.rng = np.random.default_rng(seed)
        self.n_sub = len(params.codes)
        # Where movers go: mostly within their own district, and sorted by circumstances -
        # the worse off a household, the more it leans towards areas with more worklessness.
        district = params.district_index
        same = (district[:, None] == district[None, :]) * (SAME_DISTRICT - 1.0) + 1.0
        self.destination_weight = same * params.population[None, :, -1]
        self.area_deprivation = probit(params.rates["not_employed_30_59"][:, 0]) - probit(0.15)
        # Households.
        self.h_sub = np.zeros(0, dtype=np.int64)
        self.h_latent = np.zeros(0)
        self.h_rooms = np.zeros(0, dtype=np.int8)
        self.h_area = np.zeros(0)
        # People.
        self.next_pid = 1
        self.people = {name: np.zeros(0, dtype=dtype) for name, dtype in _PERSON_DTYPES.items()}
        self.dying = np.zeros(0, dtype=bool)
        self.t = -1

    # ----------------------------------------------------------------- bookkeeping
    def _rate(self, name: str, sub: np.ndarray) -> np.ndarray:
        return self.p.rates[name][sub, self.t]

    def _add_households(self, sub: np.ndarray, latent: np.ndarray, size: np.ndarray) -> np.ndarray:
        rooms, area = draw_dwellings(self.rng, size, latent, self._rate("crowded", sub))
        first = len(self.h_sub)
        self.h_sub = np.concatenate([self.h_sub, sub])
        self.h_latent = np.concatenate([self.h_latent, latent])
        self.h_rooms = np.concatenate([self.h_rooms, rooms])
        self.h_area = np.concatenate([self.h_area, area])
        return np.arange(first, first + len(sub))

    def _add_people(self, hh: np.ndarray, age: np.ndarray, sex: np.ndarray, role: np.ndarray):
        rng, n = self.rng, len(hh)
        z = self.h_latent[hh]
        u = 0.75 * z + 0.66 * rng.standard_normal(n)
        new = {
            "pid": np.arange(self.next_pid, self.next_pid + n, dtype=np.int64),
            "hh": hh.astype(np.int64),
            "age": age.astype(np.int64),
            "sex": sex.astype(np.int8),
            "role": role.astype(np.int8),
            "u": u,
            "v": 0.8 * u + 0.6 * rng.standard_normal(n),
            "s": 0.7 * u + 0.71 * rng.standard_normal(n),
            "h": 0.6 * u + 0.8 * rng.standard_normal(n),
            "wage": 0.22 * (-0.45 * u + 0.89 * rng.standard_normal(n)),
            "edu": np.full(n, UNKNOWN, dtype=np.int8),
            "done": np.full(n, UNKNOWN, dtype=np.int8),
            "shock": rng.standard_normal(n),
        }
        self.next_pid += n
        adult = new["age"] > COHORT_AGE
        new["edu"][adult] = self._entrant_education(new["s"][adult], self.h_sub[hh[adult]])
        for name, values in new.items():
            self.people[name] = np.concatenate(
                [self.people[name], values.astype(_PERSON_DTYPES[name])]
            )
        self.dying = np.concatenate([self.dying, np.zeros(n, dtype=bool)])

    def _keep(self, keep: np.ndarray):
        for name in self.people:
            self.people[name] = self.people[name][keep]
        self.dying = self.dying[keep]

    def _entrant_education(self, s: np.ndarray, sub: np.ndarray) -> np.ndarray:
        """Education of someone who arrives as an adult: from the area's adult levels."""
        q = norm_cdf(s)  # higher = worse off
        edu = np.full(len(s), UPPER_SECONDARY, dtype=np.int8)
        edu[q > 1.0 - self._rate("low_education_30_59", sub)] = BASIC
        edu[q < self._rate("higher_education_30_59", sub)] = HIGHER
        return edu

    def _centred(self, score: np.ndarray, sub: np.ndarray) -> np.ndarray:
        """A lasting score minus its mean among the area's residents this year.

        Movers sort by disadvantage, so areas drift away from N(0, 1); centring keeps each
        area's rates on its parameters while sorting still decides who is affected.
        """
        return score - group_mean(score, sub, self.n_sub, np.zeros(self.n_sub))[sub]

    def _settle(self, new: NewHouseholds):
        """Add households built by `build_households` (with dwellings) and their members."""
        hh = self._add_households(new.subdistrict, new.latent, new.size)
        self._add_people(hh[new.household], new.age, new.sex, new.role)

    def _fill(self, mode: str):
        """Add households until every subdistrict reaches this year's target population."""
        target = np.round(self.p.population[:, self.t] * self.scale)
        mean_size = 2.6  # a first guess on the high side, so the first batch falls short
        for _ in range(30):
            current = np.bincount(self.h_sub[self.people["hh"]], minlength=self.n_sub)
            deficit = target - current
            if not (deficit > 0).any():
                return
            n_h = np.where(deficit > 0, np.ceil(deficit / mean_size), 0).astype(np.int64)
            sub = np.repeat(np.arange(self.n_sub), n_h)
            new = build_households(
                self.rng, sub, self.p.household_mix, self.p.children_per_family, mode
            )
            self._settle(new)
            mean_size = max(1.0, float(new.size.mean())) * 1.15

    def _pick_destination(self, origin: np.ndarray, latent: np.ndarray) -> np.ndarray:
        sorting = np.exp(SORTING * latent[:, None] * self.area_deprivation[None, :])
        weights = self.destination_weight[origin] * sorting
        cum = np.cumsum(weights / weights.sum(axis=1, keepdims=True), axis=1)
        return (self.rng.random(len(origin))[:, None] > cum[:, :-1]).sum(axis=1)

    def _household_counts(self):
        p, n_h = self.people, len(self.h_sub)
        role, hh = p["role"], p["hh"]
        counts = {
            r: np.bincount(hh, weights=role == r, minlength=n_h).astype(np.int64)
            for r in (HEAD, PARTNER, CHILD, MEMBER)
        }
        counts["size"] = np.bincount(hh, minlength=n_h)
        return counts

    def _tidy_households(self):
        """Give every household a head when one has left or died."""
        c = self._household_counts()
        p = self.people
        hh, role = p["hh"], p["role"]
        promote_partner = (c[HEAD] == 0) & (c[PARTNER] >= 1)
        role[(role == PARTNER) & promote_partner[hh]] = HEAD
        orphans = (c[HEAD] == 0) & (c[PARTNER] == 0) & (c[CHILD] >= 1)
        role[(role == CHILD) & orphans[hh]] = MEMBER
        lone_member = (c[HEAD] + c[PARTNER] + c[CHILD] == 0) & (c[MEMBER] == 1)
        role[(role == MEMBER) & lone_member[hh]] = HEAD

    # ----------------------------------------------------------------- demography
    def _transition(self):
        rng, p = self.rng, self.people
        alive = ~self.dying
        # Last year's mothers (alive at year end) give birth; babies are age 0 on 1 January.
        c = self._household_counts()
        in_couple = c[PARTNER][p["hh"]] > 0
        mother = alive & (p["sex"] == FEMALE) & np.isin(p["role"], [HEAD, PARTNER])
        rate = _FERTILITY[p["age"]] * np.where(in_couple, 1.0, 0.25)
        rate = rate * self.p.fertility[self.h_sub[p["hh"]]]
        births = p["hh"][mother & (rng.random(len(rate)) < rate)]
        self._keep(alive)
        self._tidy_households()
        self.people["age"] = np.minimum(self.people["age"] + 1, MAX_AGE)
        self._add_people(
            births,
            np.zeros(len(births)),
            (rng.random(len(births)) < 0.513),
            np.full(len(births), CHILD),
        )
        self._splits()
        self._partners_join()
        self._migrate()
        self._tidy_households()
        self._fill("incoming")

    def _splits(self):
        """Young adults leave home, couples separate, shared flats break up."""
        rng, p = self.rng, self.people
        n = len(p["pid"])
        c = self._household_counts()
        hh, role = p["hh"], p["role"]
        leave = (role == CHILD) & (rng.random(n) < _LEAVE_HOME[p["age"]])
        couple = (c[HEAD] == 1) & (c[PARTNER] == 1)
        split = couple & (rng.random(len(couple)) < np.where(c[CHILD] > 0, 0.02, 0.025))
        leave |= split[hh] & np.isin(role, [HEAD, PARTNER]) & (p["sex"] == MALE)
        leave |= (role == MEMBER) & (rng.random(n) < 0.15)
        stay = leave & (rng.random(n) < 0.75)
        gone = leave & ~stay
        idx = np.flatnonzero(stay)
        sub = self._pick_destination(self.h_sub[hh[idx]], p["u"][idx])
        new_hh = self._add_households(sub, p["u"][idx], np.ones(len(idx), dtype=np.int64))
        p["hh"][idx] = new_hh
        p["role"][idx] = HEAD
        self._keep(~gone)

    def _partners_join(self):
        rng, p = self.rng, self.people
        c = self._household_counts()
        head = p["role"] == HEAD
        single = (c["size"] == 1)[p["hh"]]
        joins = head & single & (p["age"] >= 23) & (p["age"] <= 45)
        joins &= rng.random(len(joins)) < 0.05
        idx = np.flatnonzero(joins)
        age = np.clip(p["age"][idx] + np.round(rng.normal(0, 3, len(idx))), 18, MAX_AGE)
        self._add_people(p["hh"][idx], age, 1 - p["sex"][idx], np.full(len(idx), PARTNER))

    def _migrate(self):
        """Whole households leave the city or move to another dwelling in it."""
        rng, p = self.rng, self.people
        n_h = len(self.h_sub)
        c = self._household_counts()
        head_age = np.zeros(n_h, dtype=np.int64)
        np.maximum.at(head_age, p["hh"], np.where(p["role"] != CHILD, p["age"], 0))
        live = c["size"] > 0
        leave = live & (rng.random(n_h) < _LEAVE_CITY[head_age] * np.where(c[CHILD] > 0, 1.2, 1.0))
        crowded = _crowded(c["size"], self.h_rooms, self.h_area)
        move = live & ~leave & (rng.random(n_h) < _MOVE[head_age] * np.where(crowded, 2.0, 1.0))
        idx = np.flatnonzero(move)
        dest = self._pick_destination(self.h_sub[idx], self.h_latent[idx])
        rooms, area = draw_dwellings(
            rng, c["size"][idx], self.h_latent[idx], self.p.rates["crowded"][dest, self.t]
        )
        self.h_sub[idx], self.h_rooms[idx], self.h_area[idx] = dest, rooms, area
        self._keep(~leave[p["hh"]])

    # ----------------------------------------------------------------- one year
    def step(self) -> YearState:
        """Advance to the next year and return its register rows."""
        self.t += 1
        if self.t == 0:
            self._fill("resident")
        else:
            self._transition()
        return self._attributes()

    def _attributes(self) -> YearState:
        rng, p, t = self.rng, self.people, self.t
        year = self.p.years[t]
        n = len(p["pid"])
        hh, age = p["hh"], p["age"]
        sub = self.h_sub[hh]
        n_h = len(self.h_sub)
        c = self._household_counts()

        # Household type from who lives there.
        kind = np.full(n_h, OTHER, dtype=np.int8)
        one_head = (c[HEAD] == 1) & (c[MEMBER] == 0)
        kind[one_head & (c[PARTNER] == 1) & (c[CHILD] == 0)] = COUPLE
        kind[one_head & (c[PARTNER] == 1) & (c[CHILD] > 0)] = FAMILY
        kind[one_head & (c[PARTNER] == 0) & (c[CHILD] == 0)] = SINGLE
        kind[one_head & (c[PARTNER] == 0) & (c[CHILD] > 0)] = LONE_PARENT

        # Education: the 21-year-olds of the year learn whether they finished in five years.
        edu, done, s = p["edu"], p["done"], p["s"]
        cohort = (edu == UNKNOWN) & (age >= COHORT_AGE)
        q = norm_cdf(self._centred(s, sub)[cohort])
        p_nc = self._rate("not_completing_upper_sec", sub[cohort])
        finished = q <= 1.0 - p_nc
        late = ~finished & (q <= 1.0 - 0.6 * p_nc)
        higher = finished & (q < self._rate("higher_education_30_59", sub[cohort]))
        done[cohort] = finished
        edu[cohort] = np.where(higher, HIGHER, np.where(finished | late, UPPER_SECONDARY, BASIC))
        cap = np.where(age < COHORT_AGE, BASIC, np.where(age < 24, UPPER_SECONDARY, HIGHER))
        cap = np.where((done == 0) & (age < 23), BASIC, cap)
        education = np.where(age < 16, UNKNOWN, np.minimum(np.maximum(edu, BASIC), cap))
        completed = np.where(age == COHORT_AGE, done, UNKNOWN)

        rates = {name: values[:, t] for name, values in self.p.rates.items()}
        health = norm_cdf(self._centred(p["h"], sub))
        disability = draw_disability(age, sub, health, rates["disability_16_66"])
        p["shock"] = 0.5 * p["shock"] + np.sqrt(0.75) * rng.standard_normal(n)
        score = np.sqrt(0.6) * self._centred(p["v"], sub) + np.sqrt(0.4) * p["shock"]
        employed = draw_employment(
            age, sub, disability, score, rates["not_employed_30_59"], rates["disability_16_66"]
        )
        income = draw_incomes(
            rng, year, age, p["sex"], education, employed, disability, p["wage"],
            self.p.earnings[sub],
        )  # fmt: skip
        hh_income, low_income = household_income(hh, age, income, n_h)
        died = draw_deaths(rng, age, sub, p["u"], rates["mortality_55_79"])
        self.dying = died

        return YearState(
            person_id=p["pid"],
            subdistrict=sub,
            age=age,
            sex=p["sex"],
            household_id=hh + 1,
            household_type=kind[hh],
            employed=employed,
            household_income=hh_income,
            low_income=low_income,
            education=education,
            completed=completed,
            disability=disability,
            rooms=self.h_rooms[hh],
            area=self.h_area[hh],
            died=died,
        )


def _crowded(size: np.ndarray, rooms: np.ndarray, area: np.ndarray) -> np.ndarray:
    """Statistics Norway: (rooms < persons, or one person in one room) and < 25 m2 a person."""
    rooms = rooms.astype(np.int64)
    return ((rooms < size) | ((size == 1) & (rooms == 1))) & (area < 25.0 * size)
