"""Disclosure control engine: primary rules, complementary suppression, and non-derivability.

Plain tests without a database: the engine is framework-free.
"""

import os
import random
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from omradeloft.indicators.engine.disclosure import (
    PRIMARY,
    PUBLISHED,
    SECONDARY,
    SuppressionResult,
    primary_mask,
    suppress,
)

# --- factories -----------------------------------------------------------------------------


def frame(*rows, group="g"):
    """Cells from (cell, parent, numerator, denominator) tuples; parent None = no parent."""
    return pd.DataFrame(
        {
            "cell": [row[0] for row in rows],
            "parent": pd.array([row[1] for row in rows], dtype="Int64"),
            "group": [group] * len(rows),
            "numerator": [np.nan if row[2] is None else float(row[2]) for row in rows],
            "denominator": [np.nan if row[3] is None else float(row[3]) for row in rows],
        }
    )


def single(numerator, denominator, threshold=3):
    """Whether one parentless cell is a primary suppression."""
    result = suppress(frame((1, None, numerator, denominator)), threshold=threshold)
    assert not result.secondary.any()
    return bool(result.primary[0])


def hidden(cells, result):
    """Ids of the suppressed cells, as a set."""
    return set(cells["cell"][result.suppressed])


def family_counts(cells, suppressed):
    """Suppressed members per family (the parent plus its children), keyed by parent id."""
    is_hidden = dict(zip(cells["cell"], suppressed, strict=True))
    counts = {}
    for cell, parent in zip(cells["cell"], cells["parent"], strict=True):
        if pd.notna(parent) and parent != -1:
            counts[parent] = counts.get(parent, int(is_hidden[parent])) + int(is_hidden[cell])
    return counts


def derivable(cells, suppressed):
    """Ids of suppressed cells that the published cells pin down through parent = Σ children.

    One equation per family: x_parent - Σ x_child = 0. Published cells move to the right-hand
    side, so the matrix A has one column per suppressed cell. A suppressed cell i is
    derivable iff e_i lies in the row space of A, i.e. iff it is orthogonal to the null
    space of A. Numerators and denominators share A (only the right-hand side differs), so
    one check covers both.
    """
    ids = cells["cell"].to_numpy()
    unknown = {cell: k for k, cell in enumerate(ids[suppressed])}
    if not unknown:
        return set()
    equations = {}
    for cell, parent in zip(cells["cell"], cells["parent"], strict=True):
        if pd.notna(parent) and parent != -1:
            row = equations.setdefault(parent, np.zeros(len(unknown)))
            if parent in unknown:
                row[unknown[parent]] = 1.0
            if cell in unknown:
                row[unknown[cell]] = -1.0
    if not equations:
        return set()
    a = np.array(list(equations.values()))
    _, singular, vt = np.linalg.svd(a, full_matrices=True)
    tolerance = singular.max(initial=0.0) * max(a.shape) * np.finfo(float).eps
    rank = int((singular > tolerance).sum())
    null_space = vt[rank:]  # (k - rank, k); empty when A has full column rank
    in_row_space = np.linalg.norm(null_space, axis=0) < 1e-8
    return {cell for cell, k in unknown.items() if in_row_space[k]}


# --- primary suppression -------------------------------------------------------------------


def test_numerator_of_three_is_suppressed_and_four_is_published():
    assert single(3, 100)
    assert single(1, 100)
    assert not single(4, 100)


def test_zero_numerator_is_published():
    assert not single(0, 100)


def test_denominator_at_or_below_threshold_is_suppressed_even_when_zero():
    assert single(0, 3)
    assert single(0, 0)
    assert not single(0, 4)
    assert single(np.nan, 2)


def test_nearly_everyone_having_the_attribute_is_suppressed():
    assert single(97, 100)  # three people without the attribute
    assert single(99, 100)
    assert not single(96, 100)


def test_everyone_having_the_attribute_is_published_like_nobody_having_it():
    assert not single(100, 100)


