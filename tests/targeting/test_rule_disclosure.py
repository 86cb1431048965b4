"""Rule reasons pass disclosure control: a criteria rule decides on suppressed values, but
no page, command or programme form shows them outside the analyst role."""

import importlib

import pytest
from django.core.management import call_command
from django.urls import reverse

from omradeloft.indicators.models import Observation, Suppression
from omradeloft.targeting.models import ClassificationRun, ClassifiedArea
from tests.targeting.suppressed import (
    RULE,
    define_and_classify,
    printed,
    spellings,
    suppressed_cells,
    suppressed_statistics,
)

pytestmark = pytest.mark.django_db

RULE_URL = reverse("targeting:rule", args=[RULE["code"]])
# Population counts are printed without decimals, so they are looked for by their label.
POPULATION_SECRETS = ["Befolkning 3", "Befolkning 2", "population_total 3", "population_total 2"]


@pytest.fixture
def classified(personas, tmp_path):
    suppressed_statistics(personas, tmp_path)
    define_and_classify(tmp_path)
    return personas


def secrets():
    """How the suppressed rates of the rule's indicators would be printed."""
    found = set()
    for (_, _, indicator), value in suppressed_cells().items():
        if indicator != "population_total":
            found |= spellings(value)
    return found


def leaks(text):
    return sorted(s for s in secrets() | set(POPULATION_SECRETS) if printed(s, text))


@pytest.mark.parametrize("who", [None, "partner", "resident", "programme_admin"])
def test_a_criteria_rules_page_shows_no_suppressed_value(client, classified, who):
    if who:
        client.force_login(getattr(classified, who))
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert leaks(html) == []
    # Nordhagen is still selected, on values shown as withheld, and Nordlia left the list.
    assert "Nordhagen (0999010101)" in html
    assert "Dødelighet : ≥ 40" in html
    assert "Nordlia (0999010102)" in html
    # A published value that met a criterion is shown.
    assert "Dødelighet 41,0 ≥ 40" in html


