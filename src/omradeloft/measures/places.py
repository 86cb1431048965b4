"""Where a programme's measures can work: its target areas, the areas above them and the
areas inside them."""

from collections.abc import Iterable

from omradeloft.accounts.permissions import Action, can
from omradeloft.areas.models import Area


def _ancestor_ids(ids: set[int]) -> set[int]:
    found, frontier = set(ids), set(ids)
    while frontier:
        parents = set(
            Area.objects.filter(pk__in=frontier, parent__isnull=False).values_list(
                "parent_id", flat=True
            )
        )
        frontier = parents - found
        found |= frontier
    return found


def descendant_ids(ids: Iterable[int]) -> set[int]:
    """`ids` and the primary keys of every area inside them, at any depth."""
    found = set(ids)
    frontier = set(found)
    while frontier:
        frontier = (
            set(Area.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - found
        )
        found |= frontier
    return found


def programme_areas(programme) -> list[Area]:
    """The areas a measure of `programme` may work in, largest first (without boundaries).

    Each area's parent is taken from the same list (it always holds every ancestor), so
    permission checks that walk up the hierarchy need no further queries.
    """
    targets = set(programme.target_areas.values_list("area_id", flat=True))
    ids = _ancestor_ids(targets) | descendant_ids(targets)
    areas = list(
        Area.objects.filter(pk__in=ids)
        .select_related("level")
        .defer("boundary")
        .order_by("level__rank", "code")
    )
    by_id = {area.pk: area for area in areas}
    for area in areas:
        if area.parent_id is not None:
            area.parent = by_id[area.parent_id]
    return areas


def areas_in_scope(user, programme, areas: Iterable[Area]) -> list[Area]:
    """Those of `areas` in which `user` may manage the programme's measures."""
    return [
        area for area in areas if can(user, Action.MANAGE_MEASURES, programme=programme, area=area)
    ]


def map_areas(programme, areas: list[Area]) -> list[Area]:
    """What a map of the programme draws, given `programme_areas`: each target area, or the
    areas just inside it when it has no boundary of its own."""
    targets = set(programme.target_areas.values_list("area_id", flat=True))
    candidates = targets | {a.pk for a in areas if a.parent_id in targets}
    drawable = list(Area.objects.filter(pk__in=candidates).with_boundary().order_by("code"))
    drawn_targets = {a.pk for a in drawable if a.pk in targets}
    return [
        a
        for a in drawable
        if a.pk in drawn_targets or (a.parent_id in targets and a.parent_id not in drawn_targets)
    ]
