"""Each role is allowed exactly what the policy gives it, in its programme and areas only."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils import translation

from omradeloft.accounts.models import Role
from omradeloft.accounts.permissions import Action, allowed_actions, can, require
from tests.factories import give_role, make_programme, make_user

EVERY_ROLE_BUT_RESIDENT = set(Role) - {Role.RESIDENT}
COORDINATORS = {Role.PROGRAMME_ADMIN, Role.STATE_COORDINATOR, Role.MUNICIPAL_COORDINATOR}
EXPECTED = {
    Action.VIEW_WORKSPACE: EVERY_ROLE_BUT_RESIDENT,
    Action.MANAGE_ROLES: {Role.PROGRAMME_ADMIN},
    Action.VIEW_AUDIT_LOG: {
        Role.PROGRAMME_ADMIN,
        Role.STATE_COORDINATOR,
        Role.MUNICIPAL_COORDINATOR,
        Role.EVALUATOR,
    },
    Action.MANAGE_AREAS: {Role.PROGRAMME_ADMIN},
    Action.VIEW_UNSUPPRESSED: {Role.ANALYST},
    Action.MANAGE_STATISTICS: {Role.PROGRAMME_ADMIN, Role.ANALYST},
    Action.EDIT_PROGRAMME: COORDINATORS,
    Action.MANAGE_MEASURES: COORDINATORS | {Role.DISTRICT_COORDINATOR},
    Action.REPORT_PROGRESS: COORDINATORS | {Role.DISTRICT_COORDINATOR, Role.PROJECT_LEAD},
    Action.VIEW_ALL_MEASURES: COORDINATORS
    | {Role.DISTRICT_COORDINATOR, Role.EVALUATOR, Role.ANALYST},
    Action.MANAGE_EVALUATIONS: {Role.PROGRAMME_ADMIN, Role.EVALUATOR, Role.ANALYST},
}


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
def test_each_role_is_allowed_or_refused_each_action_in_its_programme(personas, role, action):
    user = personas.by_role(role)
    assert can(user, action, programme=personas.programme) is (role in EXPECTED[action])


@pytest.mark.parametrize("action", list(Action))
def test_a_role_in_one_programme_gives_nothing_in_another(personas, action):
    other = make_programme()
    for role in Role:
        assert not can(personas.by_role(role), action, programme=other)


@pytest.mark.parametrize("action", list(Action))
def test_outsider_anonymous_and_inactive_users_are_refused_everything(personas, action):
    inactive = personas.programme_admin
    inactive.is_active = False
    assert not can(personas.outsider, action, programme=personas.programme)
    assert not can(AnonymousUser(), action, programme=personas.programme)
    assert not can(inactive, action, programme=personas.programme)
    assert not can(None, action)


@pytest.mark.parametrize("action", list(Action))
def test_superuser_may_do_everything(personas, action):
    assert can(personas.superuser, action, programme=personas.programme)


def test_area_limited_role_covers_its_area_and_the_areas_inside_it(personas):
    analyst = make_user()
    give_role(analyst, personas.programme, Role.ANALYST, areas=[personas.d1])
    action = Action.VIEW_UNSUPPRESSED
    assert can(analyst, action, programme=personas.programme, area=personas.d1)
    assert can(analyst, action, programme=personas.programme, area=personas.s11)
    assert not can(analyst, action, programme=personas.programme, area=personas.d2)
    assert not can(analyst, action, programme=personas.programme, area=personas.s21)
    assert not can(analyst, action, programme=personas.programme, area=personas.municipality)


def test_programme_wide_role_covers_every_area(personas):
    for area in (personas.municipality, personas.d2, personas.s21):
        assert can(
            personas.analyst, Action.VIEW_UNSUPPRESSED, programme=personas.programme, area=area
        )


def test_expired_and_future_assignments_give_nothing(personas):
    today = datetime.date.today()
    expired = make_user()
    give_role(expired, personas.programme, Role.PROGRAMME_ADMIN).__class__.objects.filter(
        user=expired
    ).update(
        valid_from=today - datetime.timedelta(days=30), valid_to=today - datetime.timedelta(days=1)
    )
    future = make_user()
    give_role(future, personas.programme, Role.PROGRAMME_ADMIN).__class__.objects.filter(
        user=future
    ).update(valid_from=today + datetime.timedelta(days=1))
    assert not can(expired, Action.MANAGE_ROLES, programme=personas.programme)
    assert not can(future, Action.MANAGE_ROLES, programme=personas.programme)


def test_require_raises_permission_denied_naming_the_action(personas):
    with translation.override("en"), pytest.raises(PermissionDenied, match="give and take away"):
        require(personas.resident, Action.MANAGE_ROLES, programme=personas.programme)
    require(personas.programme_admin, Action.MANAGE_ROLES, programme=personas.programme)


def test_allowed_actions_lists_what_the_profile_page_shows(personas):
    assert allowed_actions(personas.resident, personas.programme) == []
    assert set(allowed_actions(personas.evaluator, personas.programme)) == {
        Action.VIEW_WORKSPACE,
        Action.VIEW_AUDIT_LOG,
        Action.VIEW_ALL_MEASURES,
        Action.MANAGE_EVALUATIONS,
    }


def test_area_ids_where_lists_the_assigned_areas_and_everything_inside(personas):
    from omradeloft.accounts.permissions import area_ids_where

    scoped = make_user()
    give_role(scoped, personas.programme, Role.ANALYST, areas=[personas.d1])
    assert area_ids_where(scoped, Action.VIEW_UNSUPPRESSED) == {personas.d1.pk, personas.s11.pk}
    assert area_ids_where(personas.analyst, Action.VIEW_UNSUPPRESSED) is None
    assert area_ids_where(personas.superuser, Action.VIEW_UNSUPPRESSED) is None
    assert area_ids_where(personas.resident, Action.VIEW_UNSUPPRESSED) == set()
    assert area_ids_where(AnonymousUser(), Action.VIEW_UNSUPPRESSED) == set()
