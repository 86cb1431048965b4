"""Migration 0003 turns the old unit codes into kinds, scales and labels."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0002_additiverelation")]
AFTER = [("indicators", "0003_indicator_kind")]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_stored_indicators_keep_their_meaning_under_kinds_and_labels():
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps.get_model("indicators", "Indicator")
    for unit in ("percent", "per_1000", "count", "nok", "years", "ratio"):
        old.objects.create(code=unit, name=unit, unit=unit, polarity="higher_is_worse")
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps.get_model("indicators", "Indicator")
    found = {
        i.code: (i.kind, i.rate_scale, i.unit_label, i.unit_label_en) for i in new.objects.all()
    }
    assert found == {
        "percent": ("rate", 100, "prosent", "percent"),
        "per_1000": ("rate", 1000, "per 1000", "per 1,000"),
        "count": ("count", None, "antall", "count"),
        "nok": ("money", None, "kroner", "NOK"),
        "years": ("other", None, "år", "years"),
        "ratio": ("other", None, "forholdstall", "ratio"),
    }
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
