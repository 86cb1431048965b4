"""Creating and editing a measure, changing its status and publishing it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, acting_user, require
from omradeloft.core.forms import model_choices
from omradeloft.core.http import posted, show_service_errors
from omradeloft.measures import access
from omradeloft.measures.forms import MeasureForm, StatusForm, measure_initial
from omradeloft.measures.models import Measure
from omradeloft.measures.places import areas_in_scope, programme_areas
from omradeloft.measures.services import (
    allowed_next,
    change_status,
    create_measure,
    set_published,
    update_measure,
)
from omradeloft.measures.views.common import find_measure
from omradeloft.measures.views.detail import render_detail
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.models import Programme


def _measure_form(request: HttpRequest, programme: Programme, measure: Measure | None):
    """The form, offering only the areas the user may place a measure in."""
    areas = areas_in_scope(request.user, programme, programme_areas(programme))
    return MeasureForm(
        posted(request),
        initial=measure_initial(measure) if measure else None,
        programme=programme,
        areas=areas,
        lead_id=measure.lead_id if measure else None,
    )


def _render_form(
    request: HttpRequest, programme: Programme, form: MeasureForm, measure: Measure | None
) -> HttpResponse:
    context = {
        "form": form,
        "measure": measure,
        "no_areas": not model_choices(form, "areas").queryset,
    }
    return render_programme_page(
        request, programme, "measures", "measures/form.html", context, forms=[form]
    )


@login_required
def measure_create(request: HttpRequest, programme: str) -> HttpResponse:
    programme_obj = programme_for(request, programme, action=None)
    require(request.user, Action.MANAGE_MEASURES, programme=programme_obj)
    form = _measure_form(request, programme_obj, None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = create_measure(acting_user(request), programme_obj, form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The measure was created."))
            return redirect("measures:detail", programme_obj.code, measure.code)
    return _render_form(request, programme_obj, form, None)


@login_required
def measure_edit(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_edit)
    form = _measure_form(request, found.programme, found)
    if request.method == "POST" and form.is_valid():
        try:
            update_measure(acting_user(request), found, form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("The measure was saved."))
            return redirect("measures:detail", found.programme.code, found.code)
    return _render_form(request, found.programme, form, found)


@require_POST
@login_required
def measure_status(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_edit)
    form = StatusForm(request.POST, next_statuses=allowed_next(found.status))
    if form.is_valid():
        data = form.cleaned_data
        try:
            change_status(
                acting_user(request), found, data["to_status"], data["date"], data["reason"]
            )
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The status is now “%(status)s”.") % {"status": found.get_status_display()},
            )
            return redirect("measures:detail", found.programme.code, found.code)
    return render_detail(request, found, form)


@require_POST
@login_required
def measure_publish(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_edit)
    published = request.POST.get("published") == "1"
    set_published(acting_user(request), found, published)
    messages.success(
        request,
        _("The measure is published.") if published else _("The measure is no longer published."),
    )
    return redirect("measures:detail", found.programme.code, found.code)
