"""Rule reasons stored as text ("jobless 45.0 >= 40") become data, so that pages can hold
back a value that disclosure control withholds. Text that cannot be read back is kept as
{"kind": "text"}: pages hide its numbers from everyone outside the analyst role.

The parsing lives here rather than in the app, because it describes the old text format
that this migration alone has to know.
"""

import re

from django.db import migrations, models

import omradeloft.targeting.models

NUMBER = r"-?\d[\d,]*(?:\.\d+)?(?:e[+-]?\d+)?"
PATTERNS = [
    ("rank", re.compile(r"rank (\d+) of the top (\d+)")),
    ("decile", re.compile(r"decile (\d+) \(rank (\d+)\)")),
    ("score", re.compile(rf"score ({NUMBER}) >= ({NUMBER})")),
    ("criterion", re.compile(rf"(\S+) ({NUMBER}) (>=|<=) ({NUMBER})")),
    ("population", re.compile(rf"(\S+) ({NUMBER})")),
]


def _number(text):
    return float(text.replace(",", ""))


def parse(text):
    """The structured form of one reason as `select_by_criteria` and `select_by_index`
    wrote it before; "suppressed" is None: whether the value was withheld is not known."""
    for kind, pattern in PATTERNS:
        found = pattern.fullmatch(text.strip())
        if found is None:
            continue
        parts = found.groups()
        if kind == "rank":
            return {"kind": kind, "rank": int(parts[0]), "top": int(parts[1])}
        if kind == "decile":
            return {"kind": kind, "decile": int(parts[0]), "rank": int(parts[1])}
        if kind == "score":
            return {
                "kind": kind,
                "score": _number(parts[0]),
                "bound": "at_least",
                "limit": _number(parts[1]),
            }
        if kind == "criterion":
            return {
                "kind": kind,
                "indicator": parts[0],
                "value": _number(parts[1]),
                "bound": "at_least" if parts[2] == ">=" else "at_most",
                "limit": _number(parts[3]),
                "suppressed": None,
            }
        return {
            "kind": kind,
            "indicator": parts[0],
            "value": _number(parts[1]),
            "bound": None,
            "limit": None,
            "suppressed": None,
        }
    return {"kind": "text", "text": text}


def unparse(reason):
    """The old text of a structured reason, for migrating back."""
    kind = reason.get("kind")
    if kind == "rank":
        return f"rank {reason['rank']} of the top {reason['top']}"
    if kind == "decile":
        return f"decile {reason['decile']} (rank {reason['rank']})"
    if kind == "score":
        return f"score {reason['score']:.1f} >= {reason['limit']:g}"
    if kind == "criterion":
        sign = ">=" if reason["bound"] == "at_least" else "<="
        return f"{reason['indicator']} {reason['value']:.1f} {sign} {reason['limit']:g}"
    if kind == "population":
        return f"{reason['indicator']} {reason['value']:,.0f}"
    return str(reason.get("text", reason))


def forwards(apps, schema_editor):
    ClassifiedArea = apps.get_model("targeting", "ClassifiedArea")
    for item in ClassifiedArea.objects.all().iterator():
        if any(isinstance(reason, str) for reason in item.reasons):
            item.reasons = [
                parse(reason) if isinstance(reason, str) else reason for reason in item.reasons
            ]
            item.save(update_fields=["reasons"])


def backwards(apps, schema_editor):
    ClassifiedArea = apps.get_model("targeting", "ClassifiedArea")
    for item in ClassifiedArea.objects.all().iterator():
        item.reasons = [
            reason if isinstance(reason, str) else unparse(reason) for reason in item.reasons
        ]
        item.save(update_fields=["reasons"])


class Migration(migrations.Migration):
    dependencies = [("targeting", "0003_index_score_disclosure")]

    operations = [
        migrations.AlterField(
            model_name="classifiedarea",
            name="reasons",
            field=models.JSONField(
                help_text="Why the rule selected the area: each reason with the rank, score or value and the bound it met.",
                validators=[omradeloft.targeting.models.validate_reasons],
                verbose_name="reasons",
            ),
        ),
        migrations.RunPython(forwards, backwards),
    ]
