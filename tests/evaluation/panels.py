"""Panels put into the database the way a user would: areas, indicators and observations
through the import commands."""

import io
from pathlib import Path

import numpy as np
import pandas as pd
from django.core.management import call_command

from omradeloft.areas.models import AreaLevel

DATA = Path(__file__).parent / "data"


def import_panel(
    tmp_path: Path,
    long: pd.DataFrame,
    names: dict[str, str],
    *,
    parent: tuple[str, str] = ("X", "Landet"),
    indicators: dict[str, str] | None = None,
) -> None:
    """`long` has columns indicator, area, period, value; areas go on a level "region"
    under one country `parent`; `indicators` maps code to unit (default: ratio)."""
    AreaLevel.objects.get_or_create(code="region", defaults={"name": "Region", "rank": 5})
    areas = tmp_path / "areas.csv"
    rows = [f"{parent[0]},{parent[1]},country,"]
    rows += [f"{code},{name},region,{parent[0]}" for code, name in names.items()]
    areas.write_text("code,name,level,parent\n" + "\n".join(rows) + "\n", encoding="utf-8")
    codes = indicators or {code: "ratio" for code in long["indicator"].unique()}
    catalogue = tmp_path / "indicators.csv"
    catalogue.write_text(
        "code,name,name_en,unit,polarity\n"
        + "".join(f"{code},{code},,{unit},higher_is_better\n" for code, unit in codes.items()),
        encoding="utf-8",
    )
    observations = tmp_path / "observations.csv"
    long[["indicator", "area", "period", "value"]].to_csv(observations, index=False)
    out = io.StringIO()
    call_command("import_areas", str(areas), stdout=out)
    call_command("import_indicators", str(catalogue), stdout=out)
    call_command("import_observations", str(observations), stdout=out)


def did_panel(effect: float = 3.0, seed: int = 4) -> tuple[pd.DataFrame, dict[str, str]]:
    """12 areas over 2010-2019; areas A01-A03 treated from 2016 with `effect` added."""
    rng = np.random.default_rng(seed)
    rows = []
    for n in range(1, 13):
        level = rng.normal(50, 5)
        for year in range(2010, 2020):
            value = level + 0.5 * (year - 2010) + rng.normal(0, 0.3)
            if n <= 3 and year >= 2016:
                value += effect
            rows.append(("employed", f"A{n:02d}", str(year), round(value, 4)))
    frame = pd.DataFrame(rows, columns=["indicator", "area", "period", "value"])
    return frame, {f"A{n:02d}": f"Område {n}" for n in range(1, 13)}


def basque_panel() -> tuple[pd.DataFrame, dict[str, str]]:
    """The Basque data as long observations: region codes R02..R18, Spain left out."""
    raw = pd.read_csv(DATA / "basque.csv")
    raw = raw[raw["regionno"] != 1]
    raw["area"] = raw["regionno"].map(lambda n: f"R{int(n):02d}")
    raw["period"] = raw["year"].astype(int).astype(str)
    values = [
        c for c in raw.columns if c not in {"regionno", "regionname", "year", "area", "period"}
    ]
    long = raw.melt(id_vars=["area", "period"], value_vars=values, var_name="indicator")
    long = long.dropna(subset=["value"])
    long["indicator"] = long["indicator"].str.replace(".", "_")
    names = dict(zip(raw["area"], raw["regionname"], strict=False))
    return long, names


def few_years_panel(seed: int = 1) -> tuple[pd.DataFrame, dict[str, str]]:
    """10 areas over 2000-2012 (treatment from 2010, no effect): `employed` drifts apart
    from area to area, so donors that match a few single years can miss the others;
    `income` is one covariate, observed in 2009."""
    rng = np.random.default_rng(seed)
    years = np.arange(2000, 2013)
    rows = []
    for n in range(1, 11):
        path = (
            rng.normal(50, 5)
            + rng.normal(0.5, 0.4) * (years - 2000)
            + np.cumsum(rng.normal(0, 1.0, len(years)))
        )
        area = f"A{n:02d}"
        rows += [
            ("employed", area, str(year), round(value, 4))
            for year, value in zip(years, path, strict=True)
        ]
        rows.append(("income", area, "2009", round(path[:10].mean() + rng.normal(0, 2), 4)))
    frame = pd.DataFrame(rows, columns=["indicator", "area", "period", "value"])
    return frame, {f"A{n:02d}": f"Område {n}" for n in range(1, 11)}
