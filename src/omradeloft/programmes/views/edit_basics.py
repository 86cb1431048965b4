"""Editing a programme: the overview of its parts, and its basics. Each part's pages live in
an `edit_*` module of their own."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import posted
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.programme import ProgrammeBasicsForm
from omradeloft.programmes.services.programme import update_programme
from omradeloft.programmes.views.edit_common import done, initial, submit


@login_required
@require_GET
def hub(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    context = {
        "heading": _("Edit programme"),
        "is_hub": True,
        "parties": list(programme.parties.select_related("organisation")),
        "fields": list(programme.fields.all()),
        "themes": list(programme.themes.all()),
        "target_areas": list(programme.target_areas.select_related("area")),
        "goals": list(programme.goals.select_related("field")),
        "milestones": list(programme.milestones.annotate(question_count=Count("questions"))),
    }
    return render_programme_page(request, programme, "edit", "programmes/edit/hub.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def basics(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = ProgrammeBasicsForm(
        posted(request), initial=initial(programme, ProgrammeBasicsForm.Meta.fields)
    )
    if submit(form, lambda data: update_programme(request.user, programme, data)):
        return done(request, _("The programme was saved."), "programmes:edit", programme.code)
    context = {"heading": _("Name, purpose and period"), "form": form, "submit": _("Save")}
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )
