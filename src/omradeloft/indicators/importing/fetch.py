"""Fetch a JSON-stat 2.0 dataset from a PX-Web API and keep it, with where and when it came from.

Three kinds of source:

* a bare SSB table number (`07459`): SSB's PxWebApi v2, a GET of
  `https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=no&outputFormat=json-stat2`
  with the query as `valueCodes[Dimension]=...` (and `codelist[Dimension]=...`) parameters;
* a v2 URL (`.../api/pxwebapi/v2/tables/{table}/data...`): the same, the query added to it;
* any other URL: a PX-Web v0/v1 table (SSB's `.../api/v0/no/table/07459`, Oslo's statistics
  bank), a POST of `{"query": [...], "response": {"format": "json-stat2"}}`.

A query is written once for both APIs, dimension by dimension:
`{"Region": ["K-0301"], "Tid": ["top(5)"], "codelist": {"Region": "agg_KommSummer"}}`; for v1
it becomes `{"code": "Region", "selection": {"filter": "agg:KommSummer", "values": [...]}}`
items (`top(n)` the filter "top", `*` the filter "all"). A v1 query may also be given as it is
sent (a list of items, or the whole body).

The answer is read through an injectable `opener` (tests never touch the network), at most
`max_bytes` of it, and saved as VAR_DIR/fetched/<table>-<UTC time>.json beside a
`.meta.json` holding the URL, query, time, SHA-256 and HTTP status.
"""

import hashlib
import json
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

SSB_V2_TABLE_URL = "https://data.ssb.no/api/pxwebapi/v2/tables/{table}/data"
USER_AGENT = "omradeloft-fetch-statistics/0.1 (+https://github.com/omradeloft)"
# One polite retry on 429/503; a server asking for a longer pause is not waited for.
MAX_RETRY_WAIT_SECONDS = 30
_TABLE_NUMBER = re.compile(r"^\d{5}$")
_V2_PATH = re.compile(r"/v2[^/]*/tables/(?P<table>[^/]+)/data/?$")
_TOP = re.compile(r"^top\((\d+)\)$")
_QUERY_FAMILIES = ("codelist", "outputValues")


class FetchError(Exception):
    """The dataset could not be fetched; the message says why and what to do."""


class Opener(Protocol):
    def __call__(self, request: urllib.request.Request, /, *, timeout: float) -> Any: ...


@dataclass(frozen=True)
class FetchRequest:
    url: str
    table: str  # names the saved file
    body: bytes | None  # the JSON query of a v0/v1 POST; None: a v2 GET
    query: Any  # as given, for the record


@dataclass(frozen=True)
class Fetched:
    path: Path
    meta_path: Path
    url: str
    table: str
    sha256: str
    status: int


def build_request(source: str, query: Any = None) -> FetchRequest:
    """The request for a table number or URL and a query (see the module's docstring)."""
    source = source.strip()
    if _TABLE_NUMBER.match(source):
        return _v2_request(SSB_V2_TABLE_URL.format(table=source), source, query)
    parts = urllib.parse.urlsplit(source)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise FetchError(
            f"{source!r} is neither an SSB table number (five digits, e.g. 07459) nor an "
            "http(s) URL of a PX-Web table"
        )
    v2 = _V2_PATH.search(parts.path)
    if v2:
        return _v2_request(source, v2["table"], query)
    return _v1_request(source, _table_of(parts.path), query)


def _table_of(path: str) -> str:
    last = path.rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"[^A-Za-z0-9_-]", "_", last.removesuffix(".px"))
    return name or "table"


def _values(dimension: str, values: Any) -> list[str]:
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) for v in values):
        raise FetchError(
            f'query: {dimension} must be a list of value codes as text, e.g. ["0301"] or ["top(5)"]'
        )
    return values


def _short_form(query: Any) -> tuple[dict[str, list[str]], dict[str, dict[str, str]]]:
    """Dimension -> value codes, and parameter family (codelist, ...) -> dimension -> value."""
    if not isinstance(query, dict):
        raise FetchError(
            'query: expected an object such as {"Region": ["K-0301"], "Tid": ["top(5)"]}'
        )
    selection: dict[str, list[str]] = {}
    families: dict[str, dict[str, str]] = {}
    for key, value in query.items():
        if key in _QUERY_FAMILIES and isinstance(value, dict):
            if not all(isinstance(v, str) for v in value.values()):
                raise FetchError(
                    f'query: {key} must map dimensions to text, e.g. {{"Region": ...}}'
                )
            families[key] = value
        else:
            selection[key] = _values(key, value)
    return selection, families


