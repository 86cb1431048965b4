"""The write path for editing one indicator from a form (the catalogue file has its own)."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.indicators.aggregation import refresh_derived
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.models import Indicator
from omradeloft.indicators.relations import refuse_breaking_change

EDITABLE = (
    "name",
    "name_en",
    "definition",
    "definition_en",
    "kind",
    "rate_scale",
    "unit_label",
    "unit_label_en",
    "numerator_definition",
    "denominator_definition",
    "polarity",
    "aggregation",
    "source",
    "periodicity",
    "suppression_threshold",
    "decimals",
    "is_synthetic",
)
# Changing these changes the derived values of larger areas and what may be published.
RECOMPUTE = ("kind", "rate_scale", "aggregation", "suppression_threshold")


def save_indicator(
    actor: User | None, data: Mapping[str, Any], *, indicator: Indicator | None = None
) -> Indicator:
    """Create an indicator (`indicator` None, `data` has a `code`) or change one.

    `data` holds model field values (a form's `cleaned_data`); keys it lacks are left as they
    are, `topics` (an iterable of Topic) replaces the indicator's topics. Validates the whole
    record, and its additive relations if it has any (raises ValidationError), writes in one
    transaction under `actor`, and recomputes derived values and disclosure control when the
    kind, scale, aggregation or suppression threshold changed.
    """
    require(actor, Action.MANAGE_STATISTICS)
    with acting_as(actor, current_actor().source), transaction.atomic():
        if indicator is None:
            record = Indicator(code=data["code"])
            before: dict[str, Any] = {}
        else:
            # Read afresh: a bound ModelForm has already copied its input onto its instance.
            record = Indicator.objects.select_for_update().get(pk=indicator.pk)
            before = {name: getattr(record, name) for name in RECOMPUTE}
        for name in EDITABLE:
            if name in data:
                setattr(record, name, data[name])
        record.full_clean()
        if indicator is not None:
            refuse_breaking_change(record.code, record.kind, record.periodicity)
        record.save()
        if "topics" in data:
            record.topics.set(list(data["topics"]))
        if before and any(getattr(record, name) != before[name] for name in RECOMPUTE):
            refresh_derived([record.pk])
            refresh_disclosure([record.pk])
    return record
