"""Composite deprivation index engine: the three methods by hand, the exponential
transformation, monotonicity, weights, deciles, ties, shrinkage and bad specs.

Plain tests without a database: the engine is framework-free.
"""

import subprocess
import sys
from statistics import NormalDist

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omradeloft.targeting.engine import (
    NO_COUNTS,
    NO_VALUE,
    ZERO_VALUE,
    Component,
    IndexInputError,
    IndexSpec,
    IndexSpecError,
    compute_index,
    deciles,
    exponential_transform,
    normal_quantile,
    ranks_within,
    shrink_rates,
)
from omradeloft.targeting.engine.methods import order_within

# --- factories -----------------------------------------------------------------------------


def long(table, period="2020"):
    """Values from {area: {indicator: value}} for one period, or {period: table}."""
    first = next(iter(table.values()))
    if isinstance(next(iter(first.values())), dict):  # {period: {area: {indicator: value}}}
        return pd.concat([long(t, p) for p, t in table.items()], ignore_index=True)
    rows = [
        (area, period, indicator, value)
        for area, indicators in table.items()
        for indicator, value in indicators.items()
    ]
    return pd.DataFrame(rows, columns=["area", "period", "indicator", "value"])


def spec(method, *components, domain_weights=None, shrinkage=False):
    """A spec from (indicator, weight, higher_is_worse[, domain]) tuples."""
    return IndexSpec(
        method=method,
        components=tuple(Component(*c) for c in components),
        domain_weights=domain_weights,
        shrinkage=shrinkage,
    )


def by_area(result, column):
    """{area: value of column} of a single-period result."""
    return dict(zip(result.scores["area"], result.scores[column], strict=True))


# --- each method against a hand-worked example ------------------------------------------


def test_ratio_to_reference_scores_the_weighted_mean_ratio_times_100():
    values = long(
        {
            "a": {"unemployment": 5.0, "income": 400.0},
            "b": {"unemployment": 10.0, "income": 200.0},
            "c": {"unemployment": 2.5, "income": 500.0},
        }
    )
    reference = pd.DataFrame(
        {"period": ["2020", "2020"], "indicator": ["unemployment", "income"], "value": [5, 400]}
    )
    index = spec(
        "ratio_to_reference", ("unemployment", 0.6, True), ("income", 0.4, False)
    )  # income is higher-is-better: its ratio is reference / value
    result = compute_index(values, index, reference=reference)
    # a: 5/5 = 1,    400/400 = 1    -> 100 · (0.6·1   + 0.4·1)   = 100 (the reference)
    # b: 10/5 = 2,   400/200 = 2    -> 100 · (0.6·2   + 0.4·2)   = 200
    # c: 2.5/5 = .5, 400/500 = 0.8  -> 100 · (0.6·0.5 + 0.4·0.8) = 30 + 32 = 62
    assert by_area(result, "score") == pytest.approx({"a": 100.0, "b": 200.0, "c": 62.0})
    assert by_area(result, "rank") == {"b": 1, "a": 2, "c": 3}
    # N = 3: decile = (rank - 1) · 10 // 3 + 1 -> 1, 4, 7
    assert by_area(result, "decile") == {"b": 1, "a": 4, "c": 7}
    contributions = result.contributions.xs("2020", level="period")
    assert contributions.loc["b"].to_dict() == pytest.approx({"unemployment": 120, "income": 80})
    assert contributions.loc["c"].to_dict() == pytest.approx({"unemployment": 30, "income": 32})
    assert result.missing.empty


def test_zscore_standardises_with_the_population_std_and_flips_higher_is_better():
    values = long(
        {
            "a": {"crowding": 1.0, "employment": 10.0},
            "b": {"crowding": 2.0, "employment": 10.0},
            "c": {"crowding": 3.0, "employment": 20.0},
            "d": {"crowding": 6.0, "employment": 20.0},
        }
    )
    index = spec("zscore", ("crowding", 0.5, True), ("employment", 0.5, False))
    result = compute_index(values, index)
    # crowding: mean 3, deviations -2 -1 0 3, variance (4+1+0+9)/4 = 3.5, std 1.870829
    #   z = -1.069045, -0.534522, 0, 1.603567
    # employment, negated: -10 -10 -20 -20, mean -15, std 5 -> z = 1, 1, -1, -1
    # score = 0.5 · z_crowding + 0.5 · z_employment
    expected = {"a": -0.034522, "b": 0.232739, "c": -0.5, "d": 0.301784}
    assert by_area(result, "score") == pytest.approx(expected, abs=1e-6)
    assert by_area(result, "rank") == {"d": 1, "b": 2, "a": 3, "c": 4}
    assert by_area(result, "decile") == {"d": 1, "b": 3, "a": 6, "c": 8}
    contributions = result.contributions.xs("2020", level="period")
    assert contributions.loc["d"].to_dict() == pytest.approx(
        {"crowding": 0.801784, "employment": -0.5}, abs=1e-6
    )