def test_the_analyst_sees_the_suppressed_values_marked(client, classified, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(classified.analyst)
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert "Dødelighet 50.0 ≥ 40" in html
    assert "Frafall 60.0 ≥ 40" in html
    assert "not publishable" in html
    # Nordlia left the list; it had been selected for its (suppressed) 2023 values.
    assert "Dødelighet 42.9 ≥ 40" in html


def test_a_value_suppressed_after_the_rule_was_applied_is_withheld_too(client, classified):
    Observation.objects.filter(
        area__code="0999020201", period="2024", indicator__code="mortality"
    ).update(suppression=Suppression.SECONDARY)
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert not any(printed(s, html) for s in spellings(41.0))
    assert "Sørhagen (0999020201)" in html


def test_a_reason_whose_observation_is_gone_is_withheld(client, classified):
    Observation.objects.filter(
        area__code="0999020201", period="2024", indicator__code="mortality"
    ).delete()
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert not any(printed(s, html) for s in spellings(41.0))


def test_picking_target_areas_from_the_classification_shows_no_suppressed_value(client, classified):
    run = ClassificationRun.objects.get(period="2024")
    client.force_login(classified.programme_admin)
    url = reverse("programmes:edit_target_areas_pick", args=[classified.programme.code])
    html = client.get(url, {"run": run.pk}).content.decode()
    assert "Nordhagen (0999010101)" in html
    assert leaks(html) == []


def test_the_commands_print_no_suppressed_value_unless_an_analyst_asks(
    classified, tmp_path, capsys, settings
):
    settings.LANGUAGE_CODE = "en"
    call_command("classify", RULE["code"], "--period", "2024")
    call_command("compare_classification", RULE["code"], "2023", "2024")
    public = capsys.readouterr().out
    assert "0999010101 Nordhagen" in public
    assert "- 0999010102" in public
    assert leaks(public) == []
    call_command("compare_classification", RULE["code"], "2023", "2024", user="analyst")
    analyst = capsys.readouterr().out
    assert "Dødelighet 42.9 ≥ 40 [not publishable]" in analyst


def test_the_stored_reasons_record_which_values_were_suppressed(classified):
    item = ClassifiedArea.objects.get(run__period="2024", area__code="0999010101")
    assert [(r["kind"], r.get("indicator"), r["suppressed"]) for r in item.reasons] == [
        ("population", "population_total", True),
        ("criterion", "mortality", True),
        ("criterion", "dropout", True),
    ]


# --- reasons stored as text before they were data ------------------------------------------


def test_reasons_stored_as_text_are_read_back_into_data_by_the_migration():
    migration = importlib.import_module("omradeloft.targeting.migrations.0004_structured_reasons")
    assert migration.parse("rank 3 of the top 10") == {"kind": "rank", "rank": 3, "top": 10}
    assert migration.parse("decile 1 (rank 4)") == {"kind": "decile", "decile": 1, "rank": 4}
    assert migration.parse("score 71.2 >= 60") == {
        "kind": "score",
        "score": 71.2,
        "bound": "at_least",
        "limit": 60.0,
    }
    assert migration.parse("mortality 50.0 >= 40") == {
        "kind": "criterion",
        "indicator": "mortality",
        "value": 50.0,
        "bound": "at_least",
        "limit": 40.0,
        "suppressed": None,
    }
    assert migration.parse("crime 1.5 <= 3")["bound"] == "at_most"
    assert migration.parse("population_total 1,234") == {
        "kind": "population",
        "indicator": "population_total",
        "value": 1234.0,
        "bound": None,
        "limit": None,
        "suppressed": None,
    }
    assert migration.parse("chosen by hand in 2016") == {
        "kind": "text",
        "text": "chosen by hand in 2016",
    }
    for text in ("rank 3 of the top 10", "mortality 50.0 >= 40", "population_total 1,234"):
        assert migration.unparse(migration.parse(text)) == text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_migration_converts_stored_text_and_back():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    before = [("targeting", "0003_index_score_disclosure")]
    latest = executor.loader.graph.leaf_nodes("targeting")
    try:
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        area = apps.get_model("areas", "Area").objects.create(
            code="X1",
            name="X",
            level=apps.get_model("areas", "AreaLevel").objects.create(code="x", name="X", rank=9),
        )
        rule = apps.get_model("targeting", "ClassificationRule").objects.create(
            code="r", name="R", kind="criteria", params={}, level=area.level
        )
        run = apps.get_model("targeting", "ClassificationRun").objects.create(
            rule=rule, rule_version=1, period="2016"
        )
        item = apps.get_model("targeting", "ClassifiedArea").objects.create(
            run=run, area=area, reasons=["population_total 1,234", "mortality 50.0 >= 40"]
        )
        executor = MigrationExecutor(connection)
        executor.migrate(latest)
        item.refresh_from_db()
        stored = ClassifiedArea.objects.get(pk=item.pk).reasons
        assert [r["kind"] for r in stored] == ["population", "criterion"]
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        apps = executor.loader.project_state(before).apps
        back = apps.get_model("targeting", "ClassifiedArea").objects.get(pk=item.pk).reasons
        assert back == ["population_total 1,234", "mortality 50.0 >= 40"]
    finally:
        MigrationExecutor(connection).migrate(latest)


def test_a_text_reason_that_cannot_be_read_back_hides_its_numbers_from_the_public(
    client, classified, settings
):
    settings.LANGUAGE_CODE = "en"
    item = ClassifiedArea.objects.get(run__period="2024", area__code="0999010101")
    item.reasons = [{"kind": "text", "text": "mortality was 50.0 in 2024"}]
    item.save()
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert "mortality was : in :" in html
    assert "50.0" not in html
    client.force_login(classified.analyst)
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert "mortality was 50.0 in 2024" in html


def test_a_legacy_criterion_is_shown_only_while_its_value_is_published_and_unchanged(
    client, classified, settings
):
    settings.LANGUAGE_CODE = "en"
    item = ClassifiedArea.objects.get(run__period="2024", area__code="0999020201")
    legacy = {
        "kind": "criterion",
        "indicator": "mortality",
        "bound": "at_least",
        "limit": 40.0,
        "suppressed": None,
    }
    item.reasons = [legacy | {"value": 41.0}]
    item.save()
    assert "Dødelighet 41.0 ≥ 40" in client.get(RULE_URL, {"period": "2024"}).content.decode()
    item.reasons = [legacy | {"value": 47.0}]  # no longer the published value: maybe suppressed
    item.save()
    html = client.get(RULE_URL, {"period": "2024"}).content.decode()
    assert "47.0" not in html
    assert "Dødelighet : ≥ 40" in html
