"""Editing a programme's fields with their strategies, and its cross-cutting themes."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from omradeloft.programmes.models import CrossCuttingTheme, Field, GoalLevel
from omradeloft.programmes.services.fields import save_theme
from tests.factories import make_programme
from tests.programmes.factories import make_field, make_goal, make_measure


def url(personas, name, *args):
    return reverse(f"programmes:{name}", args=[personas.programme.code, *args])


FIELD = {
    "code": "jobs",
    "name": "Sysselsetting",
    "name_en": "Employment",
    "strategy": "Flere i arbeid.",
    "strategy_en": "More people in work.",
    "order": 2,
}


def test_programme_admin_adds_a_field_with_its_strategy(client, personas):
    client.force_login(personas.programme_admin)
    assert client.post(url(personas, "edit_fields"), FIELD).status_code == 302
    field = Field.objects.get(programme=personas.programme)
    assert (field.code, field.strategy_en, field.order) == ("jobs", "More people in work.", 2)


def test_state_coordinator_changes_a_fields_strategy(client, personas):
    field = make_field(personas.programme, code="jobs")
    client.force_login(personas.state_coordinator)
    response = client.post(url(personas, "edit_field", field.pk), FIELD | {"strategy": "Ny."})
    assert response.status_code == 302
    field.refresh_from_db()
    assert field.strategy == "Ny."


def test_a_field_code_is_unique_in_the_programme(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    make_field(personas.programme, code="jobs")
    make_field(make_programme(), code="school")
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_fields"), FIELD)
    assert response.status_code == 400
    assert "Another field in this programme has the code jobs" in response.content.decode()
    assert client.post(url(personas, "edit_fields"), FIELD | {"code": "school"}).status_code == 302
    assert Field.objects.filter(programme=personas.programme).count() == 2


def test_fields_are_reordered_up_and_down(client, personas):
    first = make_field(personas.programme, code="a")
    second = make_field(personas.programme, code="b")
    third = make_field(personas.programme, code="c")
    client.force_login(personas.programme_admin)
    client.post(url(personas, "edit_field_move", third.pk), {"direction": "up"})
    assert list(personas.programme.fields.values_list("code", flat=True)) == ["a", "c", "b"]
    client.post(url(personas, "edit_field_move", first.pk), {"direction": "down"})
    assert list(personas.programme.fields.values_list("code", flat=True)) == ["c", "a", "b"]
    client.post(url(personas, "edit_field_move", second.pk), {"direction": "down"})
    assert list(personas.programme.fields.values_list("code", flat=True)) == ["c", "a", "b"]


def test_an_unused_field_is_removed(client, personas):
    field = make_field(personas.programme)
    client.force_login(personas.programme_admin)
    assert client.post(url(personas, "edit_field_remove", field.pk)).status_code == 302
    assert not Field.objects.filter(pk=field.pk).exists()


def test_a_field_that_goals_or_measures_use_is_kept_and_they_are_named(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    field = make_field(personas.programme, name="Skole")
    goal = make_goal(personas.programme, title="Bedre levekår")
    make_goal(personas.programme, parent=goal, level=GoalLevel.FIELD, field=field, title="Lese")
    make_measure(personas.programme, areas=[personas.s11], fields=[field], title="Leseløftet")
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_field_remove", field.pk))
    assert response.status_code == 400
    text = response.content.decode()
    assert "The field Skole cannot be removed while it is in use" in text
    assert "goals: Lese" in text
    assert "measures: Leseløftet" in text
    assert Field.objects.filter(pk=field.pk).exists()


def test_programme_admin_adds_and_changes_a_cross_cutting_theme(client, personas):
    school = make_field(personas.programme, name="Skole")
    health = make_field(personas.programme, name="Helse")
    client.force_login(personas.programme_admin)
    data = {"name": "Forebyggende helse", "fields": [school.pk, health.pk]}
    assert client.post(url(personas, "edit_themes"), data).status_code == 302
    theme = CrossCuttingTheme.objects.get()
    assert set(theme.fields.all()) == {school, health}
    edit = url(personas, "edit_theme", theme.pk)
    assert set(client.get(edit).context["form"].initial["fields"]) == {school, health}
    assert client.post(edit, {"name": "Helse i skolen", "fields": [school.pk]}).status_code == 302
    theme.refresh_from_db()
    assert theme.name == "Helse i skolen"
    assert list(theme.fields.all()) == [school]
    assert client.post(url(personas, "edit_theme_remove", theme.pk)).status_code == 302
    assert not CrossCuttingTheme.objects.exists()


def test_a_theme_cannot_be_tied_to_another_programmes_field(client, personas, settings):
    settings.LANGUAGE_CODE = "en"
    foreign = make_field(make_programme(), name="Fremmed")
    client.force_login(personas.programme_admin)
    response = client.post(url(personas, "edit_themes"), {"name": "Helse", "fields": [foreign.pk]})
    assert response.status_code == 400
    assert not CrossCuttingTheme.objects.exists()
    with pytest.raises(ValidationError) as refused:
        save_theme(personas.programme_admin, personas.programme, {"name": "H", "fields": [foreign]})
    assert "Fremmed belong to another programme" in refused.value.message_dict["fields"][0]
    assert not CrossCuttingTheme.objects.exists()


@pytest.mark.parametrize("persona", ["district_coordinator", "partner", "resident"])
def test_others_are_refused_editing_fields_and_themes(client, personas, persona):
    field = make_field(personas.programme, code="school", name="Skole")
    theme = CrossCuttingTheme.objects.create(programme=personas.programme, name="Helse")
    client.force_login(getattr(personas, persona))
    for target, data in [
        (url(personas, "edit_fields"), FIELD),
        (url(personas, "edit_field", field.pk), FIELD),
        (url(personas, "edit_field_move", field.pk), {"direction": "up"}),
        (url(personas, "edit_field_remove", field.pk), {}),
        (url(personas, "edit_themes"), {"name": "Ny"}),
        (url(personas, "edit_theme", theme.pk), {"name": "Ny"}),
        (url(personas, "edit_theme_remove", theme.pk), {}),
    ]:
        assert client.post(target, data).status_code == 403, target
    assert list(Field.objects.values_list("name", flat=True)) == ["Skole"]
    assert list(CrossCuttingTheme.objects.values_list("name", flat=True)) == ["Helse"]


def test_anonymous_visitors_are_sent_to_log_in_from_fields(client, personas):
    response = client.post(url(personas, "edit_fields"), FIELD)
    assert response.status_code == 302
    assert not Field.objects.exists()
