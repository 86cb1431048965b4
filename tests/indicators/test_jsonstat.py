"""Reading JSON-stat 2.0 datasets from SSB's and Oslo municipality's PX-Web APIs."""

import copy
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from omradeloft.indicators.engine.jsonstat import (
    Dataset,
    DatasetTooLargeError,
    Dimension,
    JsonStatError,
    describe_cell,
    parse_dataset,
    to_frame,
)

DATA = Path(__file__).parent / "data"


def load(name: str) -> dict:
    return json.loads((DATA / name).read_text(encoding="utf-8"))


@pytest.fixture
def ssb() -> dict:
    """Table 07459-like: Region × Kjonn × Alder × ContentsCode × Tid = 2 × 2 × 2 × 1 × 3."""
    return load("ssb_07459.json")


@pytest.fixture
def oslo() -> dict:
    """Oslo statistikkbank-like: Bydel × ContentsCode × Tid = 4 × 1 × 2, array index."""
    return load("oslo_lavinntekt_bydel.json")


def cube(value, **extra) -> dict:
    """A 2 × 3 × 2 dataset A × B × C with array indexes; `value` and `extra` keys as given."""
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["A", "B", "C"],
        "size": [2, 3, 2],
        "dimension": {
            "A": {"label": "a", "category": {"index": ["a0", "a1"]}},
            "B": {"label": "b", "category": {"index": ["b0", "b1", "b2"]}},
            "C": {"label": "c", "category": {"index": ["c0", "c1"]}},
        },
        "value": value,
    }
    document.update(extra)
    return document


TWELVE = list(range(12))


def error_of(document) -> str:
    with pytest.raises(JsonStatError) as caught:
        parse_dataset(document)
    return str(caught.value)


# --- Realistic datasets ---------------------------------------------------------------------------


def test_an_ssb_table_parses_into_its_dimensions_in_order(ssb):
    dataset = parse_dataset(ssb)

    assert [d.id for d in dataset.dimensions] == ["Region", "Kjonn", "Alder", "ContentsCode", "Tid"]
    assert dataset.shape == (2, 2, 2, 1, 3)
    assert dataset.dimension("Region") == Dimension(
        id="Region", label="region", codes=("0301", "4601"), labels=("Oslo", "Bergen")
    )
    assert dataset.dimension("Alder").codes == ("067", "068")
    assert dataset.dimension("ContentsCode").labels == ("Personer",)


def test_an_ssb_table_keeps_its_label_source_and_update_time(ssb):
    dataset = parse_dataset(ssb)

    assert dataset.label.startswith("07459: Befolkning")
    assert dataset.source == "Statistisk sentralbyrå"
    assert dataset.updated == "2024-02-21T07:00:00Z"


def test_an_ssb_cell_is_found_at_its_row_major_position(ssb):
    dataset = parse_dataset(ssb)
    # Region=4601 (1), Kjonn=2 (1), Alder=067 (0), ContentsCode (0), Tid=2023 (1):
    # ((((1 * 2 + 1) * 2 + 0) * 1 + 0) * 3 + 1) = 19
    assert dataset.values[19] == 1655
    assert describe_cell(dataset, 19) == (
        "cell 19 (Region=4601 Bergen, Kjonn=2 Kvinner, Alder=067 67 år,"
        " ContentsCode=Personer1 Personer, Tid=2023)"
    )


def test_ssb_sparse_status_marks_missing_and_confidential_cells(ssb):
    dataset = parse_dataset(ssb)

    assert dataset.status.dtype == object
    assert dataset.status[14] == ".."
    assert dataset.status[21] == ":"
    assert [i for i, s in enumerate(dataset.status) if s is not None] == [14, 21]
    assert np.isnan(dataset.values[[14, 21]]).all()
    assert np.isnan(dataset.values).sum() == 2


