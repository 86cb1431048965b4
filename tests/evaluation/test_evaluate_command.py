"""`omradeloft evaluate SPEC.json --output RESULT.json` on panels imported through the
commands, as a user would run it."""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.evaluation.panels import basque_panel, did_panel, few_years_panel, import_panel

pytestmark = pytest.mark.django_db


@pytest.fixture
def did_data(tmp_path):
    long, names = did_panel(effect=3.0)
    import_panel(tmp_path, long, names)
    return tmp_path


def evaluate(tmp_path, spec: dict) -> dict:
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    output = tmp_path / "result.json"
    call_command("evaluate", str(path), "--output", str(output), stdout=io.StringIO())
    return json.loads(output.read_text())


def test_did_recovers_the_effect_added_to_the_treated_areas(did_data):
    result = evaluate(
        did_data,
        {
            "method": "did",
            "outcome": "employed",
            "treated": ["A01", "A02", "A03"],
            "treatment_period": "2016",
        },
    )
    assert result["att"] == pytest.approx(3.0, abs=0.3)
    low, high = result["ci"]
    assert low < result["att"] < high
    assert high - low < 1.0
    assert result["se"] > 0
    assert set(result["donors"]) == {f"A{n:02d}" for n in range(4, 13)}
    assert result["area_names"]["A01"] == "Område 1"


def test_event_study_window_is_cut_to_the_periods_there_are(did_data):
    result = evaluate(
        did_data,
        {
            "method": "event_study",
            "outcome": "employed",
            "treated": ["A01", "A02", "A03"],
            "treatment_period": "2016",
            "leads": 9,
            "lags": 9,
        },
    )
    assert (result["leads"], result["lags"]) == (5, 3)  # 2010-2015 before, 2016-2019 from


def test_event_study_gives_flat_leads_and_the_effect_in_the_lags(did_data):
    result = evaluate(
        did_data,
        {
            "method": "event_study",
            "outcome": "employed",
            "treated": ["A01", "A02", "A03"],
            "treatment_period": "2016",
            "leads": 3,
            "lags": 3,
        },
    )
    coefficients = {int(k): v for k, v in result["coefficients"].items()}
    assert all(abs(coefficients[r][0]) < 0.5 for r in (-3, -2))
    assert all(coefficients[r][0] == pytest.approx(3.0, abs=0.5) for r in (0, 1, 2))
    assert all(lower <= estimate <= upper for estimate, lower, upper in coefficients.values())
    assert result["pretrend_p_value"] > 0.01


SC = {"method": "synthetic_control", "treated": ["A01"], "placebo": False}


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({"outcome": "nope"}, "unknown indicator(s): nope"),
        ({"treated": ["A01", "ZZ9"]}, "unknown area code(s): ZZ9"),
        ({"treatment_period": "2031"}, "treatment period 2031 is not among"),
        ({"treatment_period": "2010"}, "the comparison needs periods before it"),
        ({"method": "magic"}, "'method' is 'magic'"),
        ({"donors": ["A01"]}, "cannot be both treated and a donor"),
        ({"leads": -1}, "'leads' must be a whole number"),
        ({**SC, "fit_periods": "2012"}, "'fit_periods' must be a list of at least 2 periods"),
        ({**SC, "fit_periods": ["2012"]}, "'fit_periods' must be a list of at least 2 periods"),
        ({**SC, "fit_periods": ["2012", "2012"]}, "'fit_periods' names 2012 more than once"),
        ({**SC, "fit_periods": ["2012", "2016"]}, "fit period(s) 2016 are not before"),
        ({**SC, "fit_periods": ["2005", "2012"]}, "fit period(s) 2005 are not among"),
        ({"fit_periods": ["2012", "2013"]}, "'fit_periods' applies to synthetic_control only"),
    ],
)
def test_bad_specs_are_refused_naming_the_problem(did_data, spec, message):
    base = {
        "method": "did",
        "outcome": "employed",
        "treated": ["A01", "A02", "A03"],
        "treatment_period": "2016",
    }
    path = did_data / "spec.json"
    path.write_text(json.dumps(base | spec))
    err = io.StringIO()
    with pytest.raises(CommandError, match="cannot be evaluated"):
        call_command("evaluate", str(path), "--output", str(did_data / "r.json"), stderr=err)
    assert message in err.getvalue()
    assert not (did_data / "r.json").exists()


