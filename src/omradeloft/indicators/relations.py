"""Additive relations in the catalogue: which count indicators add up to which.

The rules every write path checks (the catalogue file, the administration, the indicator
form) and the write path for relations. A relation is known by its total and the name of
its breakdown ("" when the total has only one); in catalogue files a component names it as
``TOTAL`` or ``TOTAL:BREAKDOWN``. Relations feed disclosure control, so every change to them
recomputes what may be published for the indicators they join.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.models import AdditiveRelation, Indicator, IndicatorKind

Key = tuple[str, str]  # (total's code, breakdown)
Relations = Mapping[Key, Collection[str]]  # -> the components' codes


@dataclass(frozen=True)
class Kind:
    """What the rules need to know of an indicator."""

    kind: str
    periodicity: str


@dataclass(frozen=True)
class Problem:
    """Something wrong with a relation, reported on the component that declares it."""

    code: str
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"


# --- reading and writing keys --------------------------------------------------------------


def format_key(key: Key) -> str:
    total, breakdown = key
    return f"{total}:{breakdown}" if breakdown else total


def parse_sums_to(raw: Any) -> tuple[list[Key], list[str]]:
    """The totals a catalogue row adds up to: a JSON list, or text separated by | (CSV),
    each entry TOTAL or TOTAL:BREAKDOWN. Returns the keys and what could not be read."""
    entries = raw if isinstance(raw, list) else str(raw or "").split("|")
    keys: list[Key] = []
    errors = []
    for entry in entries:
        text = str(entry).strip()
        if not text:
            continue
        total, _colon, breakdown = text.partition(":")
        if not total or slugify(total) != total or slugify(breakdown) != breakdown:
            errors.append(f"{text!r} is not TOTAL or TOTAL:BREAKDOWN")
        elif (total, breakdown) not in keys:
            keys.append((total, breakdown))
    return sorted(keys), errors


# --- the rules -----------------------------------------------------------------------------


def declared() -> dict[Key, set[str]]:
    """The relations in the catalogue now."""
    relations = AdditiveRelation.objects.select_related("total").prefetch_related("components")
    return {(r.total.code, r.breakdown): {c.code for c in r.components.all()} for r in relations}


def kinds() -> dict[str, Kind | None]:
    """Kind and periodicity of every indicator in the catalogue, by code."""
    values = Indicator.objects.values_list("code", "kind", "periodicity")
    return {code: Kind(kind, periodicity) for code, kind, periodicity in values}


def memberships(relations: Relations) -> dict[str, list[Key]]:
    """The relations each component is in."""
    found: dict[str, list[Key]] = {}
    for key, components in sorted(relations.items()):
        for code in components:
            found.setdefault(code, []).append(key)
    return found


def check(relations: Relations, known: Mapping[str, Kind | None]) -> list[Problem]:
    """Everything wrong with a whole set of relations.

    ``known`` holds every indicator there is, with its kind, or None when it is not known
    (a catalogue row that failed its own checks): such an indicator exists, but its kind
    and periodicity are not checked.
    """
    problems = []
    for (total, _breakdown), components in sorted(relations.items()):
        whole = known.get(total)
        for code in sorted(components):
            part = known.get(code)
            if total not in known:
                problems.append(Problem(code, _("unknown indicator '%(code)s'") % {"code": total}))
            elif code == total:
                problems.append(Problem(code, _("an indicator cannot add up to itself")))
            else:
                problems += _kind_problems(code, total, part, whole)
    for code, keys in sorted(memberships(relations).items()):
        by_total: dict[str, list[str]] = {}
        for total, breakdown in keys:
            by_total.setdefault(total, []).append(breakdown or "-")
        for total, breakdowns in sorted(by_total.items()):
            if len(breakdowns) > 1:
                message = _("it is in two breakdowns of %(total)s (%(breakdowns)s)") % {
                    "total": total,
                    "breakdowns": ", ".join(breakdowns),
                }
                problems.append(Problem(code, message))
    circle = _circle(relations)
    if circle:
        message = _("the relations go round in a circle: %(path)s") % {"path": " → ".join(circle)}
        problems.append(Problem(circle[0], message))
    return problems


def _kind_problems(code: str, total: str, part: Kind | None, whole: Kind | None) -> list[Problem]:
    problems = []
    if whole is not None and whole.kind != IndicatorKind.COUNT:
        message = _("the total %(total)s is not a count (it is a %(kind)s)")
        problems.append(Problem(code, message % {"total": total, "kind": whole.kind}))
    if part is not None and part.kind != IndicatorKind.COUNT:
        message = _("only counts add up to a total, and %(code)s is a %(kind)s")
        problems.append(Problem(code, message % {"code": code, "kind": part.kind}))
    if part is not None and whole is not None and part.periodicity != whole.periodicity:
        message = _(
            "the periodicity %(periodicity)s differs from the total %(total)s's (%(expected)s)"
        )
        values = {"periodicity": part.periodicity, "total": total, "expected": whole.periodicity}
        problems.append(Problem(code, message % values))
    return problems


def _circle(relations: Relations) -> list[str]:
    """A cycle of totals and components (a path that ends where it starts), or []."""
    below: dict[str, set[str]] = {}
    for (total, _breakdown), components in relations.items():
        below.setdefault(total, set()).update(c for c in components if c != total)
    finished: set[str] = set()

    def visit(code: str, path: list[str]) -> list[str]:
        if code in path:
            return [*path[path.index(code) :], code]
        if code in finished:
            return []
        for component in sorted(below.get(code, ())):
            found = visit(component, [*path, code])
            if found:
                return found
        finished.add(code)
        return []

    for start in sorted(below):
        found = visit(start, [])
        if found:
            return found
    return []


def refuse_breaking_change(code: str, kind: str, periodicity: str) -> None:
    """Raise ValidationError if the indicator ``code``, given this kind and periodicity, would
    break one of its additive relations."""
    relations = declared()
    joined = {member for (total, _), codes in relations.items() for member in (total, *codes)}
    if code not in joined:
        return
    problems = check(relations, kinds() | {code: Kind(kind, periodicity)})
    if problems:
        raise ValidationError([str(problem) for problem in problems])


# --- writing -------------------------------------------------------------------------------


def apply(relations: Relations) -> set[int]:
    """Make the stored relations exactly these, inside the caller's transaction and audit
    context, after `check`; returns the ids of the indicators whose relations changed."""
    current = {
        (r.total.code, r.breakdown): r
        for r in AdditiveRelation.objects.select_related("total").prefetch_related("components")
    }
    codes = {total for total, _ in relations} | {c for cs in relations.values() for c in cs}
    indicators = {i.code: i for i in Indicator.objects.filter(code__in=codes)}
    touched: set[int] = set()
    for key in sorted(set(current) | set(relations)):
        wanted = set(relations.get(key, ()))
        relation = current.get(key)
        have = {c.code: c for c in relation.components.all()} if relation else {}
        if wanted == set(have):
            continue
        touched |= {indicators[code].pk for code in wanted} | {c.pk for c in have.values()}
        if not wanted:
            assert relation is not None  # nothing wanted and something there: it differs
            touched.add(relation.total_id)
            relation.delete()
            continue
        if relation is None:
            relation = AdditiveRelation.objects.create(total=indicators[key[0]], breakdown=key[1])
        touched.add(relation.total_id)
        relation.components.set([indicators[code] for code in sorted(wanted)])
    return touched


def problems_with(
    relation: AdditiveRelation, components: Iterable[Indicator], known: Mapping[str, Kind | None]
) -> list[Problem]:
    """What would be wrong with the catalogue's relations after saving ``relation`` (new or
    changed, with its total and breakdown set) with these components."""
    relations = declared()
    if relation.pk:
        stored = AdditiveRelation.objects.select_related("total").get(pk=relation.pk)
        relations.pop((stored.total.code, stored.breakdown), None)
    relations[(relation.total.code, relation.breakdown)] = {c.code for c in components}
    return check(relations, known)


def save_relation(
    actor: User | None, relation: AdditiveRelation, components: Iterable[Indicator]
) -> AdditiveRelation:
    """Create or change a relation (its total and breakdown set) with these components, then
    recompute disclosure control for every indicator it joined before or joins now."""
    require(actor, Action.MANAGE_STATISTICS)
    components = list(components)
    problems = problems_with(relation, components, kinds())
    if problems:
        raise ValidationError([str(problem) for problem in problems])
    with acting_as(actor, current_actor().source), transaction.atomic():
        before: set[int] = set()
        if relation.pk:
            stored = AdditiveRelation.objects.get(pk=relation.pk)
            before = {stored.total_id, *stored.components.values_list("pk", flat=True)}
        relation.full_clean()
        relation.save()
        relation.components.set(components)
        refresh_disclosure(before | {relation.total_id, *(c.pk for c in components)})
    return relation


def delete_relation(actor: User | None, relation: AdditiveRelation) -> None:
    """Remove a relation and recompute disclosure control for the indicators it joined."""
    require(actor, Action.MANAGE_STATISTICS)
    with acting_as(actor, current_actor().source), transaction.atomic():
        joined = {relation.total_id, *relation.components.values_list("pk", flat=True)}
        relation.delete()
        refresh_disclosure(joined)