def _v2_request(url: str, table: str, query: Any) -> FetchRequest:
    parts = urllib.parse.urlsplit(url)
    params = urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
    given = {name.lower() for name, _ in params}
    if "lang" not in given:
        params.append(("lang", "no"))
    formats = [v for name, v in params if name.lower() == "outputformat"]
    if formats and formats != ["json-stat2"]:
        raise FetchError(
            f"the URL asks for outputFormat={formats[0]}; only json-stat2 can be imported"
        )
    if not formats:
        params.append(("outputFormat", "json-stat2"))
    if query is not None:
        selection, families = _short_form(query)
        params += [(f"valueCodes[{d}]", ",".join(v)) for d, v in selection.items()]
        for family, by_dimension in families.items():
            params += [(f"{family}[{d}]", v) for d, v in by_dimension.items()]
    # PX-Web reads brackets, commas and parentheses literally; encoding them is not needed.
    encoded = urllib.parse.urlencode(params, safe="[](),*")
    return FetchRequest(
        url=urllib.parse.urlunsplit(parts._replace(query=encoded)),
        table=table,
        body=None,
        query=query,
    )


def _v1_item(dimension: str, values: list[str], codelist: str | None) -> dict[str, Any]:
    top = _TOP.match(values[0]) if len(values) == 1 else None
    if codelist:
        prefix, _, name = codelist.partition("_")
        selection = {"filter": f"{prefix}:{name}", "values": values}
    elif values == ["*"]:
        selection = {"filter": "all", "values": ["*"]}
    elif top:
        selection = {"filter": "top", "values": [top[1]]}
    else:
        selection = {"filter": "item", "values": values}
    return {"code": dimension, "selection": selection}


def _v1_body(query: Any) -> dict[str, Any]:
    if isinstance(query, dict) and "query" in query:
        body = dict(query)
    elif isinstance(query, list):
        body = {"query": query}
    else:
        selection, families = _short_form(query)
        codelists = families.get("codelist", {})
        body = {"query": [_v1_item(d, v, codelists.get(d)) for d, v in selection.items()]}
    if not isinstance(body["query"], list):
        raise FetchError('query: "query" must be a list of {"code": ..., "selection": ...} items')
    response = body.setdefault("response", {"format": "json-stat2"})
    if not isinstance(response, dict) or response.get("format") != "json-stat2":
        raise FetchError('query: "response" must ask for {"format": "json-stat2"}')
    return body


def _v1_request(url: str, table: str, query: Any) -> FetchRequest:
    if query is None:
        raise FetchError(
            "a PX-Web v0/v1 table is fetched with a POST query: give --query QUERY.json "
            'or a "query" in the mapping file'
        )
    body = json.dumps(_v1_body(query), ensure_ascii=False).encode("utf-8")
    return FetchRequest(url=url, table=table, body=body, query=query)