def test_an_oslo_table_with_district_codes_array_index_and_status_array_parses(oslo):
    dataset = parse_dataset(oslo)

    bydel = dataset.dimension("Bydel")
    assert bydel.codes == ("030101", "030102", "030103", "030116")
    assert bydel.labels[1] == "Bydel Grünerløkka"
    assert dataset.values.tolist()[:6] == [19.4, 18.9, 14.2, 13.8, 12.7, 12.5]
    assert dataset.status.tolist() == [None] * 6 + [":", ":"]


def test_a_single_category_dimension_without_index_takes_its_code_from_the_label(oslo):
    contents = parse_dataset(oslo).dimension("ContentsCode")

    assert contents.codes == ("LavInntAndel",)
    assert contents.labels == ("Andel med lavinntekt (prosent)",)


def test_categories_without_labels_are_labelled_with_their_codes(oslo):
    tid = parse_dataset(oslo).dimension("Tid")

    assert tid.codes == tid.labels == ("2021", "2022")


def test_a_dimension_without_label_is_labelled_with_its_id():
    document = cube(TWELVE)
    del document["dimension"]["B"]["label"]

    assert parse_dataset(document).dimension("B").label == "B"


def test_json_text_bytes_and_a_utf8_bom_are_accepted(ssb):
    text = json.dumps(ssb, ensure_ascii=False)

    for document in (text, "\ufeff" + text, text.encode(), "\ufeff".encode() + text.encode()):
        assert parse_dataset(document).values[0] == 2846


def test_the_arrays_of_a_dataset_are_read_only(ssb):
    dataset = parse_dataset(ssb)

    assert dataset.values.dtype == np.float64
    with pytest.raises(ValueError, match="read-only"):
        dataset.values[0] = 1.0
    with pytest.raises(ValueError, match="read-only"):
        dataset.status[0] = "x"


def test_unused_keys_like_role_note_extension_and_unit_are_ignored(ssb):
    bare = copy.deepcopy(ssb)
    for key in ("role", "note", "extension"):
        del bare[key]
    del bare["dimension"]["ContentsCode"]["category"]["unit"]

    pd.testing.assert_frame_equal(to_frame(parse_dataset(bare)), to_frame(parse_dataset(ssb)))


# --- Row-major order, value and index forms -------------------------------------------------------


def test_values_are_in_row_major_order_with_the_last_dimension_fastest():
    frame = to_frame(parse_dataset(cube(TWELVE)))
    expected = [
        ("a0", "b0", "c0"), ("a0", "b0", "c1"),
        ("a0", "b1", "c0"), ("a0", "b1", "c1"),
        ("a0", "b2", "c0"), ("a0", "b2", "c1"),
        ("a1", "b0", "c0"), ("a1", "b0", "c1"),
        ("a1", "b1", "c0"), ("a1", "b1", "c1"),
        ("a1", "b2", "c0"), ("a1", "b2", "c1"),
    ]  # fmt: skip

    assert list(zip(frame["A"], frame["B"], frame["C"], strict=True)) == expected
    assert frame["value"].tolist() == [float(v) for v in TWELVE]
    assert frame["cell"].tolist() == TWELVE


def test_a_sparse_value_object_fills_the_listed_cells_and_leaves_the_rest_missing():
    dataset = parse_dataset(cube({"0": 5, "7": 2.5, "11": None}))

    assert dataset.values[0] == 5
    assert dataset.values[7] == 2.5
    assert np.isnan(dataset.values).sum() == 10
    assert describe_cell(dataset, 7) == "cell 7 (A=a1, B=b0, C=c1)"


def test_an_array_value_with_nulls_gives_nan_for_the_missing_cells():
    values = parse_dataset(cube([1, None, 3, *TWELVE[3:]])).values

    assert values.dtype == np.float64
    assert math.isnan(values[1])
    assert values[2] == 3


def test_an_object_index_orders_categories_by_position_not_by_key_order():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"] = {
        "index": {"b2": 2, "b0": 0, "b1": 1},
        "label": {"b0": "Null", "b1": "En", "b2": "To"},
    }
    dimension = parse_dataset(document).dimension("B")

    assert dimension.codes == ("b0", "b1", "b2")
    assert dimension.labels == ("Null", "En", "To")