# X(R) = -23 · ln(1 - R · (1 - e^(-100/23))), 1 - e^(-100/23) = 0.987065:
#   X(0.25)  = -23 · ln(0.753234) = 6.517733
#   X(0.5)   = -23 · ln(0.506467) = 15.646790
#   X(0.625) = -23 · ln(0.383084) = 22.068504
#   X(0.75)  = -23 · ln(0.259701) = 31.009144
#   X(1)     = -23 · ln(0.012935) = 100


def test_exponential_rank_transforms_each_components_rank_and_weights_them():
    values = long(
        {
            "a": {"low_income": 1.0, "employment": 40.0},
            "b": {"low_income": 2.0, "employment": 10.0},
            "c": {"low_income": 3.0, "employment": 30.0},
            "d": {"low_income": 4.0, "employment": 20.0},
        }
    )
    index = spec("exponential_rank", ("low_income", 0.75, True), ("employment", 0.25, False))
    result = compute_index(values, index)
    # low_income, least to most deprived: a b c d -> R = .25 .5 .75 1
    # employment (higher is better), least to most deprived: a c d b -> R a .25 c .5 d .75 b 1
    # a: .75·X(.25) + .25·X(.25) = 6.517733
    # b: .75·X(.5)  + .25·X(1)   = 11.735093 + 25       = 36.735093
    # c: .75·X(.75) + .25·X(.5)  = 23.256858 + 3.911698 = 27.168555
    # d: .75·X(1)   + .25·X(.75) = 75        + 7.752286 = 82.752286
    expected = {"a": 6.517733, "b": 36.735093, "c": 27.168555, "d": 82.752286}
    assert by_area(result, "score") == pytest.approx(expected, abs=1e-6)
    assert by_area(result, "rank") == {"d": 1, "b": 2, "c": 3, "a": 4}
    assert result.contributions.loc[("b", "2020")].to_dict() == pytest.approx(
        {"low_income": 11.735093, "employment": 25.0}, abs=1e-6
    )
    assert result.domains is None


def test_exponential_rank_with_domains_ranks_and_transforms_the_domain_scores():
    values = long(
        {
            "a": {"unemployed": 1.0, "benefits": 4.0, "income": 40.0},
            "b": {"unemployed": 2.0, "benefits": 3.0, "income": 10.0},
            "c": {"unemployed": 3.0, "benefits": 1.0, "income": 30.0},
            "d": {"unemployed": 4.0, "benefits": 2.0, "income": 20.0},
        }
    )
    index = spec(
        "exponential_rank",
        ("unemployed", 0.5, True, "work"),
        ("benefits", 0.5, True, "work"),
        ("income", 1.0, False, "income"),
        domain_weights={"work": 0.6, "income": 0.4},
    )
    result = compute_index(values, index)
    # 1. normal scores Y = Φ⁻¹((rank - ½)/4): ranks 1..4 -> -1.150349 -0.318639 0.318639 1.150349
    #    unemployed: a b c d = ranks 1 2 3 4; benefits: a 4, b 3, c 1, d 2
    # 2. work = .5·Y_unemployed + .5·Y_benefits:
    #    a .5(-1.150349 + 1.150349) = 0, b .5(-0.318639 + 0.318639) = 0,
    #    c .5(0.318639 - 1.150349) = -0.415855, d .5(1.150349 - 0.318639) = 0.415855
    #    ranks: c 1, a and b tie for 2 and 3 -> 2.5 each, d 4 -> R = .25 .625 .625 1
    #    income (one indicator, higher is better): a 1, c 2, d 3, b 4 -> R = .25 .5 .75 1
    # 3. score = .6·X(R_work) + .4·X(R_income)
    #    a: .6·X(.625) + .4·X(.25)  = 13.241102 + 2.607093  = 15.848196
    #    b: .6·X(.625) + .4·X(1)    = 13.241102 + 40        = 53.241102
    #    c: .6·X(.25)  + .4·X(.5)   = 3.910640  + 6.258716  = 10.169356
    #    d: .6·X(1)    + .4·X(.75)  = 60        + 12.403657 = 72.403657
    expected = {"a": 15.848196, "b": 53.241102, "c": 10.169356, "d": 72.403657}
    assert by_area(result, "score") == pytest.approx(expected, abs=1e-6)
    assert by_area(result, "rank") == {"d": 1, "b": 2, "a": 3, "c": 4}
    work = result.domains[result.domains["domain"] == "work"].set_index("area")
    assert work["score"].to_dict() == pytest.approx(
        {"a": 0.0, "b": 0.0, "c": -0.415855, "d": 0.415855}, abs=1e-6
    )
    assert work["transformed"].to_dict() == pytest.approx(
        {"a": 22.068504, "b": 22.068504, "c": 6.517733, "d": 100.0}, abs=1e-6
    )
    assert work["rank"].to_dict() == {"d": 1, "a": 2, "b": 2, "c": 4}  # a and b tie for 2nd
    summed = result.domains.groupby("area")["contribution"].sum()
    assert summed.to_dict() == pytest.approx(expected, abs=1e-6)
    # Component contributions are w · Y and add up to the domain score.
    within = result.contributions[["unemployed", "benefits"]].sum(axis=1).droplevel("period")
    assert within.to_dict() == pytest.approx(work["score"].to_dict(), abs=1e-12)


