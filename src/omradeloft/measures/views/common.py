"""What every measure page shares: the programme, its menu and service errors on forms."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from omradeloft.measures import access
from omradeloft.measures.models import Measure
from omradeloft.programmes.context import programme_context
from omradeloft.programmes.models import Programme


def programme_or_404(code: str) -> Programme:
    return get_object_or_404(Programme, code=code)


def find_measure(
    request: HttpRequest,
    programme: str,
    code: str,
    lookup: Callable[[Any, Programme, str], Measure] = access.get_measure_for_view,
) -> Measure:
    """The measure through one of `access`'s lookups (404 when the user may not see it, 403
    when they may see but not do what the lookup is for), its programme at hand."""
    programme_obj = programme_or_404(programme)
    measure = lookup(request.user, programme_obj, code)
    measure.programme = programme_obj
    return measure


def render_page(
    request: HttpRequest,
    template: str,
    programme: Programme,
    context: dict[str, Any],
    *,
    status: int = 200,
) -> HttpResponse:
    """`template` with the programme's menu open at "measures"."""
    return render(
        request,
        template,
        programme_context(request, programme, "measures") | context,
        status=status,
    )


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form: by field where the form has the field,
    above the form otherwise."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, ValidationError(errors))


def status_for(*forms_shown: forms.Form | None) -> int:
    """400 when a form on the page holds errors, so that bad input is not mistaken for
    success."""
    return 400 if any(f is not None and f.errors for f in forms_shown) else 200
