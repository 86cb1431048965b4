"""A finished evaluation run arranged for the result templates and the CSV exports: its
tables (the same rows on the page and in the files), its charts and its reading.

Results come from `runner.run` (see its docstring and `result_context`); any key may be
missing or null, and the page shows what there is.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from omradeloft.core.i18n import localized
from omradeloft.evaluation import charts
from omradeloft.evaluation.models import EvaluationRun, Method
from omradeloft.evaluation.reading import is_post, number, p_equation, read, series
from omradeloft.evaluation.results import RunResult, stored_result

# Weights below this show as 0.000 on the page; they are summarised, not listed.
ZERO_WEIGHT = 0.0005


@dataclass(frozen=True)
class PathRow:
    period: str
    actual: float | None
    synthetic: float | None
    gap: float | None
    is_post: bool


@dataclass(frozen=True)
class WeightRow:
    code: str
    name: str
    weight: float


@dataclass(frozen=True)
class BalanceRow:
    predictor: str
    treated: float | None
    synthetic: float | None
    donor_mean: float | None


@dataclass(frozen=True)
class PlaceboRow:
    code: str
    name: str
    ratio: float | None  # None: unknown, or infinite (a perfect pre-period fit)
    is_treated: bool
    excluded: bool


@dataclass(frozen=True)
class CoefficientRow:
    relative_period: int
    estimate: float | None
    lower: float | None
    upper: float | None

    @property
    def is_pre(self) -> bool:
        return self.relative_period < 0


def _codes(result: Mapping[str, Any], key: str) -> list[str]:
    values = result.get(key)
    return [str(code) for code in values] if isinstance(values, list) else []


def area_name(result: RunResult, code: str) -> str:
    names = result.get("area_names")
    return str(names.get(code) or code) if isinstance(names, Mapping) else code


def path_rows(result: RunResult) -> list[PathRow]:
    actual, synthetic, gaps = (series(result, k) for k in ("actual", "synthetic", "gaps"))
    periods = list(dict.fromkeys([*actual, *synthetic, *gaps]))
    treatment = result.get("treatment_period")
    rows = []
    for period in periods:
        gap, on_path, off_path = gaps.get(period), actual.get(period), synthetic.get(period)
        if gap is None and on_path is not None and off_path is not None:
            gap = on_path - off_path
        rows.append(
            PathRow(
                period,
                actual.get(period),
                synthetic.get(period),
                gap,
                is_post(period, periods, treatment),
            )
        )
    return rows


def weight_rows(result: RunResult) -> tuple[list[WeightRow], list[WeightRow]]:
    """(donors with a weight, largest first; donors with none, by name)."""
    weights = result.get("weights")
    if not isinstance(weights, Mapping):
        return [], []
    rows = [
        WeightRow(str(code), area_name(result, str(code)), number(weight) or 0.0)
        for code, weight in weights.items()
    ]
    weighted = sorted((r for r in rows if r.weight >= ZERO_WEIGHT), key=lambda r: -r.weight)
    unweighted = sorted((r for r in rows if r.weight < ZERO_WEIGHT), key=lambda r: r.name)
    return weighted, unweighted


def balance_rows(result: RunResult) -> list[BalanceRow]:
    balance = result.get("balance")
    if not isinstance(balance, list):
        return []
    return [
        BalanceRow(
            str(row.get("predictor", "")),
            number(row.get("treated")),
            number(row.get("synthetic")),
            number(row.get("donor_mean")),
        )
        for row in balance
        if isinstance(row, Mapping)
    ]


def placebo_rows(result: RunResult) -> list[PlaceboRow]:
    """The treated areas' ratio and every placebo's, largest first (unknown ones last)."""
    ratios = result.get("placebo_ratios")
    if not isinstance(ratios, Mapping) or not ratios:
        return []
    treated = _codes(result, "treated")
    excluded = set(_codes(result, "excluded_placebos"))
    rows = [
        PlaceboRow(str(code), area_name(result, str(code)), number(ratio), False, code in excluded)
        for code, ratio in ratios.items()
        if code not in treated
    ]
    if treated:
        names = ", ".join(area_name(result, code) for code in treated)
        rows.append(
            PlaceboRow(", ".join(treated), names, number(result.get("rmspe_ratio")), True, False)
        )
    return sorted(rows, key=lambda r: (r.ratio is None, -(r.ratio or 0.0), r.name))


def coefficient_rows(result: RunResult) -> list[CoefficientRow]:
    coefficients = result.get("coefficients")
    if not isinstance(coefficients, Mapping):
        return []
    rows = []
    for relative, values in coefficients.items():
        try:
            period = int(relative)
        except (TypeError, ValueError):
            continue
        triple = [number(v) for v in values] if isinstance(values, list) else []
        estimate, lower, upper = [*triple, None, None, None][:3]
        rows.append(CoefficientRow(period, estimate, lower, upper))
    return sorted(rows, key=lambda r: r.relative_period)


def leave_one_out_paths(result: RunResult) -> list[tuple[str, list[float | None]]]:
    """Per dropped donor (by name), its refit's synthetic path over the path's periods."""
    refits = result.get("leave_one_out")
    if not isinstance(refits, Mapping):
        return []
    periods = [row.period for row in path_rows(result)]
    rows = []
    for code, path in refits.items():
        values = series({"path": path}, "path")
        rows.append((area_name(result, str(code)), [values.get(p) for p in periods]))
    return rows


def tables(result: RunResult | None, method: str) -> list[str]:
    """The exportable tables a result has, in page order."""
    if not result:
        return []
    if method == Method.SYNTHETIC_CONTROL:
        found = {
            "path": bool(path_rows(result)),
            "weights": any(weight_rows(result)),
            "balance": bool(balance_rows(result)),
            "placebos": bool(placebo_rows(result)),
        }
    else:
        found = {"coefficients": bool(coefficient_rows(result))}
    return [name for name, present in found.items() if present]


def result_context(
    run: EvaluationRun, table_url: Callable[[str], str] | None = None, heading: int = 2
) -> dict[str, Any]:
    """What "evaluation/_result.html" needs for `run`. `table_url(table)` gives a table's CSV
    address (no download links without it); `heading` is the level of its section headings."""
    result = stored_result(run.result)
    method = run.method or str(result.get("method", ""))
    outcome = run.outcome
    unit = outcome.unit_text
    treated = _codes(result, "treated")
    context: dict[str, Any] = {
        "run": run,
        "design": run.design,
        "design_name": localized(run.design, "name"),
        "method": method,
        "method_label": run.get_method_display(),
        "outcome": outcome,
        "outcome_name": localized(outcome, "name"),
        "decimals": outcome.decimals,
        "is_synthetic": outcome.is_synthetic,
        "unit": unit,
        "has_result": bool(result),
        "treatment_period": result.get("treatment_period") or run.design.treatment_period,
        "treated_names": [area_name(result, code) for code in treated],
        "donor_count": len(_codes(result, "donors")),
        "p_value": number(result.get("p_value")),
        "heading": heading,
        "subheading": heading + 1,
        "section_id": f"run-{run.pk}",
        "figure_ids": {name: f"run-{run.pk}-{name}" for name in ("path", "gaps", "coefficients")},
        "downloads": {table: table_url(table) for table in tables(result, method) if table_url},
    }
    if not result:
        return context
    reading = read(result, method, outcome)
    context |= {"reading": reading.sentences, "caveats": reading.caveats}
    p = context["p_value"]
    context["p_text"] = p_equation(p) if p is not None else ""
    filename = slugify(f"{run.design.code}-{outcome.code}-{method}")
    if method == Method.SYNTHETIC_CONTROL:
        context |= _synthetic_control(result, unit, filename)
    else:
        context |= _did(result, unit, filename)
    return context


def period_ranges(chosen: Any, periods: list[str]) -> str | None:
    """`chosen` (a list of periods) as runs of consecutive `periods`: "2011, 2013–2015";
    None when it is not a list of known periods (results from before it was recorded)."""
    if not isinstance(chosen, list) or not chosen or not set(chosen) <= set(periods):
        return None
    positions = sorted(periods.index(period) for period in set(chosen))
    runs: list[list[int]] = []
    for position in positions:
        if runs and position == runs[-1][-1] + 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    return ", ".join(
        periods[run[0]] if len(run) == 1 else f"{periods[run[0]]}–{periods[run[-1]]}"
        for run in runs
    )


def _synthetic_control(result: RunResult, unit: str, filename: str) -> dict[str, Any]:
    path = path_rows(result)
    periods = [row.period for row in path]
    post_gaps = [row.gap for row in path if row.is_post and row.gap is not None]
    weighted, unweighted = weight_rows(result)
    treatment = result.get("treatment_period")
    leave_one_out = leave_one_out_paths(result)
    context: dict[str, Any] = {
        "average_gap": sum(post_gaps) / len(post_gaps) if post_gaps else None,
        "pre_rmspe": number(result.get("pre_rmspe")),
        "post_rmspe": number(result.get("post_rmspe")),
        "rmspe_ratio": number(result.get("rmspe_ratio")),
        "fit_periods": period_ranges(result.get("fit_periods"), periods),
        "path_rows": path,
        "weight_rows": weighted,
        "zero_weight_rows": unweighted,
        "balance_rows": balance_rows(result),
        "placebo_rows": placebo_rows(result),
        "leave_one_out": leave_one_out,
        "leave_one_out_names": [name for name, _ in leave_one_out],
        "leave_one_out_rows": [
            (period, [values[n] for _, values in leave_one_out]) for n, period in enumerate(periods)
        ],
        "path_figure": None,
        "gaps_figure": None,
        "placebo_gap_names": [],
        "placebo_gap_rows": [],
    }
    if path:
        context["path_figure"] = charts.path_chart(
            periods,
            [row.actual for row in path],
            [row.synthetic for row in path],
            treatment,
            unit,
            f"{filename}-path",
            context["leave_one_out"],
        )
        placebo_gaps = result.get("placebo_gaps")
        placebos = [
            (area_name(result, str(code)), [series({"g": gaps}, "g").get(p) for p in periods])
            for code, gaps in (placebo_gaps.items() if isinstance(placebo_gaps, Mapping) else [])
        ]
        context["placebo_gap_names"] = [name for name, _ in placebos]
        context["placebo_gap_rows"] = [
            (period, [values[n] for _, values in placebos]) for n, period in enumerate(periods)
        ]
        context["gaps_figure"] = charts.gaps_chart(
            periods, [row.gap for row in path], placebos, treatment, unit, f"{filename}-gaps"
        )
    return context


def _did(result: RunResult, unit: str, filename: str) -> dict[str, Any]:
    ci = stored if isinstance(stored := result.get("ci"), list) else []
    rows = coefficient_rows(result)
    context: dict[str, Any] = {
        "att": number(result.get("att")),
        "se": number(result.get("se")),
        "ci_lower": number(ci[0]) if len(ci) == 2 else None,
        "ci_upper": number(ci[1]) if len(ci) == 2 else None,
        "n_units": result.get("n_units"),
        "n_periods": result.get("n_periods"),
        "pretrend_p_value": number(result.get("pretrend_p_value")),
        "coefficient_rows": rows,
        "coefficients_figure": None,
    }
    pretrend = context["pretrend_p_value"]
    context["pretrend_p_text"] = p_equation(pretrend) if pretrend is not None else ""
    if rows:
        context["coefficients_figure"] = charts.coefficients_chart(
            [r.relative_period for r in rows],
            [r.estimate for r in rows],
            [r.lower for r in rows],
            [r.upper for r in rows],
            unit,
            f"{filename}-coefficients",
        )
    return context
