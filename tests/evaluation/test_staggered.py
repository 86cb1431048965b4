"""Callaway & Sant'Anna (2021) group-time effects: parity with the R package did on its own
example (mpdta), a hand-worked 2x2, known effects recovered on a constructed staggered
panel, the control-group and anticipation options, and bad input refused with a message.

Plain tests without a database: the engine is framework-free.
"""

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from omradeloft.evaluation.engine.did import (
    DidInputError,
    MissingColumnsError,
    NoControlUnitsError,
    NonNumericColumnError,
    TreatmentTimingError,
    twfe,
)
from omradeloft.evaluation.engine.staggered import callaway_santanna

MPDTA = Path(__file__).parent / "data" / "mpdta.csv"

# did's vignette and README, summary(att_gt(yname="lemp", tname="year", idname="countyreal",
# gname="first.treat", data=mpdta)): ATT(g,t) as printed, 4 decimals.
PUBLISHED_ATT = {
    (2004, 2004): -0.0105,
    (2004, 2005): -0.0704,
    (2004, 2006): -0.1373,
    (2004, 2007): -0.1008,
    (2006, 2004): 0.0065,
    (2006, 2005): -0.0028,
    (2006, 2006): -0.0046,
    (2006, 2007): -0.0412,
    (2007, 2004): 0.0305,
    (2007, 2005): -0.0027,
    (2007, 2006): -0.0311,
    (2007, 2007): -0.0261,
}
# Analytical standard errors (bstrap=FALSE) of the same call, 9 decimals, from the Python
# port moderndid 0.2.0 (att_gt(..., boot=False)), which reproduces did: its ATT(2004,2004)
# SE rounds to did's published 0.0233, its simple aggregate and pre-test below match did's.
ANALYTICAL_SE = {
    (2004, 2004): 0.023251036,
    (2004, 2005): 0.030984767,
    (2004, 2006): 0.036435664,
    (2004, 2007): 0.034359226,
    (2006, 2004): 0.023326805,
    (2006, 2005): 0.019558561,
    (2006, 2006): 0.017755197,
    (2006, 2007): 0.020229181,
    (2007, 2004): 0.015033560,
    (2007, 2005): 0.016395833,
    (2007, 2006): 0.017877511,
    (2007, 2007): 0.016655435,
}
# aggte(type="dynamic"): R did 2.3.0 and Stata csdid, base_period="varying", 6 decimals, as
# reconciled in the StatsPAI project's parity tests.
PUBLISHED_DYNAMIC = {
    -3: 0.030507,
    -2: -0.000563,
    -1: -0.024459,
    0: -0.019932,
    1: -0.050957,
    2: -0.137259,
    3: -0.100811,
}
# control_group="notyettreated", post-treatment cells: Stata csdid 1.81 with its R-like
# ("asinr") convention, 12 decimals, from the StatsPAI project's Stata parity fixture.
PUBLISHED_NOT_YET_TREATED = {
    (2004, 2004): -0.019372363675922,
    (2004, 2005): -0.078319099062060,
    (2004, 2006): -0.136274346328677,
    (2004, 2007): -0.100811363085404,
    (2006, 2006): 0.004660876319976,
    (2006, 2007): -0.041224471546217,
    (2007, 2007): -0.026054410719197,
}


@pytest.fixture(scope="module")
def mpdta():
    frame = pd.read_csv(MPDTA)
    # did codes never-treated as 0; the engine takes NaN.
    frame["first_treated"] = frame["first.treat"].where(frame["first.treat"] > 0)
    return frame


def fit_mpdta(frame, **options):
    columns = {"unit": "countyreal", "period": "year", "outcome": "lemp"}
    return callaway_santanna(frame, **columns, first_treated="first_treated", **options)


# --- parity with R did on mpdta ------------------------------------------------------------


def test_mpdta_group_time_effects_match_the_published_did_output(mpdta):
    result = fit_mpdta(mpdta)
    assert {(c.group, c.period) for c in result.group_time} == set(PUBLISHED_ATT)
    for (g, t), published in PUBLISHED_ATT.items():
        assert result.att(g, t).estimate == pytest.approx(published, abs=0.001)
        assert result.att(g, t).estimate == pytest.approx(published, abs=5.1e-5)  # rounding
    assert result.att(2004, 2004).std_error == pytest.approx(0.0233, abs=5.1e-5)


def test_mpdta_analytical_standard_errors_match_did(mpdta):
    result = fit_mpdta(mpdta)
    for cell, se in ANALYTICAL_SE.items():
        assert result.att(*cell).std_error == pytest.approx(se, abs=0.002)
        assert result.att(*cell).std_error == pytest.approx(se, abs=1e-9)


