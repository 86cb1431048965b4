"""Invented parameters for the SYNTHETIC Oslo register.

Every number in this module is made up. The table is shaped to resemble the east-west gradient
that Oslo kommune publishes in its living-conditions statistics (levekår) - Groruddalen
(09 Bjerke, 10 Grorud, 11 Stovner, 12 Alna), the inner east (01 Gamle Oslo, 02 Grünerløkka) and
15 Søndre Nordstrand worse on most indicators, the west (05 Frogner, 06 Ullern, 07 Vestre Aker,
08 Nordre Aker) better - but no value is a real, published figure for any area. Nothing here
may be shown as a statistic about Oslo.

The parameters are kept per district (bydel). Subdistricts (delbydeler) get their own values by
random variation around their district, drawn from the seed and the subdistrict code, so a
subdistrict looks the same whether the register is generated for all 96 or for a handful.

Levels are for 2008; `TRENDS` moves them gently year by year, `YEAR_SHOCKS` adds city-wide
bumps (the 2009 financial crisis, the 2020-21 pandemic) and every subdistrict gets a small
autocorrelated yearly wobble. Rates are moved on the probit scale, mortality on the log scale.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ._stats import norm_cdf, probit

DEFAULT_SUBDISTRICTS_GEOJSON = Path(__file__).parents[1] / "data" / "oslo" / "subdistricts.geojson"
BASE_YEAR = 2008
POPULATION_YEAR = 2025
HOUSEHOLD_TYPES = ("single", "couple_no_children", "couple_with_children", "single_parent", "other")


@dataclass(frozen=True)
class Demography:
    """How a district's households look (all invented)."""

    code: str
    name: str
    subdistricts: int  # how many subdistricts the district has (sizes each of them)
    population_2025: int  # residents in 2025 at scale 1.0
    growth_pct: float  # yearly population growth 2008-2025, percent
    household_mix_pct: tuple[int, int, int, int, int]  # percent, in HOUSEHOLD_TYPES order
    children_per_family: float  # mean number of children of a couple with children
    fertility: float  # relative to the city-wide birth rates
    earnings: float  # relative earnings level of the employed (1.0 = city average)

    @property
    def growth(self) -> float:
        return self.growth_pct / 100.0

    @property
    def household_mix(self) -> tuple[float, ...]:
        return tuple(share / 100.0 for share in self.household_mix_pct)


# fmt: off
DEMOGRAPHY: tuple[Demography, ...] = (
    #                                 subs  pop 2025 growth  single couple family lone other
    #                                                        (household mix, %)   kids  fert earn
    Demography("01", "Gamle Oslo",        9, 64_000, 2.0, (53, 15, 16,  7,  9), 2.1, 1.05, 0.92),
    Demography("02", "Grünerløkka",       8, 66_000, 1.7, (58, 17, 12,  5,  8), 1.7, 0.85, 0.96),
    Demography("03", "Sagene",            5, 48_000, 1.6, (58, 18, 13,  5,  6), 1.6, 0.85, 1.00),
    Demography("04", "St. Hanshaugen",    5, 41_000, 1.3, (62, 17, 10,  4,  7), 1.5, 0.75, 1.08),
    Demography("05", "Frogner",           8, 60_000, 1.0, (58, 20, 15,  4,  3), 1.8, 0.85, 1.30),
    Demography("06", "Ullern",            5, 35_000, 1.1, (40, 27, 26,  5,  2), 1.9, 1.00, 1.32),
    Demography("07", "Vestre Aker",       7, 52_000, 1.1, (36, 28, 29,  5,  2), 2.0, 1.00, 1.35),
    Demography("08", "Nordre Aker",       8, 54_000, 1.4, (40, 25, 27,  5,  3), 1.8, 1.00, 1.25),
    Demography("09", "Bjerke",            5, 36_000, 2.2, (45, 18, 22,  9,  6), 2.1, 1.10, 0.93),
    Demography("10", "Grorud",            5, 28_000, 1.1, (38, 19, 26, 11,  6), 2.2, 1.15, 0.97),
    Demography("11", "Stovner",           6, 34_000, 1.0, (36, 19, 28, 11,  6), 2.2, 1.20, 0.97),
    Demography("12", "Alna",              7, 50_000, 1.2, (40, 19, 26, 10,  5), 2.2, 1.15, 0.97),
    Demography("13", "Østensjø",          6, 52_000, 1.2, (44, 23, 22,  7,  4), 1.8, 1.00, 1.02),
    Demography("14", "Nordstrand",        6, 53_000, 1.0, (40, 25, 26,  6,  3), 1.8, 1.00, 1.15),
    Demography("15", "Søndre Nordstrand", 6, 40_000, 1.0, (34, 18, 30, 12,  6), 2.2, 1.20, 0.97),
)

