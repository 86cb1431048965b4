"""The evaluation app's data migrations: what runs made before a change become."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from omradeloft.evaluation.models import DataLevel, EvaluationRun
from tests.factories import make_programme
from tests.indicators.factories import make_indicator

BEFORE_DATA_LEVEL = [("evaluation", "0001_initial")]


def migrate(targets: list[tuple[str, str]] | None = None):
    """Migrate to `targets` (default: the latest migrations); the state's models."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_runs_made_before_runs_recorded_their_data_level_count_as_unsuppressed():
    old = migrate(BEFORE_DATA_LEVEL)
    outcome = make_indicator("employed")
    # The design as the old schema has it: later migrations add columns to it too.
    design = old.get_model("evaluation", "EvaluationDesign").objects.create(
        programme_id=make_programme().pk,
        code="d",
        name="D",
        treatment_period="2017",
        methods=["did"],
    )
    old.get_model("evaluation", "EvaluationRun").objects.create(
        design_id=design.pk, method="did", outcome_id=outcome.pk, spec={}, engine_version="1"
    )

    migrate()

    assert EvaluationRun.objects.get().data_level == DataLevel.UNSUPPRESSED
    assert EvaluationRun.objects.published().count() == 0
