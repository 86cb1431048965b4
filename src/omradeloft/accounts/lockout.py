"""The answer to a sign-in attempt while guessing is throttled (django-axes decides when).

The page is the same for every username, known or not, so that it tells nothing about which
accounts exist. Every attempt during the cool-off starts it again, so "now + cool-off" is
when the next attempt will be heard.
"""

import datetime
from typing import Any

from axes.helpers import get_cool_off
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

TOO_MANY_REQUESTS = 429


def locked_out(
    request: HttpRequest, response: HttpResponse | None = None, credentials: Any = None
) -> HttpResponse:
    cool_off = get_cool_off(request)
    until = None
    if cool_off:
        # Rounded up to the minute: an attempt at the time shown must not start it again.
        later = timezone.localtime() + cool_off + datetime.timedelta(minutes=1)
        until = later.replace(second=0, microsecond=0)
    minutes = round(cool_off.total_seconds() / 60) if cool_off else None
    context = {"until": until, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=TOO_MANY_REQUESTS)
