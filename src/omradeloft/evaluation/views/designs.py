"""The programme's evaluation designs: the list, a design's inputs and runs, the form that
creates or edits one, and the button that runs it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from omradeloft.accounts.permissions import Action, acting_user
from omradeloft.core.http import posted, show_service_errors
from omradeloft.evaluation.access import may_use_unsuppressed, readable_runs
from omradeloft.evaluation.defaults import design_defaults, programme_target_areas
from omradeloft.evaluation.forms import DesignForm, RunForm, design_initial, design_values
from omradeloft.evaluation.models import DataLevel, EvaluationDesign, Method
from omradeloft.evaluation.services import (
    create_design,
    fail_stale_runs,
    start_runs,
    update_design,
)
from omradeloft.evaluation.views.common import (
    find_design,
    headline,
    latest_runs,
    may_manage,
    render_evaluation_page,
)
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.models import Programme


@login_required
def designs(request: HttpRequest, programme: str) -> HttpResponse:
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    fail_stale_runs()
    rows = [
        (design, latest_runs(request.user, design))
        for design in EvaluationDesign.objects.filter(programme=found).order_by("code")
    ]
    context = {"rows": rows, "may_manage": may_manage(request, found)}
    return render_evaluation_page(request, found, "designs.html", context)


def _form_page(
    request: HttpRequest, programme: Programme, design: EvaluationDesign | None
) -> HttpResponse:
    values = design_values(design) if design else design_defaults(programme)
    form = DesignForm(
        posted(request),
        initial=design_initial(values),
        target_areas=programme_target_areas(programme),
    )
    if request.method == "POST" and form.is_valid():
        try:
            if design is None:
                design = create_design(acting_user(request), programme, form.cleaned_data)
                messages.success(request, _("The design was created."))
            else:
                update_design(acting_user(request), design, form.cleaned_data)
                messages.success(request, _("The design was saved."))
        except ValidationError as error:
            show_service_errors(form, error)
        else:
            return redirect("evaluation:design", programme.code, design.code)
    context = {"form": form, "design": design}
    return render_evaluation_page(request, programme, "design_form.html", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def design_new(request: HttpRequest, programme: str) -> HttpResponse:
    return _form_page(request, programme_for(request, programme, Action.MANAGE_EVALUATIONS), None)


@login_required
@require_http_methods(["GET", "POST"])
def design_edit(request: HttpRequest, programme: str, design: str) -> HttpResponse:
    found = programme_for(request, programme, Action.MANAGE_EVALUATIONS)
    return _form_page(request, found, find_design(found, design))


@login_required
def design(request: HttpRequest, programme: str, design: str) -> HttpResponse:
    found = programme_for(request, programme, Action.VIEW_WORKSPACE)
    fail_stale_runs()
    return _design_page(request, found, find_design(found, design))


def _design_page(
    request: HttpRequest, programme: Programme, design: EvaluationDesign, error: str = ""
) -> HttpResponse:
    runs = list(
        readable_runs(request.user, design.runs.select_related("outcome", "requested_by")).order_by(
            "-created_at"
        )
    )
    for run in runs:
        run.headline = headline(run)
    context = {
        "design": design,
        "outcomes": list(design.outcomes.order_by("code")),
        "treated": list(design.treated.order_by("code")),
        "pool": list(design.comparison_pool.order_by("code")),
        "methods": [Method(m).label for m in design.methods if m in Method.values],
        "runs": runs,
        "may_manage": may_manage(request, programme),
        # Only those who may read unsuppressed results choose; everyone else runs published.
        "run_form": RunForm() if may_use_unsuppressed(request.user) else None,
        "error": error,
    }
    return render_evaluation_page(request, programme, "design.html", context, refused=bool(error))


@login_required
@require_POST
def design_run(request: HttpRequest, programme: str, design: str) -> HttpResponse:
    found = programme_for(request, programme, Action.MANAGE_EVALUATIONS)
    design_obj = find_design(found, design)
    level = request.POST.get("data_level") or DataLevel.PUBLISHED
    try:
        runs = start_runs(acting_user(request), design_obj, level)
    except ValidationError as error:
        return _design_page(request, found, design_obj, error=" ".join(error.messages))
    messages.success(
        request,
        _("%(count)d run(s) started; each page shows its progress.") % {"count": len(runs)},
    )
    if len(runs) == 1:
        return redirect("evaluation:run", found.code, design_obj.code, runs[0].pk)
    return redirect("evaluation:design", found.code, design_obj.code)
