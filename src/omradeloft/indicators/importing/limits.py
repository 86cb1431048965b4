"""How much reading one statistics file may cost: rows, archive sizes and, on the web, time.

The command line reads what an operator chose, up to IMPORT_MAX_ROWS; a web request reads an
upload from anyone with the right to import, so it gets fewer rows (IMPORT_WEB_MAX_ROWS) and a
time budget (IMPORT_WEB_SECONDS). Both check archives against the same UPLOAD_MAX_* limits.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omradeloft.core.archives import ArchiveLimits
from omradeloft.indicators.importing.errors import SourceError


@dataclass(frozen=True)
class ReadLimits:
    rows: int
    seconds: int | None  # None: no time budget
    archive: ArchiveLimits
    advice: str  # what to do with a file that is too large

    @classmethod
    def command_line(cls) -> "ReadLimits":
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            seconds=None,
            archive=ArchiveLimits.from_settings(),
            advice=_("Split it into smaller files, or raise IMPORT_MAX_ROWS."),
        )

    @classmethod
    def web(cls) -> "ReadLimits":
        return cls(
            rows=settings.IMPORT_WEB_MAX_ROWS,
            seconds=settings.IMPORT_WEB_SECONDS,
            archive=ArchiveLimits.from_settings(),
            advice=_(
                "Split it into smaller files, or import it on the command line "
                "(omradeloft import-observations)."
            ),
        )

    def refusal(self, problem: str) -> SourceError:
        return SourceError(f"{problem} {self.advice}")

    def declared_too_long(self, rows: int, where: str) -> SourceError:
        """The error for a file whose own header says it has more rows than the limit."""
        return self.refusal(
            _("%(where)s says it has %(rows)s rows; at most %(limit)s can be read here.")
            % {"where": where, "rows": _number(rows), "limit": _number(self.rows)}
        )


@dataclass
class RowBudget:
    """Counts the rows a reader yields and stops it at the row limit or the deadline."""

    limits: ReadLimits
    rows: int = 0
    started: float = field(default_factory=time.monotonic)

    def check_declared(self, rows: int, where: str) -> None:
        """Refuse a file whose own header says it is too long, before reading its rows."""
        if rows > self.limits.rows:
            raise self.limits.declared_too_long(rows, where)

    def add(self, rows: int, where: str) -> None:
        self.rows += rows
        if self.rows > self.limits.rows:
            raise self.limits.refusal(
                _("%(where)s has more than %(limit)s rows; at most %(limit)s can be read here.")
                % {"where": where, "limit": _number(self.limits.rows)}
            )
        seconds = self.limits.seconds
        if seconds is not None and time.monotonic() - self.started > seconds:
            raise self.limits.refusal(
                ngettext(
                    "Reading %(where)s was stopped after %(seconds)s second, at row %(row)s: "
                    "it takes longer than a page may wait.",
                    "Reading %(where)s was stopped after %(seconds)s seconds, at row %(row)s: "
                    "it takes longer than a page may wait.",
                    seconds,
                )
                % {"where": where, "seconds": _number(seconds), "row": _number(self.rows)}
            )


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)
