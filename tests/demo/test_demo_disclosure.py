"""The demo's published statistics: no suppressed population count can be recovered as the
total minus the other age groups, nor through any other combination of published cells."""

import io

import numpy as np
import pandas as pd
import pytest
from django.core.management import call_command

from omradeloft.indicators.engine.disclosure import Relation
from omradeloft.indicators.models import AdditiveRelation, Observation, Suppression
from tests.indicators.factories import make_indicator
from tests.indicators.oracle import derivable

AGE_GROUPS = Relation(
    "population_total",
    (
        "population_0_5",
        "population_6_15",
        "population_16_19",
        "population_20_66",
        "population_67_plus",
    ),
)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_settings")
def test_no_suppressed_age_group_of_the_demo_can_be_derived_from_published_cells():
    call_command("demo", force=True, stdout=io.StringIO())
    codes = [AGE_GROUPS.total, *AGE_GROUPS.components]
    rows = pd.DataFrame(
        Observation.objects.filter(indicator__code__in=codes).values_list(
            "area_id", "area__parent_id", "period", "indicator__code", "value", "suppression"
        ),
        columns=["cell", "parent", "group", "item", "numerator", "suppression"],
    )
    rows["parent"] = rows["parent"].fillna(-1).astype(int)
    hidden = (rows["suppression"] != Suppression.PUBLISHED).to_numpy()
    assert hidden.any(), "the demo should have small age groups to protect"

    for _, period in rows.groupby("group"):
        by_cell = period.set_index(["cell", "item"])
        for area in period["cell"].unique():
            suppressed = [c for c in codes if by_cell.loc[(area, c), "suppression"]]
            assert len(suppressed) != 1, f"area {area}, {period['group'].iloc[0]}: {suppressed}"
        mask = np.asarray(hidden[period.index])
        assert derivable(period.reset_index(drop=True), [AGE_GROUPS], mask) == set()


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_settings")
def test_the_demo_declares_no_relation_on_an_indicator_it_did_not_create():
    make_indicator("population_total", unit="percent")  # someone else's, and not a count
    call_command("demo", force=True, stdout=io.StringIO())
    assert not AdditiveRelation.objects.exists()
    assert Observation.objects.filter(indicator__code="population_0_5").exists()
