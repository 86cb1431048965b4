"""Fetching JSON-stat tables from PX-Web APIs (SSB, Oslo) and importing them, off the network.

Every answer comes from a recorded file in tests/indicators/files/ through a fake opener.
"""

import email.message
import hashlib
import io
import json
import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from omradeloft.indicators.importing.fetch import (
    USER_AGENT,
    FetchError,
    build_request,
    fetch,
)
from omradeloft.indicators.models import ImportBatch, Observation
from tests.factories import make_area
from tests.indicators.factories import make_indicator

FILES = Path(__file__).parent / "files"
SSB_V2 = (FILES / "ssb_07459_v2.json").read_bytes()
OSLO_V1 = (FILES / "oslo_v1_bydel_befolkning.json").read_bytes()
OSLO_URL = "https://statistikkbanken.oslo.kommune.no/api/v1/no/Befolkning/befolkning_bydel.px"
SSB_QUERY = {
    "Region": ["K-0301"],
    "ContentsCode": ["Personer1"],
    "Tid": ["top(5)"],
    "codelist": {"Region": "agg_KommSummer"},
}
SSB_MAPPING = {
    "query": SSB_QUERY,
    "area": {"dimension": "Region", "codes": {"K-0301": "0999"}},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}
OSLO_MAPPING = {
    "area": {"dimension": "Bydel", "codes": {"030101": "099901", "030102": "099902"}},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
}
MOMENT = datetime(2026, 3, 2, 7, 30, 5, tzinfo=UTC)


class Answer:
    """What urlopen returns: a context manager with status, headers and read()."""

    def __init__(self, body: bytes, status: int = 200, headers: dict | None = None):
        self.body, self.status, self.headers = body, status, headers or {}

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def read(self, size: int = -1) -> bytes:
        return self.body if size < 0 else self.body[:size]


def http_error(code: int, body: bytes = b"", headers: dict | None = None):
    message = email.message.Message()
    for name, value in (headers or {}).items():
        message[name] = value
    return urllib.error.HTTPError("https://x.invalid", code, "Error", message, io.BytesIO(body))


