"""Disclosure control in the index engine: suppressed values count in the decision, but no
published number depends on them, and the attacks that recovered them no longer work.

Plain tests without a database: the engine is framework-free.
"""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omradeloft.targeting.engine import (
    Component,
    IndexInputError,
    IndexSpec,
    compute_index,
    exponential_transform,
    shrink_rates,
)
from omradeloft.targeting.engine.disclosure import nice_step, public_scores, rounding_steps
from omradeloft.targeting.engine.methods import ranks_among_published, ranks_within

# --- factories -----------------------------------------------------------------------------

# Eight areas, three indicators; "h" is the area whose "x" is suppressed.
TABLE = {
    "a": {"x": 10.0, "y": 4.0, "z": 30.0},
    "b": {"x": 14.0, "y": 1.0, "z": 35.0},
    "c": {"x": 20.0, "y": 6.0, "z": 20.0},
    "d": {"x": 26.0, "y": 2.0, "z": 50.0},
    "e": {"x": 31.0, "y": 8.0, "z": 25.0},
    "f": {"x": 33.0, "y": 3.0, "z": 45.0},
    "g": {"x": 40.0, "y": 7.0, "z": 40.0},
    "h": {"x": 22.0, "y": 5.0, "z": 15.0},
}
REFERENCE = pd.DataFrame(
    {"period": ["2020"] * 3, "indicator": ["x", "y", "z"], "value": [25.0, 5.0, 30.0]}
)


def long(table, hidden=(), period="2020"):
    """Values from {area: {indicator: value}}, with (area, indicator) pairs suppressed."""
    rows = [
        (area, period, indicator, value, (area, indicator) in hidden)
        for area, indicators in table.items()
        for indicator, value in indicators.items()
    ]
    return pd.DataFrame(rows, columns=["area", "period", "indicator", "value", "suppressed"])


def spec(method, domains=False):
    if domains:
        components = (
            Component("x", 0.5, True, "work"),
            Component("y", 0.5, True, "work"),
            Component("z", 1.0, False, "income"),
        )
        return IndexSpec(method, components, domain_weights={"work": 0.6, "income": 0.4})
    components = (Component("x", 0.5, True), Component("y", 0.3, True), Component("z", 0.2, False))
    return IndexSpec(method, components)


def compute(values, index):
    reference = REFERENCE if index.method == "ratio_to_reference" else None
    return compute_index(values, index, reference=reference)


def with_x_of_h(value):
    return {**TABLE, "h": {**TABLE["h"], "x": value}}


SPECS = [
    pytest.param(spec("ratio_to_reference"), id="ratio"),
    pytest.param(spec("zscore"), id="zscore"),
    pytest.param(spec("exponential_rank"), id="exponential"),
    pytest.param(spec("zscore", domains=True), id="zscore-domains"),
    pytest.param(spec("exponential_rank", domains=True), id="exponential-domains"),
]


def published_part(result):
    """Contributions and scores of the areas whose scores rest on published values only."""
    scores = result.scores.set_index("area")
    clean = scores.index[~scores["rests_on_suppressed"]]
    contributions = result.contributions.droplevel("period").loc[clean].sort_index()
    return contributions, scores.loc[clean, "score"].sort_index()


# --- no published number depends on a suppressed value -------------------------------------


@pytest.mark.parametrize("index", SPECS)
def test_no_published_areas_numbers_change_when_a_suppressed_value_changes(index):
    hidden = {("h", "x")}
    first = compute(long(with_x_of_h(22.0), hidden), index)
    contributions, scores = published_part(first)
    for other in (0.0, 11.0, 27.5, 99.0):
        again = published_part(compute(long(with_x_of_h(other), hidden), index))
        pd.testing.assert_frame_equal(again[0], contributions)
        pd.testing.assert_series_equal(again[1], scores)


@pytest.mark.parametrize("index", SPECS)
def test_nothing_suppressed_gives_exactly_the_results_without_flags(index):
    plain = compute(long(TABLE).drop(columns="suppressed"), index)
    flagged = compute(long(TABLE), index)
    pd.testing.assert_frame_equal(flagged.scores, plain.scores)
    pd.testing.assert_frame_equal(flagged.contributions, plain.contributions)
    assert not flagged.suppressed.to_numpy().any()
    assert (plain.scores["public_score"] == plain.scores["score"]).all()


