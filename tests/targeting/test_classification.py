"""Classification rules say which areas count as deprived, per period, with reasons."""

import json

import pandas as pd
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.targeting.engine.rules import (
    RuleError,
    check,
    compare,
    select_by_criteria,
    select_by_index,
)
from omradeloft.targeting.models import ClassificationRule, ClassificationRun
from tests.targeting.factories import SPEC, write_spec

SCORES = pd.DataFrame(
    {
        "area": ["a", "b", "c", "d"],
        "period": ["2024"] * 4,
        "score": [90.0, 70.0, 50.0, 10.0],
        "rank": [1, 2, 3, 4],
        "decile": [1, 3, 6, 8],
    }
)


def selected(selection):
    return dict(zip(selection.selected["area"], selection.selected["reasons"], strict=True))


def test_top_n_top_decile_and_threshold_select_with_reasons():
    assert selected(select_by_index("top_n", {"n": 2}, SCORES)) == {
        "a": [{"kind": "rank", "rank": 1, "top": 2}],
        "b": [{"kind": "rank", "rank": 2, "top": 2}],
    }
    assert selected(select_by_index("top_decile", {"deciles": 3}, SCORES)) == {
        "a": [{"kind": "decile", "decile": 1, "rank": 1}],
        "b": [{"kind": "decile", "decile": 3, "rank": 2}],
    }
    above = selected(select_by_index("score_threshold", {"threshold": 50}, SCORES))
    assert list(above) == ["a", "b", "c"]
    assert above["c"] == [{"kind": "score", "score": 50.0, "bound": "at_least", "limit": 50.0}]


def test_the_top_n_takes_every_area_tied_at_rank_n():
    tied = SCORES.assign(score=[90.0, 70.0, 70.0, 10.0], rank=[1, 2, 2, 4])
    assert set(selected(select_by_index("top_n", {"n": 2}, tied))) == {"a", "b", "c"}


def test_criteria_need_the_population_and_enough_criteria_met():
    values = pd.DataFrame(
        [
            ("big", "2024", "population", 2000),
            ("big", "2024", "jobless", 45),
            ("big", "2024", "low_income", 60),
            ("big", "2024", "crime", 1),
            ("small", "2024", "population", 300),  # meets both criteria, but too small
            ("small", "2024", "jobless", 50),
            ("small", "2024", "low_income", 70),
            ("one", "2024", "population", 5000),  # meets only one
            ("one", "2024", "jobless", 41),
            ("one", "2024", "low_income", 10),
        ],
        columns=["area", "period", "indicator", "value"],
    )
    params = {
        "population": {"indicator": "population", "at_least": 1000},
        "criteria": [
            {"indicator": "jobless", "at_least": 40},
            {"indicator": "low_income", "at_least": 55},
            {"indicator": "crime", "at_least": 3},
        ],
        "min_met": 2,
    }

    def reason(kind, indicator, value, limit):
        return {
            "kind": kind,
            "indicator": indicator,
            "value": value,
            "bound": "at_least",
            "limit": limit,
            "suppressed": False,
        }

    assert selected(select_by_criteria(params, values)) == {
        "big": [
            reason("population", "population", 2000.0, 1000.0),
            reason("criterion", "jobless", 45.0, 40.0),
            reason("criterion", "low_income", 60.0, 55.0),
        ]
    }


@pytest.mark.parametrize(
    ("kind", "params", "message"),
    [
        ("best", {}, "unknown rule kind 'best'"),
        ("top_n", {"n": 0}, "n: expected a whole number of at least 1"),
        ("top_n", {"n": "ten"}, "n: expected a number"),
        ("top_decile", {"deciles": 11}, "deciles: at most 10"),
        ("criteria", {"criteria": [], "min_met": 1}, "non-empty list"),
        ("criteria", {"criteria": [{"indicator": "x", "at_least": 1}], "min_met": 2}, "more than"),
        ("criteria", {"criteria": [{"indicator": "x"}], "min_met": 1}, "exactly one of"),
    ],
)
def test_bad_rule_parameters_are_named(kind, params, message):
    with pytest.raises(RuleError, match=message):
        check(kind, params)


def test_comparing_periods_lists_entered_and_left():
    before = pd.DataFrame({"area": ["a", "b"], "reasons": [["x"], ["y"]]})
    after = pd.DataFrame({"area": ["b", "c"], "reasons": [["y"], ["z"]]})
    entered, left = compare(before, after)
    assert entered.to_dict("records") == [{"area": "c", "reasons": ["z"]}]
    assert left.to_dict("records") == [{"area": "a", "reasons": ["x"]}]


@pytest.mark.django_db
def test_rules_are_stored_with_their_version_and_applied_per_period(
    statistics, tmp_path, capsys, settings
):
    settings.LANGUAGE_CODE = "en"
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "hardship")
    rule = {
        "code": "worst",
        "name": "Verst",
        "kind": "top_n",
        "params": {"n": 1},
        "index": "hardship",
    }
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(rule))
    call_command("import_rule", str(path))
    call_command("classify", "worst", "--period", "2023")
    call_command("classify", "worst", "--period", "2024")
    assert "0999010101 Nordhagen: rank 1 of the top 1" in capsys.readouterr().out
    call_command("compare_classification", "worst", "2023", "2024")
    assert "0 entered, 0 left" in capsys.readouterr().out
    path.write_text(json.dumps(rule | {"params": {"n": 2}}))
    call_command("import_rule", str(path))
    call_command("classify", "worst", "--period", "2024")
    latest = ClassificationRun.objects.filter(period="2024").first()
    assert latest.rule_version == 2
    assert latest.areas.count() == 2
    call_command("compare_classification", "worst", "2023", "2024")
    assert "1 entered, 0 left" in capsys.readouterr().out


@pytest.mark.django_db
def test_bad_rule_specs_are_refused_and_nothing_is_saved(statistics, tmp_path, capsys):
    path = tmp_path / "rule.json"
    path.write_text(json.dumps({"code": "x", "name": "X", "kind": "top_n", "params": {"n": 1}}))
    with pytest.raises(CommandError):
        call_command("import_rule", str(path))
    assert "index: None is not an index" in capsys.readouterr().err
    criteria = {"criteria": [{"indicator": "nope", "at_least": 1}], "min_met": 1}
    path.write_text(
        json.dumps(
            {
                "code": "x",
                "name": "X",
                "kind": "criteria",
                "level": "subdistrict",
                "params": criteria,
            }
        )
    )
    with pytest.raises(CommandError):
        call_command("import_rule", str(path))
    assert "unknown indicator 'nope'" in capsys.readouterr().err
    assert ClassificationRule.objects.count() == 0


@pytest.mark.django_db
def test_classifying_before_the_index_is_computed_says_what_to_do(statistics, tmp_path):
    call_command("import_index", write_spec(tmp_path, SPEC))
    rule = {
        "code": "worst",
        "name": "Verst",
        "kind": "top_n",
        "params": {"n": 1},
        "index": "hardship",
    }
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(rule))
    call_command("import_rule", str(path))
    with pytest.raises(CommandError, match="run compute-index first"):
        call_command("classify", "worst", "--period", "2024")
