"""A plain-language reading of an evaluation result, in the active language, and the caveats
that apply to it, each as one sentence.

Caveat rules, in the order they are shown (`CAVEAT_RULES`; the thresholds are conventions,
not hard limits, and each message quotes its constant):
- few pre-periods: fewer than MIN_PRE_PERIODS periods before treatment (`pre_periods`, or the
  periods of the synthetic control's path before the treatment period);
- poor pre-period fit (synthetic control): the pre-period RMSPE is more than
  MAX_PRE_FIT_SHARE of the treated unit's mean absolute value before treatment: a gap that
  size swamps most effects a programme can hope for;
- pre-trends (event study): the joint test of the pre-treatment coefficients has
  p < PRETREND_ALPHA;
- no p-value: the result has none (synthetic control without placebos, or a failed test);
- few donors: fewer than MIN_DONORS comparison areas;
- few clusters (difference-in-differences, event study): fewer than MIN_CLUSTERS areas in
  all, too few for standard errors clustered by area;
- always: people move in and out, so an area-level effect is not an effect on the same people;
- synthetic data: the outcome indicator is made up for demonstration.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from statistics import fmean
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from omradeloft.evaluation.models import Method
from omradeloft.indicators.models import Indicator, IndicatorKind

MIN_PRE_PERIODS = 5
MAX_PRE_FIT_SHARE = 0.10
PRETREND_ALPHA = 0.05
MIN_DONORS = 5
MIN_CLUSTERS = 10


@dataclass(frozen=True)
class Caveat:
    """`code`: few_pre_periods, poor_fit, pretrend, no_p_value, few_donors, few_clusters,
    composition or synthetic_data (the rules in the module docstring)."""

    code: str
    text: str


@dataclass(frozen=True)
class Reading:
    sentences: list[str]
    caveats: list[Caveat]


def number(value: Any) -> float | None:
    """A finite number from a JSON value, None for anything else."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if value == value and abs(value) != float("inf") else None


def series(result: Mapping[str, Any], key: str) -> dict[str, float | None]:
    values = result.get(key)
    if not isinstance(values, Mapping):
        return {}
    return {str(period): number(value) for period, value in values.items()}


def is_post(period: str, periods: Sequence[str], treatment_period: str | None) -> bool:
    """Whether `period` is under treatment: by position when the treatment period is one of
    `periods`, else by comparing labels (period labels of one periodicity sort in time)."""
    if not treatment_period:
        return False
    if treatment_period in periods:
        return periods.index(period) >= periods.index(treatment_period)
    return period >= treatment_period


def formatted(value: float, decimals: int) -> str:
    """`value` rounded, in the active language's number format, with a true minus sign."""
    # number_format cuts off digits rather than rounding; + 0.0 turns -0.0 into 0.0.
    text = formats.number_format(round(value, decimals) + 0.0, decimal_pos=decimals, use_l10n=True)
    return text.replace("-", "\N{MINUS SIGN}", 1)


def p_equation(p: float) -> str:
    if p < 0.001:
        return _("p < 0.001")
    return _("p = %(value)s") % {"value": formatted(p, 2 if p >= 0.01 else 3)}


def amount(value: float, outcome: Indicator) -> str:
    """A difference in the outcome's unit, e.g. "2.1 percentage points"."""
    text = formatted(value, outcome.decimals)
    if outcome.kind == IndicatorKind.RATE and outcome.rate_scale == 100:
        return _("%(number)s percentage points") % {"number": text}
    if outcome.kind == IndicatorKind.COUNT or not outcome.unit_text:
        return text
    return _("%(number)s %(unit)s") % {"number": text, "unit": outcome.unit_text}


def read(result: Mapping[str, Any], method: str, outcome: Indicator) -> Reading:
    if method == Method.SYNTHETIC_CONTROL:
        sentences = _synthetic_control(result, outcome)
    else:
        sentences = _did(result, method, outcome)
    return Reading(sentences, caveats(result, method, outcome))


