"""The public indicator catalogue, and creating and changing indicators."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import OuterRef, Prefetch, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from omradeloft.accounts.permissions import Action, acting_user, can, require
from omradeloft.core.http import posted, render_form_page, show_service_errors
from omradeloft.core.i18n import localized
from omradeloft.core.params import choice
from omradeloft.indicators.editing import save_indicator
from omradeloft.indicators.forms import IndicatorForm
from omradeloft.indicators.models import Indicator, Observation, Topic


def catalogue(request: HttpRequest) -> HttpResponse:
    topics = list(Topic.objects.all())
    chosen = None
    if code := choice(request, "topic", [t.code for t in topics], None):
        chosen = next(t for t in topics if t.code == code)
    # One index lookup per indicator on (indicator, period), not a scan of all observations.
    latest = (
        Observation.objects.filter(indicator=OuterRef("pk")).order_by("-period").values("period")
    )
    indicators = Indicator.objects.annotate(latest_period=Subquery(latest[:1])).prefetch_related(
        Prefetch("topics", queryset=Topic.objects.order_by("name"))
    )
    if chosen is not None:
        indicators = indicators.filter(topics=chosen)
    by_name = sorted(indicators, key=lambda i: localized(i, "name").casefold())
    context = {
        "nav": "indicators",
        "indicators": by_name,
        "topics": topics,
        "chosen": chosen,
        "may_manage": can(request.user, Action.MANAGE_STATISTICS),
    }
    return render(request, "indicators/catalogue.html", context)


def _indicator_form(
    request: HttpRequest, indicator: Indicator | None
) -> tuple[IndicatorForm, HttpResponse | None]:
    form = IndicatorForm(posted(request), instance=indicator)
    if form.is_valid():
        try:
            saved = save_indicator(acting_user(request), form.cleaned_data, indicator=indicator)
        except ValidationError as e:
            show_service_errors(form, e)
        else:
            name = localized(saved, "name")
            if indicator is None:
                message = _("The indicator %(name)s was created.") % {"name": name}
            else:
                message = _("The indicator %(name)s was saved.") % {"name": name}
            messages.success(request, message)
            return form, redirect("indicators:catalogue")
    return form, None


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    form, done = _indicator_form(request, None)
    if done:
        return done
    context = {"nav": "indicators", "form": form, "indicator": None}
    return render_form_page(request, "indicators/indicator_form.html", context, forms=[form])


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, Action.MANAGE_STATISTICS)
    indicator = get_object_or_404(Indicator, code=code)
    form, done = _indicator_form(request, indicator)
    if done:
        return done
    # The form has copied its input onto the instance; the page names the stored indicator.
    stored = Indicator.objects.get(pk=indicator.pk) if form.is_bound else indicator
    context = {"nav": "indicators", "form": form, "indicator": stored}
    return render_form_page(request, "indicators/indicator_form.html", context, forms=[form])