def test_cell_without_numerator_and_denominator_is_published():
    assert not single(None, None)


def test_missing_denominator_leaves_the_numerator_rule():
    assert single(2, None)
    assert not single(40, None)


def test_missing_numerator_leaves_the_denominator_rule():
    assert not single(None, 40)
    assert single(None, 3)


def test_threshold_is_configurable():
    assert single(5, 100, threshold=5)
    assert not single(6, 100, threshold=5)
    assert not single(1, 100, threshold=0)
    assert single(0, 0, threshold=0)


def test_per_cell_thresholds_are_aligned_by_index():
    cells = frame((1, None, 4, 100), (2, None, 4, 100), (3, None, 4, 100)).set_axis(["a", "b", "c"])
    thresholds = pd.Series({"c": 5, "a": 3, "b": 4})  # another order than the frame
    result = suppress(cells, threshold=thresholds)
    assert result.primary.tolist() == [False, True, True]


def test_per_cell_thresholds_may_be_an_array_in_row_order():
    cells = frame((1, None, 4, 100), (2, None, 4, 100))
    result = suppress(cells, threshold=np.array([3, 4]))
    assert result.primary.tolist() == [False, True]


def test_primary_mask_applies_all_three_rules_elementwise():
    numerator = np.array([0, 2, 5, 97, np.nan, 5])
    denominator = np.array([100, 100, 2, 100, np.nan, np.nan])
    assert primary_mask(numerator, denominator, 3).tolist() == [
        False,
        True,
        True,
        True,
        False,
        False,
    ]


# --- secondary suppression -----------------------------------------------------------------


def test_single_suppressed_child_gets_a_complementary_sibling():
    cells = frame(
        (1, None, 60, 300),
        (2, 1, 2, 100),  # primary
        (3, 1, 30, 100),
        (4, 1, 28, 100),  # smallest published sibling
    )
    result = suppress(cells)
    assert result.primary.tolist() == [False, True, False, False]
    assert result.secondary.tolist() == [False, False, False, True]
    assert not derivable(cells, result.suppressed)


def test_complement_ties_break_on_denominator_then_cell_id():
    by_denominator = frame((1, None, 42, 300), (2, 1, 2, 100), (3, 1, 20, 110), (4, 1, 20, 90))
    assert hidden(by_denominator, suppress(by_denominator)) == {2, 4}
    by_id = frame((1, None, 42, 300), (7, 1, 2, 100), (9, 1, 20, 100), (8, 1, 20, 100))
    assert hidden(by_id, suppress(by_id)) == {7, 8}


def test_suppressed_parent_with_published_children_gets_a_suppressed_child():
    # With one threshold and additive counts a small parent always has a small child, so
    # the parent alone is primary only under a stricter threshold of its own.
    cells = frame((1, None, 8, 200), (2, 1, 4, 100), (3, 1, 4, 100))
    assert not suppress(cells).suppressed.any()
    result = suppress(cells, threshold=pd.Series([8, 3, 3]))
    assert result.primary.tolist() == [True, False, False]
    assert result.secondary.tolist() == [False, True, False]  # a tie on both counts: lower id
    assert not derivable(cells, result.suppressed)


def test_parent_is_taken_only_when_every_child_is_suppressed():
    cells = frame(
        (10, None, 50, 200),
        (1, 10, 4, 100),
        (2, 1, 4, 100),  # the only child of 1, and primary under its own threshold
        (3, 10, 46, 100),
    )
    result = suppress(cells, threshold=pd.Series([3, 3, 5, 3]))
    # 2 has no sibling, so its parent 1 follows; 1 then needs its sibling 3, not the top.
    assert result.primary.tolist() == [False, False, True, False]
    assert result.secondary.tolist() == [False, True, False, True]
    assert not derivable(cells, result.suppressed)


def test_only_child_equal_to_its_parent_is_suppressed_together_with_it():
    cells = frame((1, None, 2, 100), (2, 1, 2, 100))
    result = suppress(cells)
    assert result.primary.tolist() == [True, True]
    assert not result.secondary.any()


