"""A finished run's result arranged for the result page: tables, charts, reading, and the page
itself rendered from it."""

import itertools
from typing import Any

import pytest
from django.template.loader import render_to_string

from omradeloft.evaluation.models import EvaluationDesign, EvaluationRun, RunStatus
from omradeloft.evaluation.presentation import (
    coefficient_rows,
    path_rows,
    placebo_rows,
    result_context,
    weight_rows,
)
from tests.indicators.factories import make_indicator

PERIODS = [str(year) for year in range(2010, 2021)]  # treatment from 2016: 6 pre-periods
DONORS = ["D1", "D2", "D3", "D4", "D5", "D6"]
_indicators = itertools.count(1)


def synthetic_result(**changes: Any) -> dict[str, Any]:
    """One treated area 2.1 points below its synthetic control after 2016, fitted to within
    0.2 before; 6 donors, 1 of whose placebo ratios beats the treated area's."""
    actual = {p: 20.0 + 0.1 * n for n, p in enumerate(PERIODS)}
    pre_gaps = [0.2, -0.2, 0.2, -0.2, 0.2, -0.2]
    gaps = dict(zip(PERIODS, [*pre_gaps, -1.5, -2.0, -2.1, -2.4, -2.5], strict=True))
    result = {
        "method": "synthetic_control",
        "outcome": "not_employed",
        "treated": ["T1"],
        "donors": DONORS,
        "treatment_period": "2016",
        "area_names": {"T1": "Nordhagen", **{code: f"Area {code}" for code in DONORS}},
        "weights": {"D1": 0.6, "D2": 0.3, "D3": 0.1, "D4": 0.0, "D5": 0.0, "D6": 0.0001},
        "actual": actual,
        "synthetic": {p: actual[p] - gaps[p] for p in PERIODS},
        "gaps": gaps,
        "pre_rmspe": 0.2,
        "post_rmspe": 2.1,
        "rmspe_ratio": 10.5,
        "p_value": 2 / 7,
        "placebo_gaps": {code: {p: 0.5 for p in PERIODS} for code in DONORS},
        "placebo_ratios": {"D1": 12.0, "D2": 3.0, "D3": 2.0, "D4": 1.5, "D5": 1.0, "D6": 0.5},
        "excluded_placebos": [],
        "balance": [
            {
                "predictor": "not_employed 2015",
                "treated": 20.5,
                "synthetic": 20.3,
                "donor_mean": 15,
            },
        ],
        "leave_one_out": {"D1": {p: actual[p] for p in PERIODS}},
        "pre_periods": 6,
        "outcome_name": "not_employed",
    }
    return result | changes


def did_result(**changes: Any) -> dict[str, Any]:
    result = {
        "method": "did",
        "outcome": "not_employed",
        "treated": ["T1", "T2", "T3"],
        "donors": [f"D{n}" for n in range(1, 10)],
        "treatment_period": "2016",
        "att": -0.8,
        "se": 0.35,
        "ci": [-1.5, -0.1],
        "p_value": 0.03,
        "n_units": 12,
        "n_periods": 11,
        "coefficients": {},
        "pre_periods": 6,
    }
    return result | changes


def event_study_result(**changes: Any) -> dict[str, Any]:
    coefficients = {"-3": [0.1, -0.4, 0.6], "-2": [0.0, -0.5, 0.5], "0": [-0.5, -1.0, 0.0]}
    return (
        did_result(method="event_study", coefficients=coefficients, pretrend_p_value=0.4) | changes
    )


def make_run(
    personas, result: dict[str, Any] | None, method: str | None = None, **outcome: Any
) -> EvaluationRun:
    code = outcome.pop("code", f"not_employed_{next(_indicators)}")
    indicator = make_indicator(code, name="Ikke sysselsatt", name_en="Not employed", **outcome)
    design, _ = EvaluationDesign.objects.get_or_create(
        programme=personas.programme,
        code="main",
        defaults={
            "name": "Hovedevaluering",
            "name_en": "Main evaluation",
            "treatment_period": "2016",
            "methods": ["synthetic_control", "did", "event_study"],
        },
    )
    return EvaluationRun.objects.create(
        design=design,
        method=method or (result or {}).get("method", "synthetic_control"),
        outcome=indicator,
        spec={},
        engine_version="test",
        status=RunStatus.DONE if result else RunStatus.QUEUED,
        result=result,
    )


@pytest.fixture(autouse=True)
def english(settings):
    settings.LANGUAGE_CODE = "en"


def test_path_rows_follow_the_periods_and_mark_those_under_treatment():
    rows = path_rows(synthetic_result())
    assert [r.period for r in rows] == PERIODS
    assert [r.is_post for r in rows] == [False] * 6 + [True] * 5
    assert rows[6].gap == -1.5
    assert rows[6].actual - rows[6].synthetic == pytest.approx(-1.5)


def test_a_missing_gap_is_computed_from_actual_and_synthetic():
    result = synthetic_result()
    del result["gaps"]
    assert path_rows(result)[0].gap == pytest.approx(0.2)


def test_weights_are_sorted_largest_first_and_zero_weights_set_apart():
    weighted, unweighted = weight_rows(synthetic_result())
    assert [(r.name, r.weight) for r in weighted] == [
        ("Area D1", 0.6),
        ("Area D2", 0.3),
        ("Area D3", 0.1),
    ]
    assert [r.name for r in unweighted] == ["Area D4", "Area D5", "Area D6"]


def test_placebo_rows_rank_the_treated_area_among_the_placebos():
    rows = placebo_rows(synthetic_result(excluded_placebos=["D6"]))
    assert [r.code for r in rows] == ["D1", "T1", "D2", "D3", "D4", "D5", "D6"]
    assert rows[1].is_treated
    assert rows[1].name == "Nordhagen"
    assert rows[-1].excluded


