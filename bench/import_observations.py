"""Observation import speed: the bulk importer against one save() per row, in one run.

Generates a long-format CSV (default 1,000,000 rows: 10 indicators x 5,000 areas x 20
years), imports it into a fresh SQLite database with the platform's importer, and imports
a 20,000-row sample the naive way (Observation(...).save() per row). Prints rows per
second for both, their ratio, and the peak memory of the process.

    python bench/import_observations.py [--rows 1000000] [--sample 20000]
"""

import argparse
import os
import resource
import sys
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


def make_catalogue_and_areas(indicators: int, areas: int) -> None:
    from omradeloft.areas.models import Area, AreaLevel
    from omradeloft.indicators.models import Indicator

    level = AreaLevel.objects.get(code="basic_unit")
    Area.objects.bulk_create(
        Area(level=level, code=f"{i:08d}", name=f"Unit {i}") for i in range(areas)
    )
    for i in range(indicators):
        Indicator.objects.create(
            code=f"ind{i}", name=f"Indicator {i}", unit="percent", polarity="higher_is_worse"
        )


def write_csv(path: Path, indicators: int, areas: int, years: int, limit: int) -> int:
    import numpy as np

    rng = np.random.default_rng(1)
    rows = 0
    with path.open("w", encoding="utf-8") as out:
        out.write("indicator,area,period,value,numerator,denominator\n")
        for i in range(indicators):
            for year in range(2006, 2006 + years):
                denominators = rng.integers(50, 5000, size=areas)
                numerators = rng.integers(0, 50, size=areas)
                lines = [
                    f"ind{i},{a:08d},{year},,{n},{d}\n"
                    for a, n, d in zip(range(areas), numerators, denominators, strict=True)
                ]
                take = min(len(lines), limit - rows)
                out.writelines(lines[:take])
                rows += take
                if rows >= limit:
                    return rows
    return rows


def bulk_import(path: Path) -> float:
    from omradeloft.indicators.importing.files import open_observation_file
    from omradeloft.indicators.importing.service import import_observations

    chunks, info = open_observation_file(path)
    start = time.perf_counter()
    report = import_observations(chunks, info, actor=None, derive=False)
    elapsed = time.perf_counter() - start
    assert report.created == report.rows, report
    return elapsed


def naive_import(path: Path, sample: int) -> float:
    """The straightforward way: parse each row and save one model instance at a time."""
    import csv

    from django.db import transaction

    from omradeloft.areas.models import Area
    from omradeloft.indicators.models import Indicator, Observation

    indicators = {i.code: i for i in Indicator.objects.all()}
    areas = dict(Area.objects.values_list("code", "pk"))
    start = time.perf_counter()
    with path.open(encoding="utf-8") as handle, transaction.atomic():
        for n, row in enumerate(csv.DictReader(handle)):
            if n == sample:
                break
            indicator = indicators[row["indicator"]]
            numerator, denominator = float(row["numerator"]), float(row["denominator"])
            Observation(
                indicator=indicator,
                area_id=areas[row["area"]],
                period=f"naive-{row['period']}",
                numerator=numerator,
                denominator=denominator,
                value=numerator / denominator * indicator.scale,
            ).save()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--sample", type=int, default=20_000)
    args = parser.parse_args()
    indicators, years = 10, 20
    areas = max(1, -(-args.rows // (indicators * years)))
    with tempfile.TemporaryDirectory() as folder:
        setup_django(Path(folder) / "bench.sqlite3")
        make_catalogue_and_areas(indicators, areas)
        path = Path(folder) / "observations.csv"
        rows = write_csv(path, indicators, areas, years, args.rows)
        print(f"{rows:,} rows ({path.stat().st_size / 1e6:.0f} MB), {areas:,} areas", flush=True)
        naive = naive_import(path, min(args.sample, rows))
        naive_rate = min(args.sample, rows) / naive
        print(f"baseline, one save() per row: {naive_rate:,.0f} rows/s", flush=True)
        bulk = bulk_import(path)
        bulk_rate = rows / bulk
        print(f"importer: {bulk_rate:,.0f} rows/s ({bulk:.1f} s)")
        print(f"ratio: {bulk_rate / naive_rate:.1f}x the baseline")
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"peak memory of the process: {peak:,.0f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