def test_linear_methods_with_domains_weight_each_component_by_both_levels():
    values = long({"a": {"x": 1.0, "y": 3.0, "z": 5.0}, "b": {"x": 3.0, "y": 1.0, "z": 2.0}})
    index = spec(
        "zscore",
        ("x", 0.5, True, "d1"),
        ("y", 0.5, True, "d1"),
        ("z", 1.0, True, "d2"),
        domain_weights={"d1": 0.25, "d2": 0.75},
    )
    result = compute_index(values, index)
    # two areas: every z-score is ±1. a: x -1, y +1, z +1; b: x +1, y -1, z -1
    # a: .25·(.5·-1 + .5·1) + .75·1 = 0.75; b: -0.75
    assert by_area(result, "score") == pytest.approx({"a": 0.75, "b": -0.75})
    assert result.contributions.loc[("a", "2020")].to_dict() == pytest.approx(
        {"x": -0.125, "y": 0.125, "z": 0.75}
    )
    sums = result.contributions.sum(axis=1).droplevel("period")
    assert sums.to_dict() == pytest.approx(by_area(result, "score"))


# --- the exponential transformation --------------------------------------------------------


def test_exponential_transformation_maps_0_to_0_and_1_to_100():
    assert exponential_transform(0.0) == 0.0
    assert exponential_transform(1.0) == pytest.approx(100.0, abs=1e-12)


def test_exponential_transformation_puts_a_tenth_of_areas_above_50():
    # X(R) = 50  <=>  R = (1 - e^(-50/23)) / (1 - e^(-100/23)) = 0.897882
    assert exponential_transform(0.897882) == pytest.approx(50.0, abs=1e-4)


def test_exponential_transformation_is_increasing_and_convex():
    x = exponential_transform(np.linspace(0, 1, 1001))
    assert (np.diff(x) > 0).all()
    assert (np.diff(x, 2) > 0).all()


def test_exponential_transformation_refuses_scaled_ranks_outside_0_1():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        exponential_transform(np.array([0.5, 1.01]))


def test_normal_quantile_matches_the_standard_library_and_keeps_rank_order():
    p = np.concatenate([np.linspace(1e-6, 1 - 1e-6, 2001), [1e-10, 0.02425, 1 - 1e-10]])
    exact = np.array([NormalDist().inv_cdf(float(q)) for q in p])
    assert np.abs(normal_quantile(p) - exact).max() < 1e-8
    n = 100_000
    assert (np.diff(normal_quantile((np.arange(1, n + 1) - 0.5) / n)) > 0).all()


# --- monotonicity ------------------------------------------------------------------------


@st.composite
def panels(draw, positive=False):
    """(table, components, area index, component index): a few areas, tie-prone values."""
    n_areas = draw(st.integers(2, 7))
    n_components = draw(st.integers(1, 4))
    low = 1 if positive else 0
    table = {
        f"a{i}": {f"c{j}": float(draw(st.integers(low, 6))) for j in range(n_components)}
        for i in range(n_areas)
    }
    raw = [draw(st.integers(0, 5)) for _ in range(n_components)]
    if sum(raw) == 0:
        raw[0] = 1
    weights = [w / sum(raw) for w in raw]
    polarity = [draw(st.booleans()) for _ in range(n_components)]
    components = [(f"c{j}", weights[j], polarity[j]) for j in range(n_components)]
    area = draw(st.integers(0, n_areas - 1))
    return table, components, area, draw(st.integers(0, n_components - 1))


def worsen(table, components, area, component, amount):
    """A copy of table with one value made worse (higher if higher is worse, else lower)."""
    changed = {a: dict(v) for a, v in table.items()}
    indicator, _, higher_is_worse = components[component]
    key = f"a{area}"
    if higher_is_worse:
        changed[key][indicator] += amount
    else:
        changed[key][indicator] = changed[key][indicator] / (1 + amount)  # stays > 0
    return changed


def rank_of(result, area):
    return by_area(result, "rank")[f"a{area}"]


@settings(max_examples=150, deadline=None)
@given(panels(), st.sampled_from([0.5, 1.0, 3.0, 10.0]))
def test_making_one_component_worse_never_improves_an_areas_exponential_rank(case, amount):
    table, components, area, component = case
    index = spec("exponential_rank", *components)
    before = compute_index(long(table), index)
    after = compute_index(long(worsen(table, components, area, component, amount)), index)
    assert rank_of(after, area) <= rank_of(before, area)


def with_domains(components):
    """The components split over two domains (every other one), weights renormalised
    within each domain, equal domain weights."""
    groups = {"d0": components[::2], "d1": components[1::2]}
    groups = {d: members for d, members in groups.items() if members}
    spread = []
    for domain, members in groups.items():
        raw = [w + 1.0 for _, w, _ in members]
        spread += [
            (name, w / sum(raw), worse, domain)
            for (name, _, worse), w in zip(members, raw, strict=True)
        ]
    return spread, {d: 1 / len(groups) for d in groups}


