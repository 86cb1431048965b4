"""Undo an import as a whole: remove the values it added and restore those it replaced."""

from typing import cast

import pandas as pd
from django.db import transaction
from django.utils.translation import gettext as _

from omradeloft.accounts.models import User
from omradeloft.accounts.permissions import Action, require
from omradeloft.core.audit import acting_as, current_actor
from omradeloft.indicators.aggregation import refresh_derived
from omradeloft.indicators.disclosure import refresh_disclosure
from omradeloft.indicators.importing.writer import KEY_COLUMNS, VALUE_COLUMNS, upsert_observations
from omradeloft.indicators.models import BatchStatus, ImportBatch, Observation, ObservationRevision


class RollbackRefusedError(Exception):
    """The batch cannot be rolled back; the message says why and what to do."""


def rollback_batch(batch: ImportBatch, *, actor: User | None) -> None:
    if actor is not None:
        require(actor, Action.MANAGE_STATISTICS)
    with acting_as(actor, current_actor().source), transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
        if batch.status == BatchStatus.ROLLED_BACK:
            raise RollbackRefusedError(_("This import has already been rolled back."))
        still_ours = Observation.objects.filter(batch=batch).count()
        written = batch.created_count + batch.changed_count
        if still_ours != written:
            later = (
                ImportBatch.objects.filter(pk__gt=batch.pk, status=BatchStatus.COMMITTED)
                .order_by("-pk")
                .values_list("file_name", flat=True)
            )
            raise RollbackRefusedError(
                _(
                    "%(count)s of the values this import wrote have since been replaced by "
                    "later imports (%(later)s). Roll those back first."
                )
                % {"count": written - still_ours, "later": ", ".join(later) or "?"}
            )
        indicators = set(
            Observation.objects.filter(batch=batch).values_list("indicator_id", flat=True)
        )
        Observation.objects.filter(batch=batch).delete()
        previous = pd.DataFrame.from_records(
            ObservationRevision.objects.filter(batch=batch).values(
                *KEY_COLUMNS, *VALUE_COLUMNS, "previous_batch_id"
            ),
            columns=[*KEY_COLUMNS, *VALUE_COLUMNS, "previous_batch_id"],
        )
        for previous_batch, rows in previous.groupby("previous_batch_id", dropna=False):
            # A batch id or NaN; pandas-stubs type a group key as any scalar.
            batch_id = cast(float, previous_batch)
            upsert_observations(rows, None if pd.isna(batch_id) else int(batch_id))
        batch.status = BatchStatus.ROLLED_BACK
        batch.save()
        touched = set(previous["indicator_id"]) | indicators
        refresh_derived(touched)
        refresh_disclosure(touched)
