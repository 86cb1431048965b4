"""Disclosure control across indicators that add up: total = sum of its components.

Plain tests without a database. A cell is (group, area, item); the area tree gives one set
of equations per item, each declared relation one equation per area, and no suppressed
cell may be computable from the published ones through any combination of them.
"""

import itertools
import random

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omradeloft.indicators.engine.derivability import determined_cells
from omradeloft.indicators.engine.disclosure import Relation, suppress
from tests.indicators.oracle import derivable, equations, lone_members

AGES = ["0_5", "6_15", "16_19", "20_66", "67_plus"]
AGE_GROUPS = Relation("total", tuple(AGES))


# --- factories -----------------------------------------------------------------------------


def table(parents, leaves, *, group="2024"):
    """Cells of items over an area tree: `parents` maps area -> parent (None at the top),
    `leaves` maps leaf area -> {item: count}. Parents are the sums of their children."""
    values = {area: dict(items) for area, items in leaves.items()}
    order = sorted(parents, key=lambda area: -depth_of(area, parents))
    for area in order:  # deepest first, so that a parent is summed after its children
        parent = parents[area]
        if parent is None:
            continue
        totals = values.setdefault(parent, {})
        for item, value in values[area].items():
            totals[item] = totals.get(item, 0) + value
    rows = [
        (area, -1 if parents[area] is None else parents[area], group, item, float(value))
        for area in sorted(values)
        for item, value in sorted(values[area].items())
    ]
    cells = pd.DataFrame(rows, columns=["cell", "parent", "group", "item", "numerator"])
    return cells.assign(denominator=np.nan)


def depth_of(area, parents):
    depth = 0
    while parents[area] is not None:
        area, depth = parents[area], depth + 1
    return depth


def ages(*counts):
    """{item: count} for one area: the five age groups and their total."""
    groups = dict(zip(AGES, counts, strict=True))
    return {"total": sum(counts), **groups}


def oslo_like():
    """A municipality (1) with two districts (10, 20) of three subdistricts each, counted in
    five age groups and in total, as in the demo; subdistrict 101 has two people aged 16-19."""
    parents = {1: None, 10: 1, 20: 1, 101: 10, 102: 10, 103: 10, 201: 20, 202: 20, 203: 20}
    leaves = {
        101: ages(40, 80, 2, 300, 70),
        102: ages(35, 90, 30, 280, 60),
        103: ages(50, 60, 25, 310, 90),
        201: ages(20, 70, 20, 200, 40),
        202: ages(45, 85, 35, 260, 75),
        203: ages(30, 65, 22, 240, 55),
    }
    return table(parents, leaves)


# --- the demo-shaped case ------------------------------------------------------------------


def test_without_the_relation_a_small_age_group_is_total_minus_the_others():
    cells = oslo_like()
    result = suppress(cells)
    hidden = cells[result.suppressed]
    assert set(zip(hidden["cell"], hidden["item"], strict=True)) >= {(101, "16_19")}
    assert derivable(cells, [AGE_GROUPS], result.suppressed)


def test_no_suppressed_age_group_equals_total_minus_the_published_others():
    cells = oslo_like()
    result = suppress(cells, relations=[AGE_GROUPS])
    status = cells.assign(hidden=result.suppressed).set_index(["cell", "item"])["hidden"]
    assert status[(101, "16_19")]
    for area in cells["cell"].unique():
        hidden = [item for item in AGES if status[(area, item)]]
        published_total = not status[(area, "total")]
        assert not (published_total and len(hidden) == 1), f"area {area}: {hidden}"
    assert lone_members(cells, [AGE_GROUPS], result.suppressed) == []
    assert derivable(cells, [AGE_GROUPS], result.suppressed) == set()


def test_the_complement_in_a_relation_is_the_smallest_component_not_the_total():
    parents = {1: None}
    cells = table(parents, {1: ages(40, 80, 2, 300, 70)})
    result = suppress(cells, relations=[AGE_GROUPS])
    hidden = set(cells["item"][result.suppressed])
    assert hidden == {"16_19", "0_5"}
    assert set(cells["item"][result.primary]) == {"16_19"}


def test_a_suppressed_total_gets_a_suppressed_component():
    # Under a stricter threshold of its own the total is primary while its parts are not.
    cells = table({1: None}, {1: {"total": 50, "a": 20, "b": 30}})
    relation = Relation("total", ("a", "b"))
    result = suppress(cells, threshold=np.array([3, 3, 60]), relations=[relation])
    assert result.primary.tolist() == [False, False, True]  # rows sorted: a, b, total
    assert result.secondary.tolist() == [True, False, False]
    assert derivable(cells, [relation], result.suppressed) == set()


