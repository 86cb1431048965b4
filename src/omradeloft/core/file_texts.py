"""The refusals of the core file readers (`core.encodings.WORDS`, `core.tabular.WORDS`) in
the reader's language."""

from django.utils.translation import gettext_lazy as _

from omradeloft.core.message_catalogues import Catalogue, render_message
from omradeloft.core.notices import MessageError

CATALOGUE: Catalogue = {
    "technical_detail": _("technical detail: %(text)s"),
    "encoding.unknown": _("unknown encoding “%(name)s”: use UTF-8, Windows-1252 or ISO-8859-1"),
    "encoding.not_western": _(
        "the file is not text in UTF-8, Windows-1252 or ISO-8859-1; save it as “CSV UTF-8” "
        "or choose its encoding"
    ),
    "encoding.binary": _("the file is not text (it looks like %(kind)s)"),
    "encoding.utf16": _("the file is UTF-16 text (Excel's “Unicode text”); save it as “CSV UTF-8”"),
    "encoding.nul": _("the file is not text (it holds NUL bytes)"),
    "encoding.bad_byte": _(
        "the file is not %(encoding)s: line %(line)s has the byte 0x%(byte)s, which is not "
        "valid there; choose another encoding or leave it to be detected"
    ),
    "encoding.kind.png": _("a PNG image"),
    "encoding.kind.jpeg": _("a JPEG image"),
    "encoding.kind.gif": _("a GIF image"),
    "encoding.kind.pdf": _("a PDF document"),
    "encoding.kind.zip": _("an Excel workbook (.xlsx) or another ZIP archive"),
    "encoding.kind.office": _("an old Excel workbook (.xls) or another Office file"),
    "encoding.kind.gzip": _("a gzip archive"),
    "table.extra_fields": _(
        "row %(row)s: %(fields)s fields, but the header has %(header)s (a comma or semicolon "
        "inside a cell needs quotes)"
    ),
    "table.not_csv": _("row %(row)s: cannot be read as CSV (%(problem)s)"),
    "table.repeated_columns": _("header: the column(s) %(columns)s appear more than once"),
}


def file_error_text(error: MessageError) -> str:
    """The refusal in the active language, for readers that word their errors when raised."""
    return render_message(error.message, CATALOGUE)
