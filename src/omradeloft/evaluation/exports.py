"""An evaluation run's tables as CSV files, with the rows the result page shows.

The calling view decides who may download; this only turns a run into a file.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django.http import Http404, HttpResponse
from django.utils.text import slugify

from omradeloft.core.downloads import table_response
from omradeloft.evaluation.models import EvaluationRun, RunStatus
from omradeloft.evaluation.presentation import (
    balance_rows,
    coefficient_rows,
    path_rows,
    placebo_rows,
    tables,
    weight_rows,
)

Table = tuple[list[str], list[Sequence[Any]]]


def _path(result: dict) -> Table:
    columns = ["period", "actual", "synthetic", "gap", "post_treatment"]
    rows = [[r.period, r.actual, r.synthetic, r.gap, r.is_post] for r in path_rows(result)]
    return columns, rows


def _weights(result: dict) -> Table:
    weighted, unweighted = weight_rows(result)
    rows = [[r.code, r.name, r.weight] for r in [*weighted, *unweighted]]
    return ["area", "area_name", "weight"], rows


def _balance(result: dict) -> Table:
    columns = ["predictor", "treated", "synthetic", "donor_mean"]
    rows = [[r.predictor, r.treated, r.synthetic, r.donor_mean] for r in balance_rows(result)]
    return columns, rows


def _placebos(result: dict) -> Table:
    columns = ["area", "area_name", "rmspe_ratio", "treated", "excluded"]
    rows = [[r.code, r.name, r.ratio, r.is_treated, r.excluded] for r in placebo_rows(result)]
    return columns, rows


def _coefficients(result: dict) -> Table:
    columns = ["relative_period", "estimate", "lower", "upper"]
    rows = [[r.relative_period, r.estimate, r.lower, r.upper] for r in coefficient_rows(result)]
    return columns, rows


TABLES: dict[str, Callable[[dict], Table]] = {
    "path": _path,
    "weights": _weights,
    "balance": _balance,
    "placebos": _placebos,
    "coefficients": _coefficients,
}


def result_csv(run: EvaluationRun, table: str) -> HttpResponse:
    """`table` (path, weights, balance, placebos or coefficients) of `run` as CSV; 404 when
    the run has no result or the result no such table."""
    result = run.result if isinstance(run.result, dict) else None
    if run.status != RunStatus.DONE or not result or table not in tables(result, run.method):
        raise Http404("This run has no such table.")
    columns, rows = TABLES[table](result)
    if date := result.get("harmonised_to"):
        # Each file says on its own which area version its numbers rest on.
        columns, rows = [*columns, "harmonised_to"], [[*row, date] for row in rows]
    name = slugify(f"{run.design.code}-{run.outcome.code}-{run.method}-{table}")
    return table_response(columns, rows, "csv", name)
