"""The programme list and each programme's dashboard."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path

from omradeloft.accounts.permissions import Action, can
from omradeloft.programmes.models import Programme


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "programmes/list.html",
        {"nav": "programmes", "programmes": Programme.objects.all()},
    )


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_object_or_404(Programme, code=code)
    context = {
        "nav": "programmes",
        "programme": programme,
        "may_see_team": can(request.user, Action.VIEW_WORKSPACE, programme=programme),
    }
    return render(request, "programmes/detail.html", context)


urlpatterns = [
    path("", programme_list, name="list"),
    path("<slug:code>/", programme_detail, name="detail"),
    path("<slug:code>/goals/", programme_detail, name="goals"),
]