def test_a_status_string_applies_to_every_cell():
    dataset = parse_dataset(cube(TWELVE, status="p"))

    assert dataset.status.tolist() == ["p"] * 12


def test_a_status_array_gives_each_cell_its_own_status():
    status = [None] * 12
    status[3], status[4] = "..", ":"
    dataset = parse_dataset(cube(TWELVE, status=status))

    assert dataset.status.tolist() == status


def test_a_status_array_of_one_entry_applies_to_every_cell_as_in_json_stat_1():
    assert parse_dataset(cube(TWELVE, status=["e"])).status.tolist() == ["e"] * 12


def test_a_sparse_status_object_marks_only_the_listed_cells():
    dataset = parse_dataset(cube(TWELVE, status={"2": "..", "10": ":"}))

    assert {i: s for i, s in enumerate(dataset.status) if s is not None} == {2: "..", 10: ":"}


def test_an_empty_status_string_means_no_status():
    assert parse_dataset(cube(TWELVE, status="")).status.tolist() == [None] * 12
    assert parse_dataset(cube(TWELVE, status={"3": ""})).status[3] is None


def test_a_json_stat_1_bundle_with_one_dataset_is_accepted(oslo):
    legacy = {k: v for k, v in oslo.items() if k not in ("version", "class", "id", "size")}
    legacy["dimension"] = {**oslo["dimension"], "id": oslo["id"], "size": oslo["size"]}
    dataset = parse_dataset({"dataset": legacy})

    assert [d.id for d in dataset.dimensions] == ["Bydel", "ContentsCode", "Tid"]
    assert dataset.values[0] == 19.4


# --- to_frame and describe_cell -------------------------------------------------------------------


def test_the_frame_has_one_row_per_cell_with_a_value_or_a_status(ssb):
    frame = to_frame(parse_dataset(ssb))

    assert len(frame) == 24  # the two missing cells carry a status
    missing = frame[frame["value"].isna()]
    assert missing["cell"].tolist() == [14, 21]
    assert missing["status"].tolist() == ["..", ":"]
    assert missing["Region__label"].tolist() == ["Bergen", "Bergen"]


def test_the_frame_leaves_out_cells_with_neither_value_nor_status():
    frame = to_frame(parse_dataset(cube({"1": 4, "9": None}, status={"5": ".."})))

    assert frame["cell"].tolist() == [1, 5]
    assert frame["value"].tolist()[0] == 4
    assert math.isnan(frame["value"].tolist()[1])
    assert frame["status"].tolist() == [None, ".."]


def test_the_frame_has_codes_labels_value_and_status_columns_with_documented_dtypes(oslo):
    frame = to_frame(parse_dataset(oslo))

    assert list(frame.columns) == [
        "cell",
        "Bydel",
        "Bydel__label",
        "ContentsCode",
        "ContentsCode__label",
        "Tid",
        "Tid__label",
        "value",
        "status",
    ]
    assert frame["cell"].dtype == np.int64
    assert frame["value"].dtype == np.float64
    for column in ("Bydel", "Bydel__label", "Tid", "status"):
        assert frame[column].dtype == object
    first = frame.iloc[0]
    assert (first["Bydel"], first["Bydel__label"], first["Tid"]) == (
        "030101",
        "Bydel Gamle Oslo",
        "2021",
    )
    assert first["status"] is None
    assert frame["Bydel"].tolist()[-2:] == ["030116", "030116"]


def test_the_frame_of_a_dataset_without_any_value_or_status_is_empty_with_all_columns():
    frame = to_frame(parse_dataset(cube([None] * 12)))

    columns = ["cell", "A", "A__label", "B", "B__label", "C", "C__label", "value", "status"]
    assert frame.empty
    assert list(frame.columns) == columns


