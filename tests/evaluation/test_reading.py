"""The plain-language reading of a result and its caveats, in English."""

import pytest

from omradeloft.evaluation.reading import Reading, read
from tests.evaluation.test_presentation import (
    did_result,
    event_study_result,
    make_run,
    synthetic_result,
)

DONORS5 = ["D1", "D2", "D3", "D4", "D5"]


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def reading_of(personas, result, **outcome) -> Reading:
    run = make_run(personas, result, **outcome)
    assert run.result is not None
    return read(run.result, run.method, run.outcome)


def codes(reading: Reading) -> list[str]:
    return [caveat.code for caveat in reading.caveats]


def caveat_text(reading: Reading, code: str) -> str:
    return next(caveat.text for caveat in reading.caveats if caveat.code == code)


# Synthetic control


def test_synthetic_control_reading_gives_the_average_gap_and_the_placebo_rank(personas):
    reading = reading_of(personas, synthetic_result())
    assert reading.sentences == [
        "In the post-treatment periods the treated area's value averaged 2.1 percentage points "
        "below its synthetic control.",
        "Before treatment the synthetic control missed the treated value by 0.2 percentage "
        "points on average (root mean squared error).",
        "1 of 6 placebo areas had a gap this large relative to their fit (p = 0.29).",
    ]


def test_synthetic_control_reading_speaks_of_areas_when_several_are_treated(personas):
    gaps = {str(year): 1.0 for year in range(2010, 2021)}
    reading = reading_of(personas, synthetic_result(treated=["T1", "T2"], gaps=gaps))
    assert reading.sentences[0] == (
        "In the post-treatment periods the treated areas' value averaged 1.0 percentage points "
        "above their synthetic control."
    )


def test_synthetic_control_reading_says_when_there_is_no_gap(personas):
    gaps = {str(year): 0.01 for year in range(2010, 2021)}
    reading = reading_of(personas, synthetic_result(gaps=gaps))
    assert "averaged the same as its synthetic control" in reading.sentences[0]


def test_placebo_count_leaves_out_the_excluded_placebos_and_names_them(personas):
    reading = reading_of(personas, synthetic_result(excluded_placebos=["D1"]))
    assert "0 of 5 placebo areas had a gap this large" in reading.sentences[2]
    assert reading.sentences[3] == (
        "1 placebo area was left out of the test because its synthetic control fitted it "
        "poorly before treatment."
    )


def test_one_placebo_area_is_singular(personas):
    result = synthetic_result(placebo_ratios={"D1": 20.0}, p_value=0.5)
    reading = reading_of(personas, result)
    assert reading.sentences[2] == (
        "1 of 1 placebo area had a gap this large relative to its fit (p = 0.50)."
    )


def test_placebo_sentence_falls_back_to_the_p_value_without_ratios(personas):
    reading = reading_of(personas, synthetic_result(placebo_ratios=None, p_value=0.0005))
    assert reading.sentences[2] == "The placebo test gives p < 0.001."


def test_synthetic_control_without_placebos_has_no_p_value_caveat(personas):
    reading = reading_of(personas, synthetic_result(p_value=None, placebo_ratios={}))
    assert len(reading.sentences) == 2
    assert caveat_text(reading, "no_p_value") == (
        "No p-value is available, so there is no test of whether a difference this large "
        "could have arisen by chance."
    )


def test_a_good_synthetic_control_has_only_the_standing_caveat(personas):
    assert codes(reading_of(personas, synthetic_result())) == ["composition"]


def test_few_pre_periods_are_a_caveat(personas):
    reading = reading_of(personas, synthetic_result(pre_periods=4))
    assert caveat_text(reading, "few_pre_periods").startswith(
        "There are only 4 periods before treatment: with fewer than 5"
    )
    one = reading_of(personas, synthetic_result(pre_periods=1))
    assert caveat_text(one, "few_pre_periods").startswith("There is only 1 period before")


def test_pre_periods_are_counted_from_the_path_when_not_given(personas):
    result = synthetic_result()
    del result["pre_periods"]
    assert "few_pre_periods" not in codes(reading_of(personas, result))
    result["treatment_period"] = "2013"
    assert "There are only 3 periods" in caveat_text(
        reading_of(personas, result), "few_pre_periods"
    )


