"""Synthetic living-conditions statistics for the demo's Oslo subdistricts.

A seeded register (see `demo.synthetic`) is generated once into VAR_DIR/demo, aggregated
with DuckDB, and loaded through the ordinary catalogue and observation importers. Every
indicator is marked synthetic, so every page that shows it says the data are made up.
"""

import json
from pathlib import Path

from django.conf import settings

from omradeloft.demo.synthetic.parameters import read_subdistricts
from omradeloft.demo.synthetic.pipeline import INDICATORS, aggregate
from omradeloft.demo.synthetic.register import DEFAULT_SCALE, DEFAULT_SEED, write_register
from omradeloft.indicators.catalogue import CatalogueReport, import_catalogue
from omradeloft.indicators.importing.files import sha256_of
from omradeloft.indicators.importing.service import FileInfo, ImportReport, import_observations
from omradeloft.indicators.importing.sources import frame_chunks

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


def load_catalogue() -> CatalogueReport:
    indicators = [
        indicator
        | {
            "topics": TOPIC_OF.get(indicator["code"], ["befolkning"]),
            "breaks": BREAKS.get(indicator["code"], []),
            "source": SOURCE,
            "synthetic": "true",
        }
        for indicator in INDICATORS
    ]
    document = json.dumps({"topics": TOPICS, "indicators": indicators}, ensure_ascii=False)
    return import_catalogue(document, "json", actor=None)


def load_statistics(subdistricts_geojson: Path) -> ImportReport:
    """Generate the register if it is not there yet, and import its indicators."""
    path = register_file()
    if not path.exists():
        write_register(path, read_subdistricts(subdistricts_geojson))
    load_catalogue()
    frame = aggregate(path)
    # Counts (population) are their own value; a numerator without a denominator is refused.
    frame.loc[frame["denominator"].isna(), "numerator"] = float("nan")
    info = FileInfo(name=path.name, sha256=sha256_of(path), file_format="parquet")
    return import_observations(lambda: frame_chunks(frame), info, actor=None)
