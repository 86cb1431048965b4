"""Project-wide checks: migrations, the console script, the demo."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.accounts.models import Role, RoleAssignment, User
from omradeloft.areas.models import Area
from omradeloft.cli import main as omradeloft
from omradeloft.core.models import AuditEntry


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    try:
        call_command("makemigrations", "--check", "--dry-run", stdout=out)
    except SystemExit:
        pytest.fail(f"missing migrations:\n{out.getvalue()}")


def test_console_script_accepts_hyphenated_command_names(capsys):
    with pytest.raises(SystemExit) as caught:
        omradeloft(["omradeloft", "import-areas", "--help"])
    assert caught.value.code == 0
    assert "--dry-run" in capsys.readouterr().out


@pytest.mark.usefixtures("loaded_demo")
def test_demo_loads_oslo_programme_and_one_user_per_role():
    assert Area.objects.filter(level__code="district").count() == 15
    assert Area.objects.filter(level__code="subdistrict").count() == 96
    romsas = Area.objects.get(code="0301101005")
    assert romsas.name == "Romsås"
    assert [a.code for a in romsas.ancestors()] == ["0301", "030110"]
    assert romsas.boundary_source.startswith("Oslo kommune")
    assert {a.role for a in RoleAssignment.objects.all()} == set(Role.values)
    assert User.objects.get(username="drift").is_superuser


@pytest.mark.usefixtures("loaded_demo")
def test_demo_statistics_are_synthetic_and_show_the_east_west_gradient():
    from django.db.models import Avg

    from omradeloft.indicators.models import Indicator, Observation

    assert Indicator.objects.filter(is_synthetic=False).count() == 0
    not_employed = Observation.objects.filter(indicator__code="not_employed_30_59", period="2025")
    grorud = not_employed.filter(area__code="030110").get()
    assert grorud.is_derived
    west = not_employed.filter(area__code__in=["030105", "030106"]).aggregate(Avg("value"))
    assert grorud.value > 2 * west["value__avg"]


@pytest.mark.usefixtures("loaded_demo")
def test_demo_index_and_rules_select_groruddalen_subdistricts():
    from omradeloft.targeting.models import ClassificationRule

    rule = ClassificationRule.objects.get(code="mest-utsatte-tidel")
    selected = list(rule.runs.get(period="2025").areas.values_list("area__parent__code", flat=True))
    groruddalen = {"030109", "030110", "030111", "030112"}
    assert selected
    assert len([code for code in selected if code in groruddalen]) >= len(selected) / 2


@pytest.mark.usefixtures("loaded_demo")
def test_loading_the_demo_twice_changes_nothing():
    entries = AuditEntry.objects.count()
    areas = list(Area.objects.values())
    out = io.StringIO()
    call_command("demo", force=True, stdout=out)
    assert "nothing was changed" in out.getvalue()
    assert AuditEntry.objects.count() == entries
    assert list(Area.objects.values()) == areas


@pytest.mark.django_db
def test_demo_refuses_to_run_in_production(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("demo", stdout=io.StringIO())
