"""Statistics with small counts that disclosure control suppresses, for tests that try to
read or derive the suppressed values from the targeting pages, downloads and commands.

Eight subdistricts in two districts. In 2024 Nordhagen's mortality (2 of 4: 50.0), its
dropout (3 of 5: 60.0) and its population (3) are suppressed, and so is Sørlia's
mortality (0 of 2: 0.0, tied with published zeros); in 2023 Nordlia's (3 of 7: 42.9, and
2 of 5: 40.0). Disclosure control adds the complementary suppressions it needs.
"""

import json
import re

from django.core.management import call_command

from omradeloft.indicators.importing.files import open_observation_file
from omradeloft.indicators.importing.service import import_observations
from omradeloft.indicators.models import Observation, Suppression
from tests.factories import make_area
from tests.indicators.factories import make_indicator, write_csv

SUBDISTRICTS = {
    "0999010101": "Nordhagen",
    "0999010102": "Nordlia",
    "0999010103": "Nordåsen",
    "0999010104": "Nordvik",
    "0999020201": "Sørhagen",
    "0999020202": "Sørlia",
    "0999020203": "Sørvik",
    "0999020204": "Sørås",
}
# (mortality numerator, denominator), (dropout numerator, denominator), population
COUNTS = {
    "2024": {
        "0999010101": ((2, 4), (3, 5), 3),
        "0999010102": ((31, 200), (9, 100), 800),
        "0999010103": ((47, 200), (17, 100), 950),
        "0999010104": ((61, 200), (21, 100), 1200),
        "0999020201": ((41, 100), (33, 100), 700),
        "0999020202": ((0, 2), (12, 40), 640),
        "0999020203": ((0, 150), (7, 50), 560),
        "0999020204": ((0, 120), (11, 55), 610),
    },
    "2023": {
        "0999010101": ((9, 100), (8, 100), 410),
        "0999010102": ((3, 7), (2, 5), 2),
        "0999010103": ((45, 200), (19, 100), 940),
        "0999010104": ((63, 200), (23, 100), 1180),
        "0999020201": ((37, 100), (29, 100), 690),
        "0999020202": ((26, 130), (13, 40), 650),
        "0999020203": ((1, 150), (6, 50), 570),
        "0999020204": ((0, 120), (10, 55), 600),
    },
}
RULE = {
    "code": "small-areas",
    "name": "Utsatte småområder",
    "kind": "criteria",
    "level": "subdistrict",
    "params": {
        "population": {"indicator": "population_total", "at_least": 1},
        "criteria": [
            {"indicator": "mortality", "at_least": 40},
            {"indicator": "dropout", "at_least": 40},
        ],
        "min_met": 1,
    },
}


def suppressed_statistics(personas, tmp_path):
    """Areas, indicators and observations as described above; returns the personas."""
    for code, name in SUBDISTRICTS.items():
        if code not in {personas.s11.code, personas.s21.code}:  # the personas hold these
            parent = personas.d1 if code.startswith("099901") else personas.d2
            make_area(code, "subdistrict", name=name, parent=parent)
    make_indicator("mortality", name="Dødelighet")
    make_indicator("dropout", name="Frafall")
    make_indicator("population_total", name="Befolkning", unit="count")
    rows = []
    for period, areas in COUNTS.items():
        for area, (mortality, dropout, population) in areas.items():
            rows += [
                f"mortality,{area},{period},,{mortality[0]},{mortality[1]}",
                f"dropout,{area},{period},,{dropout[0]},{dropout[1]}",
                f"population_total,{area},{period},{population},,",
            ]
    chunks, info = open_observation_file(write_csv(tmp_path / "small.csv", rows))
    import_observations(chunks, info, actor=None)
    return personas


def suppressed_cells(level="subdistrict"):
    """{(area code, period, indicator): value} of every suppressed observation."""
    return {
        (o.area.code, o.period, o.indicator.code): o.value
        for o in Observation.objects.filter(area__level__code=level)
        .exclude(suppression=Suppression.PUBLISHED)
        .select_related("area", "indicator")
    }


def define_and_classify(tmp_path, periods=("2023", "2024")):
    path = tmp_path / "rule.json"
    path.write_text(json.dumps(RULE))
    call_command("import_rule", str(path))
    for period in periods:
        call_command("classify", RULE["code"], "--period", period)


def spellings(value, decimals=1):
    """The ways a page or file may print a value: 50.0, 50,0 (bokmål), 50.000000."""
    text = f"{value:.{decimals}f}"
    return {text, text.replace(".", ","), f"{value:.6f}", repr(float(value))}


def printed(secret, text):
    """Whether `secret` stands in `text` as a number of its own (not inside 10.01 or 59.0)."""
    return re.search(rf"(?<![\d.,]){re.escape(secret)}(?![\d])", text) is not None
