"""Request-wide concerns: who is acting, the answer to a bad query parameter, and which
proxy headers to believe."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditSource
from omradeloft.core.params import BadParameterError


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, AuditSource.WEB):
            return self.get_response(request)


class BadParameterMiddleware:
    """A view that meets an unusable query parameter answers with the 400 page naming it,
    whatever DEBUG says: the visitor needs to know what to change, not a traceback."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, BadParameterError):
            return None
        return render(request, "400.html", {"problem": exception.message}, status=400)


FORWARDED_HEADERS = ("HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_HOST")


class ProxyHeadersMiddleware:
    """X-Forwarded-* headers say what a proxy saw; from anyone but the proxies named in
    TRUSTED_PROXIES they are a client's claim (to be on HTTPS, to come from another
    address) and are dropped before anything reads them. On the way out, the response names
    the application rather than the server software."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.META.get("REMOTE_ADDR") not in settings.TRUSTED_PROXIES:
            for header in FORWARDED_HEADERS:
                request.META.pop(header, None)
        response = self.get_response(request)
        # The WSGI server would otherwise name itself and its version (wsgiref, and so
        # runserver, adds its own only when the application has not set one).
        response.headers.setdefault("Server", "omradeloft")
        return response
