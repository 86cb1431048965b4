from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from omradeloft.areas import contributions
from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area, AreaLevel
from omradeloft.core.params import choice


def index(request: HttpRequest) -> HttpResponse:
    levels = list(AreaLevel.objects.annotate(area_count=Count("areas")))
    populated = [level for level in levels if level.area_count]
    code = choice(request, "level", [level.code for level in populated], None)
    chosen = next((lv for lv in populated if lv.code == code), None)
    if chosen is None:
        with_boundaries = set(
            Area.objects.with_boundary().values_list("level_id", flat=True).distinct()
        )
        chosen = next((lv for lv in populated if lv.pk in with_boundaries), None) or next(
            iter(populated), None
        )
    areas = (
        list(
            Area.objects.at_level(chosen)
            .select_related("parent")
            .annotate(child_count=Count("children"))
        )
        if chosen
        else []
    )
    context = {
        "nav": "areas",
        "levels": populated,
        "chosen": chosen,
        "areas": areas,
        "figure": choropleth(areas),
    }
    return render(request, "areas/index.html", context)


def detail(request: HttpRequest, code: str) -> HttpResponse:
    matches = Area.objects.filter(code=code).select_related("level", "parent")
    if level := choice(
        request, "level", set(AreaLevel.objects.values_list("code", flat=True)), None
    ):
        matches = matches.filter(level__code=level)
    found = list(matches)
    if not found:
        return render(request, "404.html", status=404)
    if len(found) > 1:
        return render(request, "areas/choose.html", {"nav": "areas", "areas": found}, status=300)
    area = found[0]
    children = list(area.children.select_related("level").annotate(child_count=Count("children")))
    figure = choropleth(children) if children else choropleth([area])
    context = {
        "nav": "areas",
        "area": area,
        "trail": area.ancestors(),
        "children": children,
        "child_level": children[0].level if children else None,
        "figure": figure,
        "became": area.changes_out.select_related("new_area__level"),
        "came_from": area.changes_in.select_related("old_area__level"),
        "links": [
            {"label": link.label(area), "url": link.url(area)}
            for link in contributions.registry.area_links
        ],
    }
    return render(request, "areas/detail.html", context)
