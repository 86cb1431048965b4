"""Published weights rounded so that they sum to a little off 1 are accepted and
normalised; sums further off are refused. Plain tests without a database."""

import math

import numpy as np
import pandas as pd
import pytest

from omradeloft.targeting.engine import (
    WEIGHT_TOLERANCE,
    Component,
    IndexSpec,
    IndexSpecError,
    compute_index,
)

# The English Indices of Deprivation 2019 domain weights, as published (sum 0.999).
IMD_DOMAINS = {
    "income": 0.225,
    "employment": 0.225,
    "education": 0.135,
    "health": 0.135,
    "crime": 0.093,
    "barriers": 0.093,
    "environment": 0.093,
}


def imd_spec(domain_weights, method="exponential_rank"):
    return IndexSpec(
        method=method,
        components=[Component(d, 1.0, True, domain=d) for d in domain_weights],
        domain_weights=domain_weights,
    )


def imd_values(areas=40, seed=7):
    rng = np.random.default_rng(seed)
    rows = [
        (f"E{a:03d}", "2019", domain, float(rng.normal(50, 10)))
        for a in range(areas)
        for domain in IMD_DOMAINS
    ]
    return pd.DataFrame(rows, columns=["area", "period", "indicator", "value"])


def test_the_published_imd_domain_weights_are_accepted_and_normalised():
    spec = imd_spec(IMD_DOMAINS)
    assert math.fsum(spec.domain_weights.values()) == pytest.approx(1.0, abs=1e-12)
    assert spec.domain_weights["income"] == pytest.approx(0.225 / 0.999)
    [note] = spec.normalised
    assert note.level == "domains"
    assert note.total == pytest.approx(0.999)


@pytest.mark.parametrize("method", ["exponential_rank", "zscore"])
def test_scores_with_rounded_weights_equal_scores_with_exactly_normalised_weights(method):
    exact = {d: w / math.fsum(IMD_DOMAINS.values()) for d, w in IMD_DOMAINS.items()}
    rounded = compute_index(imd_values(), imd_spec(IMD_DOMAINS, method)).scores
    normalised = compute_index(imd_values(), imd_spec(exact, method)).scores
    assert rounded["score"].to_numpy() == pytest.approx(normalised["score"].to_numpy())
    assert rounded["rank"].tolist() == normalised["rank"].tolist()
    assert imd_spec(exact, method).normalised == ()


def test_rounded_component_weights_are_normalised_too():
    spec = IndexSpec(
        method="zscore",
        components=[Component("x", 0.333, True), Component("y", 0.333, True),
                    Component("z", 0.333, True)],
    )  # fmt: skip
    assert [c.weight for c in spec.components] == pytest.approx([1 / 3] * 3)
    [note] = spec.normalised
    assert (note.level, note.domain, note.total) == ("components", None, pytest.approx(0.999))


def test_rounded_weights_within_a_domain_are_normalised_and_named():
    spec = IndexSpec(
        method="zscore",
        components=[Component("x", 0.667, True, "d1"), Component("y", 0.332, True, "d1")],
        domain_weights={"d1": 1.0},
    )
    [note] = spec.normalised
    assert (note.level, note.domain) == ("domain", "d1")
    assert sum(c.weight for c in spec.components) == pytest.approx(1.0, abs=1e-12)


def test_weights_that_sum_to_one_are_kept_exactly_as_given_with_no_note():
    spec = IndexSpec(method="zscore", components=[Component("x", 0.7, True),
                                                 Component("y", 0.3, True)])  # fmt: skip
    assert [c.weight for c in spec.components] == [0.7, 0.3]
    assert spec.normalised == ()


def test_a_sum_of_0_98_is_refused_naming_the_sum_and_the_tolerance():
    weights = dict(IMD_DOMAINS, income=0.206)  # sum 0.98
    with pytest.raises(IndexSpecError, match=r"domain weights sum to 0\.98.*0\.5 %"):
        imd_spec(weights)


def test_a_sum_just_beyond_the_tolerance_is_refused_and_just_within_is_accepted():
    assert WEIGHT_TOLERANCE == 0.005
    imd_spec({"a": 0.5, "b": 0.4951})
    with pytest.raises(IndexSpecError, match="sum to"):
        imd_spec({"a": 0.5, "b": 0.494})


def test_percentages_are_refused_with_a_hint_to_give_fractions():
    percent = {d: w * 100 for d, w in IMD_DOMAINS.items()}
    with pytest.raises(IndexSpecError, match=r"percentages.*divide each by 100"):
        imd_spec(percent)
