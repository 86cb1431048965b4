"""The one write path for the indicator catalogue: import (all or nothing), export, edit."""

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.text import slugify

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.core.encodings import EncodingError
from omradeloft.core.file_texts import file_error_text
from omradeloft.core.imports import ImportRefusedError
from omradeloft.core.tabular import TableReadError, csv_rows, csv_text, decode
from omradeloft.indicators import relations
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.models import (
    RESERVED_INDICATOR_CODES,
    Aggregation,
    Indicator,
    IndicatorKind,
    Periodicity,
    Polarity,
    SeriesBreak,
    Topic,
)
from omradeloft.indicators.units import DEFAULT_AGGREGATION, parse_unit

REQUIRED = ("code", "name", "name_en", "polarity")
# A row states its unit by `kind` (+ `scale`, `unit_label`, `unit_label_en`) or by the old
# `unit` code; a file needs one of the two columns.
UNIT_COLUMNS = ("kind", "scale", "unit_label", "unit_label_en")
# file column -> model field
OPTIONAL = {
    "definition": "definition",
    "definition_en": "definition_en",
    "numerator": "numerator_definition",
    "denominator": "denominator_definition",
    "aggregation": "aggregation",
    "source": "source",
    "periodicity": "periodicity",
    "suppression_threshold": "suppression_threshold",
    "decimals": "decimals",
    "synthetic": "is_synthetic",
}
CHOICES = {
    "polarity": Polarity.values,
    "aggregation": Aggregation.values,
    "periodicity": Periodicity.values,
}


class CatalogueError(ImportRefusedError):
    """The catalogue file has errors; nothing was written."""


@dataclass
class CatalogueReport:
    created: list[str] = field(default_factory=list)
    updated: dict[str, list[str]] = field(default_factory=dict)
    unchanged: int = 0
    topics_created: list[str] = field(default_factory=list)
    dry_run: bool = False


@dataclass
class _Row:
    location: str
    values: dict[str, Any]
    topics: list[str] | None  # None: the file does not say
    breaks: list[dict[str, str]] | None  # likewise
    sums_to: list[relations.Key] | None  # likewise


def _split_topics(raw: Any) -> list[str]:
    if isinstance(raw, list):
        return [str(t).strip() for t in raw if str(t).strip()]
    return [t.strip() for t in str(raw or "").replace(";", "|").split("|") if t.strip()]


def _check(location: str, raw: dict[str, Any], errors: list[str]) -> _Row | None:
    start = len(errors)

    def error(column: str, message: str) -> None:
        code = raw.get("code") or ""
        errors.append(f"{location}{f' (code {code})' if code else ''}: {column}: {message}")

    values: dict[str, Any] = {}
    for column in REQUIRED:
        text = str(raw.get(column) if raw.get(column) is not None else "").strip()
        if not text and column != "name_en":
            error(column, "missing")
        values[column] = text
    if values["code"] and slugify(values["code"]) != values["code"]:
        error("code", "use lower-case letters, digits, hyphens and underscores only")
    if values["code"] in RESERVED_INDICATOR_CODES:
        error("code", f"{values['code']!r} is the address of one of the catalogue's own pages")
    unit, problems = parse_unit(raw)
    for column, message in problems:
        error(column, message)
    if unit is not None:
        values |= unit.as_fields()
    for column, model_field in OPTIONAL.items():
        if column in raw and raw[column] not in (None, ""):
            values[model_field] = str(raw[column]).strip()
    for name, allowed in CHOICES.items():
        if values.get(name) and values[name] not in allowed:
            error(name, f"{values[name]!r} is not one of {', '.join(allowed)}")
    if "is_synthetic" in values:
        flag = str(values["is_synthetic"]).strip().lower()
        if flag not in {"true", "false", "1", "0", "yes", "no"}:
            error("synthetic", f"{values['is_synthetic']!r} is not true/false")
        values["is_synthetic"] = flag in {"true", "1", "yes"}
    for name, upper in (("suppression_threshold", 1000), ("decimals", 6)):
        if name in values:
            try:
                number = int(values[name])
                if not 0 <= number <= upper:
                    raise ValueError
                values[name] = number
            except ValueError:
                error(name, f"{values[name]!r} is not a whole number from 0 to {upper}")
    breaks = _check_breaks(raw["breaks"], error) if "breaks" in raw else None
    sums_to = None
    if "sums_to" in raw:
        sums_to, sum_problems = relations.parse_sums_to(raw["sums_to"])
        for problem in sum_problems:
            error("sums_to", problem)
    if len(errors) > start:
        return None
    topics = _split_topics(raw["topics"]) if "topics" in raw else None
    return _Row(location, values, topics, breaks, sums_to)


