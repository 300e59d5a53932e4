"""Long tables are filled after docxtpl (copies of the first rendered row): the same
document as docxtpl would make, every row in order with the template's formatting, text
escaped; a template that shows the rows some other way is rendered the slow way."""

import datetime
import io

from docx import Document
from docx.shared import Pt

from dienhinh.documents.builtin import builtin_path
from dienhinh.documents.common import Section, Table, frame
from dienhinh.documents.rendering import FAST_TABLE_ROWS, render_docx
from dienhinh.documents.text import docx_text


def context(rows: int) -> dict:
    body = [[str(i), f"Công đoàn Điện & Nước <{i}>", "Đúng hạn"] for i in range(1, rows + 1)]
    return frame(
        issuer="Liên đoàn Lao động tỉnh Trà Vinh",
        title="Tổng hợp",
        place="Trà Vinh",
        day=datetime.date(2026, 1, 5),
        sections=[
            Section("I. BIỂU", ["Đoạn."], [Table("Biểu 1", ["STT", "Đơn vị", "Tình trạng"], body)])
        ],
    )


def test_a_long_table_has_every_row_with_its_formatting():
    rows = FAST_TABLE_ROWS * 3
    data = render_docx(builtin_path("summary").read_bytes(), context(rows))
    document = Document(io.BytesIO(data))
    [table] = [t for t in document.tables if t.rows[0].cells[0].text == "STT"]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == ["STT", "Đơn vị", "Tình trạng"]
    assert cells[1:] == [
        [str(i), f"Công đoàn Điện & Nước <{i}>", "Đúng hạn"] for i in range(1, rows + 1)
    ]
    sizes = {
        r.font.size
        for row in table.rows[1:]
        for c in row.cells
        for p in c.paragraphs
        for r in p.runs
        if r.text
    }
    assert sizes == {Pt(12)}
    assert "\u2063" not in docx_text(data)


def test_a_template_showing_rows_as_paragraphs_gets_them_all():
    own = Document()
    own.add_paragraph("{%p for section in sections %}")
    own.add_paragraph("{%p for table in section.tables %}")
    own.add_paragraph("{%p for row in table.rows %}")
    own.add_paragraph("{{ row[0] }}. {{ row[1] }}")
    for _tag in range(3):
        own.add_paragraph("{%p endfor %}")
    out = io.BytesIO()
    own.save(out)
    text = docx_text(render_docx(out.getvalue(), context(FAST_TABLE_ROWS + 5)))
    assert text.splitlines() == [
        f"{i}. Công đoàn Điện & Nước <{i}>" for i in range(1, FAST_TABLE_ROWS + 6)
    ]
