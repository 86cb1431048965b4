"""Each shared view and form helper is written once: a module that writes its own copy fails
here, so the next app reuses the helper instead."""

import ast

from tests.source import SOURCE, modules_matching

AREA_FIELDS = {"AreaChoiceField", "AreaMultipleChoiceField"}


def classes_defined(names: set[str], *, except_in: set[str]) -> list[str]:
    found = []
    for path in sorted(SOURCE.rglob("*.py")):
        where = str(path.relative_to(SOURCE))
        if where in except_in:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [
            f"{where}: {node.name}"
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and node.name in names
        ]
    return found


def test_only_the_view_helpers_pick_a_status_by_hand():
    assert modules_matching(r"400 if", except_in="http.py") == []


def test_area_choice_fields_are_defined_only_in_the_areas_forms():
    assert classes_defined(AREA_FIELDS, except_in={"areas/forms.py"}) == []


def test_the_date_widget_is_defined_only_in_the_core_forms():
    stray = [
        where
        for where in modules_matching(r"\bDateInput\b", except_in="")
        if where not in {"core/forms.py", "areas/forms.py"}
    ]
    assert stray == []
