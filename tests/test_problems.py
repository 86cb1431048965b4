"""Problems of a file are listed one line per problem, with the rows that have it."""

import pytest
from django.utils import translation

from omradeloft.core.notices import Wordings
from omradeloft.core.problem_texts import CATALOGUE, render_problem
from omradeloft.core.problems import BLANK, Problem, ProblemGroups, blanked, cell

WORDS = Wordings({"unknown": "unknown area code %(text)s"})


def problem(row, raw, column="area", template="row {}"):
    def message(text):
        return WORDS("unknown", text=cell(text))

    return Problem(row, template, column, message(raw), blanked(message(BLANK)), raw)


def lines(groups):
    """The lines as the command line prints them."""
    return [str(line) for line in groups.lines()]


def test_one_row_keeps_its_own_line():
    groups = ProblemGroups()
    groups.add(problem(7, "K-Rest"))
    assert lines(groups) == ["row 7: area: unknown area code “K-Rest”"]


def test_rows_with_the_same_problem_are_one_line_with_their_row_ranges():
    groups = ProblemGroups()
    for row in [*range(12, 360), 400, 401, 420]:
        groups.add(problem(row, "K-Rest"))
    assert lines(groups) == [
        "rows 12–359, 400–401, 420: area: unknown area code “K-Rest” (351 rows)"
    ]
    assert groups.total == 351


def test_different_cell_texts_of_one_problem_are_listed_exactly_as_they_stood():
    groups = ProblemGroups()
    for row, raw in enumerate(["K-Rest", " 0301", "K-Rest", "a'b\\c", "x", "y", "z"], 2):
        groups.add(problem(row, raw, template="sheet Ark1, row {}"))
    (line,) = lines(groups)
    assert line == (
        "sheet Ark1, rows 2–8: area: unknown area code “K-Rest”, “ 0301”, “a'b\\c”, “x”, “y”, …"
        " (7 rows)"
    )


def test_places_that_are_not_row_numbers_are_named_up_to_three():
    groups = ProblemGroups()
    for i in range(5):
        groups.add(problem(f"cell {i} (Region=K-Rest)", "K-Rest", template="{}"))
    assert lines(groups) == [
        "cell 0 (Region=K-Rest); cell 1 (Region=K-Rest); cell 2 (Region=K-Rest); …: area: "
        "unknown area code “K-Rest” (5 rows)"
    ]


def test_problems_of_different_columns_or_kinds_are_separate_lines_in_the_order_found():
    groups = ProblemGroups()
    groups.add(problem(3, "x", column="indicator"))
    groups.add(problem(2, "y"))
    groups.add(problem(4, "x", column="indicator"))
    assert [line.split(":")[1].strip() for line in lines(groups)] == ["indicator", "area"]


def test_a_bounded_number_of_groups_is_kept_but_every_problem_is_counted():
    groups = ProblemGroups(max_groups=2)
    for i in range(5):
        groups.add(problem(i + 2, str(i), column=f"c{i}"))
    assert len(lines(groups)) == 2
    assert groups.total == 5


def test_a_line_is_worded_in_the_reader_s_language_and_in_english_by_str():
    groups = ProblemGroups()
    for row in (4, 5):
        groups.add(problem(row, "K-Rest", template="sheet Ark1, row {}"))
    groups.add(problem(9, "x", column="indicator"))
    group, single = groups.lines()
    with translation.override("nb"):
        assert render_problem(group, CATALOGUE).startswith("ark Ark1, radene 4–5: area: ")
        assert render_problem(group, CATALOGUE).endswith("(2 rader)")
        assert render_problem(single, CATALOGUE).startswith("rad 9: indicator: ")
        assert render_problem("stored before: as it was", CATALOGUE) == "stored before: as it was"
    assert str(group).startswith("sheet Ark1, rows 4–5: area: ")


@pytest.mark.parametrize(
    ("template", "location", "english", "bokmal"),
    [
        ("cell {}", "4 (Region=01, Tid=2023)", "cell 4 (Region=01, Tid=2023)", "celle 4 (Region"),
        ("a zero filled in for {}", "0301 2024 (pop)", "a zero filled in for 0301", "en null fylt"),
        ("{}", "row 4, column 2022", "row 4, column 2022", "rad 4, kolonne 2022"),
        ("{}", "sheet A, row 4, column x", "sheet A, row 4, column x", "ark A, rad 4, kolonne x"),
        ("{}", "somewhere else", "somewhere else", "somewhere else"),
    ],
)
def test_places_a_reader_names_are_worded_in_the_reader_s_language(
    template, location, english, bokmal
):
    groups = ProblemGroups()
    groups.add(problem(location, "K-Rest", template=template))
    (line,) = groups.lines()
    assert str(line).startswith(english)
    with translation.override("nb"):
        assert render_problem(line, CATALOGUE).startswith(bokmal)
