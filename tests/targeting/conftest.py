"""Three subdistricts with two indicators over two years, for index and rule tests."""

import pytest

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv


@pytest.fixture
def statistics(personas, tmp_path):
    make_area("0999010102", "subdistrict", name="Nordlia", parent=personas.d1)
    make_indicator("not_employed")
    make_indicator("employed", polarity="higher_is_better")
    rows = []
    # Nordhagen is worst on both, Sørhagen best on both; Nordlia in between.
    for area, bad, good in [("0999010101", 40, 50), ("0999010102", 20, 70), ("0999020201", 10, 80)]:
        for year in ("2023", "2024"):
            rows += [f"not_employed,{area},{year},{bad},,", f"employed,{area},{year},{good},,"]
    chunks, info = open_observation_file(write_csv(tmp_path / "a.csv", rows))
    import_observations(chunks, info, actor=None)
    return personas
