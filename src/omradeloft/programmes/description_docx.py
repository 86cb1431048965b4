"""The programme description as a Word document (DOCX), from the same sections as the page."""

import io
from typing import Any

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml import OxmlElement
from docx.shared import Pt

# Section titles are Heading 1; a block heading of level n is Heading n + 1.
_DEEPEST_HEADING = 4


def description_docx(
    *, title: str, subtitle: str, sections: list[dict[str, Any]], notice: str = "", language: str
) -> bytes:
    """A DOCX file: `title`, a line such as "Version 3, 2025-01-31", then every section."""
    document = Document()
    document.core_properties.title = title
    document.core_properties.language = language
    document.add_heading(title, level=0)
    document.add_paragraph(subtitle)
    if notice:
        document.add_paragraph().add_run(notice).italic = True
    for number, section in enumerate(sections, start=1):
        document.add_heading(f"{number}. {section['title']}", level=1)
        for block in section["blocks"]:
            _add_block(document, block)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _add_block(document: DocxDocument, block: dict[str, Any]) -> None:
    kind = block["type"]
    if kind == "heading":
        document.add_heading(block["text"], level=min(block.get("level", 1) + 1, _DEEPEST_HEADING))
    elif kind == "paragraph":
        document.add_paragraph(block["text"])
    elif kind == "list":
        for item in block["items"]:
            document.add_paragraph(item, style="List Bullet")
    elif kind == "table":
        _add_table(document, block)


def _add_table(document: DocxDocument, block: dict[str, Any]) -> None:
    document.add_paragraph(block["caption"], style="Caption")
    header = block["header"]
    table = document.add_table(rows=1, cols=len(header), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = Pt(10)
    for row in block["rows"]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.paragraphs[0].add_run(text).font.size = Pt(10)
    # Word repeats a header row marked like this on every page the table spans.
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