# 2008 levels per district, in percent; mortality in deaths per 1,000 residents aged 55-79.
# All but `crowded` drive draws directly; `crowded` sets the chance that a household's dwelling
# is crowded when it moves in (the realised share also follows births and moves). Low income is
# not a parameter: it follows from the generated incomes (earnings, employment, family size).
LEVEL_NAMES = (
    "not_employed_30_59",        # not employed, 30-59
    "low_education_30_59",       # compulsory school only, 30-59 (adults moving in)
    "higher_education_30_59",    # higher education, 30-59
    "disability_16_66",          # disability benefit, 16-66
    "not_completing_upper_sec",  # not finished upper secondary within five years
    "mortality_55_79",           # deaths per 1,000 aged 55-79
    "crowded",                   # persons in crowded dwellings (at move-in)
)
LEVELS_2008_BY_DISTRICT: dict[str, tuple[float, ...]] = {
    #      not_emp  low_edu  higher  disab  not_compl  mort  crowded
    "01": (  24.0,    25.0,   45.0,   8.0,    26.0,   12.5,   30.0),  # Gamle Oslo
    "02": (  17.0,    14.0,   58.0,   6.0,    21.0,   10.5,   24.0),  # Grünerløkka
    "03": (  14.0,    11.0,   58.0,   6.0,    18.0,   10.0,   19.0),  # Sagene
    "04": (  12.0,     8.0,   66.0,   4.5,    15.0,    8.5,   16.0),  # St. Hanshaugen
    "05": (  10.0,     7.0,   70.0,   4.0,    12.0,    6.5,   10.0),  # Frogner
    "06": (   9.0,     6.5,   68.0,   4.0,    11.0,    6.5,    7.0),  # Ullern
    "07": (   8.5,     6.0,   72.0,   3.8,    10.0,    6.0,    6.0),  # Vestre Aker
    "08": (   8.0,     6.0,   74.0,   3.8,    10.0,    6.0,    7.0),  # Nordre Aker
    "09": (  24.0,    29.0,   33.0,   9.0,    27.0,   11.5,   28.0),  # Bjerke
    "10": (  30.0,    35.0,   24.0,  12.0,    31.0,   13.0,   33.0),  # Grorud
    "11": (  30.0,    36.0,   23.0,  12.0,    30.0,   13.0,   33.0),  # Stovner
    "12": (  28.0,    33.0,   27.0,  11.5,    29.0,   12.5,   31.0),  # Alna
    "13": (  14.0,    13.0,   45.0,   7.0,    17.0,    8.5,   14.0),  # Østensjø
    "14": (  11.0,     9.0,   55.0,   5.0,    13.0,    7.5,   10.0),  # Nordstrand
    "15": (  28.0,    33.0,   27.0,  11.5,    29.0,   12.0,   30.0),  # Søndre Nordstrand
}
# fmt: on
DISTRICT_CODES = tuple(d.code for d in DEMOGRAPHY)
# The same table by indicator: name -> levels in DISTRICT_CODES order.
LEVELS_2008: dict[str, tuple[float, ...]] = {
    name: tuple(LEVELS_2008_BY_DISTRICT[code][k] for code in DISTRICT_CODES)
    for k, name in enumerate(LEVEL_NAMES)
}

