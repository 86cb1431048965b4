"""Pages for indices and classification rules: rankings, explanations, selected areas."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized
from omradeloft.indicators.downloads import table_response
from omradeloft.indicators.models import Indicator
from omradeloft.targeting.classification import compare_periods, latest_run
from omradeloft.targeting.models import ClassificationRule, IndexDefinition, IndexScore
from omradeloft.targeting.services import export_rows
from omradeloft.targeting.warnings import Thresholds, early_warning

SORTS = {"rank": "rank", "area": "area__name", "score": "-score"}


def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "targeting",
        "indices": IndexDefinition.objects.select_related("level"),
        "rules": ClassificationRule.objects.select_related("index", "level"),
    }
    return render(request, "targeting/overview.html", context)


def _components(definition: IndexDefinition) -> list[tuple[Indicator, dict]]:
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(code__in=[c["indicator"] for c in definition.components])
    }
    return [
        (indicators[c["indicator"]], c)
        for c in definition.components
        if c["indicator"] in indicators
    ]


def _periods(definition: IndexDefinition) -> list[str]:
    return sorted(
        set(IndexScore.objects.filter(definition=definition).values_list("period", flat=True)),
        reverse=True,
    )


def index_page(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition.objects.select_related("level"), code=code)
    periods = _periods(definition)
    period = request.GET.get("period") if request.GET.get("period") in periods else None
    period = period or (periods[0] if periods else "")
    sort = request.GET.get("sort") if request.GET.get("sort") in SORTS else "rank"
    deciles = request.GET.get("decile", "")
    scores = (
        IndexScore.objects.filter(definition=definition, period=period)
        .select_related("area__parent")
        .order_by(SORTS[sort], "area__code")
    )
    if deciles.isdigit():
        scores = scores.filter(decile__lte=int(deciles))
    scores = list(scores)
    components = _components(definition)
    values = {s.area.code: round(s.score, 1) for s in scores}
    context = {
        "nav": "targeting",
        "definition": definition,
        "periods": periods,
        "period": period,
        "sort": sort,
        "decile": deciles,
        "scores": scores,
        "components": components,
        "figure": choropleth([s.area for s in scores], values, "score") if scores else None,
        "synthetic": any(i.is_synthetic for i, _ in components),
    }
    return render(request, "targeting/index.html", context)


def index_download(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition, code=code)
    periods = _periods(definition)
    period = request.GET.get("period") if request.GET.get("period") in periods else None
    columns, rows = export_rows(definition, period or (periods[0] if periods else ""))
    return table_response(columns, rows, "csv", f"{definition.code}-{period}")


def explanation(request: HttpRequest, code: str, area: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition.objects.select_related("level"), code=code)
    place = get_object_or_404(Area, code=area, level=definition.level)
    history = list(IndexScore.objects.filter(definition=definition, area=place).order_by("-period"))
    period = request.GET.get("period") or (history[0].period if history else "")
    current = next((s for s in history if s.period == period), None)
    components = _components(definition)
    parts = [
        (indicator, spec, (current.contributions.get(indicator.code) if current else None))
        for indicator, spec in components
    ]
    figure = None
    if current:
        figure = {
            "data": [
                {
                    "type": "bar",
                    "orientation": "h",
                    "y": [localized(indicator, "name") for indicator, _, _ in parts],
                    "x": [value for _, _, value in parts],
                    "marker": {"color": "#0b4f8a"},
                    "hovertemplate": "%{y}: %{x:.1f}<extra></extra>",
                }
            ],
            "layout": {
                "height": 60 + 40 * len(parts),
                "margin": {"l": 10, "r": 20, "t": 10, "b": 40},
                "yaxis": {"autorange": "reversed", "automargin": True},
            },
        }
    context = {
        "nav": "targeting",
        "definition": definition,
        "area": place,
        "current": current,
        "parts": parts,
        "history": history,
        "figure": figure,
        "synthetic": any(i.is_synthetic for i, _ in components),
    }
    return render(request, "targeting/explanation.html", context)


def rule_page(request: HttpRequest, code: str) -> HttpResponse:
    rule = get_object_or_404(ClassificationRule.objects.select_related("index", "level"), code=code)
    periods = sorted(set(rule.runs.values_list("period", flat=True)), reverse=True)
    period = request.GET.get("period") if request.GET.get("period") in periods else None
    period = period or (periods[0] if periods else "")
    run = latest_run(rule, period) if period else None
    selected = list(run.areas.select_related("area").order_by("area__code")) if run else []
    earlier = [p for p in periods if p < period]
    comparison = compare_periods(rule, earlier[0], period) if earlier else None
    names = dict(Area.objects.filter(level=rule.level).values_list("code", "name"))
    chosen = {item.area.code for item in selected}
    context = {
        "nav": "targeting",
        "rule": rule,
        "periods": periods,
        "period": period,
        "run": run,
        "selected": selected,
        "comparison": comparison,
        "names": names,
        "figure": choropleth(
            Area.objects.filter(level=rule.level),
            {code: int(code in chosen) for code in names},
            "",
        )
        if selected
        else None,
    }
    return render(request, "targeting/rule.html", context)


def _whole(request: HttpRequest, name: str, default: int, low: int, high: int) -> int:
    try:
        value = int(request.GET.get(name, default))
    except ValueError:
        return default
    return min(max(value, low), high)


def warnings_page(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition.objects.select_related("level"), code=code)
    thresholds = Thresholds(
        places=_whole(request, "places", Thresholds.places, 1, 1000),
        periods=_whole(request, "periods", Thresholds.periods, 1, 50),
        window=_whole(request, "window", Thresholds.window, 2, 50),
        k=_whole(request, "k", Thresholds.k, 1, len(definition.components)),
    )
    result = early_warning(definition, thresholds)
    areas = list(Area.objects.filter(level=definition.level))
    flagged = set(result.flags["area"])
    names = {a.code: a for a in areas}
    context = {
        "nav": "targeting",
        "definition": definition,
        "thresholds": thresholds,
        "flags": [(names[row.area], row.reasons) for row in result.flags.itertuples()],
        "reference": result.reference,
        "figure": choropleth(areas, {a.code: int(a.code in flagged) for a in areas}, "")
        if flagged
        else None,
    }
    return render(request, "targeting/warnings.html", context)