def test_a_spec_that_is_not_json_is_refused_with_the_file_named(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match=r"spec\.json"):
        call_command("evaluate", str(path), "--output", str(tmp_path / "r.json"))


BASQUE_SPEC = {
    "method": "synthetic_control",
    "outcome": "gdpcap",
    "treated": ["R17"],
    "treatment_period": "1970",
    "predictors": [
        *(
            {"indicator": name, "periods": [str(y) for y in range(1964, 1970)], "op": "mean"}
            for name in (
                "school_illit",
                "school_prim",
                "school_med",
                "school_high",
                "school_post_high",
                "invest",
            )
        ),
        *(
            {"indicator": name, "periods": [str(y) for y in range(1961, 1970, 2)], "op": "mean"}
            for name in (
                "sec_agriculture",
                "sec_energy",
                "sec_industry",
                "sec_construction",
                "sec_services_venta",
                "sec_services_nonventa",
            )
        ),
        {"indicator": "popdens", "periods": ["1969"], "op": "mean"},
        {"indicator": "gdpcap", "periods": [str(y) for y in range(1960, 1970)], "op": "mean"},
    ],
    # Abadie & Gardeazabal fit V over 1960-1969 (Synth's example: time.optimize.ssr).
    "fit_periods": [str(y) for y in range(1960, 1970)],
    "placebo": True,
}


def test_synthetic_control_on_the_imported_basque_panel_gives_the_published_weights(tmp_path):
    long, names = basque_panel()
    import_panel(tmp_path, long, names, parent=("ES", "Spania"))
    result = evaluate(tmp_path, BASQUE_SPEC)
    weights = result["weights"]
    assert weights["R10"] == pytest.approx(0.8508, abs=0.01)  # Cataluña
    assert weights["R14"] == pytest.approx(0.1492, abs=0.01)  # Madrid
    assert sum(w for code, w in weights.items() if code not in {"R10", "R14"}) < 0.01
    assert result["post_rmspe"] > result["pre_rmspe"]
    assert 0 < result["p_value"] <= 1
    assert set(result["placebo_ratios"]) == set(weights)
    assert len(result["gaps"]) == 43
    assert result["fit_periods"] == [str(y) for y in range(1960, 1970)]


def test_synthetic_control_without_predictors_matches_the_pre_period_outcomes(did_data):
    result = evaluate(
        did_data,
        {
            "method": "synthetic_control",
            "outcome": "employed",
            "treated": ["A01"],
            "donors": [f"A{n:02d}" for n in range(4, 13)],
            "treatment_period": "2016",
        },
    )
    assert sum(result["weights"].values()) == pytest.approx(1.0)
    post = [gap for period, gap in result["gaps"].items() if period >= "2016"]
    assert sum(post) / len(post) == pytest.approx(3.0, abs=1.0)
    assert result["pre_rmspe"] < 1.5


FEW_YEARS_SPEC = {
    "method": "synthetic_control",
    "outcome": "employed",
    "treated": ["A01"],
    "treatment_period": "2010",
    "predictors": [
        *({"indicator": "employed", "periods": [year]} for year in ("2003", "2006", "2009")),
        {"indicator": "income", "periods": ["2009"]},
    ],
    "placebo": False,
}


def test_synthetic_control_fits_every_pre_period_unless_the_spec_names_fit_periods(tmp_path):
    long, names = few_years_panel()
    import_panel(tmp_path, long, names)
    pre_periods = [str(year) for year in range(2000, 2010)]

    default = evaluate(tmp_path, FEW_YEARS_SPEC)
    few = evaluate(tmp_path, FEW_YEARS_SPEC | {"fit_periods": ["2003", "2006", "2009"]})

    assert default["fit_periods"] == pre_periods
    assert few["fit_periods"] == ["2003", "2006", "2009"]
    assert default["pre_rmspe"] <= few["pre_rmspe"]
    assert default["weights"] != pytest.approx(few["weights"], abs=0.01)
