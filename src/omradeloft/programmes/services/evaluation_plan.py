"""The write path for the evaluation plan: milestones and the questions each answers."""

from collections.abc import Mapping
from typing import Any

from omradeloft.accounts.models import User
from omradeloft.programmes.models import EvaluationMilestone, EvaluationQuestion, Programme
from omradeloft.programmes.services.programme import apply, editing

MILESTONE_FIELDS = ("kind", "title", "title_en", "due", "responsible", "description")
QUESTION_FIELDS = ("question", "question_en", "answered_by", "order")


def save_milestone(
    actor: User | None,
    programme: Programme,
    data: Mapping[str, Any],
    *,
    milestone: EvaluationMilestone | None = None,
) -> EvaluationMilestone:
    """Add an evaluation to the plan (`milestone` None) or change one."""
    with editing(actor, programme):
        if milestone is None:
            record = EvaluationMilestone(programme=programme)
        else:
            record = EvaluationMilestone.objects.select_for_update().get(
                pk=milestone.pk, programme=programme
            )
        apply(record, data, MILESTONE_FIELDS)
        record.full_clean()
        record.save()
    return record


def remove_milestone(actor: User | None, milestone: EvaluationMilestone) -> None:
    """Remove an evaluation from the plan, with its questions."""
    with editing(actor, milestone.programme):
        milestone.delete()


def save_question(
    actor: User | None,
    milestone: EvaluationMilestone,
    data: Mapping[str, Any],
    *,
    question: EvaluationQuestion | None = None,
) -> EvaluationQuestion:
    """Add a question to an evaluation (`question` None) or change one."""
    with editing(actor, milestone.programme):
        if question is None:
            record = EvaluationQuestion(milestone=milestone)
        else:
            record = EvaluationQuestion.objects.select_for_update().get(
                pk=question.pk, milestone=milestone
            )
        apply(record, data, QUESTION_FIELDS)
        record.full_clean()
        record.save()
    return record


def remove_question(actor: User | None, question: EvaluationQuestion) -> None:
    with editing(actor, question.milestone.programme):
        question.delete()
