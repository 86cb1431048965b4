"""Request-wide concerns: who is acting, and the answer to a bad query parameter."""

from collections.abc import Callable

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
