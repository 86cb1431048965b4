"""Deciding, per file and column, how numbers are written (importing/number_format.py)."""

import math

import pandas as pd
import pytest

from omradeloft.core.problems import place
from omradeloft.indicators.importing.number_format import (
    ColumnShapes,
    NumberFormatError,
    decide,
)


def shapes_of(*texts: str, column: str = "value") -> ColumnShapes:
    shapes = ColumnShapes(column)
    series = pd.Series(list(texts), index=range(2, 2 + len(texts)))
    shapes.add(series, lambda row: place("row {}", row))
    return shapes


def read(*texts: str, decimal: str | None = None) -> list[float]:
    decision = decide(shapes_of(*texts), decimal)
    assert decision is not None
    return decision.format.parse(pd.Series(list(texts))).tolist()


def words(*texts: str, decimal: str | None = None) -> str:
    decision = decide(shapes_of(*texts), decimal)
    assert decision is not None
    return decision.describe()


def test_norwegian_numbers_with_space_groups_and_decimal_comma_are_read():
    assert read("12 345,6", "0,5", "1 000") == [12345.6, 0.5, 1000.0]
    assert words("12 345,6", "0,5") == "decimal comma, thousands separated by space"


def test_no_break_and_narrow_no_break_spaces_group_thousands_too():
    assert read("12\u00a0345,6", "1\u202f234\u202f567") == [12345.6, 1234567.0]
    assert words("12\u00a0345,6") == "decimal comma, thousands separated by no-break space"


def test_points_grouping_thousands_with_a_decimal_comma_are_read():
    assert read("1.234,5", "12,75") == [1234.5, 12.75]
    assert words("1.234,5") == "decimal comma, thousands separated by point"


def test_english_numbers_with_comma_groups_and_decimal_point_are_read():
    assert read("1,234.5", "0.25") == [1234.5, 0.25]
    assert words("1,234.5") == "decimal point, thousands separated by comma"


def test_a_decimal_comma_elsewhere_in_the_column_settles_three_digits_after_a_comma():
    assert read("1,234", "0,5") == [1.234, 0.5]


def test_integers_only_are_read_as_whole_numbers():
    assert read("12", "3000", "0") == [12.0, 3000.0, 0.0]
    assert words("12", "3000") == "whole numbers, no thousands separator"


def test_negative_numbers_with_the_minus_sign_excel_writes_in_norwegian_are_read():
    assert read("\u22121 234,5", "-0,5", "7") == [-1234.5, -0.5, 7.0]


def test_a_column_of_three_digits_after_a_comma_only_is_refused_as_ambiguous():
    with pytest.raises(NumberFormatError) as refused:
        read("287,000", "12,500")
    message = str(refused.value)
    assert "value" in message
    assert "“287,000”" in message
    assert "row 2" in message
    assert "--decimal" in message


def test_the_decimal_option_settles_an_ambiguous_column():
    assert read("287,000", decimal="point") == [287000.0]
    assert read("287,000", decimal="comma") == [287.0]


def test_a_column_mixing_decimal_commas_and_points_is_refused_naming_rows_of_each():
    with pytest.raises(NumberFormatError) as refused:
        read("1,5", "2", "1.5")
    message = str(refused.value)
    assert "row 2 (“1,5”)" in message
    assert "row 4 (“1.5”)" in message


def test_a_column_mixing_thousands_separators_is_refused():
    with pytest.raises(NumberFormatError, match=r"row 2.*row 3"):
        read("12.345,6", "12 345,6")


def test_texts_that_are_no_number_are_left_unread_for_the_row_checks():
    values = read("12,5", "n/a", "1.2.3,4")
    assert values[0] == 12.5
    assert math.isnan(values[1])
    assert math.isnan(values[2])


def test_grouping_in_the_wrong_places_is_not_read_as_a_number():
    values = read("1 234,5", "12 34,5")
    assert values[0] == 1234.5
    assert math.isnan(values[1])


def test_an_empty_column_needs_no_decision():
    assert decide(shapes_of("", "")) is None


def test_shapes_are_collected_across_chunks_keeping_the_first_place_of_each():
    shapes = ColumnShapes("value")
    shapes.add(pd.Series(["1,5"], index=[2]), lambda row: f"row {row}")
    shapes.add(pd.Series(["2,5", "1.5"], index=[3, 4]), lambda row: f"row {row}")
    with pytest.raises(NumberFormatError, match=r"row 2 \(“1,5”\).*row 4 \(“1.5”\)"):
        decide(shapes)