def _check_breaks(raw: Any, error: Any) -> list[dict[str, str]]:
    """Breaks in the series (JSON only): [{"period": "2015", "note": "...", "note_en": "..."}]."""
    if not isinstance(raw, list):
        error("breaks", 'expected a list of {"period", "note"} objects')
        return []
    breaks = []
    for i, item in enumerate(raw, 1):
        item = item if isinstance(item, dict) else {}
        period, note = str(item.get("period", "")).strip(), str(item.get("note", "")).strip()
        if not period or not note:
            error("breaks", f"break {i} needs both a period and a note")
            continue
        breaks.append({"period": period, "note": note, "note_en": str(item.get("note_en", ""))})
    return sorted(breaks, key=lambda b: b["period"])


def _csv_rows(text: str) -> list[tuple[str, dict[str, str]]]:
    columns, rows = csv_rows(text)
    missing = [c for c in REQUIRED if c not in columns]
    if "kind" not in columns and "unit" not in columns:
        missing.append("kind (or the old unit)")
    if missing:
        expected = ",".join([*REQUIRED, *UNIT_COLUMNS])
        raise CatalogueError(
            [f"header: missing column(s) {', '.join(missing)}; expected {expected}"]
        )
    return [(f"row {line}", row) for line, row in rows]


def read_catalogue(data: bytes | str, file_format: str) -> tuple[list[dict], list[tuple]]:
    """Rows (location, raw dict) and topic definitions from a CSV or JSON catalogue file."""
    try:
        text = decode(data)
        if file_format == "csv":
            return [], _csv_rows(text)
        document = json.loads(text)
    except (EncodingError, TableReadError) as e:
        raise CatalogueError([file_error_text(e)]) from None
    except json.JSONDecodeError as e:
        raise CatalogueError([f"not valid JSON: {e.msg} at line {e.lineno}"]) from None
    except RecursionError:
        raise CatalogueError(["not usable JSON: it is nested too deeply"]) from None
    if isinstance(document, list):
        document = {"indicators": document}
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise CatalogueError(['expected a list of indicators or {"indicators": [...]}'])
    topics = document.get("topics", [])
    items = document["indicators"]
    rows = [
        (f"indicator {i}", item if isinstance(item, dict) else {})
        for i, item in enumerate(items, 1)
    ]
    return topics, rows


def import_catalogue(
    data: bytes | str, file_format: str, *, actor: User | None, dry_run: bool = False
) -> CatalogueReport:
    """Create and update indicators (and topics, and the additive relations the `sums_to`
    column declares) from a catalogue file, all or nothing."""
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    topic_defs, raw_rows = read_catalogue(data, file_format)
    errors: list[str] = []
    new_topics: dict[str, dict[str, str]] = {}
    for i, topic in enumerate(topic_defs, 1):
        code, name = str(topic.get("code", "")).strip(), str(topic.get("name", "")).strip()
        if not code or not name:
            errors.append(f"topic {i}: code and name are both required")
        else:
            new_topics[code] = {"name": name, "name_en": str(topic.get("name_en", "")).strip()}
    checked = [_check(location, raw, errors) for location, raw in raw_rows]
    rows = [row for row in checked if row is not None]
    seen: dict[str, str] = {}
    for row in rows:
        code = row.values["code"]
        if code in seen:
            errors.append(f"{row.location} (code {code}): code: duplicate, also in {seen[code]}")
        seen.setdefault(code, row.location)
    known_topics = set(Topic.objects.values_list("code", flat=True)) | set(new_topics)
    for row in rows:
        unknown = [t for t in row.topics or [] if t not in known_topics]
        if unknown:
            errors.append(
                f"{row.location} (code {row.values['code']}): topics: unknown topic(s) "
                f"{', '.join(unknown)}; known: {', '.join(sorted(known_topics)) or 'none'}"
            )
    declared = relations.declared()
    planned = _planned_relations(declared, rows)
    errors += _relation_errors(planned, rows, raw_rows)
    if errors:
        raise CatalogueError(errors)

    existing = {
        i.code: i
        for i in Indicator.objects.filter(code__in=seen).prefetch_related("topics", "breaks")
    }
    report = CatalogueReport(dry_run=dry_run)
    existing_topics = set(Topic.objects.filter(code__in=new_topics).values_list("code", flat=True))
    report.topics_created = [c for c in new_topics if c not in existing_topics]
    plans: list[tuple[_Row, Indicator | None, list[str]]] = []
    sums_to = relations.memberships(declared)
    for row in rows:
        indicator = existing.get(row.values["code"])
        if indicator is None:
            kind = row.values["kind"]
            row.values.setdefault("aggregation", DEFAULT_AGGREGATION.get(kind, Aggregation.NONE))
            if kind == IndicatorKind.COUNT:
                row.values.setdefault("decimals", 0)
            report.created.append(row.values["code"])
            plans.append((row, None, []))
            continue
        changed = [k for k, v in row.values.items() if getattr(indicator, k) != v]
        if row.topics is not None and sorted(row.topics) != sorted(
            t.code for t in indicator.topics.all()
        ):
            changed.append("topics")
        if row.breaks is not None and row.breaks != _breaks_of(indicator):
            changed.append("breaks")
        if row.sums_to is not None and row.sums_to != sums_to.get(row.values["code"], []):
            changed.append("sums_to")
        if changed:
            report.updated[row.values["code"]] = changed
        else:
            report.unchanged += 1
        plans.append((row, indicator, changed))
    if dry_run:
        return report

    with acting_as(actor, current_actor().source), transaction.atomic():
        for code, names in new_topics.items():
            Topic.objects.update_or_create(code=code, defaults=names)
        topics = {t.code: t for t in Topic.objects.all()}
        for row, indicator, changed in plans:
            if indicator is not None and not changed:
                continue
            indicator = indicator or Indicator(code=row.values["code"])
            for name, value in row.values.items():
                setattr(indicator, name, value)
            indicator.full_clean()
            indicator.save()
            if row.topics is not None:
                indicator.topics.set([topics[t] for t in row.topics])
            if row.breaks is not None:
                indicator.breaks.exclude(period__in=[b["period"] for b in row.breaks]).delete()
                for item in row.breaks:
                    SeriesBreak.objects.update_or_create(
                        indicator=indicator,
                        period=item["period"],
                        defaults={"note": item["note"], "note_en": item["note_en"]},
                    )
        touched = relations.apply(planned)
        if touched:
            refresh_disclosure(touched)
    return report