def fetch(
    request: FetchRequest,
    folder: Path,
    *,
    timeout: float,
    max_bytes: int,
    opener: Opener | None = None,
    sleep: Callable[[float], None] = time.sleep,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Fetched:
    """Fetch the dataset and save it in `folder`; FetchError for anything that is not JSON."""
    # Looked up at call time, so that a test replacing urlopen keeps every path off the network.
    opener = opener or urllib.request.urlopen
    status, body = _answer(request, timeout, max_bytes, opener, sleep)
    try:
        json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise FetchError(
            f"{request.url} did not answer with JSON (it starts {_start(body)!r}); "
            "is it the address of a PX-Web table?"
        ) from None
    return _save(request, body, status, folder, now())


def _answer(
    request: FetchRequest,
    timeout: float,
    max_bytes: int,
    opener: Opener,
    sleep: Callable[[float], None],
) -> tuple[int, bytes]:
    for attempt in (1, 2):
        http = urllib.request.Request(
            request.url,
            data=request.body,
            method="GET" if request.body is None else "POST",
            headers={
                "User-Agent": USER_AGENT,
                "Accept": "application/json",
                **({"Content-Type": "application/json"} if request.body else {}),
            },
        )
        try:
            with opener(http, timeout=timeout) as response:
                return response.status, _read_limited(response, request.url, max_bytes)
        except urllib.error.HTTPError as e:
            wait = _retry_after(e)
            if e.code in (429, 503) and attempt == 1 and wait is not None:
                sleep(wait)
                continue
            raise _http_error(e, request) from None
        except urllib.error.URLError as e:
            if isinstance(e.reason, TimeoutError):
                raise _timeout(request, timeout) from None
            host = urllib.parse.urlsplit(request.url).netloc
            raise FetchError(
                f"cannot reach {host}: {e.reason}. Fetching needs a network connection."
            ) from None
        except TimeoutError:
            raise _timeout(request, timeout) from None
        except OSError as e:
            raise FetchError(f"the connection to {request.url} failed: {e}") from None
    raise AssertionError("unreachable: the second attempt returns or raises")


def _read_limited(response: Any, url: str, max_bytes: int) -> bytes:
    declared = response.headers.get("Content-Length")
    if declared and declared.isdigit() and int(declared) > max_bytes:
        raise _too_large(url, int(declared), max_bytes)
    body = response.read(max_bytes + 1)
    if len(body) > max_bytes:
        raise _too_large(url, None, max_bytes)
    return body


def _too_large(url: str, size: int | None, max_bytes: int) -> FetchError:
    size_text = f"{size:,} bytes" if size is not None else "more than that"
    return FetchError(
        f"the answer from {url} is too large ({size_text}; at most {max_bytes:,} bytes are "
        "read, UPLOAD_MAX_MEMBER_BYTES). Ask for fewer values, e.g. fewer regions or years."
    )


def _timeout(request: FetchRequest, timeout: float) -> FetchError:
    return FetchError(
        f"{request.url} did not answer within {timeout:g} seconds "
        "(STATISTICS_FETCH_TIMEOUT); try again later or ask for less"
    )


def _retry_after(error: urllib.error.HTTPError) -> float | None:
    """Seconds to wait before the one retry, or None when the server asks for too long."""
    raw = (error.headers.get("Retry-After", "") if error.headers else "") or ""
    seconds = float(raw) if raw.strip().isdigit() else 1.0
    return seconds if seconds <= MAX_RETRY_WAIT_SECONDS else None


def _http_error(error: urllib.error.HTTPError, request: FetchRequest) -> FetchError:
    text = _error_text(error)
    if error.code == 404:
        return FetchError(
            f"table {request.table} was not found (HTTP 404) at {request.url}; "
            "check the table number or URL" + (f": {text}" if text else "")
        )
    if error.code == 400:
        return FetchError(
            f"the statistics bank refused the query for table {request.table} (HTTP 400): "
            f"{text or 'no reason given'}"
        )
    if error.code in (429, 503):
        return FetchError(
            f"the statistics bank is busy or limiting requests (HTTP {error.code}); try again later"
        )
    return FetchError(
        f"the statistics bank answered HTTP {error.code} {error.reason} for {request.url}"
        + (f": {text}" if text else "")
    )


def _error_text(error: urllib.error.HTTPError) -> str:
    """PX-Web's explanation: v2 sends problem JSON (title, detail), v1 plain text."""
    try:
        raw = error.read(10_000)
    except OSError:
        return ""
    text = raw.decode("utf-8", errors="replace").strip()
    try:
        problem = json.loads(text)
    except json.JSONDecodeError:
        return " ".join(text.split())[:500]
    if isinstance(problem, dict):
        parts = [str(problem[k]) for k in ("title", "detail", "message") if problem.get(k)]
        if parts:
            return " ".join(" - ".join(parts).split())[:500]
    return " ".join(text.split())[:500]


def _start(body: bytes) -> str:
    return " ".join(body[:60].decode("utf-8", errors="replace").split())


def _save(request: FetchRequest, body: bytes, status: int, folder: Path, when: datetime) -> Fetched:
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"{request.table}-{when.strftime('%Y%m%dT%H%M%SZ')}"
    path = folder / f"{stem}.json"
    counter = 1
    while True:
        try:
            with path.open("xb") as handle:  # never overwrite an earlier answer
                handle.write(body)
            break
        except FileExistsError:
            counter += 1
            path = folder / f"{stem}-{counter}.json"
    sha256 = hashlib.sha256(body).hexdigest()
    meta = {
        "url": request.url,
        "method": "GET" if request.body is None else "POST",
        "query": request.query,
        "body": None if request.body is None else json.loads(request.body),
        "table": request.table,
        "fetched_at": when.isoformat(timespec="seconds"),
        "sha256": sha256,
        "http_status": status,
        "bytes": len(body),
    }
    meta_path = path.with_suffix(".meta.json")
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return Fetched(
        path=path,
        meta_path=meta_path,
        url=request.url,
        table=request.table,
        sha256=sha256,
        status=status,
    )
