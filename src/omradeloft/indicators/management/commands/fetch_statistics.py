import json
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from omradeloft.accounts.permissions import Action, require
from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.indicators.importing.fetch import FetchError, build_request, fetch
from omradeloft.indicators.importing.limits import ReadLimits
from omradeloft.indicators.importing.mapping_file import read_mapping
from omradeloft.indicators.importing.sources import SourceError


class Command(BaseCommand):
    help = (
        "Fetch a JSON-stat table from a PX-Web API (SSB, Oslo's statistics bank), keep it in "
        "var/fetched/ and import it like import-observations."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "source", metavar="URL-or-TABLE", help="an SSB table number (07459) or a PX-Web URL"
        )
        parser.add_argument(
            "--mapping", type=Path, required=True, help="JSON-stat dimension mapping file"
        )
        parser.add_argument(
            "--query", type=Path, help='the query (default: the mapping\'s "query")'
        )
        parser.add_argument("--dry-run", action="store_true", help="check only, write nothing")
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        user = user_from_option(options["user"])
        if user is not None:
            try:  # before asking anyone's server for anything
                require(user, Action.MANAGE_STATISTICS)
            except PermissionDenied as e:
                raise CommandError(str(e)) from None
        mapping_path = Path(options["mapping"])
        try:
            mapping = read_mapping(mapping_path)
        except SourceError as e:
            raise CommandError(f"--mapping {mapping_path}: {e}") from None
        query = _read_json(Path(options["query"]), "--query") if options["query"] else None
        if query is None:
            query = mapping.get("query")
        try:
            request = build_request(options["source"], query)
            fetched = fetch(
                request,
                Path(settings.VAR_DIR) / "fetched",
                timeout=settings.STATISTICS_FETCH_TIMEOUT,
                max_bytes=ReadLimits.command_line().archive.member_bytes,
            )
        except FetchError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(
            f"Fetched table {fetched.table} (HTTP {fetched.status}) from {fetched.url}, "
            f"saved as {fetched.path} (SHA-256 {fetched.sha256[:12]}…)"
        )
        # The saved file goes through the ordinary import, whose refusals name that file.
        call_command(
            "import_observations",
            str(fetched.path),
            format="jsonstat",
            mapping=mapping_path,
            dry_run=options["dry_run"],
            user=options["user"],
            stdout=self.stdout,
            stderr=self.stderr,
        )


def _read_json(path: Path, option: str) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as e:
        raise CommandError(f"{option} {path}: {e}") from None