@settings(max_examples=300, deadline=None)
@given(
    panels(positive=True),
    st.sampled_from([0.5, 1.0, 3.0, 10.0]),
    st.sampled_from(["ratio_to_reference", "zscore", "exponential_rank"]),
    st.booleans(),
)
def test_making_one_component_worse_never_lowers_an_areas_own_score(case, amount, method, domains):
    table, components, area, component = case
    if domains:
        spread, domain_weights = with_domains(components)
        index = spec(method, *spread, domain_weights=domain_weights)
    else:
        index = spec(method, *components)
    reference = None
    if method == "ratio_to_reference":
        reference = pd.DataFrame(
            {"period": "2020", "indicator": [c[0] for c in components], "value": 3.0}
        )
    before = compute_index(long(table), index, reference=reference)
    changed = long(worsen(table, components, area, component, amount))
    after = compute_index(changed, index, reference=reference)
    key = f"a{area}"
    assert by_area(after, "score")[key] >= by_area(before, "score")[key] - 1e-9


def test_with_domains_a_third_area_can_overtake_so_rank_monotonicity_is_not_claimed():
    # a5 gets worse on c0 but stays last on domain d0, so its score does not move; a2 and
    # a3 fall below a0 on d0 (they lose their tie with a5 on c0), so a0's d0 rank rises
    # from 4th to 2nd and a0 overtakes a5. The second ranking (of domain scores) is
    # relative, as in the IoD. The module documentation says so.
    index = spec(
        "exponential_rank",
        ("c0", 0.4, True, "d0"),
        ("c2", 0.6, False, "d0"),
        ("c1", 1.0, False, "d1"),
        domain_weights={"d0": 0.5, "d1": 0.5},
    )
    table = {
        "a0": {"c0": 4.0, "c1": 1.0, "c2": 1.0},
        "a1": {"c0": 0.0, "c1": 0.0, "c2": 0.0},
        "a2": {"c0": 1.0, "c1": 0.0, "c2": 0.0},
        "a3": {"c0": 1.0, "c1": 0.0, "c2": 0.0},
        "a4": {"c0": 2.0, "c1": 0.0, "c2": 0.0},
        "a5": {"c0": 0.0, "c1": 0.0, "c2": 2.0},
    }
    before = compute_index(long(table), index)
    table["a5"]["c0"] = 3.0
    after = compute_index(long(table), index)
    assert by_area(after, "score")["a5"] == pytest.approx(by_area(before, "score")["a5"])
    assert (by_area(before, "rank")["a5"], by_area(after, "rank")["a5"]) == (5, 6)
    assert (by_area(before, "rank")["a0"], by_area(after, "rank")["a0"]) == (6, 4)


@settings(max_examples=150, deadline=None)
@given(panels(positive=True), st.sampled_from([0.5, 1.0, 3.0, 10.0]))
def test_making_one_component_worse_never_improves_an_areas_ratio_rank(case, amount):
    table, components, area, component = case
    reference = pd.DataFrame(
        {"period": "2020", "indicator": [c[0] for c in components], "value": 3.0}
    )
    index = spec("ratio_to_reference", *components)
    before = compute_index(long(table), index, reference=reference)
    changed = long(worsen(table, components, area, component, amount))
    after = compute_index(changed, index, reference=reference)
    assert rank_of(after, area) <= rank_of(before, area)


def test_zscore_is_not_rank_monotone_so_no_such_claim_is_made_for_it():
    # Raising a's crowding from 0 to 1 (worse) raises a's score but lowers the std, which
    # lifts b's z-score by more: a falls from rank 3 to rank 4. The module documentation
    # says so.
    index = spec("zscore", ("crowding", 0.5, True), ("damp", 0.5, True))
    table = {
        "a": {"crowding": 0.0, "damp": 3.2},
        "b": {"crowding": 3.0, "damp": 0.0},
        "c": {"crowding": 2.0, "damp": 2.0},
        "d": {"crowding": 2.0, "damp": 2.0},
    }
    before = compute_index(long(table), index)
    table["a"]["crowding"] = 1.0
    after = compute_index(long(table), index)
    assert by_area(before, "rank")["a"] == 3
    assert by_area(after, "rank")["a"] == 4


# --- weights -------------------------------------------------------------------------------


def test_spec_refuses_weights_that_do_not_sum_to_one_rather_than_rescaling_them():
    with pytest.raises(IndexSpecError, match=r"sum to 2\.0, not 1.*normalise"):
        spec("zscore", ("x", 1.0, True), ("y", 1.0, True))
    with pytest.raises(IndexSpecError, match="sum to"):
        spec("zscore", ("x", 0.5 * 3, True), ("y", 0.5 * 3, True))  # scaled by 3
    spec("zscore", ("x", 0.5, True), ("y", 0.5, True))  # the normalised version is fine


