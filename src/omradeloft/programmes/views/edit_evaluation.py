"""Editing a programme: the evaluation plan, its milestones and their questions."""

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
from omradeloft.programmes.forms.evaluation import MilestoneForm, QuestionForm
from omradeloft.programmes.models import EvaluationMilestone, EvaluationQuestion, Programme
from omradeloft.programmes.services.evaluation_plan import (
    remove_milestone,
    remove_question,
    save_milestone,
    save_question,
)
from omradeloft.programmes.views.edit_common import done, initial, remove_or_explain, submit


def _plan_url(programme: Programme) -> str:
    return reverse("programmes:edit_evaluation", args=[programme.code])


def _milestone_url(programme: Programme, milestone: EvaluationMilestone) -> str:
    return reverse("programmes:edit_milestone", args=[programme.code, milestone.pk])


def _plan_page(
    request: HttpRequest, programme: Programme, form: MilestoneForm | None = None, error: str = ""
) -> HttpResponse:
    context = {
        "heading": _("Evaluation plan"),
        "milestones": programme.milestones.select_related("responsible").prefetch_related(
            "questions"
        ),
        "form": form or MilestoneForm(),
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/evaluation.html",
        context,
        forms=[form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest, code: str) -> HttpResponse:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    form = MilestoneForm(posted(request))
    if milestone := submit(form, lambda data: save_milestone(request.user, programme, data)):
        message = _("The evaluation %(title)s was added to the plan.") % {
            "title": localized(milestone, "title")
        }
        return done(request, message, _milestone_url(programme, milestone))
    return _plan_page(request, programme, form)


def _programme_milestone(
    request: HttpRequest, code: str, pk: int
) -> tuple[Programme, EvaluationMilestone]:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    milestone = get_object_or_404(EvaluationMilestone, pk=pk, programme=programme)
    return programme, milestone


def _milestone_page(
    request: HttpRequest,
    programme: Programme,
    milestone: EvaluationMilestone,
    *,
    form: MilestoneForm | None = None,
    question_form: QuestionForm | None = None,
    error: str = "",
) -> HttpResponse:
    form = form or MilestoneForm(initial=initial(milestone, MilestoneForm.Meta.fields))
    question_form = question_form or QuestionForm()
    context = {
        "heading": _("Evaluation: %(title)s") % {"title": localized(milestone, "title")},
        "trail": [(_("Evaluation plan"), _plan_url(programme))],
        "milestone": milestone,
        "questions": milestone.questions.all(),
        "form": form,
        "question_form": question_form,
    }
    return render_programme_page(
        request,
        programme,
        "edit",
        "programmes/edit/milestone.html",
        context,
        forms=[form, question_form],
        error=error,
    )


@login_required
@require_http_methods(["GET", "POST"])
def milestone_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, milestone = _programme_milestone(request, code, pk)
    if request.method == "GET":
        return _milestone_page(request, programme, milestone)
    form = MilestoneForm(request.POST)
    saved = submit(
        form, lambda data: save_milestone(request.user, programme, data, milestone=milestone)
    )
    if saved:
        return done(request, _("The evaluation was saved."), _milestone_url(programme, milestone))
    return _milestone_page(request, programme, milestone, form=form)


@login_required
@require_POST
def milestone_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, milestone = _programme_milestone(request, code, pk)
    return remove_or_explain(
        request,
        lambda: remove_milestone(request.user, milestone),
        message=_("The evaluation %(title)s was removed from the plan.")
        % {"title": localized(milestone, "title")},
        then=_plan_url(programme),
        page=lambda error: _plan_page(request, programme, error=error),
    )


@login_required
@require_POST
def question_add(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, milestone = _programme_milestone(request, code, pk)
    form = QuestionForm(request.POST)
    if submit(form, lambda data: save_question(request.user, milestone, data)):
        return done(request, _("The question was added."), _milestone_url(programme, milestone))
    return _milestone_page(request, programme, milestone, question_form=form)


def _programme_question(
    request: HttpRequest, code: str, pk: int
) -> tuple[Programme, EvaluationQuestion]:
    programme = programme_for(request, code, Action.EDIT_PROGRAMME)
    question = get_object_or_404(
        EvaluationQuestion.objects.select_related("milestone"),
        pk=pk,
        milestone__programme=programme,
    )
    return programme, question


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, question = _programme_question(request, code, pk)
    milestone = question.milestone
    form = QuestionForm(posted(request), initial=initial(question, QuestionForm.Meta.fields))
    saved = submit(
        form, lambda data: save_question(request.user, milestone, data, question=question)
    )
    if saved:
        return done(request, _("The question was saved."), _milestone_url(programme, milestone))
    context = {
        "heading": _("Edit question"),
        "trail": [
            (_("Evaluation plan"), _plan_url(programme)),
            (localized(milestone, "title"), _milestone_url(programme, milestone)),
        ],
        "form": form,
        "submit": _("Save"),
    }
    return render_programme_page(
        request, programme, "edit", "programmes/edit/item.html", context, forms=[form]
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    programme, question = _programme_question(request, code, pk)
    milestone = question.milestone
    return remove_or_explain(
        request,
        lambda: remove_question(request.user, question),
        message=_("The question was removed."),
        then=_milestone_url(programme, milestone),
        page=lambda error: _milestone_page(request, programme, milestone, error=error),
    )
