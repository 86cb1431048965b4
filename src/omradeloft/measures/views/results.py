"""Editing a measure's results chain: add forms and a delete button per row."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import acting_user
from omradeloft.core.http import show_service_errors
from omradeloft.measures import access, services
from omradeloft.measures.forms import ActivityForm, OutcomeForm, OutputForm
from omradeloft.measures.models import Activity, Measure, Outcome, Output
from omradeloft.measures.views.common import find_measure
from omradeloft.programmes.context import render_programme_page

PARTS: dict[str, tuple[type, Callable[..., Any]]] = {
    "activity": (Activity, services.delete_activity),
    "output": (Output, services.delete_output),
    "outcome": (Outcome, services.delete_outcome),
}


def _forms(measure: Measure, data: Any = None, part: str = "") -> dict[str, forms.Form]:
    """One add form per part of the chain; only `part`'s is bound to `data`."""

    def bound(name: str) -> Any:
        return data if name == part else None

    return {
        "activity": ActivityForm(bound("activity"), prefix="activity"),
        "output": OutputForm(bound("output"), prefix="output"),
        "outcome": OutcomeForm(bound("outcome"), prefix="outcome", programme=measure.programme),
    }


def _add(user: Any, measure: Measure, part: str, data: dict[str, Any]) -> None:
    if part == "activity":
        services.add_activity(user, measure, data["text"])
    elif part == "output":
        services.add_output(user, measure, data["name"], data["unit"], data["target"])
    else:
        services.add_outcome(user, measure, data["text"], data["goal"], data["indicator"])


def _render(
    request: HttpRequest, measure: Measure, add_forms: dict[str, forms.Form], error: str = ""
) -> HttpResponse:
    context = {
        "measure": measure,
        "activities": measure.activities.all(),
        "outputs": measure.outputs.all(),
        "outcomes": measure.outcomes.select_related("goal", "indicator"),
        "forms": add_forms,
        "error": error,
    }
    return render_programme_page(
        request,
        measure.programme,
        "measures",
        "measures/results.html",
        context,
        forms=add_forms.values(),
        error=error,
    )


@login_required
def measure_results(request: HttpRequest, programme: str, measure: str) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_edit)
    part = request.POST.get("part", "")
    if request.method != "POST":
        return _render(request, found, _forms(found))
    if part not in PARTS:
        return _render(request, found, _forms(found), _("Choose what to add."))
    add_forms = _forms(found, request.POST, part)
    form = add_forms[part]
    if form.is_valid():
        try:
            _add(acting_user(request), found, part, form.cleaned_data)
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            messages.success(request, _("Added to the results chain."))
            return redirect("measures:results", found.programme.code, found.code)
    return _render(request, found, add_forms)


@require_POST
@login_required
def measure_result_delete(
    request: HttpRequest, programme: str, measure: str, part: str, pk: int
) -> HttpResponse:
    found = find_measure(request, programme, measure, access.get_measure_for_edit)
    if part not in PARTS:
        raise Http404(_("No such part of a results chain."))
    model, delete = PARTS[part]
    item: Activity | Output | Outcome = get_object_or_404(model, pk=pk, measure=found)
    item.measure = found
    try:
        delete(acting_user(request), item)
    except ValidationError as error:
        return _render(request, found, _forms(found), " ".join(error.messages))
    messages.success(request, _("Removed from the results chain."))
    return redirect("measures:results", found.programme.code, found.code)