def test_weights_summing_to_one_within_1e_9_are_kept_as_given_and_beyond_are_normalised():
    index = spec("zscore", ("x", 0.7, True), ("y", 0.2, True), ("z", 0.1 + 1e-12, True))
    assert [c.weight for c in index.components] == [0.7, 0.2, 0.1 + 1e-12]  # as given
    assert index.normalised == ()
    index = spec("zscore", ("x", 0.7, True), ("y", 0.2, True), ("z", 0.1 + 1e-8, True))
    assert [n.level for n in index.normalised] == ["components"]


def test_domain_and_within_domain_weights_must_each_sum_to_one():
    with pytest.raises(IndexSpecError, match=r"domain weights sum to 0\.9"):
        spec(
            "zscore", ("x", 1.0, True, "d1"), ("y", 1.0, True, "d2"),
            domain_weights={"d1": 0.5, "d2": 0.4},
        )  # fmt: skip
    with pytest.raises(IndexSpecError, match=r"components in domain 'd1' sum to 0\.8"):
        spec(
            "zscore", ("x", 0.4, True, "d1"), ("y", 0.4, True, "d1"),
            domain_weights={"d1": 1.0},
        )  # fmt: skip


# --- deciles -------------------------------------------------------------------------------


def test_deciles_are_computed_per_period_with_decile_1_the_most_deprived_tenth():
    values = pd.concat(
        [
            long({f"a{i:02d}": {"x": float(i)} for i in range(25)}, "2019"),
            long({f"a{i:02d}": {"x": float(i)} for i in range(10)}, "2020"),
        ]
    )
    result = compute_index(values, spec("exponential_rank", ("x", 1.0, True)))
    scores = result.scores.set_index(["period", "area"])
    # 2020 has 10 areas: one per decile, the highest value in decile 1.
    in_2020 = scores.loc["2020"]
    assert in_2020["decile"].to_dict() == {f"a{i:02d}": 10 - i for i in range(10)}
    # 2019 has 25: decile = (rank - 1)·10 // 25 + 1, sizes 3 2 3 2 3 2 3 2 3 2.
    sizes = scores.loc["2019"]["decile"].value_counts().sort_index()
    assert sizes.tolist() == [3, 2, 3, 2, 3, 2, 3, 2, 3, 2]
    assert scores.loc[("2019", "a24"), "decile"] == 1
    assert scores.loc[("2019", "a00"), "decile"] == 10


def test_deciles_of_ranks_follow_the_floor_formula():
    rank = np.arange(1, 16)
    assert deciles(rank, np.full(15, 15)).tolist() == [1, 1, 2, 3, 3, 4, 5, 5, 6, 7, 7, 8, 9, 9, 10]


def test_each_period_is_ranked_on_its_own():
    table = {
        "2019": {"a": {"x": 1.0}, "b": {"x": 2.0}, "c": {"x": 3.0}},
        "2020": {"a": {"x": 9.0}, "b": {"x": 2.0}},
    }
    index = spec("zscore", ("x", 1.0, True))
    together = compute_index(long(table), index).scores
    alone = compute_index(long(table["2020"], "2020"), index).scores
    pd.testing.assert_frame_equal(
        together[together["period"] == "2020"].reset_index(drop=True), alone
    )


# --- ties and determinism ------------------------------------------------------------------


@pytest.mark.parametrize("method", ["zscore", "exponential_rank"])
def test_areas_with_equal_scores_share_a_rank_and_are_listed_by_area_code(method):
    values = long(
        {
            "0301c": {"x": 5.0, "y": 1.0},
            "0301a": {"x": 5.0, "y": 1.0},
            "0301b": {"x": 5.0, "y": 1.0},
            "0301d": {"x": 1.0, "y": 2.0},
        }
    )
    result = compute_index(values, spec(method, ("x", 0.5, True), ("y", 0.5, False)))
    scores = result.scores
    assert scores["area"].tolist() == ["0301a", "0301b", "0301c", "0301d"]
    assert scores["rank"].tolist() == [1, 1, 1, 4]
    assert scores["decile"].tolist() == [1, 1, 1, 8]
    assert scores["score"].iloc[0] == scores["score"].iloc[1] == scores["score"].iloc[2]


def test_shared_ranks_follow_competition_ranking_within_each_period():
    groups = np.array([0, 0, 0, 0, 0, 1, 1, 1])
    score = np.array([3.0, 5.0, 5.0, 1.0, 3.0, 2.0, 2.0, 9.0])
    assert order_within(groups, score).tolist() == [3, 1, 1, 5, 3, 2, 2, 1]


def test_a_score_that_may_not_share_comes_just_below_the_scores_it_equals():
    groups = np.zeros(5, dtype=np.int64)
    score = np.array([5.0, 4.0, 4.0, 4.0, 1.0])
    may_share = np.array([True, False, True, True, True])
    assert order_within(groups, score, may_share).tolist() == [1, 4, 2, 2, 5]


