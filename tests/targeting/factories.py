"""An index spec over two indicators, for tests."""

import json

from django.core.management import call_command

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv

SPEC = {
    "code": "hardship",
    "name": "Levekår",
    "level": "subdistrict",
    "method": "exponential_rank",
    "components": [
        {"indicator": "not_employed", "weight": 0.5},
        {"indicator": "employed", "weight": 0.5},
    ],
}


def write_spec(tmp_path, spec):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(spec))
    return str(path)


def two_indicators_over_three_areas(personas, tmp_path):
    """Nordhagen worst on both, Nordlia in between, Sørhagen best; 2023 and 2024."""
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    make_indicator("not_employed")
    make_indicator("employed", polarity="higher_is_better")
    rows = []
    # Nordhagen is worst on both, Sørhagen best on both; Nordlia in between.
    for area, bad, good in [("0999010101", 40, 50), ("0999010102", 20, 70), ("0999020201", 10, 80)]:
        for year in ("2023", "2024"):
            rows += [f"not_employed,{area},{year},{bad},,", f"employed,{area},{year},{good},,"]
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", rows))
    import_observations(chunks, info, actor=None)
    return personas


def rank_and_classify(tmp_path, periods=("2024",)):
    """Define, compute and classify: index "hardship", rule "worst" (the top area)."""
    call_command("import_index", write_spec(tmp_path, SPEC))
    call_command("compute_index", "hardship")
    rule = {"code": "worst", "name": "Verst", "kind": "top_n", "params": {"n": 1}}
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(rule | {"index": "hardship"}))
    call_command("import_rule", str(path))
    for period in periods:
        call_command("classify", "worst", "--period", period)