def test_suppression_travels_between_area_and_relation_equations():
    cells = oslo_like()
    result = suppress(cells, relations=[AGE_GROUPS])
    secondary = set(
        zip(cells["cell"][result.secondary], cells["item"][result.secondary], strict=True)
    )
    # The lone 16-19 cell of 101 needs a complement among 101's age groups, which needs
    # one in its district's column, which needs one in that subdistrict's age groups ...
    assert any(area == 101 for area, _ in secondary)
    assert any(area in {102, 103} for area, _ in secondary)


def test_at_least_two_suppressed_per_equation_is_not_enough_in_two_dimensions():
    # Two 2x2 blocks joined by one more cell: every equation has 0 or >= 2 suppressed
    # members, yet (d1, c) is the row total minus the rest of row d1, whose block sums are
    # known from the published columns and rows.
    parents = {0: None, 1: 0, 2: 0, 3: 0, 4: 0}
    counts = {
        1: {"a": 11, "b": 12, "c": 13, "d": 14},
        2: {"a": 21, "b": 22, "c": 23, "d": 24},
        3: {"a": 31, "b": 32, "c": 33, "d": 34},
        4: {"a": 41, "b": 42, "c": 43, "d": 44},
    }
    leaves = {area: {"t": sum(items.values()), **items} for area, items in counts.items()}
    cells = table(parents, leaves)
    relation = Relation("t", ("a", "b", "c", "d"))
    small = {(1, "a"), (1, "b"), (2, "a"), (2, "b"), (3, "c"), (3, "d"), (4, "c"), (4, "d")}
    bridge = small | {(1, "c")}
    pattern = np.array(
        [(c, i) in bridge for c, i in zip(cells["cell"], cells["item"], strict=True)]
    )
    assert lone_members(cells, [relation], pattern) == []
    assert derivable(cells, [relation], pattern) == {
        int(np.flatnonzero((cells["cell"] == 1) & (cells["item"] == "c"))[0])
    }

    threshold = np.where(pattern, 100.0, 0.0)  # exactly these cells are primary
    result = suppress(cells, threshold=threshold, relations=[relation])
    assert np.array_equal(result.primary, pattern)
    assert result.secondary.any()
    assert derivable(cells, [relation], result.suppressed) == set()


def test_nested_relations_protect_through_both_levels():
    # total = young + adult; young = 0_5 + 6_15 (a nested breakdown).
    parents = {1: None, 11: 1, 12: 1}
    leaves = {
        11: {"total": 152, "young": 42, "0_5": 2, "6_15": 40, "adult": 110},
        12: {"total": 170, "young": 70, "0_5": 30, "6_15": 40, "adult": 100},
    }
    cells = table(parents, leaves)
    relations = [Relation("total", ("young", "adult")), Relation("young", ("0_5", "6_15"))]
    result = suppress(cells, relations=relations)
    assert lone_members(cells, relations, result.suppressed) == []
    assert derivable(cells, relations, result.suppressed) == set()


def test_two_breakdowns_of_one_total_are_both_respected():
    parents = {1: None, 11: 1, 12: 1, 13: 1}
    leaves = {
        11: {"total": 50, "young": 2, "old": 48, "women": 26, "men": 24},
        12: {"total": 60, "young": 25, "old": 35, "women": 31, "men": 29},
        13: {"total": 70, "young": 30, "old": 40, "women": 33, "men": 37},
    }
    cells = table(parents, leaves)
    relations = [Relation("total", ("young", "old")), Relation("total", ("women", "men"))]
    result = suppress(cells, relations=relations)
    assert lone_members(cells, relations, result.suppressed) == []
    assert derivable(cells, relations, result.suppressed) == set()


def test_a_relation_without_its_total_in_an_area_constrains_nothing_there():
    cells = table({1: None}, {1: {"a": 2, "b": 40}})
    result = suppress(cells, relations=[Relation("total", ("a", "b"))])
    assert result.primary.tolist() == [True, False]
    assert not result.secondary.any()


def test_items_without_relations_are_separate_tables():
    cells = table({1: None, 11: 1, 12: 1}, {11: {"x": 2, "y": 2}, 12: {"x": 30, "y": 30}})
    together = suppress(cells)
    for item in ("x", "y"):
        alone = cells[cells["item"] == item]
        assert (
            suppress(alone).suppressed.tolist()
            == together.suppressed[(cells["item"] == item).to_numpy()].tolist()
        )


def test_row_and_relation_order_do_not_change_the_result():
    cells = oslo_like()
    relations = [AGE_GROUPS, Relation("20_66", ("a", "b"))]  # the second one has no cells
    expected = suppress(cells, relations=relations).with_status(cells)
    expected = expected.set_index(["group", "cell", "item"])["status"]
    for seed in range(4):
        shuffled = cells.sample(frac=1.0, random_state=seed)
        reordered = [Relation("20_66", ("b", "a")), Relation("total", tuple(reversed(AGES)))]
        status = suppress(shuffled, relations=reordered).with_status(shuffled)
        status = status.set_index(["group", "cell", "item"])["status"]
        assert status.reindex(expected.index).equals(expected)


