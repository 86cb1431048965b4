"""Area import speed: the bulk importer against one save() per area, in one run.

Generates two synthetic national sets and imports each into a fresh SQLite database:
32,844 basic units under 317 districts without geometry (the size of the English LSOAs
under their local authorities), read from CSV; and 14,000 basic units with simple polygon
boundaries (the size of Norway's grunnkretser), read from GeoJSON. For each, a sample is
first written the old way (the platform's checks, then Area.save() per area, each writing
its own audit entry), then the whole set with the platform's importer. Prints areas per
second for both, and their ratio.

    python bench/import_areas.py [--units 32844] [--parents 317] [--boundaries 14000]
                                 [--sample 2000]
"""

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def setup_django(database: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "omradeloft.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def national_csv(units: int, parents: int, prefix: str) -> str:
    """Parents first, then units spread evenly over them (codes as E01000001, E09000001)."""
    from omradeloft.core.tabular import csv_text

    districts = [[f"{prefix}9{p:07d}", f"District {p}", "district", ""] for p in range(parents)]
    basic_units = [
        [f"{prefix}0{u:07d}", f"Unit {u}", "basic_unit", f"{prefix}9{u % parents:07d}"]
        for u in range(units)
    ]
    return csv_text(["code", "name", "level", "parent"], districts + basic_units)


def national_geojson(units: int, parents: int, prefix: str) -> str:
    """Units as small squares on a grid in Norway's longitude/latitude range."""
    features = [
        {
            "type": "Feature",
            "properties": {
                "code": f"{prefix}9{p:07d}",
                "name": f"District {p}",
                "level": "district",
            },
            "geometry": None,
        }
        for p in range(parents)
    ]
    side = 0.01
    columns = 200
    for u in range(units):
        x, y = 5.0 + (u % columns) * side, 58.0 + (u // columns) * side
        ring = [[x, y], [x + side, y], [x + side, y + side], [x, y + side], [x, y]]
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "code": f"{prefix}0{u:07d}",
                    "name": f"Grunnkrets {u}",
                    "level": "basic_unit",
                    "parent": f"{prefix}9{u % parents:07d}",
                },
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features})


def per_row_import(records: list) -> float:
    """The old write path: the same checks, then one save() (and one audit entry) per area."""
    from django.db import transaction

    from omradeloft.areas.models import Area
    from omradeloft.areas.services import plan_import

    start = time.perf_counter()
    planned, _ = plan_import(records)
    with transaction.atomic():
        saved: dict[tuple[int, str], Area] = {}
        for item in planned:
            assert item.existing is None, "the bench imports new areas only"
            area = Area(level=item.level, code=item.record.code, **item.values)
            area.parent = saved[item.parent_key] if item.parent_key else None
            area.save()
            saved[(item.level.rank, area.code)] = area
    return time.perf_counter() - start


def bulk_import(records: list) -> float:
    from omradeloft.areas.services import import_areas

    start = time.perf_counter()
    report = import_areas(records, actor=None)
    elapsed = time.perf_counter() - start
    assert len(report.created) == len(records), report
    return elapsed


def compare(title: str, parents: list, units: list, sample: int) -> None:
    print(f"{title}: {len(units):,} units under {len(parents):,} parents", flush=True)
    # The sample goes under its own parents, so the full import afterwards creates everything.
    baseline_parents = [_renamed(r, "B") for r in parents]
    baseline_units = [_renamed(r, "B") for r in units[:sample]]
    naive = per_row_import(baseline_parents + baseline_units)
    naive_rate = (len(baseline_parents) + len(baseline_units)) / naive
    print(f"  baseline, one save() per area: {naive_rate:,.0f} areas/s", flush=True)
    records = parents + units
    bulk = bulk_import(records)
    bulk_rate = len(records) / bulk
    print(f"  importer: {bulk_rate:,.0f} areas/s ({bulk:.1f} s for {len(records):,} areas)")
    print(f"  ratio: {bulk_rate / naive_rate:.1f}x the baseline", flush=True)


def _renamed(record, prefix: str):
    from dataclasses import replace

    return replace(
        record,
        code=prefix + record.code,
        parent=prefix + record.parent if record.parent else "",
        given=set(record.given),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=32_844)
    parser.add_argument("--parents", type=int, default=317)
    parser.add_argument("--boundaries", type=int, default=14_000)
    parser.add_argument("--sample", type=int, default=2_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        from omradeloft.areas.readers import read_csv, read_geojson

        records = read_csv(national_csv(args.units, args.parents, "E"))
        compare(
            "without geometry (CSV)",
            records[: args.parents],
            records[args.parents :],
            args.sample,
        )
        records = read_geojson(national_geojson(args.boundaries, args.parents, "N"))
        compare(
            "with boundaries (GeoJSON)",
            records[: args.parents],
            records[args.parents :],
            args.sample,
        )


if __name__ == "__main__":
    main()