def _treated_count(result: Mapping[str, Any]) -> int:
    treated = result.get("treated")
    return len(treated) if isinstance(treated, list) and treated else 1


def _synthetic_control(result: Mapping[str, Any], outcome: Indicator) -> list[str]:
    gaps = series(result, "gaps")
    periods = list(gaps)
    treatment = result.get("treatment_period")
    post = [v for p, v in gaps.items() if v is not None and is_post(p, periods, treatment)]
    treated = _treated_count(result)
    if not post:
        return [_("There are no values after treatment began yet, so there is no estimate.")]
    average = fmean(post)
    sentences = [_average_gap(average, treated, outcome)]
    pre_rmspe = number(result.get("pre_rmspe"))
    if pre_rmspe is not None:
        sentences.append(
            _(
                "Before treatment the synthetic control missed the treated value by "
                "%(amount)s on average (root mean squared error)."
            )
            % {"amount": amount(pre_rmspe, outcome)}
        )
    placebo = _placebo_sentence(result)
    if placebo:
        sentences.append(placebo)
    excluded = result.get("excluded_placebos") or []
    if excluded:
        sentences.append(
            ngettext(
                "%(count)s placebo area was left out of the test because its synthetic "
                "control fitted it poorly before treatment.",
                "%(count)s placebo areas were left out of the test because their synthetic "
                "controls fitted them poorly before treatment.",
                len(excluded),
            )
            % {"count": len(excluded)}
        )
    return sentences


def _average_gap(average: float, treated: int, outcome: Indicator) -> str:
    if round(average, outcome.decimals) == 0:
        return ngettext(
            "In the post-treatment periods the treated area's value averaged the same as its "
            "synthetic control.",
            "In the post-treatment periods the treated areas' value averaged the same as their "
            "synthetic control.",
            treated,
        )
    size = {"amount": amount(abs(average), outcome)}
    if average < 0:
        return (
            ngettext(
                "In the post-treatment periods the treated area's value averaged %(amount)s "
                "below its synthetic control.",
                "In the post-treatment periods the treated areas' value averaged %(amount)s "
                "below their synthetic control.",
                treated,
            )
            % size
        )
    return (
        ngettext(
            "In the post-treatment periods the treated area's value averaged %(amount)s "
            "above its synthetic control.",
            "In the post-treatment periods the treated areas' value averaged %(amount)s "
            "above their synthetic control.",
            treated,
        )
        % size
    )


def _placebo_sentence(result: Mapping[str, Any]) -> str | None:
    p = number(result.get("p_value"))
    if p is None:
        return None
    ratio = number(result.get("rmspe_ratio"))
    ratios = result.get("placebo_ratios")
    if ratio is None or not isinstance(ratios, Mapping) or not ratios:
        return _("The placebo test gives %(p)s.") % {"p": p_equation(p)}
    left_out = set(result.get("excluded_placebos") or []) | set(result.get("treated") or [])
    # A null ratio (unknown, or infinite for a perfect pre-period fit) cannot be ranked.
    placebos = [number(value) for code, value in ratios.items() if code not in left_out]
    kept = [r for r in placebos if r is not None]
    as_large = sum(1 for r in kept if r >= ratio)
    return ngettext(
        "%(count)s of %(total)s placebo area had a gap this large relative to its fit (%(p)s).",
        "%(count)s of %(total)s placebo areas had a gap this large relative to their fit (%(p)s).",
        len(kept),
    ) % {"count": as_large, "total": len(kept), "p": p_equation(p)}


