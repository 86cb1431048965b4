"""What every programme page needs to draw its header and section menu, and the one way to
render such a page."""

from collections.abc import Iterable
from typing import Any

from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from omradeloft.accounts.permissions import Action, can
from omradeloft.core.http import render_form_page
from omradeloft.programmes import contributions
from omradeloft.programmes.models import Programme


def programme_context(request: HttpRequest, programme: Programme, section: str) -> dict[str, Any]:
    """Context for `programmes/_nav.html`: the programme, the current section, which of
    the internal sections the user may open and the menu's items."""
    may_see_workspace = can(request.user, Action.VIEW_WORKSPACE, programme=programme)
    may_edit_programme = can(request.user, Action.EDIT_PROGRAMME, programme=programme)
    return {
        "nav": "programmes",
        "programme": programme,
        "section": section,
        "may_see_workspace": may_see_workspace,
        "may_edit_programme": may_edit_programme,
        "nav_items": _menu(programme, may_see_workspace, may_edit_programme),
    }


def _menu(programme: Programme, workspace: bool, edit: bool) -> list[dict[str, str]]:
    """The menu's items as section, label and address: the programme's own and those the
    apps above contribute, in the order their `after` gives."""
    items: list[tuple[str, str, str]] = [
        ("dashboard", _("Overview"), "programmes:detail"),
        ("goals", _("Goals"), "programmes:goals"),
        ("description", _("Programme description"), "programmes:description"),
    ]
    if workspace:
        items += [
            ("organisation", _("Organisation"), "programmes:bodies"),
            ("team", _("People and roles"), "programmes:team"),
        ]
    for item in contributions.registry.nav_items:
        if item.workspace and not workspace:
            continue
        keys = [key for key, _label, _url in items]
        at = keys.index(item.after) + 1 if item.after in keys else len(keys)
        items.insert(at, (item.section, item.label(), item.url_name))
    if edit:
        items.append(("edit", _("Edit programme"), "programmes:edit"))
    return [
        {"section": key, "label": label, "url": reverse(url_name, args=[programme.code])}
        for key, label, url_name in items
    ]


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
