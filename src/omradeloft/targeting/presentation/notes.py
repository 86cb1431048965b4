"""Sentences about how an index was made that every output repeats: weights that were
normalised, and periods that were skipped. Shared by the commands and the pages."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from omradeloft.targeting.engine import Normalisation


def normalisation_note(normalisation: Normalisation) -> str:
    """'The domain weights summed to 0.999 and were normalised to 1.'"""
    total = number_format(round(normalisation.total, 6), use_l10n=True)
    if normalisation.level == "domains":
        text = _("The domain weights summed to %(total)s and were normalised to 1.")
    elif normalisation.level == "domain":
        text = _(
            "The weights of the components in domain %(domain)s summed to %(total)s "
            "and were normalised to 1."
        )
    else:
        text = _("The component weights summed to %(total)s and were normalised to 1.")
    return text % {"total": total, "domain": normalisation.domain}


def skipped_note(period: str, gap: dict[str, list[str]]) -> str:
    """'skipped 2008: no values of crowded_housing', from `IndexRun.skipped`."""
    reasons = []
    if gap.get("values"):
        reasons.append(_("no values of %(components)s") % {"components": ", ".join(gap["values"])})
    if gap.get("reference"):
        reasons.append(
            _("no reference value of %(components)s") % {"components": ", ".join(gap["reference"])}
        )
    return _("skipped %(period)s: %(reasons)s") % {"period": period, "reasons": "; ".join(reasons)}
