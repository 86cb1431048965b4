"""The importers' messages in the reader's language: the row errors (`validation.WORDS`,
`area_validity.WORDS`), the number formats a column mixes or leaves open
(`number_format.WORDS`), the places and lines of a problem list (`core.problem_texts`),
the core readers' refusals (`core.file_texts`), the plausibility warnings
(`plausibility.WORDS`) and the JSON-stat reader's errors (`jsonstat_texts`)."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.file_texts import CATALOGUE as FILE_TEXTS
from omradeloft.core.message_catalogues import Catalogue
from omradeloft.core.problem_texts import CATALOGUE as PROBLEM_TEXTS
from omradeloft.indicators.importing.jsonstat_texts import JSONSTAT_TEXTS
from omradeloft.indicators.importing.plausibility import (
    FAR_FROM_STORED,
    NEGATIVE_COUNT,
    PERCENT_RANGE,
)

CATALOGUE: Catalogue = {
    **PROBLEM_TEXTS,
    **FILE_TEXTS,
    **JSONSTAT_TEXTS,
    PERCENT_RANGE: _(
        "%(where)s: value: %(value)s is a percentage outside 0-100 (indicator %(code)s)"
    ),
    NEGATIVE_COUNT: _("%(where)s: value: %(value)s is negative, but indicator %(code)s counts"),
    FAR_FROM_STORED: _(
        "%(where)s: value: %(value)s is more than %(factor)s times above or below %(median)s, "
        "the median of the values stored for this area (indicator %(code)s)"
    ),
    # Row errors (validation.py)
    "row.not_a_number": _("%(text)s is not a number"),
    "row.too_large": _("%(text)s is too large to store exactly (at most %(largest)s)"),
    "row.percent_not_rate": _(
        "cell %(cell)s is formatted as percent (%(percent)s %%), but indicator %(indicator)s "
        "is neither a percentage nor per 1,000; write the number itself"
    ),
    "row.percent_count": _(
        "cell %(cell)s is formatted as percent (%(percent)s %%), but a %(column)s is a count; "
        "write the number itself"
    ),
    "row.not_yes_no": _("%(text)s is not yes/no (1/0, true/false, x)"),
    "row.period.annual": _("%(text)s is not a valid annual period (%(expected)s)"),
    "row.period.quarterly": _("%(text)s is not a valid quarterly period (%(expected)s)"),
    "row.period.monthly": _("%(text)s is not a valid monthly period (%(expected)s)"),
    "row.missing": _("missing"),
    "row.unknown_indicator": _("unknown indicator code %(text)s"),
    "row.unknown_area": _("unknown area code %(text)s"),
    "row.unknown_area_padded": _(
        "unknown area code %(text)s; did you mean %(code)s (Excel drops leading zeros)?"
    ),
    "row.missing_value": _("missing: give a value, or numerator and denominator"),
    "row.missing_denominator": _("missing: a numerator needs its denominator"),
    "row.missing_numerator": _("missing: a denominator needs its numerator"),
    "row.zero_denominator": _("is 0: no rate can be computed"),
    "row.negative_count": _("is negative, but counts cannot be"),
    "row.disagrees": _("%(text)s disagrees with numerator/denominator, which give %(expected)s"),
    "row.duplicate.place.row": _("duplicate of row %(row)s"),
    "row.duplicate.place.sheet_row": _("duplicate of sheet %(sheet)s, row %(row)s"),
    # Areas not in use in a row's period (area_validity.py)
    "area.ended_codes": _("area %(area)s ended %(date)s; in %(period)s its codes are %(codes)s"),
    "area.ended_unused": _("area %(area)s ended %(date)s; it was not in use in %(period)s"),
    "area.began_codes": _("area %(area)s began %(date)s; in %(period)s its codes were %(codes)s"),
    "area.began_unused": _("area %(area)s began %(date)s; it was not in use in %(period)s"),
    # Number formats (number_format.py)
    "format.mixed_marks": _(
        "%(column)s: mixes decimal commas, as in %(commas)s, and decimal points, as in "
        "%(points)s; write every number of the column the same way"
    ),
    "format.mixed": _(
        "%(column)s: %(first)s and %(second)s are written with different thousands separators "
        "or decimal marks; write every number of the column the same way"
    ),
    "format.mixed_other": _("%(column)s: the numbers are written in more than one way"),
    "format.ambiguous_comma": _(
        "%(column)s: %(example)s and every other number like it has three digits after a "
        "single comma, which may be a decimal comma or a thousands separator; say which is "
        "meant with --decimal comma or --decimal point (on the web: the decimal mark of the "
        "upload form)"
    ),
    "format.ambiguous_point": _(
        "%(column)s: %(example)s and every other number like it has three digits after a "
        "single point, which may be a decimal point or a thousands separator; say which is "
        "meant with --decimal comma or --decimal point (on the web: the decimal mark of the "
        "upload form)"
    ),
    # Files and mappings that cannot be read at all (errors.py)
    "source.missing_columns": _(
        "missing column(s) %(columns)s; expected a header with %(expected)s (value, or "
        "numerator and denominator)"
    ),
    "source.missing_columns_wide": _(
        "missing column(s) %(columns)s; expected a header with %(expected)s (value, or "
        "numerator and denominator). This looks like a wide statistics-bank table (a title "
        "row, or periods as columns): import it with a mapping file (--mapping MAP.json; see "
        "indicators/importing/wide_source.py)"
    ),
    "source.repeated_columns": _(
        "The header names the column(s) %(columns)s more than once; keep one of each."
    ),
    "source.empty": _("The file is empty."),
    "source.csv": _("The file cannot be read as CSV (%(problem)s)."),
    "source.csv_extra_fields": _(
        "row %(row)s: %(fields)s fields, but the header has %(header)s (a comma or semicolon "
        "inside a cell needs quotes)"
    ),
    "source.csv_open_quote": _(
        "row %(row)s: a quoted cell is never closed (a cell that starts with a quote mark "
        "needs another at its end)"
    ),
    "source.json_invalid": _("Not valid JSON at line %(line)s, column %(column)s (%(problem)s)."),
    "source.json_deep": _("Not usable JSON: it is nested too deeply."),
    "source.json_not_object": _("Not a JSON-stat dataset: the file must hold one JSON object."),
    "source.zeros_not_counts": _(
        "a missing row can only mean zero for counts, and not for %(indicators)s: import the "
        "file without the missing-is-zero option"
    ),
    "mapping.missing_is_zero": _("mapping: missing_is_zero must be true or false, not %(value)s"),
    "wide.blank_label_fill": _("%(where)s: blank, and no label above it to take"),
    "wide.blank_label": _(
        '%(where)s: blank; with "fill_down": true a blank label takes the one above it'
    ),
    "source.needs_value": _("needs a value column, or numerator and denominator columns"),
    "source.not_xlsx": _("not a readable Excel workbook (%(problem)s)"),
    "source.xlsx_not_zip": _(
        "not a readable Excel workbook: the file is not a ZIP archive, as an .xlsx workbook is "
        "(%(problem)s)"
    ),
    "source.not_xls": _("not a readable Excel 97-2003 workbook (.xls) (%(problem)s)"),
    "source.no_sheet": _("no sheet called %(sheet)s; sheets: %(sheets)s"),
    "source.unknown_format": _(
        "cannot tell the format of %(name)s: use .csv, .xlsx, .xls or .json, or say --format "
        "csv|xlsx|xls|jsonstat"
    ),
    "source.no_file": _("%(path)s does not exist"),
    "source.jsonstat_mapping": _("a JSON-stat file needs --mapping MAP.json (see the README)"),
    "source.not_jsonstat": _("not a usable JSON-stat 2.0 dataset: %(problem)s"),
    "source.dimension_categories": _(
        "dimension %(dimension)s (%(label)s) has %(count)s categories; fix one in the "
        "mapping's 'filter'"
    ),
    "mapping.not_object": _("mapping: %(key)s must be an object"),
    "mapping.unknown_dimension": _(
        "mapping: %(key)s.dimension %(name)s is not in the dataset; its dimensions are "
        "%(dimensions)s"
    ),
    "mapping.area_period_dimension": _("mapping: 'area' and 'period' need a 'dimension'"),
    "mapping.indicator_dimension": _("mapping: 'indicator' needs a 'dimension' or a fixed 'code'"),
    "mapping.measure_dimension": _(
        "mapping: 'measure' needs a fixed indicator 'code', not a dimension"
    ),
    "mapping.unknown_filter": _("mapping: filter dimension %(name)s is not in the dataset"),
    "mapping.filter_category": _(
        "mapping: filter %(dimension)s=%(value)s is not one of its categories %(categories)s"
    ),
    "mapping.flags": _("mapping: flags must be among %(flags)s"),
    "mapping.codes_object": _("mapping: %(where)s.codes must be an object of code: code"),
    "mapping.code_text": _("mapping: %(where)s.%(key)s must be text"),
    "mapping.skip_list": _("mapping: %(where)s.skip must be a list of codes"),
    "mapping.rewrite_replace": _(
        "mapping: %(where)s.rewrite.replace %(replace)s does not fit its pattern: %(problem)s"
    ),
    "mapping.rewrite_object": _(
        "mapping: %(where)s.rewrite must be an object with text 'pattern' and 'replace'"
    ),
    "mapping.rewrite_pattern": _(
        "mapping: %(where)s.rewrite.pattern %(pattern)s is not a valid regular expression "
        "(%(problem)s)"
    ),
    # A wide table's mapping and header (wide_source.py) and the row limits (limits.py)
    "wide.count": _("mapping: %(key)s must be a whole number of at least %(minimum)s"),
    "wide.pattern": _("mapping: %(key)s is not a valid regular expression (%(problem)s)"),
    "wide.skip_or_header": _("mapping: give either 'skip_rows' or 'header_row', not both"),
    "wide.area_column": _("mapping: 'area' needs a 'column'"),
    "wide.indicator_column": _("mapping: 'indicator' needs a 'column' or a fixed 'code'"),
    "wide.measure_column": _(
        "mapping: 'measure' needs a 'column' and a fixed indicator 'code', not a column"
    ),
    "wide.period_columns": _(
        "mapping: 'period' needs 'columns': \"wide\", a list of column names or a regular "
        "expression"
    ),
    "wide.filter_ignore": _("mapping: 'filter' must be an object and 'ignore' a list"),
    "wide.no_header": _("the table ends before its header row (row %(row)s)"),
    "wide.no_column": _(
        "no column '%(name)s' in the header row (row %(row)s): %(names)s; say which column "
        'holds %(what)s with %(key)s, and which rows to skip with "skip_rows"'
    ),
    "wide.column_below": _('%(problem)s (row %(row)s has it: "skip_rows": %(skip)s)'),
    "wide.no_period_column": _("no column '%(name)s' in the header row (row %(row)s): %(names)s"),
    "wide.no_periods": _(
        "no period columns in the header row (row %(row)s): %(names)s; name them with "
        '"period": {"columns": [...]} or a regular expression, and say which rows to skip '
        'with "skip_rows"'
    ),
    "wide.column_number": _("number %(n)s"),
    "wide.several_values": _(
        "column '%(name)s' holds several values (%(values)s); pick one with "
        '"filter": {"%(name)s": ...}, or leave the column out with "ignore": ["%(name)s"]'
    ),
    "wide.filter_no_row": _(
        "mapping: filter %(name)s = '%(value)s' matches no row; its values are %(values)s"
    ),
    "wide.measure_label": _(
        "mapping: measure.%(role)s '%(label)s' is not in column %(name)s; its values are %(values)s"
    ),
    "where.file": _("the file"),
    "where.sheet": _("the sheet “%(sheet)s”"),
    "where.dataset": _("the dataset"),
    "limit.advice_command": _("Split it into smaller files, or raise IMPORT_MAX_ROWS."),
    "limit.advice_web": _(
        "Split it into smaller files, or import it on the command line "
        "(omradeloft import-observations)."
    ),
    "limit.declared": _(
        "%(where)s says it has %(rows)s rows; at most %(limit)s can be read here. %(advice)s"
    ),
    "limit.rows": _(
        "%(where)s has more than %(limit)s rows; at most %(limit)s can be read here. %(advice)s"
    ),
    "limit.slow_one": _(
        "Reading %(where)s was stopped after %(seconds)s second, at row %(row)s: it takes "
        "longer than a page may wait. %(advice)s"
    ),
    "limit.slow": _(
        "Reading %(where)s was stopped after %(seconds)s seconds, at row %(row)s: it takes "
        "longer than a page may wait. %(advice)s"
    ),
}