def test_coefficient_rows_are_sorted_by_relative_period_and_mark_the_leads():
    rows = coefficient_rows(
        {"coefficients": {"2": [1, 0, 2], "-1": [0, -1, 1], "x": [1, 1, 1], "0": [None]}}
    )
    assert [r.relative_period for r in rows] == [-1, 0, 2]
    assert rows[0].is_pre
    assert not rows[1].is_pre
    assert (rows[1].estimate, rows[1].lower, rows[1].upper) == (None, None, None)


def test_synthetic_control_context_has_headline_numbers_and_charts(personas):
    run = make_run(personas, synthetic_result(), is_synthetic=True)
    context = result_context(run)
    assert context["outcome_name"] == "Not employed"
    assert context["is_synthetic"] is True
    assert context["decimals"] == 1
    assert context["average_gap"] == pytest.approx(-2.1)
    assert context["p_text"] == "p = 0.29"
    assert context["treated_names"] == ["Nordhagen"]
    path = context["path_figure"]
    assert [trace["name"] for trace in path["data"]] == [
        "Without one donor",
        "Treated",
        "Synthetic control",
    ]
    assert path["layout"]["shapes"][0]["x0"] == 5.5  # between 2015 and 2016
    assert path["download"]
    gaps = context["gaps_figure"]["data"]
    assert len(gaps) == len(DONORS) + 1
    assert [trace["showlegend"] for trace in gaps[:-1]] == [True] + [False] * 5
    assert gaps[-1]["name"] == "Treated"
    assert context["gaps_figure"]["layout"]["title"]["text"].startswith("Gap between")


def test_did_context_has_the_estimate_and_no_charts_without_coefficients(personas):
    context = result_context(make_run(personas, did_result()))
    assert (context["att"], context["ci_lower"], context["ci_upper"]) == (-0.8, -1.5, -0.1)
    assert context["coefficients_figure"] is None
    assert context["reading"][0].startswith("The difference-in-differences estimate")


def test_event_study_context_draws_the_coefficients_with_a_zero_line(personas):
    context = result_context(make_run(personas, event_study_result()))
    figure = context["coefficients_figure"]
    trace = figure["data"][0]
    assert trace["x"] == [-3, -2, 0]
    assert trace["error_y"]["array"] == pytest.approx([0.5, 0.5, 0.5])
    assert figure["layout"]["shapes"][0]["y0"] == 0
    assert context["pretrend_p_text"] == "p = 0.40"


def test_download_links_come_only_for_tables_the_result_has(personas):
    run = make_run(personas, synthetic_result(balance=None))
    context = result_context(run, table_url=lambda table: f"/csv/{table}")
    assert context["downloads"] == {
        "path": "/csv/path",
        "weights": "/csv/weights",
        "placebos": "/csv/placebos",
    }
    assert result_context(run)["downloads"] == {}


def test_a_result_with_missing_keys_still_gives_a_context(personas):
    run = make_run(personas, {"method": "synthetic_control", "gaps": {"2016": None}})
    context = result_context(run)
    assert context["average_gap"] is None
    assert context["weight_rows"] == []
    assert context["placebo_rows"] == []
    assert "no estimate" in context["reading"][0]


def test_a_run_without_a_result_says_so(personas):
    html = render_to_string(
        "evaluation/_result.html", {"result": result_context(make_run(personas, None))}
    )
    assert "This run has no result yet." in html


def test_synthetic_control_result_page_shows_tables_reading_and_caveats(personas):
    run = make_run(personas, synthetic_result(), is_synthetic=True)
    html = render_to_string(
        "evaluation/_result.html",
        {"result": result_context(run, table_url=lambda table: f"/csv/{table}")},
    )
    assert "Synthetic control: Not employed" in html
    assert "averaged 2.1 percentage points below its synthetic control" in html
    assert 'Area D1</th><td class="num">0.600' in html
    assert "3 other comparison areas have no weight: Area D4, Area D5, Area D6." in html
    assert "not_employed 2015" in html
    assert "Left out" not in html
    assert 'href="/csv/weights"' in html
    assert "synthetic data made up for demonstration" in html
    assert html.count("<caption>") == 6  # path, leave-one-out, placebo gaps, weights, ...
    assert 'data-figure="run-' in html


def test_event_study_result_page_shows_the_coefficients_table(personas):
    run = make_run(personas, event_study_result())
    html = render_to_string("evaluation/_result.html", {"result": result_context(run)})
    assert "Event-study coefficients" in html
    assert "(before)" in html
    assert "Pre-trend test" in html
    assert "p = 0.40" in html
    assert "csv" not in html.lower()  # no table addresses given, so no CSV links


@pytest.mark.parametrize(
    ("fit_periods", "shown"),
    [
        (PERIODS[:6], "2010–2015"),
        (["2011", "2013", "2014", "2015"], "2011, 2013–2015"),
        (None, None),  # results from before fit periods were recorded
        ("2010", None),
    ],
)
def test_synthetic_control_context_shows_the_fit_periods_as_ranges(personas, fit_periods, shown):
    run = make_run(personas, synthetic_result(fit_periods=fit_periods))
    assert result_context(run)["fit_periods"] == shown


def test_synthetic_control_result_page_names_the_periods_the_fit_was_chosen_for(personas):
    run = make_run(personas, synthetic_result(fit_periods=["2011", "2012", "2014"]))
    html = render_to_string("evaluation/_result.html", {"result": result_context(run)})
    assert "Fit periods</dt><dd>2011–2012, 2014</dd>" in html
