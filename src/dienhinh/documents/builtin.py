"""The built-in DOCX templates, one per kind of document, made with python-docx by
``manage.py build_document_templates`` and kept in ``documents/builtin/`` (commit the .docx
files). Each one is an ordinary Word file with docxtpl placeholders; a unit may upload its
own version of any of them (documents.templates).

Every template shares the Decree 30 frame (documents.layout): the header table, the type
and title, and the signature block. The body is a list of sections (heading, paragraphs
with bold words, tables), so one body serves plans, reports and summaries; the achievement
reports of Decree 98/2023 carry their own headings in the same shape.
"""

from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from dienhinh.documents import layout

BUILTIN_DIR = Path(__file__).resolve().parent / "builtin"

# kind -> (file name, document type as its title line shows it)
KINDS = {
    "plan": ("plan.docx", "KẾ HOẠCH"),
    "report": ("report.docx", "BÁO CÁO"),
    "summary": ("summary.docx", "BÁO CÁO"),
    "achievement": ("achievement.docx", "BÁO CÁO THÀNH TÍCH"),
    # The score table goes out as a notice of the results (thông báo kết quả chấm điểm).
    "scores": ("scores.docx", "THÔNG BÁO"),
}


def builtin_path(kind: str) -> Path:
    return BUILTIN_DIR / KINDS[kind][0]


def _grid_table(doc) -> None:
    """A bordered table whose columns and rows come from the data: ``table.columns`` (the
    header row) and ``table.rows`` (lists of cells). docxtpl repeats the {%tr %} row and the
    {%tc %} cells; its fix_tables spreads the columns over the table's width."""
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    cells = [
        ["{%tc for column in table.columns %}", "{{ column }}", "{%tc endfor %}"],
        ["{%tr for row in table.rows %}", "", ""],
        ["{%tc for cell in row %}", "{{ cell }}", "{%tc endfor %}"],
        ["{%tr endfor %}", "", ""],
    ]
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            cell = table.rows[r].cells[c]
            paragraph = cell.paragraphs[0]
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if r == 0 else WD_ALIGN_PARAGRAPH.LEFT
            paragraph.paragraph_format.space_after = Pt(0)
            if text:
                run = paragraph.add_run(text)
                run.font.size = Pt(12)
                run.bold = r == 0
    # One grid column: fix_tables adds the others, sharing the text width equally.
    grid = table._tbl.tblGrid
    for extra in grid.findall(qn("w:gridCol"))[1:]:
        grid.remove(extra)
    grid.findall(qn("w:gridCol"))[0].set(qn("w:w"), str(int(layout.TEXT_WIDTH.twips)))
    for row in table.rows:
        for tc in row._tr.findall(qn("w:tc")):
            width = tc.tcPr.find(qn("w:tcW")) if tc.tcPr is not None else None
            if width is not None:
                tc.tcPr.remove(width)
    width = OxmlElement("w:tblW")
    width.set(qn("w:w"), "5000")
    width.set(qn("w:type"), "pct")
    existing = table._tbl.tblPr.find(qn("w:tblW"))
    if existing is not None:
        table._tbl.tblPr.remove(existing)
    table._tbl.tblPr.append(width)


def _body(doc) -> None:
    """Sections: a bold heading (if any), paragraphs (rich text: bold words), tables."""
    layout.tag(doc, "{%p for section in sections %}")
    layout.tag(doc, "{%p if section.heading %}")
    heading = layout.body_paragraph(doc, "{{ section.heading }}")
    heading.runs[0].bold = True
    layout.tag(doc, "{%p endif %}")
    layout.tag(doc, "{%p for paragraph in section.paragraphs %}")
    layout.body_paragraph(doc, "{{r paragraph }}")
    layout.tag(doc, "{%p endfor %}")
    layout.tag(doc, "{%p for table in section.tables %}")
    caption = layout.line(doc, "{{ table.caption }}", bold=True, after=Pt(3))
    caption.paragraph_format.space_before = Pt(6)
    _grid_table(doc)
    layout.line(doc, "{{ table.note }}", size=Pt(12), italic=True, after=Pt(6))
    layout.tag(doc, "{%p endfor %}")
    layout.tag(doc, "{%p endfor %}")


def build(kind: str):
    """The python-docx Document of the built-in template ``kind``."""
    doc = layout.new_document()
    layout.header(doc)
    layout.title(doc, KINDS[kind][1])
    _body(doc)
    spacer = doc.add_paragraph()
    spacer.paragraph_format.space_after = Mm(2)
    layout.signature(doc)
    return doc


def write_all(directory: Path = BUILTIN_DIR) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        path = directory / KINDS[kind][0]
        build(kind).save(path)
        written.append(path)
    return written
