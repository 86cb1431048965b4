"""Synthetic living-conditions statistics for the demo's Oslo subdistricts.

A seeded register (see `demo.synthetic`) is generated once into VAR_DIR/demo, aggregated
with DuckDB, and loaded through the ordinary catalogue and observation importers. Every
indicator is marked synthetic, so every page that shows it says the data are made up.

Only what is missing is loaded: an indicator the installation has keeps its definition, one
that someone else made gets no synthetic values at all, and an existing value is never
replaced (it may be a user's import, which must stay as it is and stay possible to roll back).
"""

import json
from pathlib import Path

import pandas as pd
from django.conf import settings

from omradeloft.demo.ownership import not_made_by_demo
from omradeloft.demo.synthetic.parameters import read_subdistricts
from omradeloft.demo.synthetic.pipeline import INDICATORS, aggregate
from omradeloft.demo.synthetic.register import DEFAULT_SCALE, DEFAULT_SEED, write_register
from omradeloft.indicators.catalogue import CatalogueReport, import_catalogue
from omradeloft.indicators.importing.files import sha256_of
from omradeloft.indicators.importing.service import FileInfo, ImportReport, import_observations
from omradeloft.indicators.importing.sources import frame_chunks
from omradeloft.indicators.models import Indicator, Observation

SOURCE = "Syntetiske data laget for demonstrasjon – ikke offisiell statistikk"
TOPICS = [
    {"code": "barnehage-skole", "name": "Barnehage og skole", "name_en": "Kindergarten and school"},
    {"code": "sysselsetting", "name": "Sysselsetting", "name_en": "Employment"},
    {"code": "naermiljo", "name": "Nærmiljø", "name_en": "Local environment"},
    {"code": "levekar", "name": "Levekår", "name_en": "Living conditions"},
    {"code": "befolkning", "name": "Befolkning", "name_en": "Population"},
]
TOPIC_OF = {
    "not_completing_upper_secondary": ["barnehage-skole"],
    "low_education_30_59": ["barnehage-skole", "levekar"],
    "not_employed_30_59": ["sysselsetting", "levekar"],
    "low_income_households_with_children": ["sysselsetting", "levekar"],
    "reduced_functional_ability_16_66": ["levekar"],
    "mortality_55_79": ["levekar"],
    "crowded_housing": ["naermiljo", "levekar"],
}

# The age groups add up to the total in every area and year, so disclosure control must
# protect them together: otherwise a suppressed group is the total minus the others.
AGE_GROUPS = [
    "population_0_5",
    "population_6_15",
    "population_16_19",
    "population_20_66",
    "population_67_plus",
]
SUMS_TO = {code: ["population_total"] for code in AGE_GROUPS}


# An invented break, so that the demo shows how charts and profiles mark one.
BREAKS = {
    "not_completing_upper_secondary": [
        {
            "period": "2015",
            "note": "Endret definisjon av fullført (syntetisk eksempel)",
            "note_en": "Changed definition of completion (synthetic example)",
        }
    ]
}


def register_file() -> Path:
    folder = Path(settings.VAR_DIR) / "demo"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"synthetic-register-seed{DEFAULT_SEED}-scale{DEFAULT_SCALE}.parquet"


def load_catalogue(codes: set[str] | None = None) -> CatalogueReport:
    """The demo's indicators (only those in `codes`, if given) with topics and breaks."""
    indicators = [
        indicator
        | {
            "topics": TOPIC_OF.get(indicator["code"], ["befolkning"]),
            "breaks": BREAKS.get(indicator["code"], []),
            # Only totals loaded now: an indicator the installation has may be someone else's.
            "sums_to": [
                total
                for total in SUMS_TO.get(indicator["code"], [])
                if codes is None or total in codes
            ],
            "source": SOURCE,
            "synthetic": "true",
        }
        for indicator in INDICATORS
        if codes is None or indicator["code"] in codes
    ]
    document = json.dumps({"topics": TOPICS, "indicators": indicators}, ensure_ascii=False)
    return import_catalogue(document, "json", actor=None)


def load_statistics(subdistricts_geojson: Path, skipped: list[str]) -> ImportReport:
    """Generate the register if it is not there yet, and import what the installation lacks
    of its indicators; what was left alone and why is added to `skipped`."""
    path = register_file()
    if not path.exists():
        write_register(path, read_subdistricts(subdistricts_geojson))
    codes = {indicator["code"] for indicator in INDICATORS}
    existing = list(Indicator.objects.filter(code__in=codes))
    theirs = sorted(i.code for i in not_made_by_demo(Indicator, existing))
    skipped.extend(
        f"indicator {code}: exists and is not the demo's; no synthetic values were added"
        for code in theirs
    )
    if missing := codes - {i.code for i in existing}:
        load_catalogue(missing)
    frame = aggregate(path)
    frame = frame[~frame["indicator"].isin(theirs)]
    frame, present = _without_existing_values(frame)
    if frame.empty:
        return ImportReport(unchanged=present)
    # Counts (population) are their own value; a numerator without a denominator is refused.
    frame.loc[frame["denominator"].isna(), "numerator"] = float("nan")
    info = FileInfo(name=path.name, sha256=sha256_of(path), file_format="parquet")
    report = import_observations(lambda: frame_chunks(frame), info, actor=None)
    report.unchanged += present
    return report


def _without_existing_values(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """The rows of `frame` whose indicator, area and period have no value yet, and how many
    rows were dropped because they have one."""
    have = pd.DataFrame.from_records(
        Observation.objects.filter(indicator__code__in=frame["indicator"].unique()).values_list(
            "indicator__code", "area__code", "period"
        ),
        columns=["indicator", "area", "period"],
    )
    keys = frame[["indicator", "area"]].assign(period=frame["period"].astype(str))
    present = pd.MultiIndex.from_frame(keys).isin(pd.MultiIndex.from_frame(have))
    return frame[~present].copy(), int(present.sum())