def test_mpdta_simple_aggregate_matches_did(mpdta):
    result = fit_mpdta(mpdta)
    # aggte(type="simple", bstrap=FALSE) in R did, as recorded by the StatsPAI project's R
    # parity script: -0.0399512751551772, SE 0.0120340127701854 (did's README prints -0.04).
    assert result.simple.estimate == pytest.approx(-0.0400, abs=0.001)
    assert result.simple.estimate == pytest.approx(-0.0399512751551772, abs=1e-12)
    assert result.simple.std_error == pytest.approx(0.0120340127701854, abs=1e-12)
    z = stats.norm.ppf(0.975)
    assert result.simple.lower == pytest.approx(-0.0399512751551772 - z * 0.0120340127701854)


def test_mpdta_event_time_aggregates_match_did(mpdta):
    result = fit_mpdta(mpdta)
    assert set(result.dynamic) == set(PUBLISHED_DYNAMIC)
    for e, published in PUBLISHED_DYNAMIC.items():
        assert result.dynamic[e].estimate == pytest.approx(published, abs=6e-7)
    assert result.dynamic[0].std_error == pytest.approx(0.011826364, abs=1e-9)  # moderndid
    assert result.dynamic_overall.estimate == pytest.approx(-0.0772, abs=5e-5)
    assert result.dynamic_overall.std_error == pytest.approx(0.019964989, abs=1e-9)


def test_mpdta_pretrend_wald_test_matches_did(mpdta):
    # did prints "P-value for pre-test of parallel trends assumption: 0.16812".
    pretrend = fit_mpdta(mpdta).pretrend
    assert pretrend.p_value == pytest.approx(0.16812, abs=5e-6)
    assert pretrend.df == 5
    assert pretrend.df_denominator is None


def test_mpdta_not_yet_treated_controls_match_did(mpdta):
    result = fit_mpdta(mpdta, control="not_yet_treated")
    for cell, published in PUBLISHED_NOT_YET_TREATED.items():
        assert result.att(*cell).estimate == pytest.approx(published, abs=1e-12)
    # 2004 in 2004: never treated (309) plus the 2006 and 2007 cohorts (40 + 131).
    assert result.att(2004, 2004).n_control == 480
    assert result.att(2004, 2007).n_control == 309


# --- arithmetic ----------------------------------------------------------------------------


def test_two_by_two_effect_and_standard_error_by_hand():
    frame = pd.DataFrame(
        {
            "unit": list("aabbccddee"),
            "period": [2019, 2020] * 5,
            "outcome": [10.0, 14.0, 12.0, 15.0, 9.0, 10.0, 11.0, 13.0, 8.0, 11.0],
            "first_treated": [2020] * 4 + [None] * 6,
        }
    )
    result = callaway_santanna(frame)
    cell = result.att(2020, 2020)
    # Treated changes 4 and 3 (mean 3.5), never-treated 1, 2, 3 (mean 2): ATT = 1.5.
    # psi = 5/2 * (0.5, -0.5) for a, b and -5/3 * (-1, 0, 1) for c, d, e, so
    # Var = sum psi^2 / 5^2 = (2 * 1.5625 + 2 * 25/9) / 25 = 0.3472...
    assert cell.estimate == pytest.approx(1.5, abs=1e-12)
    assert cell.std_error == pytest.approx(np.sqrt((2 * 1.5625 + 2 * 25 / 9) / 25), rel=1e-12)
    assert (cell.base_period, cell.n_treated, cell.n_control, cell.post) == (2019, 2, 3, True)
    # One cell: the simple aggregate is that cell, the share term vanishing.
    assert result.simple.estimate == pytest.approx(1.5, abs=1e-12)
    assert result.simple.std_error == pytest.approx(cell.std_error, rel=1e-12)
    assert result.pretrend is None


def test_cell_standard_error_is_the_robust_standard_error_of_the_two_by_two_regression(mpdta):
    # ATT(g,t) is the coefficient of a regression of Y_t - Y_b on a treated dummy over the
    # group and its controls; its HC0 standard error is the analytical one.
    result = fit_mpdta(mpdta)
    wide = mpdta.pivot(index="countyreal", columns="year", values="lemp")
    group = mpdta.groupby("countyreal")["first_treated"].first()
    keep = (group == 2006) | group.isna()
    change = (wide[2007] - wide[2005])[keep].to_numpy()
    x = np.column_stack([np.ones(keep.sum()), (group[keep] == 2006).to_numpy(float)])
    beta = np.linalg.lstsq(x, change, rcond=None)[0]
    residual = change - x @ beta
    bread = np.linalg.inv(x.T @ x)
    hc0 = bread @ (x * residual[:, None] ** 2).T @ x @ bread
    assert result.att(2006, 2007).estimate == pytest.approx(beta[1], abs=1e-12)
    assert result.att(2006, 2007).std_error == pytest.approx(np.sqrt(hc0[1, 1]), rel=1e-10)