def test_a_dimension_id_that_collides_with_a_frame_column_is_refused_by_to_frame():
    document = cube(TWELVE)
    document["id"][2] = "value"
    document["dimension"]["value"] = document["dimension"].pop("C")

    with pytest.raises(JsonStatError, match="'value' occurs twice"):
        to_frame(parse_dataset(document))


def test_describe_cell_shows_the_label_only_when_it_differs_from_the_code(oslo):
    dataset = parse_dataset(oslo)

    assert describe_cell(dataset, 7) == (
        "cell 7 (Bydel=030116 Sentrum, ContentsCode=LavInntAndel Andel med lavinntekt (prosent),"
        " Tid=2022)"
    )


def test_describe_cell_refuses_a_cell_outside_the_dataset(oslo):
    with pytest.raises(IndexError, match="cell 8 is out of range: the dataset has 8 cells"):
        describe_cell(parse_dataset(oslo), 8)


def test_a_dataset_built_by_hand_must_have_one_value_and_status_per_cell():
    dimension = Dimension(id="A", label="a", codes=("x", "y"), labels=("x", "y"))
    with pytest.raises(ValueError, match="2 cells"):
        Dataset("", (dimension,), np.zeros(3), np.full(3, None, dtype=object), "", "")


# --- Errors: not a dataset ------------------------------------------------------------------------


def test_text_that_is_not_json_is_refused():
    assert error_of('{"class": "dataset",').startswith("not JSON: ")
    assert error_of(b"\xff\xfe{").startswith("not JSON: the bytes are not UTF-8")


def test_nan_and_infinity_are_refused_as_not_json():
    assert "NaN is not a JSON number" in error_of('{"value": [NaN]}')
    assert "Infinity is not a JSON number" in error_of('{"value": [Infinity]}')


def test_a_top_level_array_is_refused():
    assert error_of("[1, 2]") == "$: expected a JSON object (a JSON-stat dataset), got an array"


def test_a_collection_is_refused_as_not_a_dataset():
    message = error_of(
        {"version": "2.0", "class": "collection", "link": {"item": [{"class": "dataset"}]}}
    )

    assert "JSON-stat collection" in message
    assert "not a dataset" in message


def test_a_dimension_document_and_an_unknown_class_are_refused():
    assert "JSON-stat dimension" in error_of({"version": "2.0", "class": "dimension"})
    assert error_of({"class": "table"}).startswith("$.class: expected 'dataset', got 'table'")


def test_a_bundle_with_several_datasets_is_refused_naming_them(ssb, oslo):
    message = error_of({"befolkning": ssb, "lavinntekt": oslo})

    assert "bundle with 2 datasets (befolkning, lavinntekt)" in message
    assert "exactly one dataset" in message


def test_an_object_without_any_dataset_is_refused():
    message = error_of({"error": "Too many values selected"})

    assert message.startswith("$: not a JSON-stat dataset")
    assert "keys: error" in message


# --- Errors: structure ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", ["id", "size", "dimension", "value"])
def test_a_dataset_missing_a_required_key_is_refused_naming_the_key(key):
    document = cube(TWELVE)
    del document[key]

    assert error_of(document) == f"$: missing required key '{key}' of a JSON-stat dataset"


def test_a_dataset_missing_several_keys_names_them_all():
    message = error_of({"class": "dataset", "version": "2.0", "label": "x"})

    assert (
        message
        == "$: missing required keys 'id', 'size', 'dimension', 'value' of a JSON-stat dataset"
    )


def test_id_and_size_of_different_lengths_are_refused():
    message = error_of(cube(TWELVE, size=[2, 3]))

    assert message == (
        "$: $.id lists 3 dimensions (A, B, C) but $.size has 2 entries [2, 3];"
        " they must have the same length"
    )


def test_a_dimension_listed_twice_in_id_is_refused():
    assert error_of(cube(TWELVE, id=["A", "B", "A"])).startswith(
        "$.id[2]: dimension id 'A' is listed twice (also at $.id[0])"
    )


