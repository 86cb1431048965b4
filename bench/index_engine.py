"""Composite index speed: the engine's exponential_rank against a groupby/apply baseline,
in one run.

Generates a long frame of 15,000 areas x 20 periods x 10 components (3,000,000 rows, a
few values missing), computes the IoD-style exponential-rank index with
`compute_index` and with a straightforward pandas implementation (per period: pivot,
rank each component, transform, weight, sort), prints the best time of each over a few
runs, their ratio, and whether both give the same ranks.

    python bench/index_engine.py [--areas 15000] [--periods 20] [--components 10]
"""

import argparse
import math
import sys
import time

import numpy as np
import pandas as pd

from omradeloft.targeting.engine import Component, IndexSpec, compute_index

MISSING_SHARE = 0.0005  # of the values, set to NaN: those area-periods get no score


def make_values(areas: int, periods: int, components: int, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    area_codes = np.array([f"0301{i:06d}" for i in range(areas)])
    period_codes = np.array([str(2006 + p) for p in range(periods)])
    indicators = np.array([f"ind{k:02d}" for k in range(components)])
    a, p, k = np.meshgrid(
        np.arange(areas), np.arange(periods), np.arange(components), indexing="ij"
    )
    value = rng.gamma(2.0, 10.0, size=a.size).round(1)  # rounded: ties occur, as in real data
    value[rng.random(a.size) < MISSING_SHARE] = np.nan
    order = rng.permutation(a.size)  # rows in no particular order
    return pd.DataFrame(
        {
            "area": area_codes[a.ravel()[order]],
            "period": period_codes[p.ravel()[order]],
            "indicator": indicators[k.ravel()[order]],
            "value": value[order],
        }
    )


def make_spec(components: int) -> IndexSpec:
    raw = np.arange(1, components + 1, dtype=float)
    weights = raw / raw.sum()
    weights[-1] = 1.0 - weights[:-1].sum()
    return IndexSpec(
        method="exponential_rank",
        components=tuple(
            Component(f"ind{k:02d}", float(weights[k]), higher_is_worse=k % 3 != 2)
            for k in range(components)
        ),
    )


def baseline(values: pd.DataFrame, spec: IndexSpec) -> pd.DataFrame:
    """The obvious pandas version: groupby period, apply a function that ranks the areas."""
    span = 1 - np.exp(-100 / 23)

    def one_period(frame: pd.DataFrame) -> pd.DataFrame:
        wide = frame.pivot(index="area", columns="indicator", values="value")
        wide = wide[list(spec.indicators)].dropna()
        n = len(wide)
        score = pd.Series(0.0, index=wide.index)
        for component in spec.components:
            column = wide[component.indicator]
            deprivation = column if component.higher_is_worse else -column
            r = deprivation.rank(method="average") / n
            score = score + component.weight * (-23 * np.log(1 - r * span))
        out = score.rename("score").reset_index()
        out = out.sort_values(["score", "area"], ascending=[False, True], kind="stable")
        out["rank"] = np.arange(1, n + 1)
        return out

    result = values.groupby("period").apply(one_period)
    return result.reset_index(level=0).reset_index(drop=True)


def best_of(repeat: int, function, *args):
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--areas", type=int, default=15_000)
    parser.add_argument("--periods", type=int, default=20)
    parser.add_argument("--components", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    values = make_values(args.areas, args.periods, args.components)
    spec = make_spec(args.components)
    print(
        f"{args.areas:,} areas x {args.periods} periods x {args.components} components = "
        f"{len(values):,} rows ({int(values['value'].isna().sum()):,} values missing); "
        f"best of {args.repeat}"
    )
    compute_index(values.head(1000), spec)  # warm-up (imports, first-call costs)
    engine_time, result = best_of(args.repeat, compute_index, values, spec)
    baseline_time, expected = best_of(args.repeat, baseline, values, spec)

    merged = result.scores.merge(
        expected, on=["area", "period"], how="outer", suffixes=("", "_baseline"), indicator=True
    )
    both = merged["_merge"] == "both"
    same_rows = bool(both.all())
    same_ranks = same_rows and bool((merged["rank"] == merged["rank_baseline"]).all())
    score_gap = float((merged["score"] - merged["score_baseline"]).abs().max())
    ratio = baseline_time / engine_time
    print(f"engine   (compute_index):  {engine_time:8.3f} s")
    print(f"baseline (groupby/apply):  {baseline_time:8.3f} s")
    print(f"ratio baseline / engine:   {ratio:8.1f} x")
    print(
        f"scored area-periods: {len(result.scores):,} (baseline {len(expected):,}); "
        f"missing rows listed: {len(result.missing):,}"
    )
    print(f"same ranks: {same_ranks}; largest score difference: {score_gap:.3g}")
    ok = same_ranks and math.isfinite(score_gap) and score_gap < 1e-9
    print(
        f"targets: engine < 1 s {'met' if engine_time < 1 else 'MISSED'}, "
        f">= 10x {'met' if ratio >= 10 else 'MISSED'}, "
        f"same ranks {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
