"""JSON-stat 2.0 datasets in Statistics Norway's shape import through a dimension mapping."""

import json

import pytest

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.importing.sources import SourceError
from omradeloft.indicators.models import Observation
from tests.indicators.factories import make_indicator

pytestmark = pytest.mark.django_db


def ssb_dataset(value, status=None):
    """Region (district numbers as SSB gives them) x sex x contents x year."""
    dataset = {
        "version": "2.0",
        "class": "dataset",
        "label": "Sysselsatte",
        "source": "Statistisk sentralbyrå",
        "id": ["Region", "Kjonn", "ContentsCode", "Tid"],
        "size": [2, 2, 3, 2],
        "dimension": {
            "Region": {"category": {"index": ["01", "02"], "label": {"01": "Nord", "02": "Sør"}}},
            "Kjonn": {"category": {"index": {"0": 0, "2": 1}, "label": {"0": "Begge", "2": "K"}}},
            "ContentsCode": {
                "category": {
                    "index": ["Antall", "Personer", "Andel"],
                    "label": {"Antall": "Antall", "Personer": "Personer", "Andel": "Prosent"},
                }
            },
            "Tid": {"category": {"index": ["2023", "2024"]}},
        },
        "value": value,
    }
    if status is not None:
        dataset["status"] = status
    return dataset


# row-major: Region, Kjonn, ContentsCode, Tid (last fastest)
VALUES = [
    # Nord, both sexes: Antall 23/24, Personer 23/24, Andel 23/24
    100,
    110,
    1000,
    1000,
    10.0,
    11.0,
    # Nord, women
    40,
    45,
    500,
    500,
    8.0,
    9.0,
    # Sør, both sexes
    300,
    None,
    1000,
    1000,
    30.0,
    None,
    # Sør, women
    150,
    150,
    500,
    500,
    30.0,
    30.0,
]
MAPPING = {
    "area": {"dimension": "Region", "prefix": "0999"},
    "period": {"dimension": "Tid"},
    "indicator": {"code": "employed"},
    "measure": {
        "dimension": "ContentsCode",
        "value": "Andel",
        "numerator": "Antall",
        "denominator": "Personer",
    },
    "filter": {"Kjonn": "0"},
    "flags": {"p": "provisional"},
}


def run(tmp_path, document, mapping=MAPPING):
    path = tmp_path / "ssb.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    chunks, info = open_observation_file(path, mapping=mapping)
    return import_observations(chunks, info, actor=None)


@pytest.fixture
def employed(personas):
    return make_indicator("employed", polarity="higher_is_better")


def imported():
    return sorted(
        Observation.objects.imported().values_list(
            "area__code", "period", "numerator", "denominator", "value", "is_provisional"
        )
    )


def test_array_values_with_a_measure_dimension_and_a_filter(employed, tmp_path):
    report = run(tmp_path, ssb_dataset(VALUES))
    assert report.created == 3  # Sør 2024 has no value
    assert imported() == [
        ("099901", "2023", 100.0, 1000.0, 10.0, False),
        ("099901", "2024", 110.0, 1000.0, 11.0, False),
        ("099902", "2023", 300.0, 1000.0, 30.0, False),
    ]


def test_sparse_values_and_status_flags(employed, tmp_path):
    sparse = {str(i): v for i, v in enumerate(VALUES) if v is not None}
    status = {"1": "p"}  # on the count for Nord 2024: the row is provisional
    run(tmp_path, ssb_dataset(sparse, status))
    provisional = {(a, p) for a, p, *_, flag in imported() if flag}
    assert provisional == {("099901", "2024")}


def test_the_same_dataset_twice_changes_nothing(employed, tmp_path):
    run(tmp_path, ssb_dataset(VALUES))
    report = run(tmp_path, ssb_dataset(VALUES))
    assert (report.created, report.changed, report.unchanged) == (0, 0, 3)


def test_a_size_value_mismatch_is_refused(employed, tmp_path):
    with pytest.raises(SourceError, match="size/value mismatch"):
        run(tmp_path, ssb_dataset(VALUES[:-1]))


def test_an_unmapped_dimension_with_several_categories_is_refused(employed, tmp_path):
    mapping = {k: v for k, v in MAPPING.items() if k != "filter"}
    with pytest.raises(SourceError, match=r"Kjonn .* has 2 categories; fix one"):
        run(tmp_path, ssb_dataset(VALUES), mapping)


def test_an_unknown_dimension_in_the_mapping_is_named(employed, tmp_path):
    mapping = MAPPING | {"period": {"dimension": "Year"}}
    with pytest.raises(SourceError, match="'Year' is not in the dataset"):
        run(tmp_path, ssb_dataset(VALUES), mapping)


def test_cells_that_fail_validation_name_their_cell_and_labels(employed, tmp_path):
    from omradeloft.indicators.importing.service import ObservationImportError

    values = list(VALUES)
    values[4] = 99.0  # Andel 2023 for Nord disagrees with 100/1000
    with pytest.raises(ObservationImportError) as caught:
        run(tmp_path, ssb_dataset(values))
    assert caught.value.errors[0].startswith(
        "cell 4 (Region=01, Kjonn=0, ContentsCode=Andel, Tid=2023)"
    )


def test_a_json_stat_file_needs_a_mapping(employed, tmp_path):
    path = tmp_path / "ssb.json"
    path.write_text(json.dumps(ssb_dataset(VALUES)))
    with pytest.raises(SourceError, match="needs --mapping"):
        open_observation_file(path)