class FakeOpener:
    """Plays the given answers (or raises the given errors) in turn and records the requests."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.requests: list[tuple[urllib.request.Request, float]] = []

    def __call__(self, request, *, timeout):
        self.requests.append((request, timeout))
        answer = self.answers.pop(0)
        if isinstance(answer, BaseException):
            raise answer
        return answer


def fetch_with(opener, tmp_path, request=None, *, max_bytes=1_000_000, sleeps=None):
    return fetch(
        request or build_request("07459", SSB_QUERY),
        tmp_path,
        timeout=7,
        max_bytes=max_bytes,
        opener=opener,
        sleep=(sleeps.append if sleeps is not None else lambda s: None),
        now=lambda: MOMENT,
    )


# Building the request


def test_a_table_number_asks_ssbs_v2_api_for_json_stat_with_the_query():
    request = build_request("07459", SSB_QUERY)
    parts = urllib.parse.urlsplit(request.url)
    assert (parts.scheme, parts.netloc, parts.path) == (
        "https",
        "data.ssb.no",
        "/api/pxwebapi/v2/tables/07459/data",
    )
    assert urllib.parse.parse_qsl(parts.query) == [
        ("lang", "no"),
        ("outputFormat", "json-stat2"),
        ("valueCodes[Region]", "K-0301"),
        ("valueCodes[ContentsCode]", "Personer1"),
        ("valueCodes[Tid]", "top(5)"),
        ("codelist[Region]", "agg_KommSummer"),
    ]
    assert "valueCodes[Tid]=top(5)" in request.url
    assert request.body is None
    assert request.table == "07459"


def test_several_value_codes_of_a_dimension_are_joined_with_commas():
    request = build_request("07459", {"Region": ["0301", "4601"]})
    assert "valueCodes[Region]=0301,4601" in request.url


def test_a_v2_url_keeps_its_own_parameters_and_gets_the_query_added():
    request = build_request(
        "https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?lang=en&valueCodes[Tid]=2024",
        {"Region": ["K-0301"]},
    )
    query = urllib.parse.parse_qsl(urllib.parse.urlsplit(request.url).query)
    assert query == [
        ("lang", "en"),
        ("valueCodes[Tid]", "2024"),
        ("outputFormat", "json-stat2"),
        ("valueCodes[Region]", "K-0301"),
    ]
    assert request.table == "07459"


def test_a_v2_url_asking_for_another_format_is_refused():
    with pytest.raises(FetchError, match="outputFormat=csv; only json-stat2"):
        build_request("https://data.ssb.no/api/pxwebapi/v2/tables/07459/data?outputFormat=csv")


def test_a_v1_table_url_is_posted_the_query_translated_to_px_web_v1_filters():
    request = build_request(
        "https://data.ssb.no/api/v0/no/table/07459",
        {
            "Region": ["K-0301"],
            "Kjonn": ["*"],
            "ContentsCode": ["Personer1"],
            "Tid": ["top(5)"],
            "codelist": {"Region": "agg_KommSummer"},
        },
    )
    assert request.url == "https://data.ssb.no/api/v0/no/table/07459"
    assert request.table == "07459"
    assert json.loads(request.body) == {
        "query": [
            {"code": "Region", "selection": {"filter": "agg:KommSummer", "values": ["K-0301"]}},
            {"code": "Kjonn", "selection": {"filter": "all", "values": ["*"]}},
            {"code": "ContentsCode", "selection": {"filter": "item", "values": ["Personer1"]}},
            {"code": "Tid", "selection": {"filter": "top", "values": ["5"]}},
        ],
        "response": {"format": "json-stat2"},
    }


def test_a_v1_query_written_as_px_web_sends_it_is_posted_as_it_stands():
    items = [{"code": "Bydel", "selection": {"filter": "item", "values": ["030101"]}}]
    request = build_request(OSLO_URL, {"query": items})
    assert json.loads(request.body) == {"query": items, "response": {"format": "json-stat2"}}
    assert request.table == "befolkning_bydel"
    assert json.loads(build_request(OSLO_URL, items).body)["query"] == items


def test_a_v1_query_asking_for_another_format_is_refused():
    with pytest.raises(FetchError, match="json-stat2"):
        build_request(OSLO_URL, {"query": [], "response": {"format": "px"}})


def test_a_v1_table_without_a_query_is_refused_with_where_to_give_one():
    with pytest.raises(FetchError, match=r"--query QUERY.json"):
        build_request(OSLO_URL, None)


@pytest.mark.parametrize("source", ["7459", "table 07459", "ftp://data.ssb.no/07459", ""])
def test_a_source_that_is_neither_a_table_number_nor_a_url_is_refused(source):
    with pytest.raises(FetchError, match="neither an SSB table number"):
        build_request(source)


@pytest.mark.parametrize(
    "query", [["Region"], {"Region": []}, {"Region": [301]}, {"codelist": {"Region": 1}}]
)
def test_a_malformed_query_is_refused_with_the_expected_shape(query):
    with pytest.raises(FetchError, match="query"):
        build_request("07459", query)


# Fetching and saving


def test_the_answer_is_saved_with_its_url_query_time_fingerprint_and_status(tmp_path):
    opener = FakeOpener(Answer(SSB_V2))
    fetched = fetch_with(opener, tmp_path)
    assert fetched.path == tmp_path / "07459-20260302T073005Z.json"
    assert fetched.path.read_bytes() == SSB_V2
    meta = json.loads(fetched.meta_path.read_text(encoding="utf-8"))
    assert meta == {
        "url": build_request("07459", SSB_QUERY).url,
        "method": "GET",
        "query": SSB_QUERY,
        "body": None,
        "table": "07459",
        "fetched_at": "2026-03-02T07:30:05+00:00",
        "sha256": hashlib.sha256(SSB_V2).hexdigest(),
        "http_status": 200,
        "bytes": len(SSB_V2),
    }
    request, timeout = opener.requests[0]
    assert request.get_method() == "GET"
    assert request.get_header("User-agent") == USER_AGENT
    assert timeout == 7


def test_a_v1_query_is_sent_as_a_json_post_and_recorded(tmp_path):
    opener = FakeOpener(Answer(OSLO_V1))
    request = build_request(OSLO_URL, {"Bydel": ["030101", "030102"], "Tid": ["top(2)"]})
    fetched = fetch_with(opener, tmp_path, request)
    sent, _ = opener.requests[0]
    assert sent.get_method() == "POST"
    assert sent.get_header("Content-type") == "application/json"
    assert json.loads(sent.data) == json.loads(request.body)
    meta = json.loads(fetched.meta_path.read_text(encoding="utf-8"))
    assert (meta["method"], meta["body"]) == ("POST", json.loads(request.body))


def test_a_second_fetch_in_the_same_second_never_overwrites_the_first(tmp_path):
    first = fetch_with(FakeOpener(Answer(SSB_V2)), tmp_path)
    second = fetch_with(FakeOpener(Answer(b'{"class": "dataset"}')), tmp_path)
    assert second.path.name == "07459-20260302T073005Z-2.json"
    assert first.path.read_bytes() == SSB_V2


def test_an_unknown_table_is_reported_as_not_found(tmp_path):
    opener = FakeOpener(http_error(404, b'{"title": "Not Found"}'))
    with pytest.raises(FetchError, match=r"table 07459 was not found \(HTTP 404\)"):
        fetch_with(opener, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_refused_query_shows_px_webs_own_explanation(tmp_path):
    problem = {
        "type": "https://tools.ietf.org/html/rfc7231#section-6.5.1",
        "title": "Bad Request",
        "status": 400,
        "detail": "Mandatory variable Region is missing in the selection",
    }
    opener = FakeOpener(http_error(400, json.dumps(problem).encode()))
    with pytest.raises(FetchError) as refused:
        fetch_with(opener, tmp_path)
    assert "refused the query for table 07459 (HTTP 400)" in str(refused.value)
    assert "Mandatory variable Region is missing in the selection" in str(refused.value)


def test_a_v1_refusal_in_plain_text_is_shown_too(tmp_path):
    opener = FakeOpener(http_error(400, b"Parameter error\r\n"))
    with pytest.raises(FetchError, match=r"HTTP 400\): Parameter error$"):
        fetch_with(opener, tmp_path, build_request(OSLO_URL, {"Tid": ["2024"]}))


def test_a_busy_server_is_asked_once_more_after_the_pause_it_names(tmp_path):
    opener = FakeOpener(http_error(429, headers={"Retry-After": "2"}), Answer(SSB_V2))
    sleeps: list[float] = []
    fetched = fetch_with(opener, tmp_path, sleeps=sleeps)
    assert sleeps == [2.0]
    assert len(opener.requests) == 2
    assert fetched.path.read_bytes() == SSB_V2


def test_a_server_still_busy_after_one_retry_says_try_again_later(tmp_path):
    opener = FakeOpener(http_error(503), http_error(503), Answer(SSB_V2))
    with pytest.raises(FetchError, match=r"HTTP 503\); try again later"):
        fetch_with(opener, tmp_path)
    assert len(opener.requests) == 2


def test_a_server_asking_for_a_long_pause_is_not_waited_for(tmp_path):
    opener = FakeOpener(http_error(429, headers={"Retry-After": "3600"}))
    sleeps: list[float] = []
    with pytest.raises(FetchError, match="try again later"):
        fetch_with(opener, tmp_path, sleeps=sleeps)
    assert (sleeps, len(opener.requests)) == ([], 1)


def test_another_http_error_names_its_status(tmp_path):
    with pytest.raises(FetchError, match="HTTP 500 Error"):
        fetch_with(FakeOpener(http_error(500, b"boom")), tmp_path)


def test_an_answer_that_is_not_json_is_refused_and_not_saved(tmp_path):
    opener = FakeOpener(Answer(b"<!DOCTYPE html><html><body>Statistikkbanken</body></html>"))
    with pytest.raises(FetchError, match=r"did not answer with JSON .*<!DOCTYPE html>"):
        fetch_with(opener, tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_an_answer_declared_too_large_is_refused_before_it_is_read(tmp_path):
    opener = FakeOpener(Answer(SSB_V2, headers={"Content-Length": "50000000"}))
    with pytest.raises(FetchError, match="too large \\(50,000,000 bytes; at most 1,000 bytes"):
        fetch_with(opener, tmp_path, max_bytes=1000)


def test_an_answer_larger_than_the_limit_is_refused_whatever_it_declares(tmp_path):
    with pytest.raises(FetchError, match="too large \\(more than that; at most 100 bytes"):
        fetch_with(FakeOpener(Answer(SSB_V2)), tmp_path, max_bytes=100)
    assert list(tmp_path.iterdir()) == []


def test_no_answer_in_time_names_the_timeout_setting(tmp_path):
    with pytest.raises(FetchError, match="within 7 seconds \\(STATISTICS_FETCH_TIMEOUT\\)"):
        fetch_with(FakeOpener(TimeoutError("timed out")), tmp_path)
    opener = FakeOpener(urllib.error.URLError(TimeoutError("timed out")))
    with pytest.raises(FetchError, match="STATISTICS_FETCH_TIMEOUT"):
        fetch_with(opener, tmp_path)


def test_no_network_says_fetching_needs_one(tmp_path):
    opener = FakeOpener(urllib.error.URLError(OSError(-3, "Temporary failure in name resolution")))
    with pytest.raises(FetchError, match=r"cannot reach data.ssb.no: .*needs a network connection"):
        fetch_with(opener, tmp_path)


# The command


@pytest.fixture
def bank(personas, settings, tmp_path, monkeypatch):
    """The catalogue, a var folder of the test's own, and urlopen replaced by a fake."""
    make_indicator("population", unit="count", polarity="higher_is_better")
    settings.VAR_DIR = tmp_path / "var"
    opener = FakeOpener()
    monkeypatch.setattr(urllib.request, "urlopen", opener)
    return opener


