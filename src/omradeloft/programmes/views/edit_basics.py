"""Editing a programme: the overview of its parts, and its basics. Each part's pages live in
an `edit_*` module; this module gathers their addresses."""

from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from omradeloft.accounts.permissions import acting_user
from omradeloft.programmes.forms.programme import ProgrammeBasicsForm
from omradeloft.programmes.services.programme import update_programme
from omradeloft.programmes.views import (
    edit_areas,
    edit_evaluation,
    edit_fields,
    edit_goal_indicators,
    edit_goals,
    edit_parties,
)
from omradeloft.programmes.views.edit_common import (
    done,
    edit_page,
    editable_programme,
    initial,
    posted,
    submit,
)


@login_required
@require_GET
def hub(request: HttpRequest, code: str) -> HttpResponse:
    programme = editable_programme(request, code)
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
    return edit_page(request, programme, "hub.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def basics(request: HttpRequest, code: str) -> HttpResponse:
    programme = editable_programme(request, code)
    form = ProgrammeBasicsForm(
        posted(request), initial=initial(programme, ProgrammeBasicsForm.Meta.fields)
    )
    if submit(form, lambda data: update_programme(acting_user(request), programme, data)):
        return done(request, _("The programme was saved."), "programmes:edit", programme.code)
    context = {"heading": _("Name, purpose and period"), "form": form, "submit": _("Save")}
    return edit_page(request, programme, "item.html", context, forms=[form])


urlpatterns: list[URLPattern] = [
    path("<slug:code>/edit/", hub, name="edit"),
    path("<slug:code>/edit/basics/", basics, name="edit_basics"),
    *edit_parties.urlpatterns,
    *edit_fields.urlpatterns,
    *edit_areas.urlpatterns,
    *edit_goals.urlpatterns,
    *edit_goal_indicators.urlpatterns,
    *edit_evaluation.urlpatterns,
]
