"""The demo never changes what it did not create: `make run` on an installation with users'
imports leaves every value, batch and rollback as it was, and a demo loaded once stays put."""

import io

import pytest
from django.core.management import call_command

from omradeloft.accounts.models import RoleAssignment
from omradeloft.core.models import AuditEntry
from omradeloft.demo.models import DemoLoad
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import BatchStatus, ImportBatch, Indicator, Observation
from tests.factories import make_user
from tests.indicators.factories import make_indicator, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_settings")]
CHANGED = ["0301101001", "0301101002", "0301101005", "0301070701"]


def run_demo() -> str:
    out = io.StringIO()
    call_command("demo", force=True, stdout=out)
    return out.getvalue()


def observations() -> list[tuple]:
    return list(
        Observation.objects.order_by("pk").values_list(
            "pk", "indicator_id", "area_id", "period", "value", "numerator", "denominator",
            "suppression", "batch_id", "is_derived",
        )
    )  # fmt: skip


def test_make_runs_demo_step_leaves_a_users_import_and_its_rollback_as_they_were(tmp_path):
    run_demo()
    demo_values = dict(
        Observation.objects.filter(
            indicator__code="not_employed_30_59", period="2025", area__code__in=CHANGED
        ).values_list("area__code", "value")
    )
    rows = [f"not_employed_30_59,{code},2025,,50,100" for code in CHANGED]
    chunks, info = open_observation_file(write_csv(tmp_path / "users.csv", rows))
    analyst = make_user("importer", is_superuser=True)
    report = import_observations(chunks, info, actor=analyst)
    assert report.changed == len(CHANGED)
    before = observations()
    batches = list(ImportBatch.objects.values_list("pk", "status", "changed_count"))
    audit = AuditEntry.objects.count()

    out = run_demo()

    assert "nothing was changed" in out
    assert observations() == before
    assert list(ImportBatch.objects.values_list("pk", "status", "changed_count")) == batches
    assert AuditEntry.objects.count() == audit
    rollback_batch(report.batch, actor=analyst)
    report.batch.refresh_from_db()
    assert report.batch.status == BatchStatus.ROLLED_BACK
    restored = dict(
        Observation.objects.filter(
            indicator__code="not_employed_30_59", period="2025", area__code__in=CHANGED
        ).values_list("area__code", "value")
    )
    assert restored == demo_values


def test_the_demo_adds_no_synthetic_values_to_an_indicator_someone_else_made(tmp_path):
    make_indicator("population_total", name="Folkemengde (SSB)", unit="count", aggregation="sum")
    out = run_demo()
    own = Indicator.objects.get(code="population_total")
    assert own.name == "Folkemengde (SSB)"
    assert not own.is_synthetic
    assert not Observation.objects.filter(indicator=own).exists()
    assert "indicator population_total: exists and is not the demo's" in out
    assert Observation.objects.filter(indicator__code="not_employed_30_59").exists()


def test_the_demo_gives_no_role_to_an_existing_user_of_the_same_name():
    someone = make_user("admin", first_name="Ekte", last_name="Person")
    out = run_demo()
    assert not RoleAssignment.objects.filter(user=someone).exists()
    someone.refresh_from_db()
    assert someone.first_name == "Ekte"
    assert "user admin: exists and is not the demo's" in out


def test_a_loaded_demo_leaves_its_mark_and_is_not_loaded_again():
    first = run_demo()
    assert DemoLoad.objects.count() == 1
    assert "Synthetic statistics:" in first
    entries = AuditEntry.objects.count()
    second = run_demo()
    assert "The demo was loaded on" in second
    assert "nothing was changed" in second
    assert AuditEntry.objects.count() == entries
    assert DemoLoad.objects.count() == 1


def test_a_partial_demo_is_topped_up_without_touching_what_is_there():
    from omradeloft.demo.loader import load_demo

    load_demo(with_statistics=False)
    assert not DemoLoad.objects.exists()
    before = AuditEntry.objects.count()
    out = run_demo()
    assert "Demo areas: 0 created" in out
    assert Observation.objects.exists()
    assert DemoLoad.objects.count() == 1
    assert AuditEntry.objects.count() > before
