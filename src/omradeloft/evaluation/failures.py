"""Why a run failed, in the reader's language.

A run stores its engine's messages as data (`EvaluationRun.problems`, see
`core.notices`); they are worded here through the evaluation catalogue. A run that failed
before problems were data shows its stored message as it was written.
"""

from omradeloft.core.message_catalogues import render_stored_message
from omradeloft.evaluation.models import EvaluationRun
from omradeloft.evaluation.run_messages import CATALOGUE


def failure_lines(run: EvaluationRun) -> list[str]:
    if run.problems:
        return [render_stored_message(problem, CATALOGUE) for problem in run.problems]
    return run.message.splitlines()