def test_suppression_propagates_across_two_levels():
    leaf_only = frame(
        (100, None, 90, 900),
        (10, 100, 45, 450),
        (11, 100, 45, 450),
        (1, 10, 2, 150),  # primary leaf: a sibling is enough
        (2, 10, 20, 150),
        (3, 10, 23, 150),
        (4, 11, 15, 150),
        (5, 11, 15, 150),
        (6, 11, 15, 150),
    )
    assert hidden(leaf_only, suppress(leaf_only)) == {1, 2}

    cells = frame(
        (100, None, 48, 900),
        (10, 100, 3, 450),  # primary district with primary children 1 and 2
        (11, 100, 45, 450),
        (1, 10, 2, 150),
        (2, 10, 1, 150),
        (3, 10, 0, 150),
        (4, 11, 16, 150),
        (5, 11, 14, 150),
        (6, 11, 15, 150),
    )
    result = suppress(cells)
    # District 10 is alone in the municipality's equation, so district 11 is hidden, and
    # 11 is then alone in its own equation, so its smallest child 5 is hidden too.
    assert set(cells["cell"][result.primary]) == {10, 1, 2}
    assert set(cells["cell"][result.secondary]) == {11, 5}
    assert not derivable(cells, result.suppressed)
    assert 1 not in family_counts(cells, result.suppressed).values()


def test_groups_are_independent_even_with_the_same_cell_ids():
    small = frame((1, None, 30, 300), (2, 1, 2, 100), (3, 1, 13, 100), (4, 1, 15, 100))
    large = frame((1, None, 60, 300), (2, 1, 20, 100), (3, 1, 20, 100), (4, 1, 20, 100), group="h")
    cells = pd.concat([large, small], ignore_index=True)
    result = suppress(cells)
    assert not result.suppressed[:4].any()
    assert result.suppressed[4:].tolist() == [False, True, True, False]


def test_groups_may_be_tuples_of_indicator_and_period():
    cells = pd.concat(
        [
            frame((1, None, 2, 100), group=("employment", "2024")),
            frame((1, None, 20, 100), group=("employment", "2025")),
        ],
        ignore_index=True,
    )
    assert suppress(cells).primary.tolist() == [True, False]


def test_parent_ids_may_be_minus_one_or_float_nan():
    cells = frame((1, None, 30, 300), (2, 1, 2, 100), (3, 1, 13, 100))
    minus_one = cells.assign(parent=cells["parent"].fillna(-1).astype(int))
    as_float = cells.assign(parent=cells["parent"].astype(float))
    expected = suppress(cells).suppressed.tolist()
    assert suppress(minus_one).suppressed.tolist() == expected
    assert suppress(as_float).suppressed.tolist() == expected


def test_same_input_gives_same_output():
    cells = random_hierarchy(random.Random(7), groups=3)
    first, second = suppress(cells), suppress(cells.copy())
    assert np.array_equal(first.primary, second.primary)
    assert np.array_equal(first.secondary, second.secondary)


def test_row_order_does_not_change_which_cells_are_suppressed():
    cells = random_hierarchy(random.Random(11), groups=3)
    keyed = cells.set_index(["group", "cell"])
    expected = suppress(cells).with_status(cells).set_index(["group", "cell"])["status"]
    assert (expected == SECONDARY).any()
    for seed in range(5):
        shuffled = cells.sample(frac=1.0, random_state=seed)
        status = suppress(shuffled).with_status(shuffled).set_index(["group", "cell"])
        assert status["status"].reindex(keyed.index).equals(expected)


def test_result_labels_rows_published_primary_or_secondary():
    cells = frame((1, None, 60, 300), (2, 1, 2, 100), (3, 1, 30, 100), (4, 1, 28, 100))
    result = suppress(cells)
    labelled = result.with_status(cells)
    assert labelled["status"].tolist() == [PUBLISHED, PRIMARY, PUBLISHED, SECONDARY]
    assert "status" not in cells.columns  # the input is left alone
    assert result.suppressed.tolist() == [False, True, False, True]
    assert len(result) == 4


