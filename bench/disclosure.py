"""Disclosure control speed: a family of additive indicators against the same indicators
decided one by one, in one run.

Builds an area tree (default: 1 municipality, 15 districts, 105 subdistricts, 5,040 basic
units) and a population counted in five age groups and in total over 20 periods, about
620,000 cells, with small counts in the basic units. Times the engine on each indicator
alone (the per-indicator path, which does not protect across indicators) and on the family
with its relation (area and age-group equations, the sweep and the exact check), and
prints both, their ratio, and how many cells each suppresses.

    python bench/disclosure.py [--units-per-subdistrict 48] [--periods 20] [--seed 1]
"""

import argparse
import time

import numpy as np
import pandas as pd

from omradeloft.indicators.engine.disclosure import Relation, suppress

AGES = ["0_5", "6_15", "16_19", "20_66", "67_plus"]
MEAN = np.array([6.0, 10.0, 4.0, 60.0, 12.0])  # people per basic unit and age group


def area_tree(districts: int, subdistricts: int, units: int) -> pd.Series:
    """Parent id by area id: 0 is the municipality."""
    parent = {0: -1}
    for d in range(1, districts + 1):
        parent[d] = 0
        for s in range(1, subdistricts + 1):
            subdistrict = d * 100 + s
            parent[subdistrict] = d
            for u in range(1, units + 1):
                parent[subdistrict * 1000 + u] = subdistrict
    return pd.Series(parent)


def cells(parent: pd.Series, periods: int, seed: int) -> pd.DataFrame:
    """Counts per basic unit drawn around MEAN, summed up the tree and over age groups."""
    rng = np.random.default_rng(seed)
    leaves = parent.index[~parent.index.isin(parent.to_numpy())]
    frames = []
    for period in range(periods):
        table = pd.DataFrame(rng.poisson(MEAN, size=(len(leaves), len(AGES))), leaves, AGES)
        level, levels = table, [table]
        while True:
            up = parent.reindex(level.index).to_numpy()
            if not (up >= 0).any():
                break
            level = level[up >= 0].groupby(up[up >= 0]).sum()
            levels.append(level)
        counts = pd.concat(levels).astype("float64")
        counts["total"] = counts[AGES].sum(axis=1)
        long = counts.stack().rename("numerator").reset_index()
        long.columns = ["cell", "item", "numerator"]
        frames.append(long.assign(group=str(2006 + period)))
    frame = pd.concat(frames, ignore_index=True)
    return frame.assign(parent=parent.reindex(frame["cell"]).to_numpy(), denominator=np.nan)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--districts", type=int, default=15)
    parser.add_argument("--subdistricts-per-district", type=int, default=7)
    parser.add_argument("--units-per-subdistrict", type=int, default=48)
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    parent = area_tree(args.districts, args.subdistricts_per_district, args.units_per_subdistrict)
    frame = cells(parent, args.periods, args.seed)
    print(f"{len(frame):,} cells: {len(parent):,} areas x {len(AGES) + 1} indicators x "
          f"{args.periods} periods", flush=True)  # fmt: skip

    start = time.perf_counter()
    alone = 0
    for _, one in frame.groupby("item", sort=False):
        alone += int(suppress(one.drop(columns="item")).suppressed.sum())
    per_indicator = time.perf_counter() - start
    print(f"baseline, each indicator alone: {per_indicator:.2f} s, {alone:,} suppressed")

    start = time.perf_counter()
    result = suppress(frame, relations=[Relation("total", tuple(AGES))])
    family = time.perf_counter() - start
    print(
        f"the family with its relation: {family:.2f} s, {int(result.suppressed.sum()):,} "
        f"suppressed ({int(result.primary.sum()):,} primary)"
    )
    print(f"ratio: {family / per_indicator:.1f}x the baseline's time")


if __name__ == "__main__":
    main()
