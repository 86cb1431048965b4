"""What every importer raises when a file has errors."""

from collections.abc import Sequence
from typing import Any


class ImportRefusedError(Exception):
    """The file has errors; nothing was written. `errors` lists them (perhaps only the first
    ones: `total` counts them all), each naming where, which field, and what is wrong."""

    def __init__(
        self, errors: Sequence[Any], total: int | None = None, *, grouped: bool = False
    ) -> None:
        self.errors = list(errors)
        self.total = len(self.errors) if total is None else total
        # Grouped: each listed error is a problem with every row that has it (core.problems).
        self.grouped = grouped
        if grouped:
            more = f" in {len(self.errors)} group(s) of rows with the same problem"
        elif self.total > len(self.errors):
            more = f" (the first {len(self.errors)} are listed)"
        else:
            more = ""
        super().__init__(f"{self.total} error(s){more}; nothing was imported")
