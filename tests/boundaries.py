"""An Oslo-like set of areas across two boundary changes, for the change-table tests.

Subdistrict 030116 (district 0316) ended 2017-12-31 and split into 030116A and 030116B;
municipalities 0711 and 0715 ended 2019-12-31 and merged into 3802.
`make_comparison_areas` adds unchanged subdistricts 030118-030120 beside 030117.
"""

import datetime
from pathlib import Path

from django.core.management import call_command

from omradeloft.areas.models import Area
from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from tests.factories import make_area
from tests.indicators.factories import make_indicator

FILES = Path(__file__).parent / "files" / "boundaries"
SPLIT = datetime.date(2018, 1, 1)
MERGE = datetime.date(2020, 1, 1)


def make_changed_areas() -> dict[str, Area]:
    oslo = make_area("0301", "municipality", name="Oslo")
    district = make_area("0316", "district", parent=oslo)
    areas = {"0301": oslo, "0316": district}
    areas["030116"] = make_area(
        "030116", "subdistrict", parent=district, valid_to=SPLIT - datetime.timedelta(days=1)
    )
    for code in ("030116A", "030116B"):
        areas[code] = make_area(code, "subdistrict", parent=district, valid_from=SPLIT)
    areas["030117"] = make_area("030117", "subdistrict", parent=district)
    for code in ("0711", "0715"):
        areas[code] = make_area(code, "municipality", valid_to=MERGE - datetime.timedelta(days=1))
    areas["3802"] = make_area("3802", "municipality", valid_from=MERGE)
    return areas


def import_changes(name: str = "klass_changes_cp1252.csv", **options) -> None:
    call_command("import_area_changes", str(FILES / name), **options)


def make_comparison_areas() -> list[Area]:
    """Unchanged subdistricts of district 0316 (after `make_changed_areas`) to compare with."""
    district = Area.objects.get(code="0316")
    return [
        make_area(code, "subdistrict", parent=district) for code in ("030118", "030119", "030120")
    ]


def import_series(
    name: str = "observations_across_changes.csv", *, comparison_areas: bool = False
) -> None:
    """The changed areas (and the comparison areas if asked), their change table,
    `residents` (a count) and `low_income` (a percentage), and the observations of
    FILES / `name`."""
    make_changed_areas()
    if comparison_areas:
        make_comparison_areas()
    import_changes()
    make_indicator("residents", unit="count")
    make_indicator("low_income")
    chunks, info = open_observation_file(FILES / name)
    import_observations(chunks, info, actor=None)
