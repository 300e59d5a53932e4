"""The words of a DOCX in reading order (header table, body, tables, signature block): what
the PDF's text must equal and what the regenerated plan is compared with."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph


def _blocks(parent, container):
    for child in container.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent).text
        elif child.tag == qn("w:tbl"):
            table = Table(child, parent)
            for row in table.rows:
                seen = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell appears once
                        continue
                    seen.add(id(cell._tc))
                    yield from _blocks(cell, cell._tc)


def docx_text(data: bytes) -> str:
    """The body's text, one paragraph (or table cell paragraph) per line, empty ones left out."""
    document = Document(io.BytesIO(data))
    lines = (line.strip() for line in _blocks(document, document.element.body))
    return "\n".join(line for line in lines if line)
