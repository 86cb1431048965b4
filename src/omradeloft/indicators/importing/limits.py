"""How much reading one statistics file may cost: rows, archive sizes and, on the web, time.

The command line reads what an operator chose, up to IMPORT_MAX_ROWS; a web request reads an
upload from anyone with the right to import, so it gets fewer rows (IMPORT_WEB_MAX_ROWS) and a
time budget (IMPORT_WEB_SECONDS). Both check archives against the same UPLOAD_MAX_* limits.
"""

import time
from dataclasses import dataclass, field

from django.conf import settings

from omradeloft.core.archives import ArchiveLimits
from omradeloft.core.notices import Count, Message
from omradeloft.indicators.importing.errors import WORDS, SourceError


@dataclass(frozen=True)
class ReadLimits:
    rows: int
    seconds: int | None  # None: no time budget
    archive: ArchiveLimits
    advice: Message  # what to do with a file that is too large

    @classmethod
    def command_line(cls) -> "ReadLimits":
        return cls(
            rows=settings.IMPORT_MAX_ROWS,
            seconds=None,
            archive=ArchiveLimits.from_settings(),
            advice=WORDS("limit.advice_command"),
        )

    @classmethod
    def web(cls) -> "ReadLimits":
        return cls(
            rows=settings.IMPORT_WEB_MAX_ROWS,
            seconds=settings.IMPORT_WEB_SECONDS,
            archive=ArchiveLimits.from_settings(),
            advice=WORDS("limit.advice_web"),
        )

    def declared_too_long(self, rows: int, where: Message) -> SourceError:
        """The error for a file whose own header says it has more rows than the limit."""
        return SourceError(
            WORDS(
                "limit.declared",
                where=where,
                rows=Count(rows),
                limit=Count(self.rows),
                advice=self.advice,
            )
        )


@dataclass
class RowBudget:
    """Counts the rows a reader yields and stops it at the row limit or the deadline."""

    limits: ReadLimits
    rows: int = 0
    started: float = field(default_factory=time.monotonic)

    def check_declared(self, rows: int, where: Message) -> None:
        """Refuse a file whose own header says it is too long, before reading its rows."""
        if rows > self.limits.rows:
            raise self.limits.declared_too_long(rows, where)

    def add(self, rows: int, where: Message) -> None:
        self.rows += rows
        advice = self.limits.advice
        if self.rows > self.limits.rows:
            limit = Count(self.limits.rows)
            raise SourceError(WORDS("limit.rows", where=where, limit=limit, advice=advice))
        seconds = self.limits.seconds
        if seconds is not None and time.monotonic() - self.started > seconds:
            raise SourceError(
                WORDS(
                    "limit.slow_one" if seconds == 1 else "limit.slow",
                    where=where,
                    seconds=Count(seconds),
                    row=Count(self.rows),
                    advice=advice,
                )
            )
