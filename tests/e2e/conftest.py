"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser for all of them, launched once, and a fresh context (cookies, storage, cache) per
test. The browser is Debian's /usr/bin/chromium; Playwright's own browser download is never
used. Every test here uses the transactional database (the live server runs in another
thread), with serialized rollback.
"""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from omradeloft.demo.loader import load_demo

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000
# The platform's users are Norwegian: their browsers ask for bokmål first.
BROWSER_LOCALE = "nb-NO"


@pytest.fixture(scope="package")
def playwright(django_db_setup: None) -> Iterator[Playwright]:
    """Playwright, for this package's tests only (overrides pytest-playwright's fixture).

    While Playwright runs, an asyncio event loop is running in this thread, and Django then
    keeps a separate set of database connections (asgiref's thread-critical Local). The test
    database may have been set up before, by other tests, on the other set: carry its
    serialized contents (which serialized rollback restores after each flush) across.
    Package scope stops Playwright, and so the running loop, when the browser tests are done,
    so that tests run after them see an ordinary synchronous thread again.

    With that loop running Django refuses ORM calls (fixtures, assertions on the database)
    unless DJANGO_ALLOW_ASYNC_UNSAFE is set. It is set for the browser tests only: set for
    the whole process, it would leak into the subprocesses other tests start, and
    `check --deploy` rightly fails on it (async.E001).
    """
    serialized = {
        # Private to Django's test runner, which sets it on the connections it prepared.
        alias: connections[alias]._test_serialized_contents  # type: ignore[attr-defined]
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as pw:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        for alias, contents in serialized.items():
            connections[alias]._test_serialized_contents = contents  # type: ignore[attr-defined]
        yield pw


@pytest.fixture(scope="package")
def browser(playwright: Playwright, pytestconfig: pytest.Config) -> Iterator[Browser]:
    """Debian's Chromium, launched once for all browser tests (overrides pytest-playwright's)."""
    if not CHROMIUM.exists():
        pytest.fail(
            f"The browser tests need Debian's Chromium at {CHROMIUM}: "
            "install it with `apt-get install chromium` (never `playwright install`).",
            pytrace=False,
        )
    headed = bool(_option(pytestconfig, "headed"))
    slowmo = _option(pytestconfig, "slowmo")
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        headless=not headed,
        args=CHROMIUM_ARGS,
        slow_mo=slowmo if isinstance(slowmo, int | float) else 0,
    )
    yield browser
    browser.close()


def _option(config: pytest.Config, name: str) -> object:
    """A pytest-playwright command-line option (--headed, --slowmo) if that plugin is loaded."""
    try:
        return config.getoption(name)
    except ValueError:
        return None


@pytest.fixture
def context(
    browser: Browser, live_server, django_db_serialized_rollback: None
) -> Iterator[BrowserContext]:
    """A fresh browser profile for one test, with relative URLs resolved on the live server.

    Serialized rollback restores the rows data migrations made (the area levels) after each
    test's flush of the transactional database that the live server needs.
    """
    context = browser.new_context(base_url=live_server.url, locale=BROWSER_LOCALE)
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on any uncaught JavaScript error."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    assert not errors, f"JavaScript errors on {page.url}: {errors}"


@pytest.fixture
def demo(transactional_db) -> None:
    """The real Groruddalen demo: Oslo's districts and subdistricts with their boundaries."""
    load_demo(with_statistics=False)
