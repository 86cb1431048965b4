"""Tables as CSV or Excel downloads, exactly as the page shows them."""

import csv
import io
from collections.abc import Sequence
from typing import Any

from django.http import Http404, HttpResponse
from openpyxl import Workbook

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
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(rows)
        body: bytes = out.getvalue().encode("utf-8-sig")  # with BOM, so Excel reads æøå
    else:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(name[:31])
        sheet.append(list(columns))
        for row in rows:
            sheet.append(list(row))
        buffer = io.BytesIO()
        workbook.save(buffer)
        body = buffer.getvalue()
    response = HttpResponse(body, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response