def test_relations_need_an_item_column():
    cells = oslo_like().drop(columns="item")
    with pytest.raises(ValueError, match=r"lack the column\(s\) item"):
        suppress(cells, relations=[AGE_GROUPS])


def test_a_relation_whose_total_is_one_of_its_components_is_rejected():
    with pytest.raises(ValueError, match=r"total.*among its own components"):
        suppress(oslo_like(), relations=[Relation("total", ("total", "0_5"))])


def test_a_relation_without_components_is_rejected():
    with pytest.raises(ValueError, match="no components"):
        suppress(oslo_like(), relations=[Relation("total", ())])


def test_a_cell_may_occur_once_per_item():
    cells = pd.concat([oslo_like(), oslo_like().iloc[[0]]], ignore_index=True)
    with pytest.raises(ValueError, match="more than once"):
        suppress(cells, relations=[AGE_GROUPS])


# --- the property --------------------------------------------------------------------------


@st.composite
def additive_families(draw):
    """A random area tree x a random family of additive items, counts summing both ways.

    The items are sums of *atoms*, an age x sex grid: the total is every atom, an age item
    a row, a sex item a column; with three or more age rows the first two may be joined in
    a coarser item of their own (a nested relation). A leaf area draws a small count per
    atom; parents are the sums of their children.
    """
    rows_of_ages, sexes = draw(st.integers(2, 4)), draw(st.integers(1, 2))
    items = {"t": list(itertools.product(range(rows_of_ages), range(sexes)))}
    ages = [f"a{r}" for r in range(rows_of_ages)]
    for r in range(rows_of_ages):
        items[f"a{r}"] = [(r, s) for s in range(sexes)]
    relations = [Relation("t", tuple(ages))]
    if rows_of_ages >= 3 and draw(st.booleans()):
        items["a01"] = items["a0"] + items["a1"]
        relations = [Relation("t", ("a01", *ages[2:])), Relation("a01", ("a0", "a1"))]
    if sexes == 2:
        items["s0"] = [(r, 0) for r in range(rows_of_ages)]
        items["s1"] = [(r, 1) for r in range(rows_of_ages)]
        relations.append(Relation("t", ("s0", "s1")))

    levels = draw(st.integers(1, 3))
    parents, leaves = {}, {}
    small = st.integers(0, 6)
    counts = st.one_of(small, small, st.integers(0, 40))

    def grow(area, parent, level):
        parents[area] = parent
        children = draw(st.integers(1, 4)) if level < levels else 0
        if children == 0:
            atoms = {atom: draw(counts) for atom in items["t"]}
            leaves[area] = {item: sum(atoms[a] for a in members) for item, members in items.items()}
        for k in range(children):
            grow(area * 10 + k + 1, area, level + 1)

    grow(1, None, 1)
    cells = table(parents, leaves)
    shuffle = random.Random(draw(st.integers(0, 2**32 - 1)))
    cells = cells.sample(frac=1.0, random_state=shuffle.randrange(2**32)).reset_index(drop=True)
    if draw(st.booleans()):
        threshold = draw(st.integers(0, 4))
    else:
        threshold = pd.Series(
            draw(st.lists(st.integers(0, 4), min_size=len(cells), max_size=len(cells)))
        )
    return cells, relations, threshold


@settings(max_examples=200, deadline=None)
@given(additive_families())
def test_no_suppressed_cell_of_an_additive_family_is_derivable(case):
    cells, relations, threshold = case
    result = suppress(cells, threshold=threshold, relations=relations)

    assert not (result.primary & result.secondary).any()
    assert lone_members(cells, relations, result.suppressed) == []
    assert derivable(cells, relations, result.suppressed) == set()


def test_empty_frame_with_relations_gives_empty_result():
    cells = oslo_like().iloc[:0]
    assert suppress(cells, relations=[AGE_GROUPS]).suppressed.shape == (0,)


def test_component_wise_check_agrees_with_the_dense_oracle_on_random_patterns():
    rng = random.Random(5)
    cells = oslo_like()
    system = equations(cells, [AGE_GROUPS])
    member = np.array([k for equation in system for k in equation])
    equation = np.array([e for e, eq in enumerate(system) for _ in eq])
    coefficient = np.array([c for eq in system for c in eq.values()])
    for _ in range(40):
        pattern = np.array([rng.random() < 0.3 for _ in range(len(cells))])
        found, component = determined_cells(
            member, equation, coefficient, pattern, np.ones(len(member), dtype=bool)
        )
        assert set(np.flatnonzero(found)) == derivable(cells, [AGE_GROUPS], pattern)
        assert (component[pattern & np.isin(np.arange(len(cells)), member)] >= 0).all()
