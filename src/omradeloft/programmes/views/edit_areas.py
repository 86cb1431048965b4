"""Editing a programme: its target areas, added by hand or picked from a classification."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action
from omradeloft.core.http import posted, show_service_errors
from omradeloft.indicators.presentation import Viewer
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.forms.areas import (
    PickAreasForm,
    RunChoiceForm,
    TargetAreaForm,
    TargetReasonForm,
)
from omradeloft.programmes.models import Programme, TargetArea
from omradeloft.programmes.services.target_areas import (
    PickResult,
    add_from_classification,
    add_target_area,
    classification_reason,
    remove_target_area,
)
from omradeloft.programmes.views.edit_common import done, remove_or_explain, submit
from omradeloft.targeting.models import ClassificationRun
from omradeloft.targeting.presentation.reasons import shown_reasons


def _target_areas_url(programme: Programme) -> str:
    return reverse("programmes:edit_target_areas", args=[programme.code])


def _target_areas_page(
    request: HttpRequest, programme: Programme, form: TargetAreaForm | None = None, error: str = ""
) -> HttpResponse:
    context = {
        "heading": _("Target areas"),
        "target_areas": programme.target_areas.select_related(
            "area__level", "classification__rule", "chosen_by"
        ),
        "form": form or TargetAreaForm(),
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/target_areas.html",
        context,
        forms=[form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_areas(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = TargetAreaForm(posted(request))
    added = submit(
        form,
        lambda data: add_target_area(
            request.user,
            programme,
            area=data["area"],
            reason=data["reason"],
            chosen_on=data["chosen_on"],
        ),
    )
    if added:
        message = _("%(area)s is now a target area.") % {"area": added.area}
        return done(request, message, "programmes:edit_target_areas", programme.code)
    return _target_areas_page(request, programme, form)


@login_required
@require_POST
def target_area_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    target = get_object_or_404(
        TargetArea.objects.select_related("area"), pk=pk, programme=programme
    )
    return remove_or_explain(
        request,
        lambda: remove_target_area(request.user, target),
        message=_("%(area)s is no longer a target area.") % {"area": target.area},
        then=_target_areas_url(programme),
        page=lambda error: _target_areas_page(request, programme, error=error),
    )


def _report_pick(request: HttpRequest, result: PickResult) -> None:
    if result.added:
        messages.success(
            request,
            _("Added as target areas: %(areas)s.")
            % {"areas": ", ".join(str(t.area) for t in result.added)},
        )
    if result.already_targeted:
        messages.info(
            request,
            _("Already target areas, so not added again: %(areas)s.")
            % {"areas": ", ".join(str(a) for a in result.already_targeted)},
        )


@login_required
@require_http_methods(["GET", "POST"])
def pick(request: HttpRequest, code: str) -> HttpResponse:
    """Choose a classification, then tick which of the areas it selected to target."""
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    chooser = RunChoiceForm(request.GET if "run" in request.GET else None)
    run: ClassificationRun | None = chooser.cleaned_data["run"] if chooser.is_valid() else None
    context = {
        "heading": _("Pick target areas from a classification"),
        "trail": [(_("Target areas"), _target_areas_url(programme))],
        "chooser": chooser,
        "run": run,
    }
    if run is None:
        return render_programme_page(
            request,
            programme,
            "edit",
            "programmes/edit/target_areas_pick.html",
            context,
            forms=[chooser],
        )
    data = posted(request)
    areas_form = PickAreasForm(data, run=run)
    details = TargetReasonForm(data, initial={"reason": classification_reason(run)})
    if data is not None and areas_form.is_valid() and details.is_valid():
        try:
            result = add_from_classification(
                request.user,
                programme,
                run,
                areas_form.cleaned_data["areas"],
                reason=details.cleaned_data["reason"],
                chosen_on=details.cleaned_data["chosen_on"],
            )
        except ValidationError as e:
            show_service_errors(details, e)
        else:
            _report_pick(request, result)
            return redirect(_target_areas_url(programme))
    targeted = set(programme.target_areas.values_list("area_id", flat=True))
    selected = list(run.areas.select_related("area__level").order_by("area__code"))
    # The same disclosure filter as the rule's page: coordinators see no suppressed value.
    reasons = shown_reasons(Viewer(request.user), run, selected)
    context |= {
        "areas_form": areas_form,
        "form": details,
        "rows": [(item.area, reasons[item.area_id], item.area_id in targeted) for item in selected],
        "ticked": {str(pk) for pk in (data.getlist("areas") if data is not None else [])},
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/target_areas_pick.html",
        context,
        forms=[areas_form, details],
    )
