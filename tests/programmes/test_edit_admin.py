"""Django's administration lists and opens every programme record for superusers."""

import pytest
from django.contrib import admin
from django.urls import reverse

from omradeloft.programmes import models
from tests.programmes.test_edit_access import build_structure


def test_every_programme_model_is_registered():
    registered = {m for m in admin.site._registry if m._meta.app_label == "programmes"}
    expected = {getattr(models, name) for name in models.__all__}
    expected = {m for m in expected if isinstance(m, type) and hasattr(m, "_meta")}
    assert expected <= registered


@pytest.mark.parametrize(
    "model",
    [
        "programme",
        "party",
        "field",
        "crosscuttingtheme",
        "targetarea",
        "goal",
        "goalindicator",
        "goaltarget",
        "evaluationmilestone",
        "evaluationquestion",
        "body",
        "membership",
        "meeting",
        "meetingattachment",
        "decision",
        "descriptionversion",
    ],
)
def test_superusers_open_the_administration_of_programme_records(client, personas, model):
    build_structure(personas)
    client.force_login(personas.superuser)
    assert client.get(reverse(f"admin:programmes_{model}_changelist")).status_code == 200


def test_superusers_open_a_goal_indicator_with_its_targets(client, personas):
    structure = build_structure(personas)
    client.force_login(personas.superuser)
    address = reverse("admin:programmes_goalindicator_change", args=[structure.goal_indicator.pk])
    response = client.get(address)
    assert response.status_code == 200
    assert "2026" in response.content.decode()
