"""Stored observations pass disclosure control after every import; public() hides the rest."""

import pytest

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Observation, Suppression
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_subdistricts(personas):
    """d1 gets two more subdistricts, so a small one has siblings."""
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    make_area("0999010103", "subdistrict", name="Nordåsen", parent=personas.d1)
    make_indicator("not_employed")
    return personas


def run(path):
    chunks, info = open_observation_file(path)
    # The tests change small counts many-fold on purpose: accept the plausibility warnings.
    return import_observations(chunks, info, actor=None, accept_warnings=True)


def status():
    return {
        o.area.code: o.suppression
        for o in Observation.objects.filter(period="2024").select_related("area")
    }


ROWS = [
    "not_employed,0999010101,2024,,2,100",  # 2 people: primary
    "not_employed,0999010102,2024,,20,100",
    "not_employed,0999010103,2024,,30,100",
    "not_employed,0999020201,2024,,40,100",
]


def test_a_small_count_and_its_smallest_sibling_are_suppressed(three_subdistricts, tmp_path):
    report = run(write_csv(tmp_path / "a.csv", ROWS))
    assert report.suppressed == 2
    assert status() == {
        "0999010101": Suppression.PRIMARY,
        "0999010102": Suppression.SECONDARY,
        "0999010103": Suppression.PUBLISHED,
        "0999020201": Suppression.PUBLISHED,
        "099901": Suppression.PUBLISHED,
        "099902": Suppression.PUBLISHED,
        "0999": Suppression.PUBLISHED,
    }
    public = set(Observation.objects.public().values_list("area__code", flat=True))
    assert "0999010101" not in public
    assert "0999010102" not in public
    assert "0999010103" in public


def test_the_indicators_threshold_decides(three_subdistricts, tmp_path):
    strict_indicator = make_indicator("strict", suppression_threshold=25)
    rows = [r.replace("not_employed", "strict") for r in ROWS]
    run(write_csv(tmp_path / "a.csv", rows))
    strict = Observation.objects.filter(indicator=strict_indicator, period="2024")
    suppressed = {o.area.code for o in strict.exclude(suppression="")}
    assert {"0999010101", "0999010102"} <= suppressed


def test_rolling_back_recomputes_disclosure(three_subdistricts, tmp_path):
    run(write_csv(tmp_path / "a.csv", ROWS))
    second = run(write_csv(tmp_path / "b.csv", ["not_employed,0999010101,2024,,50,100"]))
    assert status()["0999010101"] == Suppression.PUBLISHED
    rollback_batch(second.batch, actor=None)
    assert status()["0999010101"] == Suppression.PRIMARY