@pytest.mark.parametrize("index", SPECS)
def test_a_suppressed_value_is_marked_and_its_area_keeps_a_rank_and_a_rounded_score(index):
    result = compute(long(TABLE, {("h", "x")}), index)
    marked = result.suppressed.droplevel("period")
    assert marked.loc["h"].to_dict() == {"x": True, "y": False, "z": False}
    assert not marked.drop(index="h").to_numpy().any()
    h = result.scores.set_index("area").loc["h"]
    assert h["rests_on_suppressed"]
    assert 1 <= h["rank"] <= 8
    assert h["public_score"] == pytest.approx(round(h["score"] / h["score_step"]) * h["score_step"])
    assert h["public_score"] / h["score_step"] == pytest.approx(
        round(h["public_score"] / h["score_step"])
    )


# --- the attacks ---------------------------------------------------------------------------


def test_the_zscore_mean_attack_no_longer_recovers_a_suppressed_value():
    # Before: every area's z-score used the mean and std of all eight x values, so two
    # published areas' contributions gave the mean, and 8 · mean - the seven published
    # values gave h's x exactly.
    result = compute(long(TABLE, {("h", "x")}), spec("zscore"))
    contributions = result.contributions.droplevel("period")["x"] / 0.5
    (a, b) = (TABLE["a"]["x"], TABLE["b"]["x"])
    std = (a - b) / (contributions["a"] - contributions["b"])
    mean = a - contributions["a"] * std
    published = [v["x"] for area, v in TABLE.items() if area != "h"]
    recovered = len(TABLE) * mean - sum(published)
    assert recovered != pytest.approx(TABLE["h"]["x"], abs=1.0)
    # The mean is that of the published values alone.
    assert mean == pytest.approx(np.mean(published))


def test_the_exponential_rank_attack_through_published_ranks_finds_nothing():
    # Before: the published areas' ranks (and so their contributions) shifted with where
    # the suppressed value lay, bounding it through the other areas.
    index = spec("exponential_rank")
    contributions = {
        value: compute(long(with_x_of_h(value), {("h", "x")}), index)
        .contributions.droplevel("period")
        .drop(index="h")
        for value in (0.0, 15.0, 35.0, 50.0)
    }
    first = next(iter(contributions.values()))
    for frame in contributions.values():
        pd.testing.assert_frame_equal(frame, first)


def test_a_suppressed_value_tied_with_published_values_cannot_be_told_from_the_gap_below():
    # Published x: 10 14 20 26 31 33 40. A suppressed 20 (tied with c) and a suppressed
    # 17 (in the gap 14-20) get the same term, so a tie reveals no exact value.
    index = spec("exponential_rank")
    tied = compute(long(with_x_of_h(20.0), {("h", "x")}), index)
    gap = compute(long(with_x_of_h(17.0), {("h", "x")}), index)
    tied_h = tied.contributions.droplevel("period").loc["h", "x"]
    gap_h = gap.contributions.droplevel("period").loc["h", "x"]
    assert tied_h == gap_h
    # Placed as the 3rd of 8 (two published values below it): X(3/8), weight 0.5.
    assert tied_h == pytest.approx(0.5 * exponential_transform(3 / 8))
    published_c = tied.contributions.droplevel("period").loc["c", "x"]
    assert tied_h != published_c


def test_a_suppressed_zero_among_published_zeros_is_placed_below_them():
    table = {f"p{i}": {"x": 0.0 if i < 4 else float(i)} for i in range(8)}
    table["s"] = {"x": 0.0}
    one = IndexSpec("exponential_rank", (Component("x", 1.0, True),))
    result = compute(long(table, {("s", "x")}), one)
    terms = result.contributions.droplevel("period")["x"]
    assert terms["s"] == pytest.approx(exponential_transform(1 / 9))
    assert terms["p0"] == pytest.approx(exponential_transform(2.5 / 8))  # the published ties


