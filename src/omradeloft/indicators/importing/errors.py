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
        "source.csv": "The file cannot be read as CSV: %(problem)s",
        "source.csv_extra_fields": "row %(row)s: %(fields)s fields, but the header has "
        "%(header)s (a comma or semicolon inside a cell needs quotes)",
        "source.csv_open_quote": "row %(row)s: a quoted cell is never closed (a cell that "
        "starts with a quote mark needs another at its end)",
        "source.json_invalid": "Not valid JSON: %(problem)s (line %(line)s, column %(column)s).",
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
        "valid regular expression: %(problem)s",
    }
)


class SourceError(ValueError):
    """The file as a whole cannot be read; the message says why: a `Message` (its English
    text is `str(error)`), or text a reader worded itself."""

    def __init__(self, message: Message | str) -> None:
        super().__init__(str(message))
        self.message = message
