"""What the browser journeys share: the accessibility check, logging in, waiting for maps."""

import re

from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from django.utils.functional import Promise
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD

_axe = Axe()
BLOCKING_IMPACTS = frozenset({"serious", "critical"})


def assert_accessible(page: Page) -> None:
    """Fail, listing each one, on any axe-core violation of serious or critical impact."""
    violations = _axe.run(page).response["violations"]
    blocking = [v for v in violations if v["impact"] in BLOCKING_IMPACTS]
    if blocking:
        lines = [f"{len(blocking)} serious or critical accessibility violation(s) on {page.url}:"]
        for violation in blocking:
            lines.append(
                f"- [{violation['impact']}] {violation['id']}: {violation['help']} "
                f"({violation['helpUrl']})"
            )
            for node in violation["nodes"][:5]:
                lines.append(f"    {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    … and {len(violation['nodes']) - 5} more")
        raise AssertionError("\n".join(lines))


def in_bokmal(text: str | Promise) -> str:
    """`text` (a source string or a lazy one) as the site renders it in bokmål: the English
    source for as long as the catalogue lacks it, so tests never hard-code Norwegian wording."""
    with translation.override("nb"):
        return translation.gettext(text) if isinstance(text, str) else str(text)


def log_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Log in through the login form; Django then shows the profile page."""
    page.goto("/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/accounts/profile/$"))


def wait_for_map(page: Page) -> None:
    """Wait until Plotly has drawn the page's map (its SVG and area shapes) inside `.map`."""
    page.wait_for_selector(
        ".map.js-plotly-plot .main-svg path.choroplethlocation", state="attached"
    )
    expect(page.locator(".map.js-plotly-plot")).to_have_count(1)


def table_codes(page: Page) -> list[str]:
    """The area codes in the page's area table: the first data cell of each row."""
    return [
        text.strip() for text in page.locator("table tbody tr td:first-of-type").all_inner_texts()
    ]


def map_codes(page: Page) -> list[str]:
    """The area codes the page's map draws, from the figure embedded beside it."""
    return page.evaluate(
        "JSON.parse(document.getElementById('map-figure-data').textContent).data[0].locations"
    )


_POINT_INSIDE = """path => {
    const box = path.getBBox();
    const matrix = path.getScreenCTM();
    for (let i = 1; i < 20; i++) {
        for (let j = 1; j < 20; j++) {
            const point = new DOMPoint(box.x + (box.width * i) / 20, box.y + (box.height * j) / 20);
            if (path.isPointInFill(point)) {
                const screen = point.matrixTransform(matrix);
                return [screen.x, screen.y];
            }
        }
    }
    return null;
}"""


def click_map_area(page: Page, code: str) -> None:
    """Click with the mouse inside the area `code` as the map draws it."""
    index = map_codes(page).index(code)
    path = page.locator(".map path.choroplethlocation").nth(index)
    path.scroll_into_view_if_needed()
    point = path.evaluate(_POINT_INSIDE)
    assert point, f"found no point inside the map's shape for {code}"
    page.mouse.move(*point)
    page.mouse.click(*point)
