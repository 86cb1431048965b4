"""The importers' messages in the reader's language: so far the plausibility warnings
(`plausibility.WORDS`)."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue
from omradeloft.indicators.importing.plausibility import (
    FAR_FROM_STORED,
    NEGATIVE_COUNT,
    PERCENT_RANGE,
)

CATALOGUE: Catalogue = {
    PERCENT_RANGE: _(
        "%(where)s: value: %(value)s is a percentage outside 0-100 (indicator %(code)s)"
    ),
    NEGATIVE_COUNT: _("%(where)s: value: %(value)s is negative, but indicator %(code)s counts"),
    FAR_FROM_STORED: _(
        "%(where)s: value: %(value)s is more than %(factor)s times above or below %(median)s, "
        "the median of the values stored for this area (indicator %(code)s)"
    ),
}
