"""Pages for indices and classification rules: rankings, explanations, selected areas."""

import json
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from omradeloft.accounts.permissions import Action, acting_user, can, require
from omradeloft.areas.maps import choropleth
from omradeloft.areas.models import Area
from omradeloft.core.downloads import table_response
from omradeloft.core.http import render_form_page
from omradeloft.core.i18n import localized
from omradeloft.core.imports import ImportRefusedError
from omradeloft.core.message_catalogues import render_message
from omradeloft.core.params import choice, whole_number
from omradeloft.indicators.models import Indicator
from omradeloft.indicators.presentation import Viewer
from omradeloft.targeting.classification import (
    RuleRefusedError,
    classify,
    compare_periods,
    define_rule,
    latest_run,
)
from omradeloft.targeting.classification import spec_of as spec_of_rule
from omradeloft.targeting.engine import IndexInputError
from omradeloft.targeting.engine.rules import RuleError
from omradeloft.targeting.engine.warning import MIN_POINTS
from omradeloft.targeting.forms import SpecForm
from omradeloft.targeting.models import (
    ClassificationRule,
    ClassificationRun,
    ClassifiedArea,
    IndexDefinition,
    IndexScore,
)
from omradeloft.targeting.presentation.notes import normalisation_note, skipped_note
from omradeloft.targeting.presentation.reasons import ShownReason, shown_reasons
from omradeloft.targeting.presentation.scores import export_rows, shown_scores
from omradeloft.targeting.presentation.warning_texts import CATALOGUE as WARNING_TEXTS
from omradeloft.targeting.services import (
    IndexSpecRefusedError,
    compute,
    define_index,
    weight_normalisations,
)
from omradeloft.targeting.services import spec_of as spec_of_index
from omradeloft.targeting.warnings import Thresholds, early_warning

SORTS = {"rank": "rank", "area": "area__name", "score": "-score"}
EXAMPLE_INDEX = {
    "code": "",
    "name": "",
    "level": "subdistrict",
    "method": "exponential_rank",
    "components": [{"indicator": "", "weight": 1.0}],
}
EXAMPLE_RULE = {"code": "", "name": "", "kind": "top_decile", "params": {"deciles": 1}, "index": ""}


