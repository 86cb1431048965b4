"""An evaluation's observations read on one area version, through the harmonising layer the
indices use (`indicators.harmonising`), with disclosure control kept: a harmonised value
resting on a suppressed one is left out of a published run like the value itself."""

import datetime

import pandas as pd

from omradeloft.areas.models import Area
from omradeloft.evaluation.models import DataLevel
from omradeloft.indicators.harmonising import harmonised_observations
from omradeloft.indicators.models import Indicator


def harmonised_frame(
    indicators: list[Indicator], areas: list[Area], date: datetime.date, level: DataLevel
) -> tuple[pd.DataFrame, int]:
    """indicator (code), area (code), period, value (float64) of `indicators` on `areas`
    (all of one level, in use on `date`) as `evaluation.data` reads them, and how many of
    those values were harmonised (moved from earlier or later areas)."""
    frame, _problems = harmonised_observations(indicators, areas[0].level, date)
    frame = frame[frame["area"].isin({area.code for area in areas})]
    if level != DataLevel.UNSUPPRESSED:
        frame = frame[~frame["suppressed"].astype(bool)]
    codes = {indicator.pk: indicator.code for indicator in indicators}
    read = pd.DataFrame(
        {
            "indicator": frame["indicator_id"].map(codes),
            "area": frame["area"],
            "period": frame["period"].astype(str),
            "value": frame["value"].astype("float64"),
        }
    ).reset_index(drop=True)
    return read, int(frame["harmonised"].astype(bool).sum())
