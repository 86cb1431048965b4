"""Tables as CSV or Excel downloads, exactly as the page shows them."""

from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse

from omradeloft.core.tabular import csv_text, xlsx_bytes

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def table_response(
    columns: Sequence[str], rows: Sequence[Sequence[Any]], file_format: str, name: str
) -> HttpResponse:
    if file_format not in CONTENT_TYPES:
        raise Http404("Download as csv or xlsx.")
    if file_format == "csv":
        body = csv_text(columns, rows).encode("utf-8-sig")  # with BOM, so Excel reads æøå
    else:
        body = xlsx_bytes(name, columns, rows)
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
