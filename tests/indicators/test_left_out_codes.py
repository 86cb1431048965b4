"""Rows for codes outside the area register (Oslo's 030199 "Uten registrert adresse") are
recorded per indicator and period when skipped, or added into their parent's derived total
when the mapping says where they belong."""

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from omradeloft.indicators.engine.aggregation import Hierarchy, derive_parents
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.rollback import rollback_batch
from omradeloft.indicators.importing.service import ObservationImportError, import_observations
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import ImportBatch, Observation
from tests.factories import make_area
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db

FILE = Path(__file__).parent / "files" / "oslo_bydel_uten_adresse.json"
DISTRICT_ROWS = {
    "030101": {"2023": (40000, 63234), "2024": (41000, 64102)},
    "030102": {"2023": (45000, 65011), "2024": (46000, 65893)},
}
NO_ADDRESS = {"2023": (1200, 3100), "2024": (1300, 3200)}
COUNTS = {
    "area": {"dimension": "Bydel", "skip": ["030199"]},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "population"},
    "filter": {"ContentsCode": "Personer"},
}
RATES = {
    "area": {"dimension": "Bydel", "outside_register": {"030199": "0301"}},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "employed"},
    "measure": {"dimension": "ContentsCode", "numerator": "Sysselsatte", "denominator": "Personer"},
}


@pytest.fixture
def oslo(personas):
    make_indicator("population", unit="count", polarity="higher_is_better")
    make_indicator("employed", unit="percent", polarity="higher_is_better")
    oslo = make_area("0301", "municipality", name="Oslo")
    make_area("030101", "district", name="Gamle Oslo", parent=oslo)
    make_area("030102", "district", name="Grünerløkka", parent=oslo)
    return personas


def run(mapping: dict, **options):
    chunks, info = open_observation_file(FILE, mapping=mapping)
    return import_observations(chunks, info, actor=None, **options)


def derived(code: str) -> dict[str, tuple]:
    rows = Observation.objects.filter(indicator__code=code, area__code="0301", is_derived=True)
    return {o.period: (o.numerator, o.denominator, o.value) for o in rows}


def test_skipped_codes_are_recorded_with_their_rows_per_indicator_and_period(oslo):
    report = run(COUNTS)
    batch = ImportBatch.objects.get()
    expected = [
        {"indicator": "population", "period": period, "code": "030199", "rows": 1}
        for period in ("2023", "2024")
    ]
    assert report.left_out == expected
    assert batch.left_out == expected


def test_a_dry_run_reports_the_skipped_codes_and_records_nothing(oslo):
    report = run(COUNTS, dry_run=True)
    assert [r["code"] for r in report.left_out] == ["030199", "030199"]
    assert not ImportBatch.objects.exists()


def test_the_command_says_which_codes_were_left_out(oslo, tmp_path, capsys):
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(COUNTS), encoding="utf-8")
    call_command("import_observations", str(FILE), "--mapping", str(mapping))
    assert f"{FILE.name}: left out: 030199 (2 rows)" in capsys.readouterr().out


def test_the_preview_and_the_batch_list_name_the_codes_left_out(client, oslo, settings):
    settings.LANGUAGE_CODE = "en"
    client.force_login(oslo.programme_admin)
    upload = SimpleUploadedFile(FILE.name, FILE.read_bytes(), content_type="application/json")
    mapping = SimpleUploadedFile("m.json", json.dumps(COUNTS).encode(), "application/json")
    response = client.post(
        reverse("indicators:import"), {"file": upload, "mapping": mapping}, follow=True
    )
    assert "030199 (2 rows)" in response.content.decode()
    response = client.post(response.redirect_chain[-1][0], {"commit": "1"}, follow=True)
    assert response.status_code == 200
    page = client.get(reverse("indicators:batches")).content.decode()
    assert "030199 (2 rows)" in page


