"""Attribute changes made while serving a request to the signed-in user."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from omradeloft.core.audit import acting_as
from omradeloft.core.models import AuditSource


class AuditActorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user if request.user.is_authenticated else None
        with acting_as(user, AuditSource.WEB):
            return self.get_response(request)
