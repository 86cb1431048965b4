"""Named personas shared by every test, in one programme over a small area tree.

    municipality M (0999)
      district D1 (099901)  – subdistrict S11 (0999010101)
      district D2 (099902)  – subdistrict S21 (0999020201)

The district coordinator and the project lead are limited to D1.

The personas are built once per test module (see tests/module_data.py), as Django's
`TestCase.setUpTestData` builds a class's data; each test gets its own copy of the model
instances, so changes one test makes in memory never reach the next. Tests on the
transactional database build them themselves.
"""

import copy
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.test import override_settings

from omradeloft.accounts.models import Role, User
from omradeloft.areas.models import Area
from omradeloft.programmes.models import Programme
from tests.factories import give_role, make_area, make_programme, make_user, square
from tests.module_data import (  # noqa: F401 (hooks and fixture, for every test)
    ModuleTransaction,
    is_shared,
    module_transaction_fixture,
    pytest_collection_modifyitems,
    pytest_runtest_teardown,
)

FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Real hashing costs ~0.3 s a user; tests create many users."""
    settings.PASSWORD_HASHERS = FAST_PASSWORD_HASHERS


@pytest.fixture(scope="session", autouse=True)
def _own_var_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Files the tests write (staged uploads, media) go to a folder of this test run's own,
    which under pytest-xdist is one per worker, never to the project's var folder."""
    var = tmp_path_factory.mktemp("own-var")
    with override_settings(VAR_DIR=var, MEDIA_ROOT=var / "media"):
        yield


@pytest.fixture(scope="session")
def demo_var_dir(tmp_path_factory):
    """The demo's var folder: one for the session, so the synthetic register is generated
    once."""
    return tmp_path_factory.mktemp("var")


def load_the_demo() -> None:
    call_command("demo", force=True, stdout=io.StringIO())


@pytest.fixture(scope="module")
def _module_demo(module_transaction: ModuleTransaction, demo_var_dir) -> bool:
    """The demo loaded once for a module's tests (see tests/module_data.py)."""
    if not module_transaction.is_open:
        return False
    with (
        module_transaction.blocker.unblock(),
        override_settings(
            LANGUAGE_CODE="en", VAR_DIR=demo_var_dir, PASSWORD_HASHERS=FAST_PASSWORD_HASHERS
        ),
    ):
        load_the_demo()
    return True


@pytest.fixture
def loaded_demo(request, db, demo_settings, _module_demo: bool) -> None:
    """The whole demo, statistics included: the module's shared load, or one of this test's
    own where it cannot share (a transactional test)."""
    demo_settings.LANGUAGE_CODE = "en"
    if not (_module_demo and is_shared(request)):
        load_the_demo()


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


def build_personas() -> Personas:
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


@pytest.fixture(scope="module")
def _module_personas(module_transaction: ModuleTransaction) -> Personas | None:
    """The personas built once for the module's tests that share them (see module_data)."""
    if not module_transaction.is_open:
        return None
    with (
        module_transaction.blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS),
    ):
        return build_personas()


@pytest.fixture
def personas(request, db, _module_personas: Personas | None) -> Personas:
    if _module_personas is not None and is_shared(request):
        # A copy per test, as setUpTestData gives: in-memory changes stay in their test.
        return copy.deepcopy(_module_personas)
    return build_personas()
