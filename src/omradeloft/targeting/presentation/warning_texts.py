"""The early-warning engine's messages (`engine.warning.WORDS`) in the reader's language."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue

CATALOGUE: Catalogue = {
    "warning.whole_number": _(
        "%(name)s: expected a whole number of at least %(least)s, got %(value)s"
    ),
    "warning.missing_columns": _("%(frame)s: missing column(s) %(columns)s"),
    "warning.duplicate_rows": _("%(frame)s: more than one row for the same %(keys)s"),
    "warning.confidence": _(
        "confidence: expected a number strictly between 0 and 1, got %(value)s"
    ),
    "warning.no_rows": _("values: no rows"),
    "warning.no_polarity": _("polarity: no higher_is_worse given for %(indicators)s"),
    "warning.no_city_values": _("city: no values for %(indicators)s"),
    "warning.too_few_city_values": _(
        "city: %(points)s value(s) of %(indicator)s in the window %(first)s–%(last)s; "
        "need at least %(least)s"
    ),
    "warning.rank_worsened": _("rank %(before)s → %(after)s over %(periods)s periods"),
    "warning.trend_rising": _(
        "%(indicator)s rising %(slope)s per period (%(low)s to %(high)s) vs city %(city)s"
    ),
    "warning.trend_falling": _(
        "%(indicator)s falling %(slope)s per period (%(low)s to %(high)s) vs city %(city)s"
    ),
    "warning.trend_flat": _(
        "%(indicator)s flat %(slope)s per period (%(low)s to %(high)s) vs city %(city)s"
    ),
}
