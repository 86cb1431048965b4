"""Editing a programme: the parties to it."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import posted
from omradeloft.core.i18n import localized
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.programme import PartyForm
from omradeloft.programmes.models import Party, Programme
from omradeloft.programmes.services.parties import remove_party, save_party
from omradeloft.programmes.views.edit_common import done, initial, remove_or_explain, submit


def _parties_page(
    request: HttpRequest, programme: Programme, form: PartyForm | None = None, error: str = ""
) -> HttpResponse:
    context = {
        "heading": _("Parties"),
        "parties": programme.parties.select_related("organisation"),
        "form": form or PartyForm(),
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/parties.html",
        context,
        forms=[form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def parties(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = PartyForm(posted(request))
    if party := submit(form, lambda data: save_party(request.user, programme, data)):
        message = _("%(name)s was added as a party.") % {
            "name": localized(party.organisation, "name")
        }
        return done(request, message, "programmes:edit_parties", programme.code)
    return _parties_page(request, programme, form)


@login_required
@require_http_methods(["GET", "POST"])
def party_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    party = get_object_or_404(
        Party.objects.select_related("organisation"), pk=pk, programme=programme
    )
    form = PartyForm(posted(request), initial=initial(party, PartyForm.Meta.fields))
    if submit(form, lambda data: save_party(request.user, programme, data, party=party)):
        return done(request, _("The party was saved."), "programmes:edit_parties", programme.code)
    context = {
        "heading": _("Edit party %(name)s") % {"name": localized(party.organisation, "name")},
        "trail": [(_("Parties"), reverse("programmes:edit_parties", args=[programme.code]))],
        "form": form,
        "submit": _("Save"),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )


@login_required
@require_POST
def party_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    party = get_object_or_404(
        Party.objects.select_related("organisation"), pk=pk, programme=programme
    )
    return remove_or_explain(
        request,
        lambda: remove_party(request.user, party),
        message=_("%(name)s is no longer a party.")
        % {"name": localized(party.organisation, "name")},
        then=reverse("programmes:edit_parties", args=[programme.code]),
        page=lambda error: _parties_page(request, programme, error=error),
    )
