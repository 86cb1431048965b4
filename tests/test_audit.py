"""The audit log records who changed what, when and from where, for every model."""

import pytest
from django.apps import apps
from django.urls import reverse

from omradeloft.accounts.models import Role
from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditedModel, AuditEntry
from tests.factories import make_area, make_user, square


@pytest.mark.django_db
def test_creating_changing_and_deleting_are_logged_with_actor_and_source():
    actor = make_user("editor")
    with acting_as(actor, "web"):
        area = make_area("0999", "municipality", name="Old")
        area.name = "New"
        area.save()
        area.delete()
    entries = list(AuditEntry.objects.filter(content_type__model="area").order_by("id"))
    assert [e.action for e in entries] == ["create", "update", "delete"]
    assert all(e.actor == actor and e.source == "web" for e in entries)
    assert entries[1].changes == {"name": ["Old", "New"]}


@pytest.mark.django_db
def test_saving_without_changes_writes_no_entry():
    area = make_area("0999", "municipality")
    before = AuditEntry.objects.count()
    area.save()
    type(area).objects.get(pk=area.pk).save()
    assert AuditEntry.objects.count() == before


@pytest.mark.django_db
def test_large_and_secret_fields_are_logged_as_changed_without_their_values():
    area = make_area("0999", "municipality")
    area.boundary = square()
    area.save()
    user = make_user("someone")
    user.set_password("a-new-secret-password")
    user.save()
    assert AuditEntry.objects.for_object(area).first().changes == {"boundary": "changed"}
    assert AuditEntry.objects.for_object(user).first().changes == {"password": "changed"}


@pytest.mark.django_db
def test_changes_outside_a_request_or_command_are_the_systems():
    make_area("0999", "municipality")
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.source) == (None, "system")


@pytest.mark.django_db
def test_many_to_many_changes_are_logged(personas):
    assignment = personas.analyst.role_assignments.get()
    assignment.areas.add(personas.d2)
    entry = AuditEntry.objects.for_object(assignment).first()
    assert entry.changes == {"areas": {"add": ["Sørbyen (099902)"]}}


def is_audited(model) -> bool:
    """Audited itself, or through a foreign key (`audited_through`) to an audited record."""
    if issubclass(model, AuditedModel):
        return True
    through = getattr(model, "audited_through", None)
    return bool(through) and issubclass(model._meta.get_field(through).related_model, AuditedModel)


def test_every_project_model_is_audited_itself_or_through_a_batch():
    project_models = [
        m
        for m in apps.get_models()
        if m.__module__.startswith("omradeloft.") and m is not AuditEntry
    ]
    assert project_models
    assert [m.__name__ for m in project_models if not is_audited(m)] == []


def test_a_web_change_is_logged_under_the_signed_in_user(client, personas):
    client.force_login(personas.programme_admin)
    response = client.post(
        reverse("programmes:team", args=[personas.programme.code]),
        {"user": personas.outsider.pk, "role": Role.PARTNER},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.filter(content_type__model="roleassignment").first()
    assert (entry.actor, entry.source, entry.action) == (personas.programme_admin, "web", "create")


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.PROGRAMME_ADMIN, 200),
        (Role.STATE_COORDINATOR, 200),
        (Role.MUNICIPAL_COORDINATOR, 200),
        (Role.EVALUATOR, 200),
        (Role.DISTRICT_COORDINATOR, 403),
        (Role.PROJECT_LEAD, 403),
        (Role.PARTNER, 403),
        (Role.ANALYST, 403),
        (Role.RESIDENT, 403),
    ],
)
def test_audit_log_page_is_for_coordinators_and_evaluators(client, personas, role, status):
    client.force_login(personas.by_role(role))
    assert client.get(reverse("core:audit_log")).status_code == status


def test_audit_log_page_sends_anonymous_visitors_to_log_in(client, db):
    response = client.get(reverse("core:audit_log"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_audit_log_page_has_a_query_ceiling(client, personas, django_assert_max_num_queries):
    client.force_login(personas.programme_admin)
    with django_assert_max_num_queries(8):
        client.get(reverse("core:audit_log"))


@pytest.mark.django_db
def test_changes_are_described_with_field_labels_in_the_active_language():
    from django.utils import translation

    area = make_area("0999", "municipality", name="Old")
    area.name = "New"
    area.boundary = square()
    area.save()
    entry = AuditEntry.objects.for_object(area).first()
    with translation.override("en"):
        assert entry.described_changes() == [("name", "Old → New"), ("boundary", "changed")]
    with translation.override("nb"):
        assert entry.described_changes()[0][0] == "navn"