def test_the_result_does_not_depend_on_the_order_of_the_rows():
    rng = np.random.default_rng(7)
    table = {
        period: {f"{i:04d}": {f"c{j}": float(rng.integers(0, 4)) for j in range(3)}
                 for i in range(60)}
        for period in ("2019", "2020")
    }  # fmt: skip
    values = long(table)
    index = spec("exponential_rank", ("c0", 0.5, True), ("c1", 0.3, False), ("c2", 0.2, True))
    first = compute_index(values, index)
    shuffled = compute_index(values.sample(frac=1, random_state=3), index)
    pd.testing.assert_frame_equal(first.scores, shuffled.scores)
    pd.testing.assert_frame_equal(first.contributions, shuffled.contributions)


# --- missing values ------------------------------------------------------------------------


def test_an_area_missing_a_component_gets_no_score_and_is_listed_not_imputed():
    values = long(
        {
            "a": {"x": 1.0, "y": 1.0},
            "b": {"x": 2.0, "y": np.nan},
            "c": {"x": 3.0},
            "d": {"x": 4.0, "y": 4.0},
        }
    )
    result = compute_index(values, spec("exponential_rank", ("x", 0.5, True), ("y", 0.5, True)))
    assert result.scores["area"].tolist() == ["d", "a"]
    # N = 2: d has R = 1 on both components, a R = 0.5.
    assert by_area(result, "score") == pytest.approx({"d": 100.0, "a": 15.646790}, abs=1e-6)
    assert result.missing.to_dict("records") == [
        {"area": "b", "period": "2020", "indicator": "y", "reason": NO_VALUE},
        {"area": "c", "period": "2020", "indicator": "y", "reason": NO_VALUE},
    ]


def test_a_zero_higher_is_better_value_makes_the_ratio_undefined_and_the_area_missing():
    values = long({"a": {"employment": 0.0}, "b": {"employment": 50.0}})
    reference = pd.DataFrame({"period": ["2020"], "indicator": ["employment"], "value": [25.0]})
    result = compute_index(
        values, spec("ratio_to_reference", ("employment", 1.0, False)), reference=reference
    )
    assert by_area(result, "score") == pytest.approx({"b": 50.0})  # 100 · 25/50
    assert result.missing["reason"].tolist() == [ZERO_VALUE]


def test_a_constant_component_carries_no_weight_in_zscores_instead_of_dividing_by_zero():
    values = long({"a": {"x": 0.1, "y": 1.0}, "b": {"x": 0.1, "y": 2.0}, "c": {"x": 0.1, "y": 3.0}})
    result = compute_index(values, spec("zscore", ("x", 0.5, True), ("y", 0.5, True)))
    assert (result.contributions["x"] == 0).all()


# --- shrinkage -----------------------------------------------------------------------------


def counts_frame(rows, indicator="low_income", period="2020"):
    """Counts from (area, numerator, denominator) tuples."""
    return pd.DataFrame(
        [(area, period, indicator, r, n) for area, r, n in rows],
        columns=["area", "period", "indicator", "numerator", "denominator"],
    )


def test_shrinkage_follows_the_logit_formula_on_a_hand_worked_example():
    shrunk = shrink_rates(
        counts_frame([("a", 1, 3), ("b", 7, 10)]), pd.Series({"a": "P", "b": "P"})
    ).set_index("area")
    # z_a = ln(1.5/2.5) = -0.510826, s²_a = 1/1.5 + 1/2.5 = 1.066667
    # z_b = ln(7.5/3.5) =  0.762140, s²_b = 1/7.5 + 1/3.5 = 0.419048
    # parent 8 of 13: z_P = ln(8.5/5.5) = 0.435318
    # t² = ((-0.510826 - 0.435318)² + (0.762140 - 0.435318)²) / 2 = 0.501000
    # w_a = 0.501000 / (0.501000 + 1.066667) = 0.319583, w_b = 0.501000 / 0.920048 = 0.544537
    # z*_a = 0.319583·(-0.510826) + 0.680417·0.435318 = 0.132946 -> p*_a = 0.533188
    # z*_b = 0.544537·0.762140 + 0.455463·0.435318 = 0.613285 -> p*_b = 0.648690
    assert shrunk["weight"].to_dict() == pytest.approx({"a": 0.319583, "b": 0.544537}, abs=1e-6)
    assert shrunk["rate"].to_dict() == pytest.approx({"a": 0.533188, "b": 0.648690}, abs=1e-6)
    assert shrunk["raw_rate"].to_dict() == pytest.approx({"a": 1 / 3, "b": 0.7})


