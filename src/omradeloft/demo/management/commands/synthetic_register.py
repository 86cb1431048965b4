from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from omradeloft.core.tabular import write_csv
from omradeloft.demo.loader import DATA_DIR
from omradeloft.demo.synthetic.parameters import read_subdistricts
from omradeloft.demo.synthetic.pipeline import aggregate
from omradeloft.demo.synthetic.register import DEFAULT_SCALE, DEFAULT_SEED, write_register


class Command(BaseCommand):
    help = "Write the SYNTHETIC Oslo person register as Parquet (and its indicators as CSV)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("output", type=Path, help="Parquet file to write")
        parser.add_argument("--first-year", type=int, default=2008)
        parser.add_argument("--last-year", type=int, default=2025)
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument("--scale", type=float, default=DEFAULT_SCALE, help="1.0: all Oslo")
        parser.add_argument("--indicators", type=Path, help="also write the indicators as CSV")

    def handle(self, *args: Any, **options: Any) -> None:
        summary = write_register(
            options["output"],
            read_subdistricts(DATA_DIR / "subdistricts.geojson"),
            range(options["first_year"], options["last_year"] + 1),
            seed=options["seed"],
            scale=options["scale"],
        )
        self.stdout.write(
            f"{summary.path}: {summary.rows:,} rows, {summary.persons:,} persons, "
            f"{summary.years} years, {summary.bytes / 1e6:.1f} MB in {summary.seconds:.1f} s "
            "(synthetic data)"
        )
        if options["indicators"]:
            frame = aggregate(options["output"])
            cells = frame.astype(object).where(frame.notna(), "")
            with options["indicators"].open("w", newline="", encoding="utf-8") as handle:
                write_csv(handle, list(frame.columns), cells.itertuples(index=False))
            self.stdout.write(f"{options['indicators']}: {len(frame):,} indicator rows")
