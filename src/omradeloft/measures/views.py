"""Programme pages: measures."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


def placeholder(request: HttpRequest, **kwargs: str) -> HttpResponse:
    return HttpResponse(status=501)


urlpatterns: list[URLPattern] = [
    path("", placeholder, name="list"),
    path("<slug:measure>/", placeholder, name="detail"),
]