# With domains, exponential-rank contributions are w · Y and do not sum to the score.
@pytest.mark.parametrize("index", SPECS[:4])
def test_the_difference_attack_gives_the_suppressed_contribution_only_to_half_a_step(index):
    result = compute(long(TABLE, {("h", "x")}), index)
    h = result.scores.set_index("area").loc["h"]
    others = result.contributions.droplevel("period").loc["h"].drop("x").sum()
    true = result.contributions.droplevel("period").loc["h", "x"]
    guess = h["public_score"] - others
    assert abs(guess - true) <= h["score_step"] / 2 + 1e-9
    # The step is at least a tenth of the spread of the published areas' scores.
    clean = result.scores[~result.scores["rests_on_suppressed"]]["score"]
    assert h["score_step"] >= (clean.max() - clean.min()) / 10


def test_a_suppressed_reference_value_marks_that_component_for_every_area():
    reference = REFERENCE.assign(suppressed=[False, True, False])
    result = compute_index(long(TABLE), spec("ratio_to_reference"), reference=reference)
    assert result.suppressed["y"].all()
    assert not result.suppressed[["x", "z"]].to_numpy().any()
    assert result.scores["rests_on_suppressed"].all()


def test_a_domain_resting_on_a_suppressed_value_is_marked_and_left_out_of_the_domain_ranking():
    index = spec("exponential_rank", domains=True)
    result = compute(long(TABLE, {("h", "x")}), index)
    domains = result.domains.set_index(["area", "domain"])["rests_on_suppressed"]
    assert domains[("h", "work")]
    assert not domains[("h", "income")]
    assert domains.sum() == 1


def test_a_component_with_no_published_value_gives_every_area_the_same_term():
    hidden = {(area, "x") for area in TABLE}
    for method in ("zscore", "exponential_rank"):
        result = compute(long(TABLE, hidden), spec(method))
        assert result.contributions["x"].nunique() == 1
        assert result.scores["rests_on_suppressed"].all()


# --- shrinkage -----------------------------------------------------------------------------


def counts(rows, hidden=()):
    return pd.DataFrame(
        [(area, "2020", "rate", r, n, area in hidden) for area, r, n in rows],
        columns=["area", "period", "indicator", "numerator", "denominator", "suppressed"],
    )


def test_shrinkage_takes_the_parents_rate_and_spread_from_published_areas_only():
    # With the parent's total, the between-area variance would give two suppressed
    # rates exactly; so published areas must not depend on them.
    published = [("a", 30, 100), ("b", 10, 80), ("c", 25, 120)]
    parents = pd.Series("P", index=["a", "b", "c", "s1", "s2"])
    first = shrink_rates(counts([*published, ("s1", 2, 4), ("s2", 1, 5)], {"s1", "s2"}), parents)
    second = shrink_rates(counts([*published, ("s1", 0, 4), ("s2", 3, 5)], {"s1", "s2"}), parents)
    alone = shrink_rates(counts(published), parents)
    for frame in (first, second):
        shown = frame.set_index("area").loc[["a", "b", "c"], "rate"]
        pd.testing.assert_series_equal(shown, alone.set_index("area")["rate"])


def test_shrinkage_without_a_published_sibling_keeps_a_suppressed_areas_own_estimate():
    shrunk = shrink_rates(counts([("s", 2, 4)], {"s"}), pd.Series({"s": "P"})).set_index("area")
    assert shrunk.loc["s", "weight"] == 1.0
    assert shrunk.loc["s", "rate"] == pytest.approx(2.5 / 5)


def test_suppression_flags_must_be_true_or_false():
    values = long(TABLE).assign(suppressed="no")
    with pytest.raises(IndexInputError, match="suppressed column must hold True or False"):
        compute(values, spec("zscore"))


# --- the rounding step ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at_least", "step"),
    [(8.7, 10.0), (10.0, 10.0), (0.31, 0.5), (0.2, 0.2), (1.5, 2.0), (43.0, 50.0), (1e-3, 1e-3)],
)
def test_the_rounding_step_is_the_next_1_2_or_5_times_a_power_of_ten(at_least, step):
    assert nice_step(at_least) == pytest.approx(step)


