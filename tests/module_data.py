"""Data built once per test module and shared by its tests, each still isolated.

This is how Django's `TestCase.setUpTestData` works, for pytest: a module-scoped fixture that
requests `module_transaction` builds its data inside a transaction kept open while the
module's tests that use it run; each test runs in a savepoint of its own (pytest-django's
`db`), and the transaction is rolled back when they are done. Such a fixture returns `None`
when the transaction is not open, and its per-test fixture then builds the data itself:
tests on the transactional database (the live server's, the migration tests') cannot see
into an open transaction, and a test that asks for other shared data than its neighbours
gets a transaction of its own.

Under pytest-xdist (`--dist loadgroup`) each module's tests of one database phase are one
unit of work for one worker, so the data is built once per module there too.
"""

from collections.abc import Iterator

import pytest
from django.db import transaction

# Which module-shared fixtures a test uses: set on the tests that share them, and on their
# module; the module's open transaction is kept in its stash.
SHARES = pytest.StashKey[tuple[str, ...]]()
_TRANSACTION = pytest.StashKey["ModuleTransaction"]()


class ModuleTransaction:
    """A transaction opened outside any test, for data several tests share."""

    def __init__(self, django_db_blocker) -> None:
        self.blocker = django_db_blocker
        self._atomic: transaction.Atomic | None = None

    @property
    def is_open(self) -> bool:
        return self._atomic is not None

    def open(self) -> None:
        with self.blocker.unblock():
            self._atomic = transaction.atomic()
            # As TestCase marks its own: durable blocks in the code under test may nest in it.
            self._atomic._from_testcase = True  # type: ignore[attr-defined]  # private to Django
            self._atomic.__enter__()

    def close(self) -> None:
        if self._atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self._atomic.__exit__(None, None, None)
        self._atomic = None


def _is_transactional(item: pytest.Item) -> bool:
    """Whether pytest-django gives this test the transactional database (by its own rules)."""
    if {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ())):
        return True
    marker = item.get_closest_marker("django_db")
    return marker is not None and bool(
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")
    )


def database_phase(item: pytest.Item) -> int:
    """Django's order, which pytest-django keeps: tests in a transaction rolled back (0),
    then tests on the transactional database, whose flush empties every table: first those
    with serialized rollback (1), which restore the rows data migrations made before they
    run, then those without (2), which leave new content types behind that the restored rows
    would clash with; last the tests without the database (3)."""
    names = getattr(item, "fixturenames", ())
    marker = item.get_closest_marker("django_db")
    if _is_transactional(item):
        serialized = "django_db_serialized_rollback" in names or (
            marker is not None and marker.kwargs.get("serialized_rollback")
        )
        return 1 if serialized else 2
    return 0 if marker is not None or "db" in names else 3


def _shared_fixtures(item: pytest.Item) -> tuple[str, ...]:
    """The module-shared fixtures this test uses, if it may share them."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None or database_phase(item) != 0:
        return ()
    return tuple(
        sorted(
            name
            for name, definitions in info.name2fixturedefs.items()
            if "module_transaction" in definitions[-1].argnames
        )
    )


# Before pytest-xdist reads the groups; pytest-django's own (stable) sort by phase follows.
@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Order the tests by database phase, then by module as collected, and within a module
    run those that share the same module data together, first, so it is built once."""
    module_order: dict[pytest.Module | None, int] = {}
    for item in items:
        module = item.getparent(pytest.Module)
        module_order.setdefault(module, len(module_order))
        phase = database_phase(item)
        group = item.nodeid.split("::")[0] + ("" if phase in (0, 3) else f":transactional{phase}")
        item.add_marker(pytest.mark.xdist_group(group))
        if shared := _shared_fixtures(item):
            item.stash[SHARES] = shared
            if module is not None and SHARES not in module.stash:
                module.stash[SHARES] = shared
    items.sort(
        key=lambda item: (
            database_phase(item),
            module_order[item.getparent(pytest.Module)],
            not item.stash.get(SHARES, ()),
            item.stash.get(SHARES, ()),
        )
    )


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    """Roll the module's shared data back as soon as the next test cannot use it (another
    module, or a test that needs other data or none), after this test's own savepoint."""
    result = yield
    module = item.getparent(pytest.Module)
    shared = module.stash.get(_TRANSACTION, None) if module is not None else None
    if shared is not None and not (
        nextitem is not None
        and nextitem.getparent(pytest.Module) is module
        and nextitem.stash.get(SHARES, ()) == item.stash.get(SHARES, ())
    ):
        shared.close()
    return result


def is_shared(request: pytest.FixtureRequest) -> bool:
    """Whether this test runs inside its module's open transaction."""
    module = request.node.getparent(pytest.Module)
    shared = module.stash.get(_TRANSACTION, None) if module is not None else None
    return shared is not None and shared.is_open and bool(request.node.stash.get(SHARES, ()))


@pytest.fixture(scope="module", name="module_transaction")
def module_transaction_fixture(
    request: pytest.FixtureRequest, django_db_setup, django_db_blocker
) -> Iterator[ModuleTransaction]:
    """Module scope, so it opens before any test's own savepoint; open only if the test that
    first asks for it shares the data (those that do run first in their module)."""
    shared = ModuleTransaction(django_db_blocker)
    request.node.stash[_TRANSACTION] = shared
    # The test being set up: pytest names it only in this private attribute.
    first = getattr(request, "_pyfuncitem", None)
    if first is not None and first.stash.get(SHARES, ()):
        shared.open()
    yield shared
    shared.close()
