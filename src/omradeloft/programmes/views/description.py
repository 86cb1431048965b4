"""Programme pages: the programme description."""

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path


def placeholder(request: HttpRequest, **kwargs: str) -> HttpResponse:
    return HttpResponse(status=501)


urlpatterns: list[URLPattern] = [
    path("<slug:code>/description/", placeholder, name="description"),
    path("<slug:code>/description/<int:number>/", placeholder, name="description_version"),
]