def test_poor_pre_period_fit_is_a_caveat_above_ten_percent_of_the_level(personas):
    # The treated value averages 20.25 before 2016 (shown rounded half to even): 10 % is 2.025.
    assert "poor_fit" not in codes(reading_of(personas, synthetic_result(pre_rmspe=2.0)))
    reading = reading_of(personas, synthetic_result(pre_rmspe=2.1))
    assert caveat_text(reading, "poor_fit") == (
        "The synthetic control fits poorly before treatment: its root mean squared error "
        "(2.1) is more than 10 % of the treated value's average level (20.2), so the gap "
        "after treatment may reflect the poor fit rather than the programme."
    )


def test_few_donors_are_a_caveat(personas):
    reading = reading_of(personas, synthetic_result(donors=["D1", "D2", "D3", "D4"]))
    assert caveat_text(reading, "few_donors") == (
        "Only 4 comparison areas are available: with fewer than 5, the comparison rests on "
        "very few areas."
    )
    assert "few_donors" not in codes(reading_of(personas, synthetic_result(donors=DONORS5)))


def test_synthetic_data_is_a_caveat_only_for_synthetic_indicators(personas):
    reading = reading_of(personas, synthetic_result(), is_synthetic=True)
    assert codes(reading) == ["composition", "synthetic_data"]
    assert "made up for demonstration" in caveat_text(reading, "synthetic_data")


def test_the_composition_caveat_always_applies(personas):
    reading = reading_of(personas, did_result())
    assert caveat_text(reading, "composition") == (
        "People move in and out of the areas, so the population changes over time: an effect "
        "on the areas' value is not necessarily an effect on the same people."
    )


# Difference-in-differences and event study


def test_did_reading_gives_the_estimate_with_its_interval(personas):
    reading = reading_of(personas, did_result())
    assert reading.sentences == [
        "The difference-in-differences estimate is \N{MINUS SIGN}0.8 percentage points (95 % "
        "interval \N{MINUS SIGN}1.5 to \N{MINUS SIGN}0.1, p = 0.03).",
        "After treatment began, the treated areas' value developed 0.8 percentage points lower "
        "than the comparison areas' development predicts.",
    ]
    assert codes(reading) == ["composition"]


def test_did_reading_says_when_the_interval_includes_zero(personas):
    reading = reading_of(personas, did_result(att=0.4, ci=[-0.3, 1.1], p_value=0.25))
    assert "developed 0.4 percentage points higher" in reading.sentences[1]
    assert reading.sentences[2] == (
        "The interval includes zero: the data are consistent with no effect."
    )


def test_did_reading_uses_the_indicators_unit(personas):
    reading = reading_of(personas, did_result(att=-12.0, ci=None), unit="per_1000", decimals=0)
    assert reading.sentences[0] == (
        "The difference-in-differences estimate is \N{MINUS SIGN}12 per 1,000."
    )


def test_did_without_an_estimate_says_so(personas):
    reading = reading_of(personas, did_result(att=None))
    assert reading.sentences == ["The estimate could not be computed from these data."]


def test_did_without_p_value_leaves_it_out_and_adds_the_caveat(personas):
    reading = reading_of(personas, did_result(p_value=None))
    assert reading.sentences[0].endswith("(95 % interval \N{MINUS SIGN}1.5 to \N{MINUS SIGN}0.1).")
    assert "no_p_value" in codes(reading)


def test_few_clusters_are_a_caveat_for_did(personas):
    reading = reading_of(personas, did_result(n_units=8))
    assert caveat_text(reading, "few_clusters") == (
        "The standard error is clustered by area, and with only 8 areas (fewer than 10) it "
        "and the interval are likely too small."
    )
    assert "few_clusters" not in codes(reading_of(personas, did_result(n_units=10)))


def test_clusters_are_counted_from_the_areas_when_not_given(personas):
    result = did_result(treated=["T1"], donors=DONORS5)
    del result["n_units"]
    assert "only 6 areas" in caveat_text(reading_of(personas, result), "few_clusters")


def test_few_clusters_are_no_caveat_for_synthetic_control(personas):
    assert "few_clusters" not in codes(reading_of(personas, synthetic_result(n_units=3)))


def test_event_study_reading_adds_the_pretrend_test(personas):
    reading = reading_of(personas, event_study_result())
    assert reading.sentences[-2:] == [
        "The event-study coefficients show the difference period by period, relative to the "
        "last period before treatment.",
        "The joint test that the differences before treatment are zero gives p = 0.40.",
    ]
    assert "pretrend" not in codes(reading)