def _planned_relations(
    declared: dict[relations.Key, set[str]], rows: list[_Row]
) -> dict[relations.Key, set[str]]:
    """The catalogue's relations after the file: a row that says what it adds up to
    replaces what the catalogue said of it; relations left without components go."""
    planned = {key: set(components) for key, components in declared.items()}
    for row in rows:
        if row.sums_to is None:
            continue
        for components in planned.values():
            components.discard(row.values["code"])
        for key in row.sums_to:
            planned.setdefault(key, set()).add(row.values["code"])
    return {key: components for key, components in planned.items() if components}


def _relation_errors(
    planned: dict[relations.Key, set[str]], rows: list[_Row], raw_rows: list[tuple]
) -> list[str]:
    """The relations' problems, on the rows of the indicators they concern."""
    known: dict[str, relations.Kind | None] = relations.kinds()
    for _location, raw in raw_rows:  # rows that failed their own checks still exist
        known.setdefault(str(raw.get("code") or "").strip(), None)
    for row in rows:
        stored = known.get(row.values["code"])
        known[row.values["code"]] = relations.Kind(
            row.values["kind"],
            row.values.get("periodicity", stored.periodicity if stored else Periodicity.ANNUAL),
        )
    location = {row.values["code"]: row.location for row in rows}
    # File errors are in English, like the rest of the importer's.
    with translation.override("en"):
        problems = relations.check(planned, known)
    return [
        f"{location.get(p.code, 'catalogue')} (code {p.code}): sums_to: {p.message}"
        for p in problems
    ]


def _breaks_of(indicator: Indicator) -> list[dict[str, str]]:
    return [
        {"period": b.period, "note": b.note, "note_en": b.note_en}
        for b in sorted(indicator.breaks.all(), key=lambda b: b.period)
    ]


def _export_row(indicator: Indicator, sums_to: dict[str, list[relations.Key]]) -> dict[str, Any]:
    row: dict[str, Any] = {c: getattr(indicator, c) for c in REQUIRED}
    row |= {
        "kind": indicator.kind,
        "scale": indicator.rate_scale,
        "unit_label": indicator.unit_label,
        "unit_label_en": indicator.unit_label_en,
    }
    for column, model_field in OPTIONAL.items():
        row[column] = getattr(indicator, model_field)
    row["topics"] = [t.code for t in indicator.topics.all()]
    row["breaks"] = _breaks_of(indicator)
    row["sums_to"] = [relations.format_key(key) for key in sums_to.get(indicator.code, [])]
    return row


def export_catalogue(file_format: str) -> str:
    """The whole catalogue as CSV or JSON, in the shape `import_catalogue` reads."""
    indicators = Indicator.objects.prefetch_related("topics", "breaks").order_by("code")
    sums_to = relations.memberships(relations.declared())
    rows = [_export_row(i, sums_to) for i in indicators]
    if file_format == "json":
        topics = [
            {"code": t.code, "name": t.name, "name_en": t.name_en} for t in Topic.objects.all()
        ]
        return json.dumps({"topics": topics, "indicators": rows}, ensure_ascii=False, indent=2)
    # Breaks travel in the JSON form only.
    columns = [*REQUIRED, *UNIT_COLUMNS, *OPTIONAL, "topics", "sums_to"]
    return csv_text(
        columns,
        [
            [*(row[c] for c in columns[:-2]), "|".join(row["topics"]), "|".join(row["sums_to"])]
            for row in rows
        ],
    )
