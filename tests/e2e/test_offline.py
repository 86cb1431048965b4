"""Journey 4: pages with maps work offline: every request goes to our own server."""

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Page, Response

from tests.e2e.helpers import wait_for_map

pytestmark = pytest.mark.e2e

GRORUD = "030110"
ROMSAS = "0301101005"
MAP_PAGES = ["/areas/", f"/areas/{GRORUD}/", f"/areas/{ROMSAS}/"]


def test_pages_with_a_map_send_no_request_beyond_the_live_server(
    context: BrowserContext, page: Page, live_server, demo, subtests
) -> None:
    server = urlsplit(live_server.url).netloc
    requested: list[str] = []
    failed: list[str] = []

    def on_response(response: Response) -> None:
        if response.status >= 400:
            failed.append(f"{response.status} {response.url}")

    context.on("request", lambda request: requested.append(request.url))
    context.on("requestfailed", lambda request: failed.append(f"failed {request.url}"))
    context.on("response", on_response)

    for path in MAP_PAGES:
        with subtests.test(path=path):
            requested.clear()
            failed.clear()
            page.goto(path)
            wait_for_map(page)
            page.wait_for_load_state("networkidle")

            network = [url for url in requested if urlsplit(url).scheme not in {"data", "blob"}]
            elsewhere = [url for url in network if urlsplit(url).netloc != server]
            assert not elsewhere, f"requests from {path} left the machine: {elsewhere}"
            assert not failed, f"requests from {path} failed: {failed}"
            assert f"{live_server.url}/static/vendor/plotly.min.js" in network
            assert not [u for u in network if "topojson" in u or u.endswith("_110m.json")]
