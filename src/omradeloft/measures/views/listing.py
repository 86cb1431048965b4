"""The programme's measures: filters, a table, a map of those with a location, and CSV."""

from typing import TYPE_CHECKING, TypedDict

from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import HttpRequest, HttpResponse
from django.utils.text import slugify

from omradeloft.accounts.permissions import Action, can
from omradeloft.areas.models import Area
from omradeloft.core.downloads import table_response
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice, page_number
from omradeloft.measures.access import visible_measures
from omradeloft.measures.filters import MeasureFilterForm
from omradeloft.measures.maps import measures_map
from omradeloft.measures.models import Measure, ProgressReport, TrafficLight
from omradeloft.measures.places import map_areas, programme_areas
from omradeloft.programmes.access import programme_for
from omradeloft.programmes.context import render_programme_page
from omradeloft.programmes.models import Programme

PAGE_SIZE = 25
CSV_COLUMNS = (
    "code",
    "title",
    "title_en",
    "kind",
    "status",
    "fields",
    "areas",
    "owner",
    "latest_report",
    "published",
    "start",
    "end",
    "latitude",
    "longitude",
)


class LatestReport(TypedDict):
    latest_light: str | None
    latest_period: str | None


if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    # A measure with its latest progress report's light and period (`_with_table_data`).
    ListedMeasure = WithAnnotations[Measure, LatestReport]


def _with_table_data(measures: QuerySet[Measure]) -> "QuerySet[ListedMeasure]":
    """Everything a table row shows, in a fixed number of queries however many rows."""
    latest = ProgressReport.objects.filter(measure=OuterRef("pk")).order_by("-period")
    return (
        measures.select_related("owner")
        .prefetch_related("fields", Prefetch("areas", queryset=Area.objects.defer("boundary")))
        .annotate(
            latest_light=Subquery(latest.values("status")[:1]),
            latest_period=Subquery(latest.values("period")[:1]),
        )
        .order_by("code")
    )


def _light_label(measure: "ListedMeasure") -> str:
    return str(TrafficLight(measure.latest_light).label) if measure.latest_light else ""


def _csv(programme: Programme, measures: "QuerySet[ListedMeasure]") -> HttpResponse:
    rows = [
        (
            m.code,
            m.title,
            m.title_en,
            m.get_kind_display(),
            m.get_status_display(),
            "; ".join(localized(f, "name") for f in m.fields.all()),
            "; ".join(f"{localized(a, 'name')} ({a.code})" for a in m.areas.all()),
            localized(m.owner, "name"),
            f"{m.latest_period}: {_light_label(m)}" if m.latest_light else "",
            m.is_published,
            m.start or "",
            m.end or "",
            "" if m.latitude is None else m.latitude,
            "" if m.longitude is None else m.longitude,
        )
        for m in measures
    ]
    return table_response(CSV_COLUMNS, rows, "csv", f"{slugify(programme.code)}-measures")


def measure_list(request: HttpRequest, programme: str) -> HttpResponse:
    found = programme_for(request, programme, action=None)
    visible = visible_measures(request.user, found)
    areas = programme_areas(found)
    form = MeasureFilterForm(
        request.GET if set(request.GET) - {"page", "format"} else None,
        programme=found,
        areas=areas,
        measures=visible,
    )
    measures = _with_table_data(form.filtered(visible))
    if choice(request, "format", {"csv"}, None):
        return _csv(found, measures)
    page = Paginator(measures, PAGE_SIZE).get_page(page_number(request))
    for measure in page:
        measure.light_label = _light_label(measure)
    context = {
        "form": form,
        "page_obj": page,
        "count": page.paginator.count,
        "figure": measures_map(found, map_areas(found, areas), page),
        "may_create": can(request.user, Action.MANAGE_MEASURES, programme=found),
    }
    return render_programme_page(
        request, found, "measures", "measures/list.html", context, forms=[form]
    )