def test_shrinkage_pulls_a_small_areas_rate_toward_its_parent_more_than_a_large_areas():
    counts = counts_frame(
        [("small", 3, 10), ("large", 300, 1000), ("other", 100, 1000), ("other2", 150, 1000)]
    )
    parents = pd.Series({"small": "P", "large": "P", "other": "P", "other2": "P"})
    shrunk = shrink_rates(counts, parents).set_index("area")
    parent_rate = (3 + 300 + 100 + 150) / (10 + 3000)
    # Same raw rate (0.3) in both; both move down toward the parent's 0.18, the small more.
    assert shrunk.loc["small", "weight"] < shrunk.loc["large", "weight"]
    assert parent_rate < shrunk.loc["small", "rate"] < shrunk.loc["large", "rate"] < 0.3
    pull = (0.3 - shrunk["rate"]) / (0.3 - parent_rate)
    assert pull["small"] > 0.5 > pull["large"]


def test_an_area_without_a_parent_or_alone_under_its_parent_is_not_pulled_anywhere():
    counts = counts_frame([("a", 2, 20), ("b", 5, 10)])
    shrunk = shrink_rates(counts, pd.Series({"b": "Q"})).set_index("area")
    # Both keep their own empirical-logit estimate (r + ½)/(n + 1).
    assert shrunk["rate"].to_dict() == pytest.approx({"a": 2.5 / 21, "b": 5.5 / 11})


def test_shrinkage_in_an_index_replaces_the_rate_and_can_reorder_small_areas():
    # tiny: 2 of 4 (50 %) but tiny; big: 400 of 1000 (40 %). Their parent is at about 30 %.
    counts = counts_frame(
        [("tiny", 2, 4), ("big", 400, 1000), ("mid", 200, 1000), ("low", 250, 1000)]
    ).assign(scale=100.0)
    values = long({a: {"low_income": 0.0} for a in ["big", "low", "mid", "tiny"]})
    parents = pd.Series("P", index=["tiny", "big", "mid", "low"])
    raw = compute_index(
        values.assign(value=[40.0, 25.0, 20.0, 50.0]), spec("zscore", ("low_income", 1.0, True))
    )
    shrunk = compute_index(
        values,
        spec("zscore", ("low_income", 1.0, True), shrinkage=True),
        counts=counts,
        parents=parents,
    )
    assert by_area(raw, "rank")["tiny"] == 1
    assert by_area(shrunk, "rank") == {"big": 1, "tiny": 2, "low": 3, "mid": 4}


def test_an_area_without_counts_under_shrinkage_is_missing_with_that_reason():
    values = long({"a": {"x": 1.0, "y": 1.0}, "b": {"x": 2.0, "y": 2.0}, "c": {"x": 3.0, "y": 3.0}})
    counts = counts_frame([("a", 1, 10), ("b", 2, 10)], indicator="x")
    result = compute_index(
        values,
        spec("zscore", ("x", 0.5, True), ("y", 0.5, True), shrinkage=True),
        counts=counts,
        parents=pd.Series({"a": "P", "b": "P", "c": "P"}),
    )
    assert sorted(result.scores["area"]) == ["a", "b"]
    assert result.missing.to_dict("records") == [
        {"area": "c", "period": "2020", "indicator": "x", "reason": NO_COUNTS}
    ]


def test_shrinkage_refuses_counts_that_are_not_counts():
    with pytest.raises(IndexInputError, match="0 <= numerator <= denominator"):
        shrink_rates(counts_frame([("a", 11, 10)]), pd.Series({"a": "P"}))
    with pytest.raises(IndexInputError, match="denominator > 0"):
        shrink_rates(counts_frame([("a", 0, 0)]), pd.Series({"a": "P"}))


# --- bad specs and inputs get clear errors -------------------------------------------------


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: spec("median_rank", ("x", 1.0, True)), "unknown method 'median_rank'"),
        (lambda: spec("zscore", ("x", -0.5, True), ("y", 1.5, True)), "negative"),
        (lambda: spec("zscore", ("x", 0.5, True), ("y", 0.4, True)), "sum to 0.9"),
        (lambda: spec("zscore", ("x", float("nan"), True)), "finite"),
        (lambda: spec("zscore"), "at least one component"),
        (lambda: spec("zscore", ("x", 0.5, True), ("x", 0.5, True)), "'x' is a component twice"),
        (lambda: spec("zscore", ("x", 1.0, "yes")), "higher_is_worse must be True or False"),
        (
            lambda: spec("zscore", ("x", 1.0, True, "work"), domain_weights={"health": 1.0}),
            "domain 'work', which domain_weights lacks",
        ),
        (
            lambda: spec(
                "zscore", ("x", 1.0, True, "work"), domain_weights={"work": 0.5, "health": 0.5}
            ),
            "no component belongs to: 'health'",
        ),
        (
            lambda: spec("zscore", ("x", 0.5, True, "work"), ("y", 0.5, True)),
            "every component names a domain or none does",
        ),
        (
            lambda: spec("zscore", ("x", 1.0, True), domain_weights={"work": 1.0}),
            "no component names a domain",
        ),
        (lambda: spec("zscore", ("x", 1.0, True, "work")), "domain_weights is missing"),
    ],
    ids=[
        "unknown method",
        "negative weight",
        "weights not summing to 1",
        "weight not finite",
        "no components",
        "repeated indicator",
        "polarity not a bool",
        "domain missing from domain_weights",
        "domain weight without components",
        "some components without domain",
        "domain weights without domains",
        "domains without domain weights",
    ],
)
def test_a_bad_spec_is_refused_with_a_clear_error(build, message):
    with pytest.raises(IndexSpecError, match=message):
        build()


