"""Shared pieces for management commands: acting as a named user and a progress bar."""

import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError, CommandParser
from tqdm import tqdm


def add_user_argument(parser: CommandParser) -> None:
    parser.add_argument(
        "--user",
        metavar="USERNAME",
        help="act as this user: their permissions are checked and the audit log names them "
        "(default: the system)",
    )


def user_from_option(username: str | None) -> Any:
    if not username:
        return None
    try:
        return get_user_model().objects.get(username=username)
    except get_user_model().DoesNotExist:
        raise CommandError(f"--user: there is no user called {username!r}") from None


def progress_bar(total: int, description: str) -> tqdm:
    """A bar on stderr when it is a terminal; silent otherwise (logs, tests)."""
    return tqdm(total=total, desc=description, unit="area", disable=not sys.stderr.isatty())
