"""The error every reader of observation files raises, and the English wordings of its
messages (worded on pages by message_catalogue.py)."""

from omradeloft.core.notices import Message, Wordings

WORDS = Wordings(
    {
        "source.missing_columns": "missing column(s) %(columns)s; expected a header with "
        "%(expected)s (value, or numerator and denominator)",
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