@pytest.mark.parametrize(
    ("size", "expected"),
    [(2.0, "got 2.0"), (-1, "got -1"), (True, "got True"), ("2", "got '2'")],
)
def test_a_size_entry_that_is_not_a_count_is_refused(size, expected):
    message = error_of(cube(TWELVE, size=[size, 3, 2]))

    assert message.startswith("$.size[0]: expected a category count")
    assert expected in message


def test_a_dimension_in_id_but_missing_from_dimension_is_refused():
    document = cube(TWELVE)
    del document["dimension"]["B"]

    assert error_of(document) == (
        "$.dimension: dimension 'B' listed in $.id is missing (dimensions present: A, C)"
    )


def test_a_dimension_without_category_is_refused():
    document = cube(TWELVE)
    del document["dimension"]["C"]["category"]

    assert error_of(document) == "$.dimension.C: missing 'category'"


def test_a_category_count_that_differs_from_size_is_refused(ssb):
    ssb["dimension"]["Tid"]["category"]["index"]["2025"] = 3

    assert error_of(ssb) == "$.dimension.Tid.category: 4 categories but $.size[4] (Tid) says 3"


def test_object_index_positions_used_twice_are_refused():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"]["index"] = {"b0": 0, "b1": 0, "b2": 2}

    assert error_of(document) == (
        "$.dimension.B.category.index: position 0 is used by both 'b0' and 'b1';"
        " the positions must be 0..2, each exactly once"
    )


def test_object_index_positions_with_a_gap_are_refused():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"]["index"] = {"b0": 0, "b1": 1, "b2": 3}

    assert error_of(document) == (
        "$.dimension.B.category.index.b2: position 3 is out of range; the positions"
        " of 3 categories must be 0..2, each exactly once"
    )


def test_object_index_positions_that_are_not_integers_are_refused():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"]["index"] = {"b0": 0, "b1": "1", "b2": 2}

    assert error_of(document) == (
        "$.dimension.B.category.index.b1: expected a position (integer 0..2), got '1'"
    )


def test_an_array_index_listing_a_code_twice_is_refused():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"]["index"] = ["b0", "b1", "b0"]

    assert error_of(document) == (
        "$.dimension.B.category.index[2]: category 'b0' is listed twice (also at position 0)"
    )


def test_an_index_of_the_wrong_type_is_refused():
    document = cube(TWELVE)
    document["dimension"]["B"]["category"]["index"] = "b0,b1,b2"

    assert error_of(document).startswith(
        "$.dimension.B.category.index: expected an array of codes or an object code -> position"
    )


def test_a_missing_index_is_refused_when_there_are_several_categories():
    document = cube(TWELVE)
    document["dimension"]["C"]["category"] = {"label": {"c0": "Null", "c1": "En"}}

    assert error_of(document) == (
        "$.dimension.C.category.index: missing; 'index' may only be left out when a dimension"
        " has a single category, but $.dimension.C.category.label has 2"
    )


def test_a_category_with_neither_index_nor_label_is_refused():
    document = cube(TWELVE)
    document["dimension"]["C"]["category"] = {}

    assert "needs 'index'" in error_of(document)


def test_a_label_for_a_category_not_in_the_index_is_refused():
    document = cube(TWELVE)
    document["dimension"]["A"]["category"]["label"] = {"a0": "Null", "a9": "Ni"}

    assert error_of(document) == (
        "$.dimension.A.category.label: label for category 'a9', which is not in"
        " $.dimension.A.category.index"
    )


def test_paths_inside_a_bundle_start_at_the_dataset_name(oslo):
    del oslo["dimension"]["Tid"]

    assert error_of({"dataset": oslo}).startswith("$.dataset.dimension: dimension 'Tid'")


# --- Errors: values and status --------------------------------------------------------------------


