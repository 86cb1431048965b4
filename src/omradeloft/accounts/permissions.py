"""Every permission decision in the platform.

Views, management commands and the API ask `can()` or `require()`; nothing else decides
who may do what. A decision depends on the user's current role assignments: the role, the
programme it belongs to and, for area-limited assignments, whether the area in question
lies inside one of the assignment's areas.
"""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from omradeloft.accounts.models import Role, RoleAssignment, User

# Whoever a decision is about: a signed-in user, an anonymous visitor, or None (nobody signed
# in, such as a published report), which is decided like an anonymous visitor.
type Visitor = User | AnonymousUser | None


class Action(models.TextChoices):
    VIEW_WORKSPACE = "view_workspace", _("see the programme's internal pages")
    MANAGE_ROLES = "manage_roles", _("give and take away roles in the programme")
    VIEW_AUDIT_LOG = "view_audit_log", _("read the audit log")
    MANAGE_AREAS = "manage_areas", _("import and change areas and boundaries")
    VIEW_UNSUPPRESSED = "view_unsuppressed", _("see statistics before disclosure control")
    MANAGE_STATISTICS = "manage_statistics", _("import and edit indicators and statistics")
    EDIT_PROGRAMME = "edit_programme", _("edit and publish the programme description")
    MANAGE_MEASURES = "manage_measures", _("create and edit measures")
    REPORT_PROGRESS = "report_progress", _("report progress on measures")
    VIEW_ALL_MEASURES = "view_all_measures", _("read every measure, published or not")
    MANAGE_EVALUATIONS = "manage_evaluations", _("set up and run evaluation designs")


_COORDINATORS = frozenset(
    {Role.PROGRAMME_ADMIN, Role.STATE_COORDINATOR, Role.MUNICIPAL_COORDINATOR}
)

POLICY: dict[Action, frozenset[Role]] = {
    Action.VIEW_WORKSPACE: frozenset(Role) - {Role.RESIDENT},
    Action.MANAGE_ROLES: frozenset({Role.PROGRAMME_ADMIN}),
    Action.VIEW_AUDIT_LOG: _COORDINATORS | {Role.EVALUATOR},
    Action.MANAGE_AREAS: frozenset({Role.PROGRAMME_ADMIN}),
    Action.VIEW_UNSUPPRESSED: frozenset({Role.ANALYST}),
    Action.MANAGE_STATISTICS: frozenset({Role.PROGRAMME_ADMIN, Role.ANALYST}),
    Action.EDIT_PROGRAMME: _COORDINATORS,
    # District coordinators hold this for the areas of their assignment only.
    Action.MANAGE_MEASURES: _COORDINATORS | {Role.DISTRICT_COORDINATOR},
    # Project leads report on the measures they lead (see measures.access).
    Action.REPORT_PROGRESS: _COORDINATORS | {Role.DISTRICT_COORDINATOR, Role.PROJECT_LEAD},
    Action.VIEW_ALL_MEASURES: _COORDINATORS
    | {Role.DISTRICT_COORDINATOR, Role.EVALUATOR, Role.ANALYST},
    Action.MANAGE_EVALUATIONS: frozenset({Role.PROGRAMME_ADMIN, Role.EVALUATOR, Role.ANALYST}),
}


def acting_user(request: HttpRequest) -> User:
    """The signed-in user a view acts for when it calls a service (as its `actor`).

    Services read `actor` None as the system and check nothing, so an anonymous visitor is
    refused here, as the service would refuse them, instead of being passed on as None.
    """
    user = request.user
    if not isinstance(user, User):
        raise PermissionDenied(_("Sign in to make changes."))
    return user


def _assignments(user: User, programme: models.Model | None = None) -> list[RoleAssignment]:
    cache = getattr(user, "_role_assignment_cache", None)
    if cache is None:
        cache = list(
            RoleAssignment.objects.current()
            .filter(user=user)
            .select_related("programme")
            .prefetch_related("areas")
        )
        setattr(user, "_role_assignment_cache", cache)  # noqa: B010  # a memo, not a field
    if programme is None:
        return cache
    return [a for a in cache if a.programme_id == programme.pk]


# An area is typed loosely: the areas app depends on this one, not the other way round.
def _covers(assignment: RoleAssignment, area: Any) -> bool:
    scope = list(assignment.areas.all())
    if not scope:
        return True
    if area is None:
        return False
    return any(area.is_within(scoped) for scoped in scope)


def can(
    user: Visitor,
    action: Action,
    *,
    programme: models.Model | None = None,
    area: Any = None,
) -> bool:
    """May `user` do `action`, in `programme` (None: in any programme), for `area`?

    Superusers may do everything. An assignment limited to areas grants area-specific
    actions only for those areas; programme-wide actions (area None) are granted by any
    assignment with the role.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if not isinstance(user, User):  # only users are authenticated; this tells the type checker
        return False
    if user.is_superuser:
        return True
    allowed = POLICY[action]
    for assignment in _assignments(user, programme):
        if assignment.role not in allowed:
            continue
        if area is None or _covers(assignment, area):
            return True
    return False


def require(
    user: Visitor,
    action: Action,
    *,
    programme: models.Model | None = None,
    area: Any = None,
) -> None:
    """Raise PermissionDenied unless `can()` says yes."""
    if not can(user, action, programme=programme, area=area):
        raise PermissionDenied(
            _("You are not allowed to %(action)s.") % {"action": Action(action).label}
        )


def programmes_where(user: Visitor, action: Action) -> set[int]:
    """Primary keys of the programmes in which `user` may do `action`."""
    if user is None or not user.is_authenticated or not isinstance(user, User):
        return set()
    return {a.programme_id for a in _assignments(user) if a.role in POLICY[action]}


def allowed_actions(user: Visitor, programme: models.Model) -> list[Action]:
    """What `user` may do in `programme`, for showing on the profile page."""
    return [action for action in Action if can(user, action, programme=programme)]


EVERYWHERE = None


def area_ids_where(user: Visitor, action: Action) -> set[int] | None:
    """The areas in which `user` may do an area-specific `action`, in any programme.

    None means every area; a set lists the areas (assigned areas and all areas inside them).
    """
    if (
        user is None
        or not user.is_authenticated
        or not user.is_active
        or not isinstance(user, User)
    ):
        return set()
    if user.is_superuser:
        return EVERYWHERE
    assignments = [a for a in _assignments(user) if a.role in POLICY[action]]
    scoped = [list(a.areas.all()) for a in assignments]
    if any(not areas for areas in scoped):
        return EVERYWHERE
    roots = {area.pk for areas in scoped for area in areas}
    if not roots:
        return set()
    every_area = RoleAssignment.areas.field.related_model._default_manager
    found, frontier = set(roots), roots
    while frontier:
        frontier = (
            set(every_area.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found
