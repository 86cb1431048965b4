"""The parts of DiD input errors (which column, which rows, how many more) read in the
reader's language like the rest of the message; commands keep English."""

import numpy as np
import pytest
from django.utils import translation

from omradeloft.core.message_catalogues import render_message, render_stored_message
from omradeloft.core.notices import Message
from omradeloft.evaluation.engine.did import DidInputError, NonNumericColumnError, twfe
from omradeloft.evaluation.engine.sc_inputs import describe
from omradeloft.evaluation.run_messages import CATALOGUE
from tests.evaluation.test_did import staggered_panel


def refusal(frame, error=DidInputError):
    with pytest.raises(error) as refused:
        twfe(frame)
    return refused.value.message


def test_missing_outcomes_name_the_column_and_unit_periods_in_bokmal():
    frame = staggered_panel()
    frame.loc[frame["period"] == 2, "outcome"] = np.nan
    message = refusal(frame)
    more = frame["unit"].nunique() - 3  # three unit-periods are named
    assert str(message).startswith("the outcome column 'outcome' is missing or infinite for unit")
    assert f" and {more} more; every unit-period needs a value" in str(message)
    with translation.override("nb"):
        worded = render_message(message, CATALOGUE)
    assert worded.startswith("utfallskolonnen 'outcome' mangler eller er uendelig for enhet 0 i 2")
    assert f" og {more} til; hver enhet og periode trenger en verdi" in worded
    assert "unit " not in worded
    assert "more" not in worded


def test_a_non_numeric_outcome_names_its_column_in_bokmal():
    frame = staggered_panel()
    frame["outcome"] = frame["outcome"].astype(str)
    frame.loc[3, "outcome"] = "n/a"
    message = refusal(frame, NonNumericColumnError)
    with translation.override("nb"):
        assert render_message(message, CATALOGUE).startswith("utfallskolonnen 'outcome' må")


def test_empty_unit_ids_name_their_rows_in_bokmal():
    frame = staggered_panel()
    frame["unit"] = frame["unit"].astype(object)
    frame.loc[[0, 1], "unit"] = None
    message = refusal(frame)
    assert str(message) == "column 'unit' is empty in row(s) 0, 1"
    with translation.override("nb"):
        assert render_message(message, CATALOGUE) == "kolonnen 'unit' er tom i rad(ene) 0, 1"


def test_a_long_list_of_labels_says_how_many_more_in_bokmal():
    listed = describe(list(range(2000, 2010)))
    assert str(listed) == "2000, 2001, 2002, 2003, 2004 and 5 more"
    with translation.override("nb"):
        assert render_message(listed, CATALOGUE) == "2000, 2001, 2002, 2003, 2004 og 5 til"


def test_a_problem_stored_with_the_retired_column_wording_still_reads():
    stored = Message(
        "did.missing_values",
        "the %(role)s column %(column)s is missing or infinite for %(where)s; every "
        "unit-period needs a value",
        {"role": "outcome", "column": "'y'", "where": "unit 7 in 2"},
    ).as_json()
    with translation.override("en"):
        assert render_stored_message(stored, CATALOGUE).startswith("the outcome column 'y' is")
