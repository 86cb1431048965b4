"""The project's own source, for tests that hold a rule over every module."""

import re
from pathlib import Path

SOURCE = Path(__file__).resolve().parent.parent / "src" / "omradeloft"


def modules_matching(pattern: str, *, except_in: str) -> list[str]:
    """Modules (relative paths) whose text matches `pattern`, leaving out the file named
    `except_in`, the one place allowed to."""
    found = re.compile(pattern)
    return [
        str(path.relative_to(SOURCE))
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != except_in and found.search(path.read_text(encoding="utf-8"))
    ]
