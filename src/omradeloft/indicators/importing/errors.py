"""The error every reader of observation files raises, and the English wordings of its
messages (worded on pages by message_catalogue.py)."""

from omradeloft.core.notices import Message, Wordings

WORDS = Wordings(
    {
        "source.missing_columns": "missing column(s) %(columns)s; expected a header with "
        "%(expected)s (value, or numerator and denominator)",
        "source.missing_columns_wide": "missing column(s) %(columns)s; expected a header with "
        "%(expected)s (value, or numerator and denominator). This looks like a wide "
        "statistics-bank table (a title row, or periods as columns): import it with a mapping "
        "file (--mapping MAP.json; see indicators/importing/wide_source.py)",
        "source.repeated_columns": "The header names the column(s) %(columns)s more than once; "
        "keep one of each.",
        "source.empty": "The file is empty.",
        "source.csv": "The file cannot be read as CSV (%(problem)s).",
        "source.csv_extra_fields": "row %(row)s: %(fields)s fields, but the header has "
        "%(header)s (a comma or semicolon inside a cell needs quotes)",
        "source.csv_open_quote": "row %(row)s: a quoted cell is never closed (a cell that "
        "starts with a quote mark needs another at its end)",
        "source.json_invalid": "Not valid JSON at line %(line)s, column %(column)s (%(problem)s).",
        "source.json_deep": "Not usable JSON: it is nested too deeply.",
        "source.json_not_object": "Not a JSON-stat dataset: the file must hold one JSON object.",
        "source.zeros_not_counts": "a missing row can only mean zero for counts, and not for "
        "%(indicators)s: import the file without the missing-is-zero option",
        "mapping.missing_is_zero": "mapping: missing_is_zero must be true or false, not %(value)s",
        "wide.blank_label_fill": "%(where)s: blank, and no label above it to take",
        "wide.blank_label": '%(where)s: blank; with "fill_down": true a blank label takes the '
        "one above it",
        "source.needs_value": "needs a value column, or numerator and denominator columns",
        "source.not_xlsx": "not a readable Excel workbook (%(problem)s)",
        "source.xlsx_not_zip": "not a readable Excel workbook: the file is not a ZIP archive, "
        "as an .xlsx workbook is (%(problem)s)",
        "source.not_xls": "not a readable Excel 97-2003 workbook (.xls) (%(problem)s)",
        "source.no_sheet": "no sheet called %(sheet)s; sheets: %(sheets)s",
        "source.unknown_format": "cannot tell the format of %(name)s: use .csv, .xlsx, .xls or "
        ".json, or say --format csv|xlsx|xls|jsonstat",
        "source.no_file": "%(path)s does not exist",
        "source.jsonstat_mapping": "a JSON-stat file needs --mapping MAP.json (see the README)",
        "source.not_jsonstat": "not a usable JSON-stat 2.0 dataset: %(problem)s",
        "source.dimension_categories": "dimension %(dimension)s (%(label)s) has %(count)s "
        "categories; fix one in the mapping's 'filter'",
        "mapping.not_object": "mapping: %(key)s must be an object",
        "mapping.unknown_dimension": "mapping: %(key)s.dimension %(name)s is not in the "
        "dataset; its dimensions are %(dimensions)s",
        "mapping.area_period_dimension": "mapping: 'area' and 'period' need a 'dimension'",
        "mapping.indicator_dimension": "mapping: 'indicator' needs a 'dimension' or a fixed 'code'",
        "mapping.measure_dimension": "mapping: 'measure' needs a fixed indicator 'code', not a "
        "dimension",
        "mapping.unknown_filter": "mapping: filter dimension %(name)s is not in the dataset",
        "mapping.filter_category": "mapping: filter %(dimension)s=%(value)s is not one of its "
        "categories %(categories)s",
        "mapping.flags": "mapping: flags must be among %(flags)s",
        "mapping.codes_object": "mapping: %(where)s.codes must be an object of code: code",
        "mapping.code_text": "mapping: %(where)s.%(key)s must be text",
        "mapping.skip_list": "mapping: %(where)s.skip must be a list of codes",
        "mapping.rewrite_replace": "mapping: %(where)s.rewrite.replace %(replace)s does not fit "
        "its pattern: %(problem)s",
        "mapping.rewrite_object": "mapping: %(where)s.rewrite must be an object with text "
        "'pattern' and 'replace'",
        "mapping.rewrite_pattern": "mapping: %(where)s.rewrite.pattern %(pattern)s is not a "
        "valid regular expression (%(problem)s)",
        # A wide table's mapping and header (wide_source.py)
        "wide.count": "mapping: %(key)s must be a whole number of at least %(minimum)s",
        "wide.pattern": "mapping: %(key)s is not a valid regular expression (%(problem)s)",
        "wide.skip_or_header": "mapping: give either 'skip_rows' or 'header_row', not both",
        "wide.area_column": "mapping: 'area' needs a 'column'",
        "wide.indicator_column": "mapping: 'indicator' needs a 'column' or a fixed 'code'",
        "wide.measure_column": "mapping: 'measure' needs a 'column' and a fixed indicator "
        "'code', not a column",
        "wide.period_columns": "mapping: 'period' needs 'columns': \"wide\", a list of column "
        "names or a regular expression",
        "wide.filter_ignore": "mapping: 'filter' must be an object and 'ignore' a list",
        "wide.no_header": "the table ends before its header row (row %(row)s)",
        "wide.no_column": "no column '%(name)s' in the header row (row %(row)s): %(names)s; say "
        'which column holds %(what)s with %(key)s, and which rows to skip with "skip_rows"',
        "wide.column_below": '%(problem)s (row %(row)s has it: "skip_rows": %(skip)s)',
        "wide.no_period_column": "no column '%(name)s' in the header row (row %(row)s): %(names)s",
        "wide.no_periods": "no period columns in the header row (row %(row)s): %(names)s; name "
        'them with "period": {"columns": [...]} or a regular expression, and say which rows '
        'to skip with "skip_rows"',
        "wide.column_number": "number %(n)s",
        "wide.several_values": "column '%(name)s' holds several values (%(values)s); pick one "
        'with "filter": {"%(name)s": ...}, or leave the column out with "ignore": '
        '["%(name)s"]',
        "wide.filter_no_row": "mapping: filter %(name)s = '%(value)s' matches no row; its "
        "values are %(values)s",
        "wide.measure_label": "mapping: measure.%(role)s '%(label)s' is not in column %(name)s; "
        "its values are %(values)s",
        # Files over the row limit or the time budget (limits.py)
        "where.file": "the file",
        "where.sheet": "the sheet “%(sheet)s”",
        "where.dataset": "the dataset",
        "limit.advice_command": "Split it into smaller files, or raise IMPORT_MAX_ROWS.",
        "limit.advice_web": "Split it into smaller files, or import it on the command line "
        "(omradeloft import-observations).",
        "limit.declared": "%(where)s says it has %(rows)s rows; at most %(limit)s can be read "
        "here. %(advice)s",
        "limit.rows": "%(where)s has more than %(limit)s rows; at most %(limit)s can be read "
        "here. %(advice)s",
        "limit.slow_one": "Reading %(where)s was stopped after %(seconds)s second, at row "
        "%(row)s: it takes longer than a page may wait. %(advice)s",
        "limit.slow": "Reading %(where)s was stopped after %(seconds)s seconds, at row %(row)s: "
        "it takes longer than a page may wait. %(advice)s",
    }
)


class SourceError(ValueError):
    """The file as a whole cannot be read; the message says why: a `Message` (its English
    text is `str(error)`), or text a reader worded itself."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(str(message))
        self.message = message
