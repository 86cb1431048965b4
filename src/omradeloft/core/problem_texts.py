"""The words of `core.problems` (places and the lines of a problem list) in the reader's
language, and a problem line worded with an app's catalogue."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue, render_message
from omradeloft.core.notices import Message
from omradeloft.core.problems import ProblemLine

CATALOGUE: Catalogue = {
    "place.row": _("row %(row)s"),
    "place.cell": _("cell %(cell)s"),
    "place.zero": _("a zero filled in for %(row)s"),
    "place.rows": _("rows %(rows)s"),
    "place.sheet_row": _("sheet %(sheet)s, row %(row)s"),
    "place.sheet_rows": _("sheet %(sheet)s, rows %(rows)s"),
    "place.row_column": _("row %(row)s, column %(column)s"),
    "place.sheet_row_column": _("sheet %(sheet)s, row %(row)s, column %(column)s"),
    "problem.group": _("%(where)s: %(column)s: %(what)s (%(rows)s rows)"),
}


def render_line(line: ProblemLine, catalogue: Catalogue) -> str:
    """`line` in the active language; `catalogue` words its problems (and should include
    this module's CATALOGUE for its places)."""
    return line.words(lambda message: render_message(message, catalogue))


def render_problem(problem: object, catalogue: Catalogue) -> str:
    """An error of a refused import in the active language: a problem line, a message, or
    plain text (from a reader that words its errors itself, or stored before errors were
    messages), shown as it is."""
    if isinstance(problem, ProblemLine):
        return render_line(problem, catalogue)
    if isinstance(problem, Message):
        return render_message(problem, catalogue)
    return str(problem)
