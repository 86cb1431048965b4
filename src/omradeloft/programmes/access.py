"""Who may open a programme's pages: the one lookup every programme view starts with."""

from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from omradeloft.accounts.permissions import Action, require
from omradeloft.programmes.models import Programme


def programme_for(
    request: HttpRequest, code: str, action: Action | None = Action.VIEW_WORKSPACE
) -> Programme:
    """The programme with `code` (404 when there is none) if the user may do `action` in it
    (PermissionDenied otherwise). `action=None` is for public pages, which anyone may open."""
    programme = get_object_or_404(Programme, code=code)
    if action is not None:
        require(request.user, action, programme=programme)
    return programme
