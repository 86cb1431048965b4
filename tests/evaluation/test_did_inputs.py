"""The long panel that difference-in-differences and the event study read, built from an
evaluation's outcome frame."""

import numpy as np
import pandas as pd

from omradeloft.evaluation.data import EvaluationData
from omradeloft.evaluation.did_inputs import did_panel
from omradeloft.evaluation.spec import EvaluationSpec

PERIODS = ("2019K3", "2019K4", "2020K1", "2020K2")


def evaluation_data(outcome: pd.DataFrame) -> EvaluationData:
    return EvaluationData(
        outcome=outcome,
        predictors=None,
        treated=("T1",),
        donors=("D1",),
        periods=PERIODS,
        area_names={"T1": "Treated", "D1": "Donor"},
    )


def spec(treatment_period: str = "2020K1") -> EvaluationSpec:
    return EvaluationSpec(
        method="did", outcome="rate", treated=("T1",), treatment_period=treatment_period
    )


def outcome_frame() -> pd.DataFrame:
    values = [[1.0, 2.0, 3.0, 4.0], [5.0, np.nan, 7.0, 8.0]]
    return pd.DataFrame(values, index=["T1", "D1"], columns=list(PERIODS), dtype="float64")


def test_did_panel_numbers_the_periods_by_position_whatever_their_labels():
    panel = did_panel(evaluation_data(outcome_frame()), spec())
    treated = panel[panel["unit"] == "T1"]
    assert treated["label"].tolist() == list(PERIODS)
    assert treated["period"].tolist() == [0, 1, 2, 3]


def test_did_panel_marks_only_the_treated_area_from_the_treatment_period_on():
    panel = did_panel(evaluation_data(outcome_frame()), spec()).set_index(["unit", "label"])
    assert panel["treated"].to_dict() == {
        ("T1", "2019K3"): False,
        ("T1", "2019K4"): False,
        ("T1", "2020K1"): True,
        ("T1", "2020K2"): True,
        ("D1", "2019K3"): False,
        ("D1", "2020K1"): False,
        ("D1", "2020K2"): False,
    }


def test_did_panel_gives_the_treated_area_its_first_treated_position_and_donors_none():
    panel = did_panel(evaluation_data(outcome_frame()), spec("2019K4"))
    first = panel.groupby("unit")["first_treated"].unique()
    assert first["T1"].tolist() == [1.0]
    assert np.isnan(first["D1"]).all()


def test_did_panel_leaves_out_periods_without_a_value():
    panel = did_panel(evaluation_data(outcome_frame()), spec())
    assert len(panel) == 7
    assert "2019K4" not in panel.loc[panel["unit"] == "D1", "label"].tolist()
    assert panel["outcome"].notna().all()
