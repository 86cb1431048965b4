"""The demo's index and rules over the synthetic statistics: which subdistricts they select."""

from typing import Any

from omradeloft.demo.ownership import made_by_demo
from omradeloft.targeting.classification import classify, define_rule
from omradeloft.targeting.models import ClassificationRule, IndexDefinition, IndexScore
from omradeloft.targeting.services import compute, define_index

INDEX: dict[str, Any] = {
    "code": "levekar-syntetisk",
    "name": "Levekårsindeks (syntetiske data)",
    "name_en": "Living-conditions index (synthetic data)",
    "level": "subdistrict",
    "method": "exponential_rank",
    "components": [
        {"indicator": "low_income_households_with_children", "weight": 0.25},
        {"indicator": "not_employed_30_59", "weight": 0.2},
        {"indicator": "low_education_30_59", "weight": 0.15},
        {"indicator": "not_completing_upper_secondary", "weight": 0.1},
        {"indicator": "reduced_functional_ability_16_66", "weight": 0.1},
        {"indicator": "crowded_housing", "weight": 0.1},
        {"indicator": "mortality_55_79", "weight": 0.1},
    ],
}
RULES: list[dict[str, Any]] = [
    {
        "code": "mest-utsatte-tidel",
        "name": "Den mest utsatte tidelen (syntetiske data)",
        "name_en": "The most deprived tenth (synthetic data)",
        "kind": "top_decile",
        "params": {"deciles": 1},
        "index": INDEX["code"],
    },
    {
        "code": "kriterier-dansk-modell",
        "name": "Kriterier etter dansk modell (syntetiske data)",
        "name_en": "Criteria after the Danish model (synthetic data)",
        "kind": "criteria",
        "level": "subdistrict",
        "params": {
            "population": {"indicator": "population_total", "at_least": 300},
            "criteria": [
                {"indicator": "not_employed_30_59", "at_least": 25},
                {"indicator": "low_education_30_59", "at_least": 30},
                {"indicator": "low_income_households_with_children", "at_least": 30},
                {"indicator": "crowded_housing", "at_least": 30},
            ],
            "min_met": 2,
        },
    },
]
PERIODS = ("2016", "2025")


def load_targeting(skipped: list[str]) -> None:
    """Define, compute and apply once; an index or rule of the same code, the demo's own or
    someone else's, is left as it is."""
    existing = IndexDefinition.objects.filter(code=INDEX["code"]).first()
    if existing is not None:
        if not made_by_demo(IndexDefinition, [existing.pk]):
            skipped.append(f"index {INDEX['code']}: exists and is not the demo's")
        return
    definition = define_index(INDEX, actor=None)
    compute(definition, actor=None)
    for spec in RULES:
        if ClassificationRule.objects.filter(code=spec["code"]).exists():
            skipped.append(f"classification rule {spec['code']}: exists already")
            continue
        rule = define_rule(spec, actor=None)
        for period in PERIODS:
            if IndexScore.objects.filter(definition=definition, period=period).exists():
                classify(rule, period, actor=None)
