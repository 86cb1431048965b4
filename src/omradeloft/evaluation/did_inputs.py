"""The long panel that difference-in-differences and the event study take (`engine.did`,
`engine.event_study`), built from an evaluation's data; the synthetic control reads the
wide outcome frame itself (`synthetic`)."""

import numpy as np
import pandas as pd

from omradeloft.evaluation.data import EvaluationData
from omradeloft.evaluation.spec import EvaluationSpec


def did_panel(data: EvaluationData, spec: EvaluationSpec) -> pd.DataFrame:
    """One row per area and period with a value: unit (area code), label (the period as
    the data name it), period (its position: 0, 1, ...), outcome (float64), treated (bool:
    a treated area from the treatment period on) and first_treated (the treatment period's
    position for treated areas, NaN for donors). Positions make relative periods count
    periods, whatever the period labels look like."""
    start = data.periods.index(spec.treatment_period)
    long = data.outcome.rename_axis(index="unit", columns="label").stack(future_stack=True)
    panel = long.rename("outcome").reset_index().dropna(subset=["outcome"])
    position = {label: n for n, label in enumerate(data.periods)}
    panel["period"] = panel["label"].map(position)
    is_treated = panel["unit"].isin(data.treated)
    panel["treated"] = is_treated & (panel["period"] >= start)
    panel["first_treated"] = np.where(is_treated, float(start), np.nan)
    return panel
