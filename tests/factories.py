"""Small factories for tests: each makes one valid object with sensible defaults."""

from itertools import count
from typing import Any

from omradeloft.accounts.models import Organisation, OrganisationKind, Role, RoleAssignment, User
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.programmes.models import Programme

_seq = count(1)
PASSWORD = "correct-horse-battery-staple"


def square(x: float = 10.0, y: float = 59.0, size: float = 0.01) -> dict[str, Any]:
    ring = [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]
    return {"type": "MultiPolygon", "coordinates": [[ring]]}


def bowtie(x: float = 10.0, y: float = 59.0) -> dict[str, Any]:
    """A self-intersecting polygon."""
    ring = [[x, y], [x + 0.01, y + 0.01], [x + 0.01, y], [x, y + 0.01], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def level(code: str) -> AreaLevel:
    return AreaLevel.objects.get(code=code)


def make_area(code: str | None = None, level_code: str = "district", **fields: Any) -> Area:
    code = code or f"A{next(_seq)}"
    fields.setdefault("name", f"Area {code}")
    return Area.objects.create(level=level(level_code), code=code, **fields)


def make_programme(**fields: Any) -> Programme:
    n = next(_seq)
    fields.setdefault("code", f"programme-{n}")
    fields.setdefault("name", f"Programme {n}")
    fields.setdefault("start_year", 2017)
    fields.setdefault("end_year", 2026)
    return Programme.objects.create(**fields)


def make_organisation(**fields: Any) -> Organisation:
    fields.setdefault("name", f"Organisation {next(_seq)}")
    fields.setdefault("kind", OrganisationKind.NGO)
    return Organisation.objects.create(**fields)


def make_user(username: str | None = None, **fields: Any) -> User:
    user = User.objects.create_user(
        username=username or f"user{next(_seq)}", password=PASSWORD, **fields
    )
    return user


def give_role(
    user: User, programme: Programme, role: Role, areas: list[Area] | None = None
) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(user=user, programme=programme, role=role)
    if areas:
        assignment.areas.set(areas)
    return assignment