def overview(request: HttpRequest) -> HttpResponse:
    context = {
        "nav": "targeting",
        "indices": IndexDefinition.objects.select_related("level"),
        "rules": ClassificationRule.objects.select_related("index", "level"),
        "may_manage": can(request.user, Action.MANAGE_STATISTICS),
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
    period = choice(request, "period", periods, periods[0] if periods else "")
    sort = choice(request, "sort", SORTS, "rank")
    deciles = whole_number(request, "decile", None, low=1, high=10)
    scores = (
        IndexScore.objects.filter(definition=definition, period=period)
        .select_related("area__parent")
        .order_by(SORTS[sort], "area__code")
    )
    if deciles is not None:
        scores = scores.filter(decile__lte=deciles)
    shown = shown_scores(Viewer(request.user), definition, list(scores))
    components = _components(definition)
    values = {s.area.code: round(s.value, 1) for s in shown if s.value is not None}
    context = {
        "nav": "targeting",
        "definition": definition,
        "periods": periods,
        "period": period,
        "sort": sort,
        "decile": deciles,
        "scores": shown,
        "withheld": any(s.withheld for s in shown),
        "components": components,
        "weight_notes": [normalisation_note(n) for n in weight_normalisations(definition)],
        "latest_run": definition.runs.first(),
        "figure": choropleth([s.area for s in shown], values, _("Score")) if shown else None,
        "synthetic": any(i.is_synthetic for i, _ in components),
        "may_manage": can(request.user, Action.MANAGE_STATISTICS),
    }
    return render(request, "targeting/index.html", context)


def index_download(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition, code=code)
    periods = _periods(definition)
    period = choice(request, "period", periods, periods[0] if periods else "")
    columns, rows = export_rows(definition, period, Viewer(request.user))
    return table_response(columns, rows, "csv", f"{definition.code}-{period}")


def explanation(request: HttpRequest, code: str, area: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition.objects.select_related("level"), code=code)
    place = get_object_or_404(Area, code=area, level=definition.level)
    history = shown_scores(
        Viewer(request.user),
        definition,
        list(IndexScore.objects.filter(definition=definition, area=place).order_by("-period")),
    )
    period = choice(
        request, "period", [s.period for s in history], history[0].period if history else ""
    )
    current = next((s for s in history if s.period == period), None)
    components = _components(definition)
    parts = [
        (indicator, spec, current.contributions.get(indicator.code) if current else None)
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
                    # A withheld contribution has no bar: its value is not in the page.
                    "x": [shown.value if shown else None for _, _, shown in parts],
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
        "withheld": any(s.withheld for s in history),
        "figure": figure,
        "synthetic": any(i.is_synthetic for i, _ in components),
    }
    return render(request, "targeting/explanation.html", context)


def rule_page(request: HttpRequest, code: str) -> HttpResponse:
    rule = get_object_or_404(ClassificationRule.objects.select_related("index", "level"), code=code)
    periods = sorted(set(rule.runs.values_list("period", flat=True)), reverse=True)
    period = choice(request, "period", periods, periods[0] if periods else "")
    run = latest_run(rule, period) if period else None
    selected = list(run.areas.select_related("area").order_by("area__code")) if run else []
    earlier = [p for p in periods if p < period]
    comparison = compare_periods(rule, earlier[0], period) if earlier else None
    names = dict(Area.objects.filter(level=rule.level).values_list("code", "name"))
    chosen = {item.area.code for item in selected}
    viewer = Viewer(request.user)
    rows = _with_reasons(viewer, run, selected) if run else []
    changes = []
    if comparison:
        changes = [
            *[
                ("entered", *row)
                for row in _with_reasons(viewer, comparison.after, comparison.entered)
            ],
            *[("left", *row) for row in _with_reasons(viewer, comparison.before, comparison.left)],
        ]
    context = {
        "nav": "targeting",
        "rule": rule,
        "periods": periods,
        "period": period,
        "run": run,
        "selected": selected,
        "rows": rows,
        "comparison": comparison,
        "changes": changes,
        "withheld": any(r.hidden for _, reasons in rows for r in reasons)
        or any(r.hidden for _, _, reasons in changes for r in reasons),
        "names": names,
        "may_manage": can(request.user, Action.MANAGE_STATISTICS),
        "index_periods": _periods(rule.index) if rule.index else [],
        "figure": choropleth(
            Area.objects.filter(level=rule.level),
            {code: int(code in chosen) for code in names},
            "",
        )
        if selected
        else None,
    }
    return render(request, "targeting/rule.html", context)


def _with_reasons(
    viewer: Viewer, run: ClassificationRun, items: list[ClassifiedArea]
) -> list[tuple[ClassifiedArea, list[ShownReason]]]:
    reasons = shown_reasons(viewer, run, items)
    return [(item, reasons[item.area_id]) for item in items]


def warnings_page(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition.objects.select_related("level"), code=code)
    thresholds = Thresholds(
        places=whole_number(request, "places", Thresholds.places, low=1, high=1000),
        periods=whole_number(request, "periods", Thresholds.periods, low=1, high=50),
        window=whole_number(request, "window", Thresholds.window, low=MIN_POINTS, high=50),
        k=whole_number(request, "k", Thresholds.k, low=1, high=len(definition.components)),
    )
    viewer = Viewer(request.user)
    result = early_warning(definition, thresholds, viewer)
    areas = list(Area.objects.filter(level=definition.level))
    flagged = set(result.flags["area"])
    names = {a.code: a for a in areas}
    context = {
        "nav": "targeting",
        "definition": definition,
        "thresholds": thresholds,
        "flags": [
            (
                names[area],
                [render_message(reason, WARNING_TEXTS) for reason in reasons],
                area in result.unpublishable,
            )
            for area, reasons in zip(result.flags["area"], result.flags["reasons"], strict=True)
        ],
        "reference": result.reference,
        "trend_problem": render_message(result.trend_problem, WARNING_TEXTS)
        if result.trend_problem
        else "",
        "min_window": MIN_POINTS,
        "sees_suppressed": viewer.sees_everything or bool(viewer.visible_area_ids),
        "figure": choropleth(areas, {a.code: int(a.code in flagged) for a in areas}, "")
        if flagged
        else None,
    }
    return render(request, "targeting/warnings.html", context)


def _edit_spec(
    request: HttpRequest,
    *,
    title: str,
    initial: dict,
    code: str | None,
    save: Callable[..., Any],
    refused: type[ImportRefusedError],
    page: str,
) -> HttpResponse:
    """The shared flow of the index and rule editors: JSON in, the service, errors back."""
    require(request.user, Action.MANAGE_STATISTICS)
    form = SpecForm(request.POST or None, code=code)
    if not request.POST:
        form.initial["spec"] = json.dumps(initial, ensure_ascii=False, indent=2)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            saved = save(form.cleaned_data["spec"], actor=request.user)
        except refused as e:
            problems = [str(error) for error in e.errors]
        else:
            messages.success(request, _("%(name)s was saved.") % {"name": saved.name})
            return redirect(page, code=saved.code)
    context = {"nav": "targeting", "title": title, "form": form, "problems": problems}
    return render_form_page(
        request, "targeting/spec_form.html", context, forms=[form], refused=bool(problems)
    )


@login_required
def index_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition, code=code) if code else None
    return _edit_spec(
        request,
        title=_("Edit %(name)s") % {"name": definition.name} if definition else _("New index"),
        initial=spec_of_index(definition) if definition else EXAMPLE_INDEX,
        code=code,
        save=define_index,
        refused=IndexSpecRefusedError,
        page="targeting:index",
    )


@login_required
def rule_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    rule = get_object_or_404(ClassificationRule, code=code) if code else None
    return _edit_spec(
        request,
        title=_("Edit %(name)s") % {"name": rule.name} if rule else _("New rule"),
        initial=spec_of_rule(rule) if rule else EXAMPLE_RULE,
        code=code,
        save=define_rule,
        refused=RuleRefusedError,
        page="targeting:rule",
    )


@require_POST
@login_required
def index_compute(request: HttpRequest, code: str) -> HttpResponse:
    definition = get_object_or_404(IndexDefinition, code=code)
    try:
        run = compute(definition, actor=acting_user(request))
    except IndexInputError as e:
        messages.error(request, str(e))
    else:
        messages.success(
            request, _("Computed: %(count)s area-periods scored.") % {"count": run.scored}
        )
        if run.skipped:
            messages.warning(
                request, "; ".join(skipped_note(p, gap) for p, gap in run.skipped.items())
            )
    return redirect("targeting:index", code=code)


@require_POST
@login_required
def rule_apply(request: HttpRequest, code: str) -> HttpResponse:
    rule = get_object_or_404(ClassificationRule, code=code)
    period = request.POST.get("period", "")
    try:
        run = classify(rule, period, actor=acting_user(request))
    except RuleError as e:
        messages.error(request, str(e))
        return redirect("targeting:rule", code=code)
    messages.success(
        request,
        _("%(count)s areas selected in %(period)s.")
        % {"count": run.areas.count(), "period": period},
    )
    return redirect(f"{reverse('targeting:rule', args=[code])}?period={period}")
