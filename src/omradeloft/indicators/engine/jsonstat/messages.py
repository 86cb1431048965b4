"""The English wordings of the JSON-stat reader's errors (worded on pages by the importers'
catalogue). Each error names the JSON path at fault first; paths, codes and the document's own
values are parameters, never translated."""

import math
from typing import Any

from omradeloft.core.notices import Message, Wordings, listing

WORDS = Wordings(
    {
        # The kinds of JSON value an error says it got
        "jsonstat.type.null": "null",
        "jsonstat.type.boolean": "a boolean",
        "jsonstat.type.non_finite": "a non-finite number",
        "jsonstat.type.number": "a number",
        "jsonstat.type.string": "a string",
        "jsonstat.type.array": "an array",
        "jsonstat.type.object": "an object",
        "jsonstat.none": "none",
        "jsonstat.cell": "cell %(cell)s (%(categories)s)",
        # The document as a whole
        "jsonstat.not_utf8": "not JSON: the bytes are not UTF-8 (%(problem)s)",
        "jsonstat.not_json": "not JSON: the text is not valid JSON (%(problem)s)",
        "jsonstat.constant": "not JSON: %(name)s is not a JSON number",
        "jsonstat.not_object": "%(path)s: expected a JSON object (a JSON-stat dataset), "
        "got %(type)s",
        "jsonstat.collection": "%(path)s: this is a JSON-stat collection (class 'collection'), "
        "a list of links to datasets, not a dataset; request one table instead",
        "jsonstat.dimension_document": "%(path)s: this is a JSON-stat dimension "
        "(class 'dimension'), not a dataset",
        "jsonstat.wrong_class": "%(path)s: expected 'dataset', got %(value)s; this is not a "
        "JSON-stat dataset",
        "jsonstat.bundle": "%(path)s: this is a JSON-stat bundle with %(count)s datasets "
        "(%(names)s); only a bundle holding exactly one dataset is accepted",
        "jsonstat.no_dataset": "%(path)s: not a JSON-stat dataset: no class 'dataset', no "
        "'dimension' or 'value', and no dataset inside (keys: %(keys)s)",
        "jsonstat.too_large": "%(path)s: the dataset has %(cells)s cells; at most %(limit)s are "
        "accepted",
        # Structure: id, size and dimension
        "jsonstat.missing_key": "%(path)s: missing required key %(keys)s of a JSON-stat dataset",
        "jsonstat.missing_keys": "%(path)s: missing required keys %(keys)s of a JSON-stat dataset",
        "jsonstat.dimensions_not_object": "%(path)s: expected an object of dimensions, "
        "got %(type)s",
        "jsonstat.ids_not_array": "%(path)s: expected a non-empty array of dimension ids, "
        "got %(type)s",
        "jsonstat.id_not_text": "%(path)s: expected a dimension id (non-empty string), "
        "got %(value)s",
        "jsonstat.id_twice": "%(path)s: dimension id %(id)s is listed twice (also at %(other)s)",
        "jsonstat.sizes_not_array": "%(path)s: expected an array of category counts, got %(type)s",
        "jsonstat.size_not_count": "%(path)s: expected a category count (non-negative integer), "
        "got %(value)s",
        "jsonstat.ids_sizes": "%(path)s: %(id_path)s lists %(count)s dimensions (%(ids)s) but "
        "%(size_path)s has %(sizes)s entries %(size_list)s; they must have the same length",
        "jsonstat.dimension_missing": "%(path)s: dimension %(id)s listed in %(id_path)s is "
        "missing (dimensions present: %(present)s)",
        "jsonstat.category_count": "%(path)s: %(count)s categories but %(size_path)s (%(id)s) "
        "says %(size)s",
        # One dimension and its categories
        "jsonstat.expected_object": "%(path)s: expected an object, got %(type)s",
        "jsonstat.expected_string": "%(path)s: expected a string, got %(value)s",
        "jsonstat.missing_category": "%(path)s: missing 'category'",
        "jsonstat.labels_not_object": "%(path)s: expected an object code -> label, got %(type)s",
        "jsonstat.label_not_indexed": "%(path)s: label for category %(code)s, which is not in "
        "%(index_path)s",
        "jsonstat.needs_index": "%(path)s: needs 'index' (or, for a single category, 'label')",
        "jsonstat.index_missing": "%(path)s: missing; 'index' may only be left out when a "
        "dimension has a single category, but %(label_path)s has %(count)s",
        "jsonstat.code_not_text": "%(path)s: expected a category code (string), got %(value)s",
        "jsonstat.code_twice": "%(path)s: category %(code)s is listed twice (also at position "
        "%(other)s)",
        "jsonstat.position_not_integer": "%(path)s: expected a position (integer 0..%(last)s), "
        "got %(value)s",
        "jsonstat.position_out_of_range": "%(path)s: position %(position)s is out of range; the "
        "positions of %(count)s categories must be 0..%(last)s, each exactly once",
        "jsonstat.position_twice": "%(path)s: position %(position)s is used by both %(first)s "
        "and %(second)s; the positions must be 0..%(last)s, each exactly once",
        "jsonstat.index_kind": "%(path)s: expected an array of codes or an object code -> "
        "position, got %(type)s",
        # Values and status
        "jsonstat.value_count": "%(path)s: size/value mismatch: 'value' has %(entries)s entries "
        "but 'size' %(sizes)s gives %(product)s = %(cells)s cells",
        "jsonstat.values_kind": "%(path)s: expected an array or an object 'flat index' -> "
        "number, got %(type)s",
        "jsonstat.value_not_number": "%(path)s: expected a number or null, got %(value)s "
        "(%(type)s) at %(cell)s",
        "jsonstat.status_count": "%(path)s: status length mismatch: 'status' has %(entries)s "
        "entries but 'size' %(sizes)s gives %(cells)s cells (an array must have one entry per "
        "cell, or a single entry for all)",
        "jsonstat.status_kind": "%(path)s: expected a string, an array or an object 'flat "
        "index' -> status, got %(type)s",
        "jsonstat.status_not_text": "%(path)s: expected a status string or null, got %(value)s",
        "jsonstat.sparse_key": "%(path)s: a sparse key must be a flat cell index (a "
        "non-negative integer written as a string), got %(key)s",
        "jsonstat.sparse_out_of_range": "%(path)s: cell %(cell)s is out of range; the dataset "
        "has %(cells)s cells (0..%(last)s)",
        # Building the long table
        "jsonstat.column_twice": "cannot build a table: column name %(name)s occurs twice; "
        "dimension ids must differ from 'cell', 'value', 'status' and from '<other id>__label'",
    }
)


def json_type(value: Any) -> Message | str:
    """The kind of a JSON value, as an error names what it got instead."""
    if value is None:
        return WORDS("jsonstat.type.null")
    if isinstance(value, bool):
        return WORDS("jsonstat.type.boolean")
    if isinstance(value, float) and not math.isfinite(value):
        return WORDS("jsonstat.type.non_finite")
    if isinstance(value, int | float):
        return WORDS("jsonstat.type.number")
    if isinstance(value, str):
        return WORDS("jsonstat.type.string")
    if isinstance(value, list):
        return WORDS("jsonstat.type.array")
    if isinstance(value, dict):
        return WORDS("jsonstat.type.object")
    return type(value).__name__


def names_or_none(names: list[str]) -> Message:
    """Names from the document joined by commas, or "none"."""
    return listing(list(names)) if names else WORDS("jsonstat.none")
