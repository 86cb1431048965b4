"""Indices as data: define from a JSON spec, compute for every period, export as CSV."""

import csv

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.targeting.models import IndexDefinition, IndexScore
from tests.targeting.factories import SPEC, write_spec

pytestmark = pytest.mark.django_db


def test_an_index_is_defined_computed_and_exported(statistics, tmp_path, capsys):
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "hardship")
    assert "6 area-periods scored" in capsys.readouterr().out
    out = tmp_path / "hardship.csv"
    call_command("export_index", "hardship", "--period", "2024", "--output", str(out))
    rows = list(csv.DictReader(out.open()))
    assert list(rows[0]) == [
        "area",
        "period",
        "score",
        "rank",
        "decile",
        "not_employed",
        "employed",
        "score_rounded_to",
        "status",
    ]
    assert [(r["area"], r["rank"]) for r in rows] == [
        ("0999010101", "1"),
        ("0999010102", "2"),
        ("0999020201", "3"),
    ]
    # The most deprived of three: R = 1 on both components, X = 100, score = 100.
    assert float(rows[0]["score"]) == pytest.approx(100.0)
    assert float(rows[0]["not_employed"]) == pytest.approx(50.0)


def test_computing_again_replaces_the_scores(statistics, tmp_path):
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "hardship")
    call_command("compute_index", "hardship", "--period", "2024")
    assert IndexScore.objects.count() == 6
    definition = IndexDefinition.objects.get()
    assert definition.runs.count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"method": "magic"}, "unknown method 'magic'"),
        ({"level": "county"}, "unknown level 'county'"),
        (
            {"components": [{"indicator": "nope", "weight": 1.0}]},
            "components[1].indicator: unknown indicator 'nope'",
        ),
        (
            {
                "components": [
                    {"indicator": "not_employed", "weight": -0.5},
                    {"indicator": "employed", "weight": 1.5},
                ]
            },
            "weight",
        ),
        (
            {
                "components": [
                    {"indicator": "not_employed", "weight": 0.5},
                    {"indicator": "employed", "weight": 0.2},
                ]
            },
            "sum",
        ),
        ({"method": "ratio_to_reference"}, "needs the code of the area that scores 100"),
    ],
)
def test_bad_specs_are_refused_with_a_reason_and_nothing_is_saved(
    statistics, tmp_path, capsys, change, message
):
    with pytest.raises(CommandError):
        call_command("import_index", write_spec(tmp_path, SPEC | change))
    assert message in capsys.readouterr().err
    assert IndexDefinition.objects.count() == 0


def test_an_unknown_period_is_refused(statistics, tmp_path):
    call_command("import_index", write_spec(tmp_path, SPEC))
    with pytest.raises(CommandError, match="no values for period"):
        call_command("compute_index", "hardship", "--period", "1999")
    assert IndexScore.objects.count() == 0


def test_only_statistics_managers_may_define_and_compute(statistics, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    with pytest.raises(CommandError, match="not allowed"):
        call_command("import_index", write_spec(tmp_path, SPEC), user="resident")
    call_command("import_index", write_spec(tmp_path, SPEC), user="analyst")
    with pytest.raises(CommandError, match="not allowed"):
        call_command("compute_index", "hardship", user="partner")


def test_exporting_before_computing_says_what_to_do(statistics, tmp_path):
    call_command("import_index", write_spec(tmp_path, SPEC))
    with pytest.raises(CommandError, match="run compute-index"):
        call_command(
            "export_index", "hardship", "--period", "2024", "--output", str(tmp_path / "x.csv")
        )


def test_the_same_spec_twice_keeps_one_definition(statistics, tmp_path):
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("import_index", write_spec(tmp_path, SPEC | {"name": "Nytt navn"}))
    assert list(IndexDefinition.objects.values_list("name", flat=True)) == ["Nytt navn"]
