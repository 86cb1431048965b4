"""Yearly attributes of the SYNTHETIC register's people (invented rules, numpy only).

Each function takes per-person arrays (n,) and per-subdistrict targets (n_subdistricts,) for
one year and returns per-person arrays. Where a target is a rate for an age band, the draw is
calibrated on the people actually living in each subdistrict that year, so the expected rate
matches the parameter whatever the area's age structure.
"""

import numpy as np

from ._stats import expit, group_mean, logit, norm_cdf
from .households import FEMALE, MAX_AGE

# Share of the 30-59 employment rate reached at other ages.
EMPLOYMENT_AGE = np.zeros(MAX_AGE + 1)
for _lo, _hi, _f in [(16, 17, 0.35), (18, 19, 0.55), (20, 24, 0.75), (25, 29, 0.92),
                     (30, 59, 1.0), (60, 61, 0.9), (62, 64, 0.75), (65, 66, 0.55),
                     (67, 69, 0.22), (70, 74, 0.08)]:  # fmt: skip
    EMPLOYMENT_AGE[_lo : _hi + 1] = _f
EARNINGS_AGE = np.interp(
    np.arange(MAX_AGE + 1),
    [16, 19, 22, 27, 35, 45, 60, 67],
    [0.25, 0.3, 0.6, 0.85, 0.97, 1.05, 1.0, 0.8],
)
EARNINGS_EDUCATION = np.array([285_000.0, 330_000.0, 410_000.0])  # 2008 NOK after tax
BASE_MORTALITY = np.where(
    np.arange(MAX_AGE + 1) >= 30,
    np.minimum(0.6, np.exp(-10.9 + 0.094 * np.arange(MAX_AGE + 1))),
    0.0003,
)
BASE_MORTALITY[0] = 0.0025
DISABILITY_AGE_SLOPE = 0.085  # log odds per year of age
CHILD_BENEFIT = 11_640.0
WAGE_GROWTH = 1.032


def draw_disability(
    age: np.ndarray, sub: np.ndarray, health: np.ndarray, target: np.ndarray
) -> np.ndarray:
    """Disability benefit at 16-66: age-graded odds, calibrated to each area's 16-66 rate.

    health: U(0, 1) per person, fixed for life (higher = worse), so the same people stay on
    the benefit as they age.
    """
    n_sub = len(target)
    working_age = (age >= 16) & (age <= 66)
    slope = DISABILITY_AGE_SLOPE * (age - 45.0)
    alpha = logit(target)
    w_sub, w_slope = sub[working_age], slope[working_age]
    count = np.bincount(w_sub, minlength=n_sub)
    for _ in range(6):  # Newton steps on each area's intercept
        prob = expit(alpha[w_sub] + w_slope)
        f = np.bincount(w_sub, weights=prob, minlength=n_sub) - count * target
        df = np.bincount(w_sub, weights=prob * (1 - prob), minlength=n_sub)
        step = np.zeros(n_sub)
        np.divide(f, df, out=step, where=df > 0)
        alpha -= np.clip(step, -2, 2)
    return working_age & (health > 1.0 - expit(alpha[sub] + slope))


def draw_employment(
    age: np.ndarray,
    sub: np.ndarray,
    disability: np.ndarray,
    score: np.ndarray,
    not_employed: np.ndarray,
    disability_target: np.ndarray,
) -> np.ndarray:
    """Employed in November: the area's 30-59 not-employed rate, counting disabled people in.

    score: N(0, 1) per person this year (higher = less likely to work).
    """
    n_sub = len(not_employed)
    core = (age >= 30) & (age <= 59)
    dis_share = group_mean(disability[core].astype(float), sub[core], n_sub, disability_target)
    rest = np.clip((not_employed - dis_share) / np.maximum(1.0 - dis_share, 0.05), 0.01, 0.95)
    p_employed = (1.0 - rest[sub]) * EMPLOYMENT_AGE[age]
    return ~disability & (norm_cdf(score) < p_employed)


def draw_incomes(
    rng: np.random.Generator,
    year: int,
    age: np.ndarray,
    sex: np.ndarray,
    education: np.ndarray,
    employed: np.ndarray,
    disability: np.ndarray,
    wage_effect: np.ndarray,
    earnings_level: np.ndarray,
) -> np.ndarray:
    """Personal income after tax in NOK (nominal): earnings, benefits, pensions, child benefit."""
    n = len(age)
    level = np.maximum(education, 0)
    part_time = rng.random(n) < np.where(sex == FEMALE, 0.14, 0.06)
    earnings = (
        EARNINGS_EDUCATION[level]
        * EARNINGS_AGE[age]
        * earnings_level
        * np.exp(wage_effect + 0.10 * rng.standard_normal(n))
        * np.where(part_time, 0.5, 1.0)
    )
    noise = np.exp(0.3 * rng.standard_normal(n))
    homemaker = rng.random(n) < 0.18
    other = np.where(homemaker, 40_000.0, 170_000.0 * noise)  # benefits, or next to nothing
    other = np.where(age < 30, 120_000.0 * noise, other)  # students, first jobs
    other = np.where(age < 20, 15_000.0, other)
    other = np.where(disability, 215_000.0 * noise**0.3, other)
    income = np.where(employed, earnings, np.where(age >= 16, other, 0.0))
    pension = 210_000.0 * (1.0 + 0.25 * level) * noise**0.5
    income = income + np.where(age >= 67, pension, 0.0)
    income = income + np.where(age < 18, CHILD_BENEFIT, 0.0)
    return income * WAGE_GROWTH ** max(year - 2008, 0)


def household_income(
    household: np.ndarray, age: np.ndarray, income: np.ndarray, n_households: int
) -> tuple[np.ndarray, np.ndarray]:
    """Each person's household income (rounded NOK) and the EU60 low-income flag.

    Income per consumption unit uses the modified EU scale (1 for the first person aged 14 or
    over, 0.5 for each other person 14+, 0.3 for each child under 14); the line is 60 % of the
    median over all persons given, i.e. over the whole register that year.
    """
    total = np.round(np.bincount(household, weights=income, minlength=n_households))
    grown = np.bincount(household, weights=age >= 14, minlength=n_households)
    young = np.bincount(household, weights=age < 14, minlength=n_households)
    units = np.maximum(1.0 + 0.5 * np.maximum(grown - 1, 0) + 0.3 * young, 1.0)
    per_unit = (total / units)[household]
    return total[household], per_unit < 0.6 * np.median(per_unit)


def draw_deaths(
    rng: np.random.Generator,
    age: np.ndarray,
    sub: np.ndarray,
    disadvantage: np.ndarray,
    target: np.ndarray,
) -> np.ndarray:
    """Deaths in the year: Gompertz by age, scaled to each area's 55-79 rate (per person)."""
    n_sub = len(target)
    base = BASE_MORTALITY[age] * np.exp(0.3 * disadvantage - 0.045)
    band = (age >= 55) & (age <= 79)
    reference = np.full(n_sub, float(np.mean(BASE_MORTALITY[55:80])))
    mean_base = group_mean(base[band], sub[band], n_sub, reference)
    factor = target / np.maximum(mean_base, 1e-9)
    return (rng.random(len(age)) < np.minimum(base * factor[sub], 0.9)) | (age >= MAX_AGE)
