"""Named personas shared by every test, in one programme over a small area tree.

    municipality M (0999)
      district D1 (099901)  – subdistrict S11 (0999010101)
      district D2 (099902)  – subdistrict S21 (0999020201)

The district coordinator and the project lead are limited to D1.
"""

from dataclasses import dataclass

import pytest

from omradeloft.accounts.models import Role, User
from omradeloft.areas.models import Area
from omradeloft.programmes.models import Programme
from tests.factories import give_role, make_area, make_programme, make_user, square


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests create many users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def demo_var_dir(tmp_path_factory):
    """The demo's var folder: one for the session, so the synthetic register is generated
    once."""
    return tmp_path_factory.mktemp("var")


@pytest.fixture
def demo_settings(settings, demo_var_dir):
    settings.VAR_DIR = demo_var_dir
    return settings


@dataclass
class Personas:
    programme: Programme
    municipality: Area
    d1: Area
    d2: Area
    s11: Area
    s21: Area
    superuser: User
    programme_admin: User
    state_coordinator: User
    municipal_coordinator: User
    district_coordinator: User
    project_lead: User
    partner: User
    evaluator: User
    analyst: User
    resident: User
    outsider: User  # signed in, but with no role anywhere

    def by_role(self, role: Role) -> User:
        return getattr(self, role.value)


@pytest.fixture
def personas(db) -> Personas:
    programme = make_programme(code="testprogramme", name="Testprogrammet")
    municipality = make_area("0999", "municipality", name="Testby")
    d1 = make_area("099901", "district", name="Nordbyen", parent=municipality, boundary=square())
    d2 = make_area(
        "099902", "district", name="Sørbyen", parent=municipality, boundary=square(10.02)
    )
    s11 = make_area("0999010101", "subdistrict", name="Nordhagen", parent=d1, boundary=square())
    s21 = make_area("0999020201", "subdistrict", name="Sørhagen", parent=d2, boundary=square(10.02))
    users = {}
    for role in Role:
        user = make_user(role.value)
        areas = [d1] if role in {Role.DISTRICT_COORDINATOR, Role.PROJECT_LEAD} else None
        give_role(user, programme, role, areas)
        users[role.value] = user
    superuser = User.objects.create_superuser("root", "root@example.invalid", "root-password-123")
    return Personas(
        programme=programme,
        municipality=municipality,
        d1=d1,
        d2=d2,
        s11=s11,
        s21=s21,
        superuser=superuser,
        outsider=make_user("outsider"),
        **users,
    )
