"""Read a mapping file (JSON-stat dimensions, a wide table's shape) from disk."""

import json
from pathlib import Path
from typing import Any

from omradeloft.indicators.importing.errors import SourceError


def parse_json(text: str) -> Any:
    """The JSON document in `text`; SourceError when it is not JSON, or nested deeper than
    Python's parser can follow (which it answers with a RecursionError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as e:
        raise SourceError(f"not valid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise SourceError("not usable JSON: it is nested too deeply") from None


def read_mapping(path: Path) -> dict[str, Any]:
    """The mapping in the UTF-8 JSON file at `path`, which must hold a JSON object."""
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise SourceError(f"cannot read the file: {e.strerror}") from None
    except UnicodeDecodeError:
        raise SourceError("the file is not UTF-8 text; save it as UTF-8") from None
    mapping = parse_json(text)
    if not isinstance(mapping, dict):
        raise SourceError(f"expected a JSON object, found {type(mapping).__name__}")
    return mapping
