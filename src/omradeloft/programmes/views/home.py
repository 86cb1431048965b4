"""The front page: what the platform is for, and the programmes on it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omradeloft.programmes.models import Programme


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/home.html", {"programmes": Programme.objects.all()})