def test_result_arrays_are_read_only_and_the_dataclass_frozen():
    result = suppress(frame((1, None, 2, 100)))
    with pytest.raises(ValueError, match="read-only"):
        result.primary[0] = False
    with pytest.raises(AttributeError):
        result.primary = np.array([False])
    with pytest.raises(ValueError, match="both"):
        SuppressionResult(primary=np.array([True]), secondary=np.array([True]))


def test_empty_frame_gives_empty_result():
    result = suppress(frame())
    assert result.suppressed.shape == (0,)
    assert result.suppressed.dtype == bool


def test_engine_imports_without_django():
    code = (
        "import sys, omradeloft.indicators.engine.disclosure; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    environment = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    assert subprocess.run([sys.executable, "-c", code], env=environment).returncode == 0


# --- bad input -----------------------------------------------------------------------------


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="parent, group"):
        suppress(pd.DataFrame({"cell": [1], "numerator": [1.0], "denominator": [2.0]}))


def test_duplicate_cell_in_a_group_is_rejected():
    with pytest.raises(ValueError, match="cell id 2 occurs more than once"):
        suppress(frame((1, None, 9, 90), (2, 1, 4, 40), (2, 1, 5, 50)))


def test_parent_outside_the_frame_must_be_minus_one_or_missing():
    with pytest.raises(ValueError, match="parent 5 of cell 2 is not in group"):
        suppress(frame((1, None, 9, 90), (2, 5, 4, 40)))


def test_parent_in_another_group_is_not_found():
    cells = pd.concat([frame((1, None, 9, 90)), frame((2, 1, 4, 40), group="h")])
    with pytest.raises(ValueError, match="not in group 'h'"):
        suppress(cells)


def test_cycle_in_parent_links_is_rejected():
    with pytest.raises(ValueError, match="cycle"):
        suppress(frame((1, 2, 9, 90), (2, 1, 4, 40)))
    with pytest.raises(ValueError, match="cycle"):
        suppress(frame((1, 1, 9, 90)))


def test_threshold_must_cover_every_row_and_be_non_negative():
    cells = frame((1, None, 9, 90), (2, 1, 4, 40))
    with pytest.raises(ValueError, match="missing"):
        suppress(cells, threshold=pd.Series({0: 3}))
    with pytest.raises(ValueError, match="shape"):
        suppress(cells, threshold=np.array([3, 3, 3]))
    with pytest.raises(ValueError, match="non-negative"):
        suppress(cells, threshold=-1)


def test_non_numeric_counts_are_rejected():
    cells = frame((1, None, 9, 90)).astype({"numerator": object})
    cells.loc[0, "numerator"] = "many"
    with pytest.raises(ValueError, match="'numerator' must be numeric"):
        suppress(cells)


# --- the derivability oracle and the property ----------------------------------------------


def derivable_by_rank(cells, suppressed):
    """The same question as `derivable`, one cell at a time: does appending e_i to A keep
    its rank? Slower; used to check the null-space version."""
    ids = cells["cell"].to_numpy()
    unknown = list(ids[suppressed])
    rows = []
    for parent in set(cells["parent"].dropna()) - {-1}:
        children = set(cells["cell"][cells["parent"] == parent])
        rows.append([float(cell == parent) - float(cell in children) for cell in unknown])
    a = np.array(rows).reshape(len(rows), len(unknown))
    rank = np.linalg.matrix_rank(a) if a.size else 0
    found = set()
    for k, cell in enumerate(unknown):
        unit = np.zeros((1, len(unknown)))
        unit[0, k] = 1.0
        if np.linalg.matrix_rank(np.vstack([a, unit])) == rank:
            found.add(cell)
    return found


