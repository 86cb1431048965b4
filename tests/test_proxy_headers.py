"""A client cannot claim to be on HTTPS or to come from another address: X-Forwarded-*
headers count only from the proxies named in TRUSTED_PROXIES; and responses do not name the
server software."""

import urllib.request

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory

from omradeloft.core.middleware import ProxyHeadersMiddleware


def seen(request: HttpRequest) -> HttpResponse:
    return HttpResponse(f"{request.is_secure()} {request.META.get('HTTP_X_FORWARDED_FOR')}")


def through_middleware(remote: str) -> str:
    request = RequestFactory().get(
        "/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_PROTO="https", HTTP_X_FORWARDED_FOR="1.2.3.4"
    )
    return ProxyHeadersMiddleware(seen)(request).content.decode()


@pytest.fixture
def behind_proxy(settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.TRUSTED_PROXIES = ["10.0.0.5"]


@pytest.mark.usefixtures("behind_proxy")
def test_forwarded_headers_from_a_client_are_dropped():
    assert through_middleware("203.0.113.9") == "False None"


@pytest.mark.usefixtures("behind_proxy")
def test_forwarded_headers_from_the_named_proxy_are_believed():
    assert through_middleware("10.0.0.5") == "True 1.2.3.4"


def test_without_a_named_proxy_no_forwarded_header_counts(settings):
    settings.TRUSTED_PROXIES = []
    assert through_middleware("127.0.0.1") == "False None"


@pytest.mark.django_db
def test_the_server_does_not_name_itself(live_server):
    with urllib.request.urlopen(live_server.url + "/") as response:
        server = response.headers.get_all("Server")
    assert server == ["omradeloft"]