def write_json(path: Path, content) -> Path:
    path.write_text(json.dumps(content), encoding="utf-8")
    return path


def stored():
    return sorted(
        Observation.objects.filter(is_derived=False).values_list("area__code", "period", "value")
    )


def test_the_command_fetches_a_table_by_number_and_imports_it(bank, tmp_path, capsys):
    bank.answers.append(Answer(SSB_V2))
    call_command(
        "fetch_statistics", "07459", mapping=str(write_json(tmp_path / "m.json", SSB_MAPPING))
    )
    assert stored() == [
        ("0999", "2021", 697010.0),
        ("0999", "2022", 699827.0),
        ("0999", "2023", 709037.0),
        ("0999", "2024", 717710.0),
        ("0999", "2025", 724290.0),
    ]
    sent, timeout = bank.requests[0]
    assert sent.full_url == build_request("07459", SSB_QUERY).url
    assert timeout == 60
    batch = ImportBatch.objects.get()
    assert re.fullmatch(r"07459-\d{8}T\d{6}Z\.json", batch.file_name)
    saved = tmp_path / "var" / "fetched" / batch.file_name
    assert batch.sha256 == hashlib.sha256(saved.read_bytes()).hexdigest()
    out = capsys.readouterr().out
    assert f"Fetched table 07459 (HTTP 200) from {sent.full_url}, saved as {saved}" in out
    assert "5 rows: 5 new, 0 changed, 0 unchanged" in out