def test_a_municipality_total_from_districts_only_leaves_out_the_skipped_rows(oslo):
    run(COUNTS)
    totals = {period: value for period, (_, _, value) in derived("population").items()}
    assert totals == {
        period: float(sum(DISTRICT_ROWS[d][period][1] for d in DISTRICT_ROWS))
        for period in ("2023", "2024")
    }


def test_rows_placed_under_a_parent_are_not_stored_but_complete_its_derived_total(oslo):
    report = run(RATES)
    assert not Observation.objects.filter(area__code="030199").exists()
    assert Observation.objects.filter(is_derived=False).count() == 4
    for period, (numerator, denominator, value) in derived("employed").items():
        employed = sum(DISTRICT_ROWS[d][period][0] for d in DISTRICT_ROWS) + NO_ADDRESS[period][0]
        people = sum(DISTRICT_ROWS[d][period][1] for d in DISTRICT_ROWS) + NO_ADDRESS[period][1]
        assert (numerator, denominator) == (employed, people)
        assert value == pytest.approx(100 * employed / people)
    assert {r["code"]: r["parent"] for r in report.left_out} == {"030199": "0301"}


def test_rows_under_a_parent_count_in_its_total_after_other_imports_of_the_indicator(
    oslo, tmp_path
):
    run(RATES)
    before = derived("employed")
    other = tmp_path / "other.csv"
    other.write_text(
        "indicator,area,period,value,numerator,denominator\nemployed,030101,2025,50,1,2\n",
        encoding="utf-8",
    )
    chunks, info = open_observation_file(other)
    import_observations(chunks, info, actor=None)
    after = derived("employed")
    assert {p: after[p] for p in before} == before


def test_rolling_back_the_batch_takes_its_rows_out_of_the_parents_total(oslo):
    run(RATES)
    rollback_batch(ImportBatch.objects.get(), actor=None)
    assert derived("employed") == {}


def test_outside_register_must_map_codes_to_parent_codes(oslo):
    with pytest.raises(SourceError, match="outside_register must be an object"):
        run(RATES | {"area": {"dimension": "Bydel", "outside_register": ["030199"]}})
    assert not Observation.objects.exists()


def test_an_unknown_parent_for_a_code_outside_the_register_is_refused(oslo):
    mapping = RATES | {"area": {"dimension": "Bydel", "outside_register": {"030199": "9999"}}}
    with pytest.raises(ObservationImportError) as caught:
        run(mapping)
    assert any("unknown area code “9999”" in error for error in caught.value.errors)
    assert not Observation.objects.exists()


HIERARCHY = Hierarchy(parent=pd.Series({10: 1, 11: 1}), depth=pd.Series({1: 0, 10: 1, 11: 1}))


def observed(rows: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["area_id", "period", "numerator", "denominator"])
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    frame["is_provisional"] = False
    return frame.astype({"numerator": "float64", "denominator": "float64"})


def outside(numerator: float, denominator: float) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "area_id": [1],
            "period": ["2024"],
            "numerator": [numerator],
            "denominator": [denominator],
            "value": [np.nan],
        }
    )


def test_outside_rows_are_added_to_a_parent_derived_from_all_its_children():
    children = observed([(10, "2024", 10, 100), (11, "2024", 30, 100)])
    (row,) = derive_parents(
        children, HIERARCHY, method="ratio", scale=100, outside=outside(5, 50)
    ).itertuples()
    assert (row.numerator, row.denominator, row.value) == (45, 250, pytest.approx(18.0))


def test_outside_rows_do_not_make_up_for_a_missing_child():
    children = observed([(10, "2024", 10, 100)])
    derived = derive_parents(children, HIERARCHY, method="ratio", scale=100, outside=outside(5, 50))
    assert derived.empty


def test_outside_rows_without_a_count_leave_a_ratio_underived_rather_than_wrong():
    children = observed([(10, "2024", 10, 100), (11, "2024", 30, 100)])
    derived = derive_parents(
        children, HIERARCHY, method="ratio", scale=100, outside=outside(np.nan, 50)
    )
    assert derived.empty
