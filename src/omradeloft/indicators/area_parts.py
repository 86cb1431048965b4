"""What the indicators add to an area's page, registered with
`omradeloft.areas.contributions` when the app is ready."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from omradeloft.areas import contributions
from omradeloft.areas.models import Area
from omradeloft.core.i18n import localized


def statistics_label(area: Area) -> str:
    return _("Statistics for %(name)s") % {"name": localized(area, "name")}


def statistics_url(area: Area) -> str:
    # An area code may recur at another level; the level picks the one meant.
    url = reverse("indicators:area_profile", args=[area.code])
    return f"{url}?{urlencode({'level': area.level.code})}"


def register(registry: contributions.Registry) -> None:
    registry.area_links.append(contributions.AreaLink(statistics_label, statistics_url))
