"""Why a design cannot run or a run failed, in the reader's language.

A run stores its engine's messages as data (`EvaluationRun.problems`, see
`core.notices`); they are worded here through the evaluation catalogue. A run that failed
before problems were data shows its stored message as it was written.
"""

from omradeloft.core.message_catalogues import render_message, render_stored_message
from omradeloft.core.notices import Message
from omradeloft.evaluation.models import EvaluationRun
from omradeloft.evaluation.run_messages import CATALOGUE
from omradeloft.evaluation.spec import SpecError


def worded(error: SpecError) -> list[str]:
    """A spec's or a run's problems in the active language."""
    return [
        render_message(problem, CATALOGUE) if isinstance(problem, Message) else problem
        for problem in error.messages
    ]


def failure_lines(run: EvaluationRun) -> list[str]:
    if run.problems:
        return [render_stored_message(problem, CATALOGUE) for problem in run.problems]
    return run.message.splitlines()
