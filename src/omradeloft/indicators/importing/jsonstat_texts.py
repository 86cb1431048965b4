"""The JSON-stat reader's errors (`indicators.engine.jsonstat.messages.WORDS`) in the
reader's language; part of the importers' catalogue."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue

JSONSTAT_TEXTS: Catalogue = {
    "jsonstat.type.null": _("null"),
    "jsonstat.type.boolean": _("a boolean"),
    "jsonstat.type.non_finite": _("a non-finite number"),
    "jsonstat.type.number": _("a number"),
    "jsonstat.type.string": _("a string"),
    "jsonstat.type.array": _("an array"),
    "jsonstat.type.object": _("an object"),
    "jsonstat.none": _("none"),
    "jsonstat.cell": _("cell %(cell)s (%(categories)s)"),
    "jsonstat.not_utf8": _("not JSON: the bytes are not UTF-8 (%(problem)s)"),
    "jsonstat.not_json": _("not JSON: the text is not valid JSON (%(problem)s)"),
    "jsonstat.constant": _("not JSON: %(name)s is not a JSON number"),
    "jsonstat.not_object": _(
        "%(path)s: expected a JSON object (a JSON-stat dataset), got %(type)s"
    ),
    "jsonstat.collection": _(
        "%(path)s: this is a JSON-stat collection (class 'collection'), a list of links to "
        "datasets, not a dataset; request one table instead"
    ),
    "jsonstat.dimension_document": _(
        "%(path)s: this is a JSON-stat dimension (class 'dimension'), not a dataset"
    ),
    "jsonstat.wrong_class": _(
        "%(path)s: expected 'dataset', got %(value)s; this is not a JSON-stat dataset"
    ),
    "jsonstat.bundle": _(
        "%(path)s: this is a JSON-stat bundle with %(count)s datasets (%(names)s); only a "
        "bundle holding exactly one dataset is accepted"
    ),
    "jsonstat.no_dataset": _(
        "%(path)s: not a JSON-stat dataset: no class 'dataset', no 'dimension' or 'value', and "
        "no dataset inside (keys: %(keys)s)"
    ),
    "jsonstat.too_large": _(
        "%(path)s: the dataset has %(cells)s cells; at most %(limit)s are accepted"
    ),
    "jsonstat.missing_key": _("%(path)s: missing required key %(keys)s of a JSON-stat dataset"),
    "jsonstat.missing_keys": _("%(path)s: missing required keys %(keys)s of a JSON-stat dataset"),
    "jsonstat.dimensions_not_object": _("%(path)s: expected an object of dimensions, got %(type)s"),
    "jsonstat.ids_not_array": _(
        "%(path)s: expected a non-empty array of dimension ids, got %(type)s"
    ),
    "jsonstat.id_not_text": _(
        "%(path)s: expected a dimension id (non-empty string), got %(value)s"
    ),
    "jsonstat.id_twice": _("%(path)s: dimension id %(id)s is listed twice (also at %(other)s)"),
    "jsonstat.sizes_not_array": _("%(path)s: expected an array of category counts, got %(type)s"),
    "jsonstat.size_not_count": _(
        "%(path)s: expected a category count (non-negative integer), got %(value)s"
    ),
    "jsonstat.ids_sizes": _(
        "%(path)s: %(id_path)s lists %(count)s dimensions (%(ids)s) but %(size_path)s has "
        "%(sizes)s entries %(size_list)s; they must have the same length"
    ),
    "jsonstat.dimension_missing": _(
        "%(path)s: dimension %(id)s listed in %(id_path)s is missing (dimensions present: "
        "%(present)s)"
    ),
    "jsonstat.category_count": _(
        "%(path)s: %(count)s categories but %(size_path)s (%(id)s) says %(size)s"
    ),
    "jsonstat.expected_object": _("%(path)s: expected an object, got %(type)s"),
    "jsonstat.expected_string": _("%(path)s: expected a string, got %(value)s"),
    "jsonstat.missing_category": _("%(path)s: missing 'category'"),
    "jsonstat.labels_not_object": _("%(path)s: expected an object code -> label, got %(type)s"),
    "jsonstat.label_not_indexed": _(
        "%(path)s: label for category %(code)s, which is not in %(index_path)s"
    ),
    "jsonstat.needs_index": _("%(path)s: needs 'index' (or, for a single category, 'label')"),
    "jsonstat.index_missing": _(
        "%(path)s: missing; 'index' may only be left out when a dimension has a single "
        "category, but %(label_path)s has %(count)s"
    ),
    "jsonstat.code_not_text": _("%(path)s: expected a category code (string), got %(value)s"),
    "jsonstat.code_twice": _(
        "%(path)s: category %(code)s is listed twice (also at position %(other)s)"
    ),
    "jsonstat.position_not_integer": _(
        "%(path)s: expected a position (integer 0..%(last)s), got %(value)s"
    ),
    "jsonstat.position_out_of_range": _(
        "%(path)s: position %(position)s is out of range; the positions of %(count)s "
        "categories must be 0..%(last)s, each exactly once"
    ),
    "jsonstat.position_twice": _(
        "%(path)s: position %(position)s is used by both %(first)s and %(second)s; the "
        "positions must be 0..%(last)s, each exactly once"
    ),
    "jsonstat.index_kind": _(
        "%(path)s: expected an array of codes or an object code -> position, got %(type)s"
    ),
    "jsonstat.value_count": _(
        "%(path)s: size/value mismatch: 'value' has %(entries)s entries but 'size' %(sizes)s "
        "gives %(product)s = %(cells)s cells"
    ),
    "jsonstat.values_kind": _(
        "%(path)s: expected an array or an object 'flat index' -> number, got %(type)s"
    ),
    "jsonstat.value_not_number": _(
        "%(path)s: expected a number or null, got %(value)s (%(type)s) at %(cell)s"
    ),
    "jsonstat.status_count": _(
        "%(path)s: status length mismatch: 'status' has %(entries)s entries but 'size' "
        "%(sizes)s gives %(cells)s cells (an array must have one entry per cell, or a single "
        "entry for all)"
    ),
    "jsonstat.status_kind": _(
        "%(path)s: expected a string, an array or an object 'flat index' -> status, got %(type)s"
    ),
    "jsonstat.status_not_text": _("%(path)s: expected a status string or null, got %(value)s"),
    "jsonstat.sparse_key": _(
        "%(path)s: a sparse key must be a flat cell index (a non-negative integer written as a "
        "string), got %(key)s"
    ),
    "jsonstat.sparse_out_of_range": _(
        "%(path)s: cell %(cell)s is out of range; the dataset has %(cells)s cells (0..%(last)s)"
    ),
    "jsonstat.column_twice": _(
        "cannot build a table: column name %(name)s occurs twice; dimension ids must differ "
        "from 'cell', 'value', 'status' and from '<other id>__label'"
    ),
}
