"""What every measure page shares: the measure, looked up for what the page is for."""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest

from omradeloft.measures import access
from omradeloft.measures.models import Measure
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.models import Programme


def find_measure(
    request: HttpRequest,
    programme: str,
    code: str,
    lookup: Callable[[Any, Programme, str], Measure] = access.get_measure_for_view,
) -> Measure:
    """The measure through one of `access`'s lookups (404 when the user may not see it, 403
    when they may see but not do what the lookup is for), its programme at hand."""
    programme_obj = programme_for(request, programme, action=None)
    measure = lookup(request.user, programme_obj, code)
    measure.programme = programme_obj
    return measure