def test_an_array_value_of_the_wrong_length_is_a_size_value_mismatch_naming_both_numbers():
    message = error_of(cube(TWELVE[:11]))

    assert message == (
        "$.value: size/value mismatch: 'value' has 11 entries but 'size' [2, 3, 2]"
        " gives 2 × 3 × 2 = 12 cells"
    )


def test_a_sparse_value_key_that_is_not_an_integer_is_refused():
    assert error_of(cube({"1": 3, "a": 4})) == (
        '$.value["a"]: a sparse key must be a flat cell index (a non-negative integer written'
        " as a string), got 'a'"
    )
    assert "got '-1'" in error_of(cube({"-1": 4}))


def test_a_sparse_value_key_out_of_range_is_refused():
    assert error_of(cube({"12": 4})) == (
        '$.value["12"]: cell 12 is out of range; the dataset has 12 cells (0..11)'
    )


def test_a_non_numeric_value_is_refused_naming_its_cell_and_categories(ssb):
    ssb["value"][19] = "1 655"

    with pytest.raises(JsonStatError) as caught:
        parse_dataset(ssb)

    assert str(caught.value) == (
        "$.value[19]: expected a number or null, got '1 655' (a string) at cell 19"
        " (Region=4601 Bergen, Kjonn=2 Kvinner, Alder=067 67 år,"
        " ContentsCode=Personer1 Personer, Tid=2023)"
    )
    assert caught.value.cell == 19
    assert caught.value.path == "$.value[19]"


@pytest.mark.parametrize("bad", [True, "3", [3], {"v": 3}, float("nan"), float("inf"), 10**400])
def test_values_that_are_not_finite_json_numbers_are_refused(bad):
    assert "expected a number or null" in error_of(cube({"7": bad}))
    assert "at cell 7 (A=a1, B=b0, C=c1)" in error_of(cube({"7": bad}))


def test_a_value_that_is_neither_array_nor_object_is_refused():
    assert error_of(cube("1,2,3")).startswith("$.value: expected an array or an object")


def test_a_status_array_of_the_wrong_length_is_refused():
    assert error_of(cube(TWELVE, status=[None] * 11)).startswith(
        "$.status: status length mismatch: 'status' has 11 entries but 'size' [2, 3, 2]"
        " gives 12 cells"
    )


def test_sparse_status_keys_are_checked_like_sparse_value_keys():
    assert error_of(cube(TWELVE, status={"x": ".."})).startswith('$.status["x"]: a sparse key')
    assert "cell 30 is out of range" in error_of(cube(TWELVE, status={"30": ".."}))


def test_a_status_that_is_not_a_string_is_refused():
    assert error_of(cube(TWELVE, status={"3": 1})) == (
        '$.status["3"]: expected a status string or null, got 1'
    )
    assert error_of(cube(TWELVE, status=True)).startswith("$.status: expected a string, an array")


# --- Size -----------------------------------------------------------------------------------------


def test_a_dataset_over_the_cell_limit_is_refused_before_its_cube_is_made():
    # Ten billion cells declared in a few bytes: the cube would take 160 GB.
    document = cube({"0": 1})
    document["size"] = [100_000, 100_000, 1]
    document["dimension"]["A"]["category"]["index"] = [f"a{i}" for i in range(100_000)]
    document["dimension"]["B"]["category"]["index"] = [f"b{i}" for i in range(100_000)]
    document["id"] = ["A", "B", "C"]
    document["dimension"]["C"]["category"]["index"] = ["c0"]
    with pytest.raises(DatasetTooLargeError) as caught:
        parse_dataset(document, max_cells=1_000_000)
    assert (caught.value.cells, caught.value.limit) == (10**10, 1_000_000)
    assert (
        str(caught.value)
        == "$.size: the dataset has 10000000000 cells; at most 1000000 are accepted"
    )


def test_a_dataset_at_the_cell_limit_is_read():
    assert parse_dataset(cube(TWELVE), max_cells=12).values.tolist() == TWELVE