VALUES = long({"a": {"x": 1.0, "y": 2.0}, "b": {"x": 2.0, "y": 1.0}})
XY = spec("ratio_to_reference", ("x", 0.5, True), ("y", 0.5, True))
XY_Z = spec("zscore", ("x", 0.5, True), ("y", 0.5, True))
REFERENCE = pd.DataFrame({"period": "2020", "indicator": ["x", "y"], "value": [1.0, 1.0]})


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: compute_index(VALUES, spec("zscore", ("x", 0.5, True), ("z", 0.5, True))),
            "no rows for the component indicator.*'z'",
        ),
        (lambda: compute_index(VALUES, XY), "needs reference values"),
        (
            lambda: compute_index(VALUES, XY, reference=REFERENCE.iloc[:1]),
            r"missing for \(period, indicator\) \('2020', 'y'\)",
        ),
        (
            lambda: compute_index(VALUES, XY, reference=REFERENCE.assign(value=[1.0, 0.0])),
            "positive and finite",
        ),
        (lambda: compute_index(VALUES, XY_Z, reference=REFERENCE), "uses no reference"),
        (
            lambda: compute_index(VALUES.assign(value=-VALUES["value"]), XY, reference=REFERENCE),
            "needs values >= 0",
        ),
        (
            lambda: compute_index(pd.concat([VALUES, VALUES.iloc[:1]]), XY_Z),
            "more than one row for area 'a', period '2020', indicator 'x'",
        ),
        (lambda: compute_index(VALUES.drop(columns="period"), XY_Z), "lack the column.* period"),
        (lambda: compute_index(VALUES.assign(value="high"), XY_Z), "must be numeric"),
        (
            lambda: compute_index(
                VALUES, spec("zscore", ("x", 0.5, True), ("y", 0.5, True), shrinkage=True)
            ),
            "shrinkage needs counts",
        ),
        (
            lambda: compute_index(
                VALUES,
                spec("zscore", ("x", 0.5, True), ("y", 0.5, True), shrinkage=True),
                counts=counts_frame([("a", 1, 2)], indicator="other"),
                parents=pd.Series({"a": "P"}),
            ),
            "counts hold none of the component indicators",
        ),
        (
            lambda: compute_index(VALUES, XY_Z, parents=pd.Series({"a": "P"})),
            "only used when spec.shrinkage is True",
        ),
    ],
    ids=[
        "component indicator missing from values",
        "no reference for ratio_to_reference",
        "reference lacking a component",
        "reference of zero",
        "reference for another method",
        "negative values for a ratio",
        "repeated row",
        "missing column",
        "text for a value",
        "shrinkage without counts",
        "counts without component indicators",
        "parents without shrinkage",
    ],
)
def test_inputs_that_cannot_serve_the_spec_are_refused_with_a_clear_error(call, message):
    with pytest.raises(IndexInputError, match=message):
        call()


def test_spec_errors_and_input_errors_are_value_errors():
    assert issubclass(IndexSpecError, ValueError)
    assert issubclass(IndexInputError, ValueError)


def test_spec_is_frozen_and_keeps_domain_weights_read_only():
    index = spec("zscore", ("x", 1.0, True, "d"), domain_weights={"d": 1.0})
    with pytest.raises(AttributeError):
        index.method = "exponential_rank"
    with pytest.raises(TypeError):
        index.domain_weights["d"] = 0.5


# --- framework-free ------------------------------------------------------------------------


def test_the_engine_imports_without_django():
    code = (
        "import sys, omradeloft.targeting.engine as e; "
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules), 'django'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# --- ranks within periods ------------------------------------------------------------------


@pytest.mark.parametrize(
    "sizes", [[50, 48, 50, 47], [200, 1, 3, 1, 2]], ids=["similar periods", "unequal periods"]
)
def test_ranks_within_periods_match_pandas_average_ranks(sizes):
    rng = np.random.default_rng(11)
    groups = np.repeat(np.arange(len(sizes)), sizes)
    keys = rng.integers(0, 6, size=(len(groups), 3)).astype(float)  # many ties
    ranks, n = ranks_within(groups, keys)
    expected = pd.DataFrame(keys).groupby(groups).rank(method="average").to_numpy()
    np.testing.assert_array_equal(ranks, expected)
    np.testing.assert_array_equal(n, np.array(sizes)[groups])


def test_a_period_where_no_area_has_every_component_gives_no_scores_only_missing_rows():
    values = long({"a": {"x": 1.0}, "b": {"y": 2.0}})
    result = compute_index(values, spec("exponential_rank", ("x", 0.5, True), ("y", 0.5, True)))
    assert result.scores.empty
    assert result.contributions.empty
    assert result.missing[["area", "indicator"]].values.tolist() == [["a", "y"], ["b", "x"]]
