"""What every programme page needs to draw its header and section menu, and the one way to
render such a page."""

from collections.abc import Iterable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse

from omradeloft.accounts.permissions import Action, can
from omradeloft.core.http import render_form_page
from omradeloft.programmes.models import Programme


def programme_context(request: HttpRequest, programme: Programme, section: str) -> dict[str, Any]:
    """Context for `programmes/_nav.html`: the programme, the current section and which of
    the internal sections the user may open."""
    return {
        "nav": "programmes",
        "programme": programme,
        "section": section,
        "may_see_workspace": can(request.user, Action.VIEW_WORKSPACE, programme=programme),
        "may_edit_programme": can(request.user, Action.EDIT_PROGRAMME, programme=programme),
    }


def render_programme_page(
    request: HttpRequest,
    programme: Programme,
    section: str,
    template: str,
    context: dict[str, Any],
    *,
    forms: Iterable[BaseForm | None] = (),
    error: str = "",
    refused: bool = False,
) -> HttpResponse:
    """`template` with the programme's menu open at `section`; 400 when a form shown holds
    errors or something was refused (see `core.http.render_form_page`)."""
    return render_form_page(
        request,
        template,
        programme_context(request, programme, section) | context,
        forms=forms,
        error=error,
        refused=refused,
    )
