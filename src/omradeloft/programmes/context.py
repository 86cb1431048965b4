"""What every programme page needs to draw its header and section menu."""

from typing import Any

from django.http import HttpRequest

from omradeloft.accounts.permissions import Action, can
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
