import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from omradeloft.core.commands import add_user_argument, user_from_option
from omradeloft.evaluation.access import may_use_unsuppressed
from omradeloft.evaluation.models import DataLevel
from omradeloft.evaluation.results import RunResult
from omradeloft.evaluation.runner import run
from omradeloft.evaluation.spec import SpecError, parse_spec


class Command(BaseCommand):
    help = "Estimate a programme's effect from a JSON spec and write the result as JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("spec", type=Path, help="the evaluation spec, JSON")
        parser.add_argument(
            "--output", type=Path, required=True, help="where to write the result (JSON)"
        )
        parser.add_argument(
            "--unsuppressed",
            action="store_true",
            help="read the values disclosure control suppresses too (default: the published "
            "values only); the result is then not for publication, and --user must be allowed "
            "to see unsuppressed statistics",
        )
        add_user_argument(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["spec"]
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as error:
            raise CommandError(f"{path}: {error}") from None
        user = user_from_option(options["user"])
        level = DataLevel.UNSUPPRESSED if options["unsuppressed"] else DataLevel.PUBLISHED
        if level == DataLevel.UNSUPPRESSED and user is not None and not may_use_unsuppressed(user):
            raise CommandError(
                f"--unsuppressed: {user.username} may not see unsuppressed statistics"
            )
        bar = tqdm(desc="placebos", unit="fit", disable=not sys.stderr.isatty())

        def progress(done: int, total: int) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        try:
            with bar:
                result = run(parse_spec(raw), level, progress=progress)
        except SpecError as error:
            for problem in error.problems:
                self.stderr.write(f"{path.name}: {problem}")
            raise CommandError(f"{path.name}: the spec cannot be evaluated") from None
        options["output"].write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
        self.stdout.write(self._summary(result))

    @classmethod
    def _summary(cls, result: RunResult) -> str:
        return cls._estimate(result) + cls._harmonised(result)

    @staticmethod
    def _harmonised(result: RunResult) -> str:
        if "harmonised_to" not in result:
            return ""
        count = result["harmonised_values"]
        return (
            f"; inputs harmonised to the areas in use on {result['harmonised_to']} "
            f"({count} harmonised value{'' if count == 1 else 's'})"
        )

    @staticmethod
    def _estimate(result: Mapping[str, Any]) -> str:
        if result["method"] == "synthetic_control":
            weights = sorted(result["weights"].items(), key=lambda item: -item[1])
            shown = ", ".join(f"{area} {weight:.3f}" for area, weight in weights if weight >= 0.005)
            p_value = result.get("p_value")
            tail = f"; placebo p = {p_value:.3f}" if p_value is not None else ""
            return (
                f"synthetic control for {', '.join(result['treated'])}: weights {shown}; "
                f"pre-period RMSPE {result['pre_rmspe']:.4g}, post {result['post_rmspe']:.4g}"
                f"{tail}"
            )
        low, high = result["ci"]
        return (
            f"{result['method']}: ATT {result['att']:.4g} (SE {result['se']:.4g}, "
            f"95 % CI {low:.4g} to {high:.4g})"
        )