def test_rejected_pretrend_test_is_a_caveat(personas):
    reading = reading_of(personas, event_study_result(pretrend_p_value=0.004))
    assert caveat_text(reading, "pretrend") == (
        "The treated and comparison areas already developed differently before treatment "
        "(pre-trend test p = 0.004), so the estimate may be biased."
    )


def test_event_study_without_pretrend_test_reads_without_it(personas):
    reading = reading_of(personas, event_study_result(pretrend_p_value=None))
    assert not any("joint test" in sentence for sentence in reading.sentences)
    assert "pretrend" not in codes(reading)


def test_reading_follows_the_active_language_number_format(personas, settings):
    settings.LANGUAGE_CODE = "nb"
    reading = reading_of(personas, did_result())
    assert "0,8" in reading.sentences[0]


# The caveat rules


def test_caveats_come_in_the_order_of_the_rules(personas):
    synthetic = synthetic_result(
        pre_periods=3, pre_rmspe=5.0, p_value=None, placebo_ratios={}, donors=["D1"]
    )
    assert codes(reading_of(personas, synthetic, is_synthetic=True)) == [
        "few_pre_periods",
        "poor_fit",
        "no_p_value",
        "few_donors",
        "composition",
        "synthetic_data",
    ]
    event_study = event_study_result(
        pre_periods=2, pretrend_p_value=0.01, p_value=None, donors=["D1"], n_units=4
    )
    assert codes(reading_of(personas, event_study)) == [
        "few_pre_periods",
        "pretrend",
        "no_p_value",
        "few_donors",
        "few_clusters",
        "composition",
    ]


def test_the_few_pre_periods_caveat_follows_its_threshold(personas, monkeypatch):
    monkeypatch.setattr("omradeloft.evaluation.reading.MIN_PRE_PERIODS", 8)
    reading = reading_of(personas, synthetic_result(pre_periods=6))
    assert caveat_text(reading, "few_pre_periods").startswith(
        "There are only 6 periods before treatment: with fewer than 8,"
    )


def test_the_poor_fit_caveat_follows_its_threshold(personas, monkeypatch):
    monkeypatch.setattr("omradeloft.evaluation.reading.MAX_PRE_FIT_SHARE", 0.05)
    reading = reading_of(personas, synthetic_result(pre_rmspe=1.5))
    assert "(1.5) is more than 5 % of the treated value's" in caveat_text(reading, "poor_fit")
    monkeypatch.setattr("omradeloft.evaluation.reading.MAX_PRE_FIT_SHARE", 0.025)
    reading = reading_of(personas, synthetic_result(pre_rmspe=1.5))
    assert "is more than 2.5 % of the treated value's" in caveat_text(reading, "poor_fit")


def test_the_pretrend_caveat_follows_its_threshold(personas, monkeypatch):
    monkeypatch.setattr("omradeloft.evaluation.reading.PRETREND_ALPHA", 0.01)
    result = event_study_result(pretrend_p_value=0.03)
    assert "pretrend" not in codes(reading_of(personas, result))


def test_the_few_donors_caveat_follows_its_threshold(personas, monkeypatch):
    monkeypatch.setattr("omradeloft.evaluation.reading.MIN_DONORS", 7)
    reading = reading_of(personas, synthetic_result())
    assert caveat_text(reading, "few_donors") == (
        "Only 6 comparison areas are available: with fewer than 7, the comparison rests on "
        "very few areas."
    )


def test_the_few_clusters_caveat_follows_its_threshold(personas, monkeypatch):
    monkeypatch.setattr("omradeloft.evaluation.reading.MIN_CLUSTERS", 20)
    reading = reading_of(personas, did_result())
    assert "with only 12 areas (fewer than 20)" in caveat_text(reading, "few_clusters")


def test_a_changed_threshold_shows_in_the_bokmal_caveat_too(personas, monkeypatch, settings):
    settings.LANGUAGE_CODE = "nb"
    monkeypatch.setattr("omradeloft.evaluation.reading.MIN_DONORS", 7)
    reading = reading_of(personas, synthetic_result())
    assert "Med færre enn 7 bygger" in caveat_text(reading, "few_donors")
