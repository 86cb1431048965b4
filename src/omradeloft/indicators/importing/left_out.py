"""Rows for codes outside the area register: counted when the mapping skips them, or added
into a parent's derived total when the mapping says where they belong.

Statistics banks write rows for codes that are no area: Oslo's 030199 "Uten registrert
adresse", SSB's K-Rest. A mapping's `area` object may list them:

    "skip":             ["K-Rest"]             leave their rows out (codes.py)
    "outside_register": {"030199": "0301"}     their rows are no observation (there is no
                                               such area), but count in that parent's
                                               derived total, so the total is complete

Either way the import batch records them per indicator, period and code
(`ImportBatch.left_out`): a skipped code as {"indicator", "period", "code", "rows"}, a code
added into a parent also with "parent" and the sums of its "numerator", "denominator" and
"value" (None where the rows have none).
"""

from typing import Any

import numpy as np
import pandas as pd
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omradeloft.indicators.importing.sources import SourceError

OUTSIDE = "outside"  # the column that carries a row's source code when it is outside the register


def outside_register_parents(spec: dict[str, Any], where: str = "area") -> dict[str, str]:
    """The mapping's `outside_register` (source code -> parent area code), checked."""
    parents = spec.get("outside_register") or {}
    if not isinstance(parents, dict) or not all(
        isinstance(code, str) and isinstance(parent, str) and parent
        for code, parent in parents.items()
    ):
        raise SourceError(
            f"mapping: {where}.outside_register must be an object of code: parent area code"
        )
    return parents


def skipped_records(keys: pd.DataFrame) -> list[dict[str, Any]]:
    """Count skipped rows per indicator, period and source code; `keys` has one row per
    skipped observation with columns indicator, period, code."""
    if keys.empty:
        return []
    counts = keys.groupby(["indicator", "period", "code"]).size()
    return [
        {"indicator": i, "period": p, "code": c, "rows": int(n)}
        for (i, p, c), n in zip(counts.index, counts.to_numpy(), strict=True)
    ]


def outside_records(
    rows: pd.DataFrame, indicator_codes: dict[int, str], area_codes: dict[int, str]
) -> list[dict[str, Any]]:
    """Sum checked rows for codes outside the register per indicator, period and code."""
    if rows.empty:
        return []
    grouped = rows.groupby(["indicator_id", "period", OUTSIDE, "area_id"])
    sums = grouped[["numerator", "denominator", "value"]].sum(min_count=1)
    sizes = grouped.size()
    records: list[dict[str, Any]] = []
    for position, (indicator_id, period, code, parent_id) in enumerate(sums.index):
        total = sums.iloc[position]
        records.append(
            {
                "indicator": indicator_codes[indicator_id],
                "period": period,
                "code": code,
                "rows": int(sizes[(indicator_id, period, code, parent_id)]),
                "parent": area_codes[parent_id],
                **{str(k): None if np.isnan(v) else float(v) for k, v in total.items()},
            }
        )
    return records


def summary(records: list[dict[str, Any]]) -> str:
    """'left out: K-Rest (3 rows), 030199 (5 rows); added into 0301: 030199 (2 rows)'."""
    left: dict[str, int] = {}
    added: dict[tuple[str, str], int] = {}
    for record in records:
        if record.get("parent"):
            key = (record["parent"], record["code"])
            added[key] = added.get(key, 0) + record["rows"]
        else:
            left[record["code"]] = left.get(record["code"], 0) + record["rows"]
    parts = []
    if left:
        codes = ", ".join(_rows(c, n) for c, n in sorted(left.items()))
        parts.append(_("left out: %(codes)s") % {"codes": codes})
    by_parent: dict[str, list[str]] = {}
    for (parent, code), n in sorted(added.items()):
        by_parent.setdefault(parent, []).append(_rows(code, n))
    parts += [
        _("added into %(parent)s: %(codes)s") % {"parent": parent, "codes": ", ".join(codes)}
        for parent, codes in by_parent.items()
    ]
    return "; ".join(parts)


def _rows(code: str, n: int) -> str:
    return ngettext("%(code)s (%(rows)d row)", "%(code)s (%(rows)d rows)", n) % {
        "code": code,
        "rows": n,
    }