def test_the_step_sums_the_ranges_of_the_published_parts_and_falls_back_to_the_method():
    groups = np.array([0, 0, 0, 1, 1])
    parts = np.array([[10.0, 5.0], [30.0, 25.0], [900.0, 15.0], [1.0, 2.0], [2.0, 5.0]])
    published = np.array([[True, True], [True, True], [False, True], [True, False], [True, False]])
    steps = rounding_steps(groups, parts, published, "exponential_rank")
    # Period 0: 30 - 10 and 25 - 5 (900 is suppressed): 40 / 10 -> 5. Period 1: the second
    # part has no published value -> the method's span, 100 / 10 -> 10.
    assert steps.tolist() == [5.0, 5.0, 5.0, 10.0, 10.0]
    score = parts.sum(axis=1)
    rests = ~published.all(axis=1)
    assert public_scores(score, steps, rests).tolist() == [15.0, 55.0, 915.0, 0.0, 10.0]


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.floats(0, 100, allow_nan=False), min_size=4, max_size=12),
    st.floats(0, 100, allow_nan=False),
    st.sampled_from(["zscore", "exponential_rank", "ratio_to_reference"]),
)
def test_published_results_never_depend_on_a_suppressed_value(others, hidden_value, method):
    table = {f"a{i:02d}": {"x": v, "y": float(i)} for i, v in enumerate(others)}
    index = IndexSpec(method, (Component("x", 0.6, True), Component("y", 0.4, True)))
    reference = (
        pd.DataFrame({"period": ["2020"] * 2, "indicator": ["x", "y"], "value": [50.0, 5.0]})
        if method == "ratio_to_reference"
        else None
    )

    def published(value):
        values = long({**table, "zz": {"x": value, "y": 3.5}}, {("zz", "x")})
        result = compute_index(values, index, reference=reference)
        return result.contributions.droplevel("period").drop(index="zz")

    pd.testing.assert_frame_equal(published(hidden_value), published(50.0))


@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.integers(1, 6), min_size=1, max_size=4),
    st.data(),
)
def test_ranks_among_published_follow_their_definition(sizes, data):
    groups = np.repeat(np.arange(len(sizes)), sizes)
    n = len(groups)
    # Few distinct values, so that ties between published and suppressed keys are common.
    keys = np.array(data.draw(st.lists(st.integers(0, 4), min_size=2 * n, max_size=2 * n)))
    keys = keys.reshape(n, 2).astype(float)
    published = np.array(data.draw(st.lists(st.booleans(), min_size=2 * n, max_size=2 * n)))
    published = published.reshape(n, 2)
    ranks, size = ranks_among_published(groups, keys, published)
    for j in range(2):
        for g in range(len(sizes)):
            rows = np.flatnonzero(groups == g)
            shown = [r for r in rows if published[r, j]]
            mean_ranks = pd.Series(keys[shown, j]).rank(method="average").to_numpy()
            for r, expected in zip(shown, mean_ranks, strict=True):
                assert ranks[r, j] == expected
                assert size[r, j] == len(shown)
            for r in rows:
                if not published[r, j]:
                    below = sum(keys[s, j] < keys[r, j] for s in shown)
                    assert ranks[r, j] == below + 1
                    assert size[r, j] == len(shown) + 1


def test_with_every_key_published_the_ranks_are_the_plain_ones():
    rng = np.random.default_rng(5)
    groups = np.repeat(np.arange(3), [4, 7, 5])
    keys = rng.integers(0, 5, size=(16, 3)).astype(float)
    ranks, size = ranks_among_published(groups, keys, np.ones(keys.shape, dtype=bool))
    plain, plain_size = ranks_within(groups, keys)
    np.testing.assert_array_equal(ranks, plain)
    np.testing.assert_array_equal(size, np.broadcast_to(plain_size[:, None], size.shape))


def test_a_score_resting_on_a_suppressed_value_shares_no_rank_with_an_equal_published_one():
    # Under ratio_to_reference a score depends on the area's own values only, so h with c's
    # values scores exactly as c. A shared rank would tell that h's withheld x equals c's.
    one = IndexSpec("ratio_to_reference", (Component("x", 1.0, True),))
    table = {**TABLE, "h": dict(TABLE["c"]), "i": dict(TABLE["c"])}
    result = compute(long(table, {("h", "x")}), one).scores.set_index("area")
    assert result.loc["h", "score"] == result.loc["c", "score"] == result.loc["i", "score"]
    assert result.loc["c", "rank"] == result.loc["i", "rank"]  # published equals share
    assert result.loc["h", "rank"] == result.loc["c", "rank"] + 2  # just below them both