# --- constructed staggered panel -----------------------------------------------------------

YEARS = np.arange(2008, 2017)
COHORTS = {2010: 40, 2012: 60, 2014: 80}  # first treatment year: units


def truth(g, t):
    """The built-in ATT(g, t): grows with exposure and differs by cohort."""
    return 0.0 if t < g else {2010: 1.0, 2012: 2.0, 2014: 3.0}[g] * (1 + 0.5 * (t - g))


def constructed(never=120, anticipation_effect=0.0, seed=0):
    """Units in COHORTS plus `never` never-treated units over 2008-2016; y = unit effect +
    cohort level + year shock + truth(g, t) + anticipation_effect in year g - 1 + noise."""
    rng = np.random.default_rng(seed)
    first = np.concatenate(
        [np.full(n, float(g)) for g, n in COHORTS.items()] + [np.full(never, np.nan)]
    )
    units = len(first)
    unit = np.repeat(np.arange(units), len(YEARS))
    year = np.tile(YEARS, units)
    g = first[unit]
    effect = np.array([truth(gi, t) if gi == gi else 0.0 for gi, t in zip(g, year, strict=True)])
    outcome = (
        rng.normal(0, 1, units)[unit]
        + np.nan_to_num(g - 2008) * 0.3  # cohorts differ in level, not in trend
        + rng.normal(0, 1, len(YEARS))[year - YEARS[0]]
        + effect
        + anticipation_effect * (year == g - 1)
        + rng.normal(0, 0.1, len(unit))
    )
    return pd.DataFrame({"unit": unit, "period": year, "outcome": outcome, "first_treated": g})


def test_constructed_panel_recovers_every_group_time_effect():
    result = callaway_santanna(constructed())
    assert result.groups == (2010, 2012, 2014)
    for cell in result.group_time:
        assert cell.estimate == pytest.approx(truth(cell.group, cell.period), abs=0.1)
        assert cell.lower < truth(cell.group, cell.period) + 0.1
        assert cell.upper > truth(cell.group, cell.period) - 0.1
        assert cell.base_period == (cell.group - 1 if cell.post else cell.period - 1)
    assert result.pretrend.p_value > 0.01


def test_constructed_panel_aggregates_recover_the_weighted_truth():
    result = callaway_santanna(constructed())
    post = [(g, t) for g in COHORTS for t in YEARS if t >= g]
    weights = np.array([COHORTS[g] for g, _ in post], dtype=float)
    simple = np.average([truth(g, t) for g, t in post], weights=weights)
    assert result.simple.estimate == pytest.approx(simple, abs=0.05)
    for e in (0, 2, 4):
        cohorts = [g for g in COHORTS if g + e <= YEARS[-1]]
        dynamic = np.average(
            [truth(g, g + e) for g in cohorts], weights=[COHORTS[g] for g in cohorts]
        )
        assert result.dynamic[e].estimate == pytest.approx(dynamic, abs=0.05)
    assert result.dynamic[-3].estimate == pytest.approx(0.0, abs=0.05)


def test_twfe_is_biased_where_callaway_santanna_is_not():
    # Effects that grow with exposure make already-treated units bad controls for TWFE
    # (Goodman-Bacon 2021); the group-time estimator never uses them.
    frame = constructed(never=20)
    frame["treated"] = frame["period"] >= frame["first_treated"]
    post = [(g, t) for g in COHORTS for t in YEARS if t >= g]
    simple = np.average([truth(g, t) for g, t in post], weights=[COHORTS[g] for g, _ in post])
    assert abs(twfe(frame).estimate - simple) > 0.5
    assert abs(callaway_santanna(frame).simple.estimate - simple) < 0.05


def test_anticipation_moves_the_base_period_back():
    frame = constructed(anticipation_effect=-0.8)
    ignored = callaway_santanna(frame)
    allowed = callaway_santanna(frame, anticipation=1)
    # Ignoring it, the base year g - 1 is already depressed and every effect looks 0.8 larger.
    assert ignored.att(2012, 2013).estimate == pytest.approx(truth(2012, 2013) + 0.8, abs=0.1)
    assert allowed.att(2012, 2013).estimate == pytest.approx(truth(2012, 2013), abs=0.1)
    assert allowed.att(2012, 2013).base_period == 2010
    # The anticipation year itself shows up as a pre-treatment cell.
    assert allowed.att(2012, 2011).estimate == pytest.approx(-0.8, abs=0.1)