def test_the_command_posts_a_v1_query_from_its_own_file(bank, tmp_path, capsys):
    bank.answers.append(Answer(OSLO_V1))
    query = write_json(tmp_path / "q.json", {"Bydel": ["030101", "030102"], "Tid": ["top(2)"]})
    call_command(
        "fetch_statistics",
        OSLO_URL,
        mapping=str(write_json(tmp_path / "m.json", OSLO_MAPPING)),
        query=str(query),
        user="analyst",
    )
    sent, _ = bank.requests[0]
    assert json.loads(sent.data)["query"][1] == {
        "code": "Tid",
        "selection": {"filter": "top", "values": ["2"]},
    }
    assert stored() == [
        ("099901", "2023", 63234.0),
        ("099901", "2024", 64102.0),
        ("099902", "2023", 65011.0),
        ("099902", "2024", 65893.0),
    ]
    assert ImportBatch.objects.get().user.username == "analyst"


def test_the_query_file_wins_over_the_mappings_query(bank, tmp_path):
    bank.answers.append(Answer(SSB_V2))
    query = write_json(tmp_path / "q.json", {"Region": ["K-0301"], "Tid": ["2025"]})
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    call_command("fetch_statistics", "07459", mapping=str(mapping), query=str(query), dry_run=True)
    assert "valueCodes[Tid]=2025" in bank.requests[0][0].full_url
    assert "top(5)" not in bank.requests[0][0].full_url