def test_derivability_check_finds_a_lone_suppressed_child():
    cells = frame((1, None, 60, 300), (2, 1, 2, 100), (3, 1, 30, 100), (4, 1, 28, 100))
    lone = np.array([False, True, False, False])
    assert derivable(cells, lone) == derivable_by_rank(cells, lone) == {2}
    pair = np.array([False, True, False, True])
    assert derivable(cells, pair) == derivable_by_rank(cells, pair) == set()


def test_derivability_check_follows_equations_across_levels():
    # 3 is published, so 2 = 3 through 2's family, and then 1 = 2 through 1's family.
    cells = frame((1, None, 10, 100), (2, 1, 10, 100), (3, 2, 10, 100))
    hidden_pair = np.array([True, True, False])
    assert derivable(cells, hidden_pair) == derivable_by_rank(cells, hidden_pair) == {1, 2}


def test_derivability_checks_agree_on_random_patterns():
    rng = random.Random(3)
    for _ in range(30):
        cells = random_hierarchy(rng, levels=3, max_children=4)
        pattern = np.array([rng.random() < 0.4 for _ in range(len(cells))])
        assert derivable(cells, pattern) == derivable_by_rank(cells, pattern)


def random_hierarchy(rng, groups=1, levels=4, max_children=6):
    """Trees whose parents are the exact sums of their children, one per group."""
    frames = []
    for g in range(groups):
        rows = []
        next_id = iter(rng.sample(range(10_000), 10_000))

        def grow(parent, level, rows=rows, next_id=next_id):
            cell = next(next_id)
            position = len(rows)
            rows.append([cell, parent, 0.0, 0.0])
            if level == levels or (level > 1 and rng.random() < 0.2):
                denominator = rng.choice([rng.randint(0, 8), rng.randint(0, 200)])
                numerator = rng.randint(0, denominator)
                rows[position][2:] = [float(numerator), float(denominator)]
            else:
                for _ in range(rng.randint(1, max_children)):
                    child = grow(cell, level + 1)
                    rows[position][2] += rows[child][2]
                    rows[position][3] += rows[child][3]
            return position

        grow(None, 1)
        frames.append(frame(*rows, group=f"g{g}"))
    return pd.concat(frames, ignore_index=True)


@st.composite
def hierarchies(draw):
    """One tree of 1-4 levels, 1-6 children per node, leaves drawn, parents summed; a threshold."""
    levels = draw(st.integers(1, 4))
    small = st.integers(0, 8)
    denominators = st.one_of(small, small, st.integers(0, 60))
    rows = []
    shuffler = random.Random(draw(st.integers(0, 2**32 - 1)))  # ids and row order
    ids = shuffler.sample(range(1_000), 300)

    def grow(parent, level):
        position = len(rows)
        rows.append([ids[position], parent, 0.0, 0.0])
        children = draw(st.integers(1, 6)) if level < levels else 0
        if children == 0:
            denominator = draw(denominators)
            numerator = draw(st.integers(0, denominator))
            rows[position][2:] = [float(numerator), float(denominator)]
        for _ in range(children):
            child = grow(ids[position], level + 1)
            rows[position][2] += rows[child][2]
            rows[position][3] += rows[child][3]
        return position

    grow(None, 1)
    shuffler.shuffle(rows)
    cells = frame(*rows)
    # Half the time one threshold, else one per row, which also makes parents primary whose
    # children are not, so complements must travel up the tree as well as down.
    if draw(st.booleans()):
        return cells, draw(st.integers(0, 5))
    return cells, pd.Series(
        draw(st.lists(st.integers(0, 5), min_size=len(rows), max_size=len(rows)))
    )


@settings(max_examples=200, deadline=None)
@given(hierarchies())
def test_no_suppressed_cell_can_be_derived_from_published_cells(case):
    cells, threshold = case
    result = suppress(cells, threshold=threshold)

    assert (result.suppressed[result.primary]).all()
    assert not (result.primary & result.secondary).any()
    assert 1 not in family_counts(cells, result.suppressed).values()
    assert derivable(cells, result.suppressed) == set()