def test_not_yet_treated_controls_work_without_never_treated_units():
    frame = constructed(never=0)
    with pytest.raises(
        NoControlUnitsError, match=r"no unit is never treated .* use control='not_yet_treated'"
    ):
        callaway_santanna(frame)
    result = callaway_santanna(frame, control="not_yet_treated")
    # As in did, the last cohort (2014) is then the comparison group of last resort, not a
    # group of its own, and from 2014 on nobody is untreated: those cells have no controls.
    assert result.groups == (2010, 2012)
    assert set(result.skipped) == {(g, t) for g in (2010, 2012) for t in (2014, 2015, 2016)}
    assert result.att(2010, 2012).estimate == pytest.approx(truth(2010, 2012), abs=0.1)
    assert result.att(2010, 2012).n_control == 80  # the 2014 cohort; 2012 is treated
    assert result.att(2010, 2011).n_control == 140  # the 2012 and 2014 cohorts
    with pytest.raises(KeyError, match=r"no ATT\(2014, 2014\) was estimated"):
        result.att(2014, 2014)


def test_units_treated_from_the_first_period_are_dropped_as_they_have_no_base_period():
    frame = constructed(seed=3)
    baseline = callaway_santanna(frame)
    extra = constructed(seed=4).query("unit < 10")  # ten units of the 2010 cohort
    extra["unit"] += 10_000
    extra["first_treated"] = 2008.0  # treated from the first period
    result = callaway_santanna(pd.concat([frame, extra]))
    assert result.dropped_units == tuple(range(10_000, 10_010))
    assert result.att(2012, 2013).estimate == pytest.approx(baseline.att(2012, 2013).estimate)
    assert result.att(2012, 2013).std_error == pytest.approx(baseline.att(2012, 2013).std_error)


def test_units_first_treated_after_the_last_period_count_as_never_treated():
    frame = constructed(seed=3)
    late = frame.copy()
    late.loc[late["first_treated"].isna(), "first_treated"] = 2030.0
    assert callaway_santanna(late).simple == callaway_santanna(frame).simple


# --- bad input -----------------------------------------------------------------------------


def test_callaway_santanna_names_the_missing_columns(mpdta):
    with pytest.raises(MissingColumnsError, match=r"no column 'first_treated'"):
        callaway_santanna(
            mpdta.drop(columns="first_treated"), unit="countyreal", period="year", outcome="lemp"
        )


def test_callaway_santanna_refuses_a_unit_with_two_first_treatment_periods(mpdta):
    frame = mpdta.copy()
    frame.loc[(frame["countyreal"] == 8001) & (frame["year"] == 2007), "first_treated"] = np.nan
    with pytest.raises(
        TreatmentTimingError,
        match=r"unit 8001 has 2 first-treatment periods in column 'first_treated' "
        r"\(2007, never\); expected one value per unit",
    ):
        fit_mpdta(frame)


def test_callaway_santanna_refuses_a_non_numeric_outcome(mpdta):
    frame = mpdta.copy()
    frame["lemp"] = frame["lemp"].map("{:.3f}".format)
    with pytest.raises(
        NonNumericColumnError,
        match=r"the outcome column 'lemp' must hold numbers; it holds '8.461'",
    ):
        fit_mpdta(frame)


def test_callaway_santanna_refuses_an_unbalanced_panel(mpdta):
    frame = mpdta.drop(index=mpdta.index[(mpdta["countyreal"] == 8019) & (mpdta["year"] == 2005)])
    with pytest.raises(
        DidInputError,
        match=r"unit 8019 has no row for year 2005; the panel must be balanced, every countyreal "
        r"in every one of the 5 periods \(1 unit\(s\) incomplete\)",
    ):
        fit_mpdta(frame)


def test_callaway_santanna_refuses_an_unknown_control_group(mpdta):
    with pytest.raises(DidInputError, match=r"control must be one of .* not 'nevertreated'"):
        fit_mpdta(mpdta, control="nevertreated")


def test_callaway_santanna_refuses_a_negative_anticipation(mpdta):
    with pytest.raises(DidInputError, match=r"anticipation must be a whole number >= 0, not -1"):
        fit_mpdta(mpdta, anticipation=-1)
