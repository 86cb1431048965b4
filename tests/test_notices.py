"""Engine messages are codes with parameters: English in commands, the reader's language on
pages, stored as data, and text stored before they were data still reads as it was."""

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import render_message, render_stored_message
from omradeloft.core.notices import Count, Message, MessageError, Wordings, listing

WORDS = Wordings({"test.rank": "rank %(before)s → %(after)s over %(periods)s periods"})
CATALOGUE = {"test.rank": _("rank %(before)s → %(after)s over %(periods)s periods")}


def test_a_message_reads_as_english_text_with_whole_numbers_without_decimals():
    message = WORDS("test.rank", before=40.0, after=12, periods=5)
    assert str(message) == "rank 40 → 12 over 5 periods"
    assert str(Message("x", "slope %(s)s", {"s": -0.0})) == "slope 0"
    assert str(Message("x", "slope %(s)s", {"s": 1.52})) == "slope 1.52"


def test_an_error_carries_its_message_and_reads_as_its_english_text():
    error = MessageError(WORDS("test.rank", before=3, after=1, periods=1))
    assert str(error) == "rank 3 → 1 over 1 periods"
    assert error.message.code == "test.rank"


def test_an_unknown_code_cannot_be_built():
    with pytest.raises(KeyError):
        WORDS("test.nothing")


def test_a_message_survives_being_stored_as_json():
    message = WORDS("test.rank", before=3, after=1, periods=1)
    assert Message.from_json(message.as_json()) == message


def test_a_message_is_worded_in_the_active_language_with_its_decimal_mark():
    message = WORDS("test.rank", before=3, after=1, periods=1)
    with translation.override("nb"):
        assert render_message(message, CATALOGUE) == "rangering 3 → 1 over 1 perioder"
        decimal = Message("x", "%(value)s", {"value": 1.5})
        assert render_message(decimal, CATALOGUE) == "1,5"
    with translation.override("en"):
        assert render_message(message, CATALOGUE) == "rank 3 → 1 over 1 periods"


def test_a_count_is_written_with_thousands_separators_in_each_language():
    message = Message("x", "%(rows)s rows", {"rows": Count(2_000_000)})
    assert str(message) == "2,000,000 rows"
    with translation.override("en"):
        assert render_message(message, {}) == "2,000,000 rows"
    with translation.override("nb"):
        assert render_message(message, {}) == "2\xa0000\xa0000 rows"


def test_a_code_missing_from_the_catalogue_falls_back_to_its_english_template():
    message = Message("test.retired", "%(n)s rows left out", {"n": 2})
    with translation.override("nb"):
        assert render_message(message, CATALOGUE) == "2 rows left out"


def test_a_stored_message_is_worded_for_the_reader_and_old_plain_text_shows_as_stored():
    stored = WORDS("test.rank", before=3, after=1, periods=1).as_json()
    with translation.override("nb"):
        assert render_stored_message(stored, CATALOGUE) == "rangering 3 → 1 over 1 perioder"
        assert render_stored_message("weights: no donor", CATALOGUE) == "weights: no donor"


def test_a_message_may_have_a_parameter_named_code():
    words = Wordings({"test.code": "indicator %(code)s"})
    assert str(words("test.code", code="population")) == "indicator population"


def test_a_message_inside_a_message_is_worded_by_the_same_catalogue_and_stored_with_it():
    inner = WORDS("test.rank", before=3, after=1, periods=1)
    outer = Message("x", "%(place)s: %(listed)s", {"place": inner, "listed": listing([1.5, "a"])})
    assert str(outer) == "rank 3 → 1 over 1 periods: 1.5, a"
    assert Message.from_json(outer.as_json()) == outer
    with translation.override("nb"):
        assert render_message(outer, CATALOGUE) == "rangering 3 → 1 over 1 perioder: 1,5, a"
        stored = outer.as_json()
        assert render_stored_message(stored, CATALOGUE) == "rangering 3 → 1 over 1 perioder: 1,5, a"
