"""An import batch can be rolled back as a whole, restoring what it replaced."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import RollbackRefusedError, rollback_batch
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import BatchStatus, Observation
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(personas):
    return make_indicator("not_employed")


def run(path):
    chunks, info = open_observation_file(path)
    return import_observations(chunks, info, actor=None).batch


def values():
    return sorted(Observation.objects.values_list("area__code", "period", "value", "is_derived"))


def test_rollback_removes_new_values_and_restores_replaced_ones(indicator, tmp_path):
    first = run(write_csv(tmp_path / "1.csv", ["not_employed,0999010101,2024,25,250,1000"]))
    before = values()
    second = run(
        write_csv(
            tmp_path / "2.csv",
            [
                "not_employed,0999010101,2024,30,300,1000",
                "not_employed,0999010101,2025,20,200,1000",
            ],
        )
    )
    rollback_batch(second, actor=None)
    assert values() == before
    assert Observation.objects.get(area__code="0999010101").batch == first
    second.refresh_from_db()
    assert second.status == BatchStatus.ROLLED_BACK


def test_rolling_back_twice_is_refused(indicator, tmp_path):
    batch = run(write_csv(tmp_path / "1.csv", ["not_employed,0999010101,2024,25,250,1000"]))
    rollback_batch(batch, actor=None)
    with pytest.raises(RollbackRefusedError):
        rollback_batch(batch, actor=None)


def test_a_batch_whose_values_were_replaced_later_must_wait(indicator, tmp_path):
    first = run(write_csv(tmp_path / "1.csv", ["not_employed,0999010101,2024,25,250,1000"]))
    run(write_csv(tmp_path / "2.csv", ["not_employed,0999010101,2024,30,300,1000"]))
    before = values()
    with pytest.raises(RollbackRefusedError, match=r"2\.csv"):
        rollback_batch(first, actor=None)
    assert values() == before


def test_rollback_command_checks_permission_and_batch(indicator, tmp_path, settings):
    settings.LANGUAGE_CODE = "en"
    batch = run(write_csv(tmp_path / "1.csv", ["not_employed,0999010101,2024,25,250,1000"]))
    with pytest.raises(CommandError, match="not allowed"):
        call_command("rollback_import", str(batch.pk), user="resident")
    with pytest.raises(CommandError, match="no import batch 999"):
        call_command("rollback_import", "999")
    call_command("rollback_import", str(batch.pk), user="analyst")
    assert Observation.objects.count() == 0
