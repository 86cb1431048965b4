"""Why a run could not use its data, in the reader's language: the messages of the
evaluation engines (the `WORDS` of each module in `engine/`), of `data.load` and of the
spec (`spec.parse_spec`)."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue

CATALOGUE: Catalogue = {
    "run.unexpected": _("The computation stopped on an unexpected error; it has been logged."),
    "did.not_a_frame": _("the panel must be a pandas DataFrame, not %(kind)s"),
    "did.missing_columns": _("the panel has no column %(missing)s; it has %(columns)s"),
    "did.no_rows": _("the panel has no rows"),
    "did.empty_id": _("column %(column)s is empty in %(rows)s"),
    "did.unsortable_periods": _("the values of column %(column)s cannot be sorted: %(error)s"),
    "did.duplicate_rows": _(
        "unit %(unit)s has %(count)s rows for %(period_column)s %(period)s; expected "
        "one row per unit-period"
    ),
    "did.missing_column_values": _(
        "%(role)s %(column)s is missing or infinite for %(where)s; every unit-period needs a value"
    ),
    "did.column.outcome": _("the outcome column"),
    "did.column.covariate": _("the covariate column"),
    "did.column.first_treated": _("the first-treatment column"),
    "did.rows": _("row(s) %(rows)s"),
    "did.unit_period": _("unit %(unit)s in %(period)s"),
    "did.and_more": _("%(listed)s and %(more)s more"),
    "did.never": _("never"),
    "sc.and_more": _("%(listed)s and %(more)s more"),
    # Retired: still words runs stored before the column became a message of its own.
    "did.missing_values": _(
        "the %(role)s column %(column)s is missing or infinite for %(where)s; every "
        "unit-period needs a value"
    ),
    "did.periods_not_numbers": _(
        "column %(column)s must hold whole numbers (e.g. years) to count periods "
        "since treatment; it holds %(value)s"
    ),
    "did.periods_not_whole": _("column %(column)s must hold whole numbers; it holds %(value)s"),
    "did.two_first_periods": _(
        "unit %(unit)s has %(count)s first-treatment periods in column %(column)s "
        "(%(found)s); expected one value per unit (%(affected)s unit(s) affected)"
    ),
    "did.first_period_not_whole": _(
        "unit %(unit)s has first-treatment period %(value)s; expected a whole-number period"
    ),
    "did.never_treated": _(
        "column %(column)s is never true; TWFE needs both treated and untreated unit-periods"
    ),
    "did.always_treated": _(
        "column %(column)s is always true; TWFE needs both treated and untreated unit-periods"
    ),
    "did.one_cluster": _("the panel has %(count)s unit; clustering needs at least two"),
    "did.collinear": _(
        "%(names)s cannot be estimated: collinear with the other regressors and the "
        "unit and period effects (e.g. a regressor with no variation within units, or "
        "relative periods that coincide with calendar periods when no unit is "
        "untreated)"
    ),
    "did.too_few_observations": _(
        "%(observations)s observations cannot identify %(coefficients)s coefficients"
    ),
    "did.alpha": _("alpha must lie strictly between 0 and 1, not %(value)s"),
    "did.treatment_not_boolean": _(
        "the treatment column %(column)s must be True/False (or 1/0); it holds %(values)s"
    ),
    "did.not_numbers": _(
        "%(role)s %(column)s must hold numbers; it holds %(value)s (dtype %(dtype)s)"
    ),
    "event_study.no_treated_unit": _("column %(column)s names no treated unit; all are NaN"),
    "event_study.empty_periods": _(
        "no observation falls at relative period(s) %(empty)s; the treated units are "
        "observed at relative periods %(span)s, so choose leads and lags within that "
        "range"
    ),
    "event_study.not_integer": _("%(name)s must be an integer, not %(value)s"),
    "event_study.bad_window": _(
        "leads must be >= 1 and lags >= 0 (got leads=%(leads)s, lags=%(lags)s); the "
        "window runs from -leads to lags"
    ),
    "event_study.reference_outside": _(
        "reference %(reference)s lies outside the window %(first)s..%(last)s; the "
        "omitted period must be one of the estimated relative periods"
    ),
    "staggered.control": _("control must be one of %(choices)s, not %(value)s"),
    "staggered.anticipation": _("anticipation must be a whole number >= 0, not %(value)s"),
    "staggered.alpha": _("alpha must lie strictly between 0 and 1, not %(value)s"),
    "staggered.no_never_treated": _(
        "no unit is never treated (column %(column)s is never NaN/None, or only for "
        "units treated after the panel ends), so control='never_treated' has no "
        "comparison group; use control='not_yet_treated'"
    ),
    "staggered.no_group": _(
        "no group can be estimated: after dropping the units treated from %(first)s "
        "(the first period, which leaves no base period) there is no treated group "
        "with a comparison group (never treated, or a later cohort)"
    ),
    "staggered.no_post_comparison": _(
        "no post-treatment ATT(g, t) has a comparison group: every unit is treated by "
        "the time any group is; control='not_yet_treated' needs units treated later "
        "or never"
    ),
    "staggered.unbalanced": _(
        "unit %(unit)s has no row for %(period_column)s %(period)s; the panel must be "
        "balanced, every %(unit_column)s in every one of the %(periods)s periods "
        "(%(incomplete)s unit(s) incomplete)"
    ),
    "sc.unknown_method": _("method %(method)s is unknown; expected one of %(methods)s"),
    "sc.lags_with_predictors": _(
        "method 'outcome_lags' builds its predictors from the pre-period outcomes; "
        "pass predictors=None or choose 'classic' / 'standardised'"
    ),
    "sc.not_a_frame": _("outcome must be a DataFrame (units x periods), not %(kind)s"),
    "sc.duplicate_labels": _(
        "outcome has a unit or a period twice; expected one row per unit and one column per period"
    ),
    "sc.unsorted_periods": _("outcome's periods (columns) are not in increasing order; sort them"),
    "sc.unknown_treated": _("treated unit %(unit)s is not in the outcome (units: %(units)s)"),
    "sc.unknown_donor": _("donor %(donors)s is not in the outcome (units: %(units)s)"),
    "sc.bad_pool": _(
        "the donor pool must list other units than the treated unit %(unit)s, each "
        "once; got %(pool)s"
    ),
    "sc.too_few_donors": _("a synthetic control needs at least 2 donors; got %(count)s"),
    "sc.unknown_treatment_period": _(
        "treatment period %(period)s is not one of the outcome's periods (%(first)s to %(last)s)"
    ),
    "sc.too_few_pre_periods": _(
        "treatment period %(period)s leaves %(count)s pre-period(s); at least 2 are needed"
    ),
    "sc.bad_fit_periods": _(
        "fit periods must be at least 2 distinct pre-periods (%(first)s to %(last)s); "
        "got %(periods)s"
    ),
    "sc.no_predictors": _("method %(method)s needs predictors (a units x predictors frame)"),
    "sc.bad_predictors": _("predictors must be a DataFrame with at least one predictor column"),
    "sc.missing_predictor_rows": _(
        "predictors missing for unit %(units)s; every unit used (the treated unit and "
        "each donor) needs a row"
    ),
    "sc.duplicate_predictor_rows": _("predictors have a unit twice; expected one row per unit"),
    "sc.not_numbers": _("%(what)s must be numbers: %(error)s"),
    "sc.outcome_gap_treated": _(
        "treated unit %(unit)s has no outcome for %(labels)s; the synthetic control "
        "needs every period from %(first)s to %(last)s for the treated unit and every "
        "donor"
    ),
    "sc.outcome_gap_treated_more": _(
        "treated unit %(unit)s has no outcome for %(labels)s (and %(others)s more "
        "missing for other units); the synthetic control needs every period from "
        "%(first)s to %(last)s for the treated unit and every donor"
    ),
    "sc.outcome_gap_donor": _(
        "donor %(unit)s has no outcome for %(labels)s; the synthetic control needs "
        "every period from %(first)s to %(last)s for the treated unit and every donor"
    ),
    "sc.outcome_gap_donor_more": _(
        "donor %(unit)s has no outcome for %(labels)s (and %(others)s more missing "
        "for other units); the synthetic control needs every period from %(first)s to "
        "%(last)s for the treated unit and every donor"
    ),
    "sc.predictor_gap_treated": _(
        "treated unit %(unit)s has no value for predictor %(labels)s; the synthetic "
        "control needs every predictor for the treated unit and every donor"
    ),
    "sc.predictor_gap_treated_more": _(
        "treated unit %(unit)s has no value for predictor %(labels)s (and %(others)s "
        "more missing for other units); the synthetic control needs every predictor "
        "for the treated unit and every donor"
    ),
    "sc.predictor_gap_donor": _(
        "donor %(unit)s has no value for predictor %(labels)s; the synthetic control "
        "needs every predictor for the treated unit and every donor"
    ),
    "sc.predictor_gap_donor_more": _(
        "donor %(unit)s has no value for predictor %(labels)s (and %(others)s more "
        "missing for other units); the synthetic control needs every predictor for "
        "the treated unit and every donor"
    ),
    "placebo.period_not_before": _(
        "placebo period %(placebo)s is not a period before the treatment period %(treatment)s"
    ),
    "placebo.no_treated": _("expected an outcome frame and at least one treated unit"),
    "placebo.treated_donors": _("treated units cannot be donors: %(units)s"),
    "placebo.three_donors_placebo": _(
        "placebo inference needs at least 3 donors (each refit keeps 2); got %(count)s"
    ),
    "placebo.three_donors_leave_one_out": _(
        "leave-one-out needs at least 3 donors (each refit keeps 2); got %(count)s"
    ),
    "placebo.too_few_donors": _(
        "%(treated)s treated units but only %(donors)s donors; placebo sets need as many donors"
    ),
    "sc.flat_predictor": _(
        "predictor %(predictors)s has the same value for every unit in %(units)s; it "
        "cannot tell donors apart: drop it"
    ),
    "data.unknown_areas": _("unknown area code(s): %(codes)s"),
    "data.unknown_areas_on_level": _("unknown area code(s) on level %(level)s: %(codes)s"),
    "data.code_on_levels": _(
        'area code %(code)s exists on several levels (%(levels)s); add "level"'
    ),
    "data.treated_levels": _("the treated areas must all be on one level"),
    "data.areas_not_in_use": _(
        "area(s) not in use on %(date)s, the date the series are harmonised to: %(codes)s"
    ),
    "data.unknown_indicators": _("unknown indicator(s): %(codes)s"),
    "data.no_outcome_values": _("the outcome %(outcome)s has no values for these areas"),
    "data.treatment_period_absent": _(
        "treatment period %(period)s is not among the outcome's periods (%(first)s–%(last)s)"
    ),
    "data.treatment_period_first": _(
        "treatment period %(period)s is the first period with data; the comparison "
        "needs periods before it"
    ),
    "data.fit_periods_absent": _(
        "fit period(s) %(periods)s are not among the outcome's periods (%(first)s–%(last)s)"
    ),
    "data.fit_periods_late": _(
        "fit period(s) %(periods)s are not before the treatment period %(treatment)s"
    ),
    "data.predictor_no_values": _(
        "predictor %(predictor)s: no values in any of its periods (%(periods)s)"
    ),
    "data.predictor_lacking": _("predictor %(predictor)s: no value for area(s) %(areas)s"),
    "data.predictor_lacking_more": _(
        "predictor %(predictor)s: no value for area(s) %(areas)s and %(more)s more"
    ),
    "spec.codes_list": _("%(key)s must be a non-empty list of area codes (strings)"),
    "spec.codes_repeated": _("%(key)s names %(codes)s more than once"),
    "spec.predictors_list": _("'predictors' must be a list of {indicator, periods, op}"),
    "spec.predictor_object": _("predictor %(n)s must be an object with indicator, periods and op"),
    "spec.predictor_indicator": _("predictor %(n)s: 'indicator' must be an indicator code"),
    "spec.predictor_periods": _(
        "predictor %(n)s: 'periods' must be a non-empty list of periods (strings)"
    ),
    "spec.predictor_op": _("predictor %(n)s: 'op' is %(op)s; expected one of %(ops)s"),
    "spec.predictor_keys": _("predictor %(n)s: unknown key(s) %(keys)s"),
    "spec.fit_periods_method": _("'fit_periods' applies to synthetic_control only"),
    "spec.fit_periods_list": _(
        "'fit_periods' must be a list of at least 2 periods, e.g. [\"2010\", ...]"
    ),
    "spec.fit_periods_repeated": _("'fit_periods' names %(periods)s more than once"),
    "spec.count": _("%(key)s must be a whole number of periods, 0 or more; got %(value)s"),
    "spec.date": _(
        "%(key)s is %(value)s; expected a date YYYY-MM-DD (the day whose areas the "
        "series are read on)"
    ),
    "spec.not_an_object": _("the spec must be a JSON object"),
    "spec.unknown_keys": _("unknown key(s) %(keys)s; expected some of %(known)s"),
    "spec.method": _("'method' is %(method)s; expected one of %(methods)s"),
    "spec.outcome": _("'outcome' must be an indicator code"),
    "spec.treated_and_donor": _("%(codes)s cannot be both treated and a donor"),
    "spec.treatment_period": _("'treatment_period' must be a period, e.g. \"2017\""),
    "spec.placebo": _("'placebo' must be true or false, not %(value)s"),
    "spec.sc_method": _("'sc_method' is %(method)s; expected one of %(methods)s"),
    "spec.level": _("'level' must be an area level code, e.g. \"subdistrict\""),
}