# Change per year: probit units for rates, log units for mortality (negative = falling).
TRENDS: dict[str, float] = {
    "not_employed_30_59": -0.002,
    "low_education_30_59": -0.012,
    "higher_education_30_59": 0.015,
    "disability_16_66": -0.004,
    "not_completing_upper_sec": -0.020,
    "mortality_55_79": -0.015,
    "crowded": 0.004,
}

# City-wide shocks by year, same units as TRENDS.
YEAR_SHOCKS: dict[str, dict[int, float]] = {
    "not_employed_30_59": {2009: 0.05, 2010: 0.04, 2011: 0.02, 2020: 0.09, 2021: 0.06},
    "mortality_55_79": {2020: 0.03, 2022: 0.04},
}

# How the deprivation shared by a subdistrict's indicators moves each indicator (probit or log
# units per standard deviation); higher education moves the other way.
SHARED_EFFECT = 0.16
SPECIFIC_EFFECT = 0.07
YEARLY_NOISE = 0.035  # standard deviation of the yearly wobble
YEARLY_PERSISTENCE = 0.5  # AR(1) coefficient of the yearly wobble
SUBDISTRICT_SIZE_SPREAD = 0.35  # lognormal spread of subdistrict sizes within a district
SUBDISTRICT_SIZE_RANGE = (3_000, 15_000)  # at scale 1.0
EARNINGS_SPREAD = 0.04  # log earnings per standard deviation of subdistrict deprivation


