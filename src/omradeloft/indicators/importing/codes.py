"""Code rules of a mapping: how the codes a statistics bank writes become the register's codes.

A mapping's `area` (or `indicator`) object may say, all optional:

    "codes":        {"01": "030101"}         look a code up (codes not listed pass unchanged)
    "strip_prefix": "K-"                     "K-0301" -> "0301"
    "rewrite":      {"pattern": "^(\\d{4})\\d{2}$", "replace": "\\1"}
                                             a regular expression and its replacement
                                             (Python's re.sub, groups as \\1 or \\g<1>)
    "prefix":       "0301"                   put before every code
    "skip":         ["K-Rest", "EAK"]        leave these rows out (SSB's pseudo-regions)

They apply in that order to each source code. A code listed in `skip` as the source writes it
or as the rules turn it out leaves its rows out; the import report counts them, they are not
errors.
A code may instead be listed in `outside_register` with the parent it belongs to
(left_out.py).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from omradeloft.core.notices import technical_detail
from omradeloft.indicators.importing.errors import WORDS
from omradeloft.indicators.importing.sources import SourceError

RULE_KEYS = ("codes", "strip_prefix", "rewrite", "prefix", "skip")


@dataclass(frozen=True)
class CodeRules:
    lookup: dict[str, str]
    strip_prefix: str
    pattern: re.Pattern[str] | None
    replace: str
    prefix: str
    skip: frozenset[str]
    where: str  # the mapping key, for messages

    @classmethod
    def from_spec(cls, spec: dict[str, Any], where: str) -> "CodeRules":
        """Read and check the rules; a bad rule raises SourceError naming it."""
        lookup = spec.get("codes") or {}
        if not isinstance(lookup, dict):
            raise SourceError(WORDS("mapping.codes_object", where=where))
        for key in ("strip_prefix", "prefix"):
            if not isinstance(spec.get(key, ""), str):
                raise SourceError(WORDS("mapping.code_text", where=where, key=key))
        skip = spec.get("skip", [])
        if not isinstance(skip, list) or not all(isinstance(code, str) for code in skip):
            raise SourceError(WORDS("mapping.skip_list", where=where))
        pattern, replace = _rewrite(spec.get("rewrite"), where)
        return cls(
            lookup={str(k): str(v) for k, v in lookup.items()},
            strip_prefix=spec.get("strip_prefix", ""),
            pattern=pattern,
            replace=replace,
            prefix=spec.get("prefix", ""),
            skip=frozenset(skip),
            where=where,
        )

    def code(self, source: str) -> str | None:
        """The register's code for one source code; None when its rows are to be skipped."""
        if source in self.skip:
            return None
        code = self.lookup.get(source, source).removeprefix(self.strip_prefix)
        if self.pattern is not None:
            try:
                code = self.pattern.sub(self.replace, code)
            except (re.error, IndexError) as e:
                raise SourceError(
                    WORDS(
                        "mapping.rewrite_replace",
                        where=self.where,
                        replace=repr(self.replace),
                        problem=str(e),
                    )
                ) from None
        code = self.prefix + code
        return None if code in self.skip else code


def _rewrite(rule: Any, where: str) -> tuple[re.Pattern[str] | None, str]:
    if rule is None:
        return None, ""
    if (
        not isinstance(rule, dict)
        or not isinstance(rule.get("pattern"), str)
        or not isinstance(rule.get("replace"), str)
    ):
        raise SourceError(WORDS("mapping.rewrite_object", where=where))
    try:
        return re.compile(rule["pattern"]), rule["replace"]
    except re.error as e:
        raise SourceError(
            WORDS(
                "mapping.rewrite_pattern",
                where=where,
                pattern=repr(rule["pattern"]),
                problem=technical_detail(str(e)),
            )
        ) from None


def map_codes(source: pd.Series, spec: dict[str, Any], where: str) -> pd.Series:
    """The register's codes for a column of source codes, None on rows to skip.

    Each distinct code is mapped once: a file has few of them and many rows.
    """
    rules = CodeRules.from_spec(spec, where)
    text = source.astype(str)
    distinct = pd.unique(text)
    table = pd.Series([rules.code(c) for c in distinct], index=distinct, dtype=object)
    return pd.Series(table.reindex(text.to_numpy()).to_numpy(), index=source.index, dtype=object)


def leading_zero_hints(unknown: Iterable[str], known: Iterable[str]) -> dict[str, str]:
    """For unknown codes made of digits that are a known code without its leading zeros (as
    Excel writes a code stored as a number), that known code."""
    known_set = set(known)
    lengths = sorted({len(code) for code in known_set if code[:1] == "0"})
    hints: dict[str, str] = {}
    for code in unknown:
        if not code.isdigit():
            continue
        for length in lengths:
            if length > len(code) and code.zfill(length) in known_set:
                hints[code] = code.zfill(length)
                break
    return hints


def leading_zero_suggestions(codes: pd.Series, unknown: pd.Series, known: pd.Index) -> pd.Series:
    """For each row with an unknown code, the known code it may have been before Excel
    dropped its leading zeros, or ""."""
    hints = leading_zero_hints(codes[unknown].unique(), known)
    if not hints:
        return pd.Series("", index=codes.index, dtype=object)
    return codes.where(unknown).map(hints).astype(object).fillna("")