def test_a_dry_run_fetches_and_checks_but_writes_nothing(bank, tmp_path, capsys):
    bank.answers.append(Answer(SSB_V2))
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    call_command("fetch_statistics", "07459", mapping=str(mapping), dry_run=True)
    assert (Observation.objects.count(), ImportBatch.objects.count()) == (0, 0)
    assert "5 would be new" in capsys.readouterr().out


def test_a_user_without_the_right_to_import_is_refused_before_anything_is_fetched(bank, tmp_path):
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    with pytest.raises(CommandError, match=r"ikke lov|not allowed"):
        call_command("fetch_statistics", "07459", mapping=str(mapping), user="resident")
    assert bank.requests == []
    assert Observation.objects.count() == 0


def test_an_http_error_is_a_clear_command_error_and_writes_nothing(bank, tmp_path):
    bank.answers.append(http_error(404))
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    with pytest.raises(CommandError, match="table 07459 was not found"):
        call_command("fetch_statistics", "07459", mapping=str(mapping))
    assert (Observation.objects.count(), ImportBatch.objects.count()) == (0, 0)
    assert not (tmp_path / "var" / "fetched").exists()


def test_a_fetched_table_with_unknown_areas_is_refused_with_its_problems_listed(
    bank, tmp_path, capsys
):
    bank.answers.append(Answer(SSB_V2))
    mapping = dict(SSB_MAPPING, area={"dimension": "Region"})  # K-0301 is no area code here
    with pytest.raises(CommandError, match=r"5 error\(s\) .*; nothing was imported"):
        call_command(
            "fetch_statistics", "07459", mapping=str(write_json(tmp_path / "m.json", mapping))
        )
    assert "unknown area code “K-0301” (5 rows)" in capsys.readouterr().err
    assert (Observation.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_a_missing_or_broken_mapping_file_is_refused_before_fetching(bank, tmp_path):
    with pytest.raises(CommandError, match="--mapping"):
        call_command("fetch_statistics", "07459", mapping=str(tmp_path / "absent.json"))
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(CommandError, match="--mapping"):
        call_command("fetch_statistics", "07459", mapping=str(tmp_path / "broken.json"))
    assert bank.requests == []


def test_the_fetch_timeout_setting_is_passed_to_the_connection(bank, tmp_path, settings):
    settings.STATISTICS_FETCH_TIMEOUT = 5
    bank.answers.append(Answer(SSB_V2))
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    call_command("fetch_statistics", "07459", mapping=str(mapping), dry_run=True)
    assert bank.requests[0][1] == 5


def test_a_json_answer_that_is_not_a_dataset_is_refused_by_the_import(bank, tmp_path):
    # A table's metadata, as PX-Web answers a v2 URL without /data or a v1 GET.
    bank.answers.append(Answer(b'{"title": "Befolkning", "variables": []}'))
    mapping = write_json(tmp_path / "m.json", SSB_MAPPING)
    with pytest.raises(CommandError, match=r"not a usable JSON-stat 2\.0 dataset"):
        call_command("fetch_statistics", "07459", mapping=str(mapping))
    assert (Observation.objects.count(), ImportBatch.objects.count()) == (0, 0)


def test_the_readme_example_fetches_and_imports_oslos_population(bank, tmp_path):
    make_area("0301", "municipality", name="Oslo")
    make_indicator("population_total", unit="count", polarity="higher_is_better")
    bank.answers.append(Answer(SSB_V2))
    example = Path(__file__).parents[2] / "examples" / "ssb_07459_oslo_population.json"
    call_command("fetch_statistics", "07459", mapping=str(example))
    assert bank.requests[0][0].full_url == build_request("07459", SSB_QUERY).url
    oslo = Observation.objects.get(area__code="0301", period="2025", is_derived=False)
    assert (oslo.indicator.code, oslo.value) == ("population_total", 724290.0)