def _did(result: Mapping[str, Any], method: str, outcome: Indicator) -> list[str]:
    att = number(result.get("att"))
    if att is None:
        return [_("The estimate could not be computed from these data.")]
    ci = result.get("ci") if isinstance(result.get("ci"), list) else []
    lower, upper = (number(v) for v in ci) if len(ci) == 2 else (None, None)
    p = number(result.get("p_value"))
    values = {"estimate": amount(att, outcome)}
    if lower is not None and upper is not None:
        values |= {
            "lower": formatted(lower, outcome.decimals),
            "upper": formatted(upper, outcome.decimals),
        }
        if p is not None:
            text = _(
                "The difference-in-differences estimate is %(estimate)s (95 %% interval "
                "%(lower)s to %(upper)s, %(p)s)."
            )
            values["p"] = p_equation(p)
        else:
            text = _(
                "The difference-in-differences estimate is %(estimate)s (95 %% interval "
                "%(lower)s to %(upper)s)."
            )
    else:
        text = _("The difference-in-differences estimate is %(estimate)s.")
    sentences = [text % values]
    if round(att, outcome.decimals) != 0:
        size = {"amount": amount(abs(att), outcome)}
        if att < 0:
            sentences.append(
                _(
                    "After treatment began, the treated areas' value developed %(amount)s "
                    "lower than the comparison areas' development predicts."
                )
                % size
            )
        else:
            sentences.append(
                _(
                    "After treatment began, the treated areas' value developed %(amount)s "
                    "higher than the comparison areas' development predicts."
                )
                % size
            )
    if lower is not None and upper is not None and lower <= 0 <= upper:
        sentences.append(_("The interval includes zero: the data are consistent with no effect."))
    if method == Method.EVENT_STUDY:
        if result.get("coefficients"):
            sentences.append(
                _(
                    "The event-study coefficients show the difference period by period, "
                    "relative to the last period before treatment."
                )
            )
        pretrend = number(result.get("pretrend_p_value"))
        if pretrend is not None:
            sentences.append(
                _("The joint test that the differences before treatment are zero gives %(p)s.")
                % {"p": p_equation(pretrend)}
            )
    return sentences


def pre_period_count(result: Mapping[str, Any]) -> int | None:
    count = result.get("pre_periods")
    if isinstance(count, int) and not isinstance(count, bool):
        return count
    path = series(result, "actual") or series(result, "gaps")
    if not path:
        return None
    periods = list(path)
    return sum(1 for p in periods if not is_post(p, periods, result.get("treatment_period")))


def pre_fit(result: Mapping[str, Any]) -> tuple[float, float] | None:
    """(pre-period RMSPE, the treated unit's mean absolute value before treatment)."""
    rmspe = number(result.get("pre_rmspe"))
    actual = series(result, "actual")
    periods = list(actual)
    treatment = result.get("treatment_period")
    levels = [
        abs(v) for p, v in actual.items() if v is not None and not is_post(p, periods, treatment)
    ]
    if rmspe is None or not levels:
        return None
    return rmspe, fmean(levels)


def caveats(result: Mapping[str, Any], method: str, outcome: Indicator) -> list[Caveat]:
    found = (rule(result, method, outcome) for rule in CAVEAT_RULES)
    return [caveat for caveat in found if caveat is not None]


def _percent(share: float) -> str:
    """A share as a percentage in the active language's number format: 0.1 -> "10",
    0.025 -> "2.5" (only the decimals it has)."""
    percent = round(share * 100, 6)
    return formats.number_format(int(percent) if percent.is_integer() else percent, use_l10n=True)