def read_subdistricts(path: str | Path = DEFAULT_SUBDISTRICTS_GEOJSON) -> list[tuple[str, str]]:
    """(subdistrict code, two-digit district code) for every feature of a subdistrict GeoJSON."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    pairs = []
    for number, feature in enumerate(data.get("features", []), start=1):
        props = feature.get("properties") or {}
        code, district = str(props.get("code", "")).strip(), str(props.get("district", "")).strip()
        if not code or not district:
            raise ValueError(f"{path}: feature {number} lacks a `code` or `district` property")
        pairs.append((code, district.zfill(2)))
    return sorted(pairs)


@dataclass(frozen=True)
class SubdistrictParameters:
    """Parameters resolved per subdistrict (rows) and year (columns); see the module docstring.

    rates: indicator -> float64 array (n_subdistricts, n_years), probabilities in 0..1
    (mortality_55_79: deaths per person-year). population: target residents at scale 1.0.
    """

    codes: tuple[str, ...]
    districts: tuple[str, ...]
    district_index: np.ndarray  # int, (n,) index into DEMOGRAPHY
    years: tuple[int, ...]
    population: np.ndarray  # float64, (n, n_years)
    rates: dict[str, np.ndarray]
    deprivation: np.ndarray  # float64, (n,) shared subdistrict effect in standard deviations
    household_mix: np.ndarray  # float64, (n, 5)
    children_per_family: np.ndarray  # float64, (n,)
    fertility: np.ndarray  # float64, (n,)
    earnings: np.ndarray  # float64, (n,)

    def year_index(self, year: int) -> int:
        return self.years.index(year)


def resolve(subdistricts: list[tuple[str, str]], years: range, seed: int) -> SubdistrictParameters:
    """Spread the district table over `subdistricts` and `years`, deterministically from `seed`."""
    if not years:
        raise ValueError("years is empty")
    if list(years) != list(range(years[0], years[0] + len(years))):
        raise ValueError("years must be consecutive")
    codes = [str(code) for code, _ in subdistricts]
    if len(set(codes)) != len(codes):
        raise ValueError("subdistrict codes must be unique")
    if not codes:
        raise ValueError("no subdistricts given")
    by_code = {d.code: i for i, d in enumerate(DEMOGRAPHY)}
    districts = []
    for code, district in subdistricts:
        district = str(district).zfill(2)
        if district not in by_code:
            raise ValueError(f"subdistrict {code}: unknown district {district!r}")
        districts.append(district)
    district_index = np.array([by_code[d] for d in districts], dtype=np.int64)

    n = len(codes)
    last_year = max(years[-1], POPULATION_YEAR)
    span = np.arange(BASE_YEAR, last_year + 1)
    deprivation = np.empty(n)
    size = np.empty(n)
    specific = np.empty((n, len(LEVELS_2008)))
    wobble = np.empty((n, len(LEVELS_2008), len(span)))
    for i, code in enumerate(codes):
        # One stream per subdistrict: its values do not depend on which others are generated.
        rng = np.random.default_rng([seed, int("".join(c for c in code if c.isdigit()) or 0)])
        deprivation[i] = rng.standard_normal()
        size[i] = rng.standard_normal()
        specific[i] = rng.standard_normal(len(LEVELS_2008))
        # Drawn year by year, so adding later years leaves the earlier ones as they were.
        shocks = rng.standard_normal((len(span), len(LEVELS_2008))).T * YEARLY_NOISE
        shocks *= np.sqrt(1 - YEARLY_PERSISTENCE**2)
        shocks[:, 0] /= np.sqrt(1 - YEARLY_PERSISTENCE**2)
        for k in range(1, len(span)):
            shocks[:, k] += YEARLY_PERSISTENCE * shocks[:, k - 1]
        wobble[i] = shocks
    offsets = np.array([y - BASE_YEAR for y in years], dtype=np.float64)
    cols = np.array([y - BASE_YEAR for y in years])

    rates = {}
    for k, (name, levels) in enumerate(LEVELS_2008.items()):
        level = np.asarray(levels, dtype=np.float64)[district_index]
        sign = -1.0 if name == "higher_education_30_59" else 1.0
        effect = sign * SHARED_EFFECT * deprivation + SPECIFIC_EFFECT * specific[:, k]
        shock = np.array([YEAR_SHOCKS.get(name, {}).get(y, 0.0) for y in years])
        moves = effect[:, None] + TRENDS[name] * offsets[None, :] + shock[None, :]
        moves = moves + np.where(cols >= 0, wobble[:, k, np.clip(cols, 0, None)], 0.0)
        if name == "mortality_55_79":
            rates[name] = (level / 1000.0)[:, None] * np.exp(moves)
        else:
            rates[name] = norm_cdf(probit(level / 100.0)[:, None] + moves)

    demography = [DEMOGRAPHY[i] for i in district_index]
    lo, hi = SUBDISTRICT_SIZE_RANGE
    spread = SUBDISTRICT_SIZE_SPREAD
    base = np.array([d.population_2025 / d.subdistricts for d in demography])
    pop_2025 = np.clip(base * np.exp(spread * size - spread**2 / 2), lo, hi)
    growth = np.array([d.growth for d in demography])
    exponent = np.array([y - POPULATION_YEAR for y in years], dtype=np.float64)
    population = pop_2025[:, None] * (1.0 + growth[:, None]) ** exponent[None, :]

    return SubdistrictParameters(
        codes=tuple(codes),
        districts=tuple(districts),
        district_index=district_index,
        years=tuple(years),
        population=population,
        rates=rates,
        deprivation=deprivation,
        household_mix=np.array([d.household_mix for d in demography], dtype=np.float64),
        children_per_family=np.array([d.children_per_family for d in demography]),
        fertility=np.array([d.fertility for d in demography]),
        earnings=np.array([d.earnings for d in demography])
        * np.exp(-EARNINGS_SPREAD * deprivation),
    )


def expected_population(
    subdistricts: list[tuple[str, str]], year: int, *, seed: int = 2017, scale: float = 1.0
) -> float:
    """The population the generator aims at in `year` for these subdistricts."""
    params = resolve(subdistricts, range(year, year + 1), seed)
    return float(params.population[:, 0].sum() * scale)