def _few_pre_periods(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    count = pre_period_count(result)
    if count is None or count >= MIN_PRE_PERIODS:
        return None
    return Caveat(
        "few_pre_periods",
        ngettext(
            "There is only %(count)s period before treatment: with fewer than %(minimum)s, "
            "how well the comparison followed the treated areas says little about how they "
            "would have developed without the programme.",
            "There are only %(count)s periods before treatment: with fewer than %(minimum)s, "
            "how well the comparison followed the treated areas says little about how they "
            "would have developed without the programme.",
            count,
        )
        % {"count": count, "minimum": MIN_PRE_PERIODS},
    )


def _poor_fit(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    fit = pre_fit(result) if method == Method.SYNTHETIC_CONTROL else None
    if not fit or fit[0] <= MAX_PRE_FIT_SHARE * fit[1]:
        return None
    return Caveat(
        "poor_fit",
        _(
            "The synthetic control fits poorly before treatment: its root mean squared "
            "error (%(rmspe)s) is more than %(share)s %% of the treated value's average level "
            "(%(level)s), so the gap after treatment may reflect the poor fit rather "
            "than the programme."
        )
        % {
            "rmspe": formatted(fit[0], outcome.decimals),
            "share": _percent(MAX_PRE_FIT_SHARE),
            "level": formatted(fit[1], outcome.decimals),
        },
    )


def _pretrend(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    p = number(result.get("pretrend_p_value"))
    if method != Method.EVENT_STUDY or p is None or p >= PRETREND_ALPHA:
        return None
    return Caveat(
        "pretrend",
        _(
            "The treated and comparison areas already developed differently before "
            "treatment (pre-trend test %(p)s), so the estimate may be biased."
        )
        % {"p": p_equation(p)},
    )


def _no_p_value(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    if number(result.get("p_value")) is not None:
        return None
    return Caveat(
        "no_p_value",
        _(
            "No p-value is available, so there is no test of whether a difference "
            "this large could have arisen by chance."
        ),
    )


def _few_donors(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    donors = result.get("donors")
    if not isinstance(donors, list) or len(donors) >= MIN_DONORS:
        return None
    return Caveat(
        "few_donors",
        ngettext(
            "Only %(count)s comparison area is available: with fewer than %(minimum)s, the "
            "comparison rests on very few areas.",
            "Only %(count)s comparison areas are available: with fewer than %(minimum)s, the "
            "comparison rests on very few areas.",
            len(donors),
        )
        % {"count": len(donors), "minimum": MIN_DONORS},
    )


def _few_clusters(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    clusters = _cluster_count(result)
    if method == Method.SYNTHETIC_CONTROL or clusters is None or clusters >= MIN_CLUSTERS:
        return None
    return Caveat(
        "few_clusters",
        ngettext(
            "The standard error is clustered by area, and with only %(count)s area "
            "(fewer than %(minimum)s) it and the interval are likely too small.",
            "The standard error is clustered by area, and with only %(count)s areas "
            "(fewer than %(minimum)s) it and the interval are likely too small.",
            clusters,
        )
        % {"count": clusters, "minimum": MIN_CLUSTERS},
    )


def _composition(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    return Caveat(
        "composition",
        _(
            "People move in and out of the areas, so the population changes over time: an "
            "effect on the areas' value is not necessarily an effect on the same people."
        ),
    )


def _synthetic_data(result: Mapping[str, Any], method: str, outcome: Indicator) -> Caveat | None:
    if not outcome.is_synthetic:
        return None
    return Caveat(
        "synthetic_data",
        _(
            "The indicator holds synthetic data made up for demonstration: the estimate "
            "says nothing about real areas or people."
        ),
    )


# Every rule takes the same three arguments so that `caveats` can ask them all in turn; the
# order here is the order the caveats are shown in.
CAVEAT_RULES: tuple[Callable[[Mapping[str, Any], str, Indicator], Caveat | None], ...] = (
    _few_pre_periods,
    _poor_fit,
    _pretrend,
    _no_p_value,
    _few_donors,
    _few_clusters,
    _composition,
    _synthetic_data,
)


def _cluster_count(result: Mapping[str, Any]) -> int | None:
    units = result.get("n_units")
    if isinstance(units, int) and not isinstance(units, bool):
        return units
    treated, donors = result.get("treated"), result.get("donors")
    if isinstance(treated, list) and isinstance(donors, list):
        return len(treated) + len(donors)
    return None
