"""The layout of an administrative document per Decree 30/2020/NĐ-CP, Annex I (as the VGCL's
933/QĐ-TLĐ applies it to union documents), written with python-docx into the built-in DOCX
templates. Staff may open those templates in Word and change them; this module only makes
the defaults (see the build_document_templates command) and names the measures the tests
check.

The Jinja placeholders each template carries are listed in documents.context.
"""

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Mm, Pt

FONT = "Times New Roman"
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Mm(20), Mm(20), Mm(30), Mm(15)
TEXT_WIDTH = Emu(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)  # 165 mm
LEFT_COLUMN, RIGHT_COLUMN = Mm(72), Emu(TEXT_WIDTH - Mm(72))
BODY_SIZE = Pt(14)
FIRST_LINE_INDENT = Cm(1.27)
SPACE_BETWEEN = Pt(6)

NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"


def _fonts(element, name: str = FONT) -> None:
    """Name the font for every script (Vietnamese letters fall under hAnsi and cs)."""
    fonts = element.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        element.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)


def new_document() -> Document:
    """An empty A4 document with the decree's margins, Times New Roman 14, justified body
    paragraphs with a first-line indent and 6 pt after, and page numbers from page 2 at the
    top centre."""
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = BODY_SIZE
    _fonts(normal.element.get_or_add_rPr())
    # The document defaults too, so that table text and fields take the same font.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        run_defaults = defaults.find(qn("w:rPrDefault"))
        if run_defaults is not None and run_defaults.find(qn("w:rPr")) is not None:
            _fonts(run_defaults.find(qn("w:rPr")))
    paragraph = normal.paragraph_format
    paragraph.space_before = Pt(0)
    paragraph.space_after = SPACE_BETWEEN
    paragraph.line_spacing_rule = WD_LINE_SPACING.SINGLE

    body = doc.styles.add_style("Body Text Decree", 1)
    body.base_style = normal
    body.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.paragraph_format.first_line_indent = FIRST_LINE_INDENT
    body.paragraph_format.space_after = SPACE_BETWEEN

    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.header_distance = Mm(10)
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(number)
    return doc


def _page_field(paragraph) -> None:
    run = paragraph.add_run()
    run.font.size = Pt(13)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)
        else:
            instr = OxmlElement("w:instrText" if text.strip() == "PAGE" else "w:t")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._r.append(instr)
    end = paragraph.add_run()
    end.font.size = Pt(13)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._r.append(char)


def _no_borders(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def _cell_width(cell, width) -> None:
    cell.width = width


def _columns(table, widths) -> None:
    """Fixed column widths (the grid is what Word and LibreOffice lay out by), no cell
    padding at the sides so that the motto fits its column on one line."""
    table.autofit = False
    for col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(int(Emu(width).twips)))
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:w"), "0")
        edge.set(qn("w:type"), "dxa")
        margins.append(edge)
    table._tbl.tblPr.append(margins)


NO_SPACE = Pt(0)


def line(
    container,
    text: str = "",
    *,
    size=BODY_SIZE,
    bold=False,
    italic=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    after=NO_SPACE,
    style=None,
):
    """One paragraph of one run (placeholders must sit in one run for docxtpl)."""
    paragraph = container.add_paragraph(style=style)
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = after
    paragraph.paragraph_format.first_line_indent = Cm(0) if style is None else None
    if text:
        run = paragraph.add_run(text)
        run.font.size, run.bold, run.italic = size, bold, italic
    return paragraph


def rule(cell, width, *, column) -> None:
    """A centred horizontal rule ``width`` long: an empty paragraph with a top border, its
    indents leaving ``width`` of the ``column``."""
    paragraph = cell.add_paragraph()
    side = int((column - width) / 2)
    paragraph.paragraph_format.left_indent = side
    paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.first_line_indent = Cm(0)
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    properties.append(borders)
    # A tiny line height, so the rule sits right under the words above it.
    run = paragraph.add_run()
    run.font.size = Pt(2)


def header(doc) -> None:
    """The borderless header table: superior (if any) and issuing unit with a short rule,
    the national motto with its rule; under them the number and symbol, and the place and
    date line."""
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _no_borders(table)
    _columns(table, (LEFT_COLUMN, RIGHT_COLUMN))
    issuer, nation = table.rows[0].cells
    issuer.paragraphs[0]._p.getparent().remove(issuer.paragraphs[0]._p)
    line(issuer, "{%p if superior %}", size=Pt(13))
    line(issuer, "{{ superior }}", size=Pt(13))
    line(issuer, "{%p endif %}", size=Pt(13))
    line(issuer, "{%p if issuer %}", size=Pt(13))
    line(issuer, "{{ issuer }}", size=Pt(13), bold=True)
    rule(issuer, Mm(28), column=LEFT_COLUMN)
    line(issuer, "{%p endif %}", size=Pt(13))
    nation.paragraphs[0]._p.getparent().remove(nation.paragraphs[0]._p)
    line(nation, NATION, size=Pt(12), bold=True)
    line(nation, MOTTO, size=Pt(14), bold=True)
    rule(nation, Mm(66), column=RIGHT_COLUMN)
    number, date = table.rows[1].cells
    number.paragraphs[0]._p.getparent().remove(number.paragraphs[0]._p)
    line(number, "{%p if reference %}", size=Pt(13))
    line(number, "Số: {{ reference }}", size=Pt(13), after=Pt(6))
    line(number, "{%p endif %}", size=Pt(13))
    date.paragraphs[0]._p.getparent().remove(date.paragraphs[0]._p)
    line(date, "{{ place_date }}", size=Pt(14), italic=True, after=Pt(6))


def title(doc, kind: str) -> None:
    """The document type in capitals and its title, bold and centred."""
    line(doc, kind, size=Pt(14), bold=True, after=Pt(0)).paragraph_format.space_before = Pt(12)
    line(doc, "{{ title }}", size=Pt(14), bold=True, after=Pt(12))


def body_paragraph(doc, text: str):
    """A body paragraph (justified, first-line indent) holding ``text`` in one run; a text
    starting with ``{{r `` is a docxtpl rich-text placeholder and carries its own runs."""
    paragraph = doc.add_paragraph(style="Body Text Decree")
    paragraph.add_run(text)
    return paragraph


def tag(doc, text: str) -> None:
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}); it disappears."""
    doc.add_paragraph().add_run(text)


def signature(doc) -> None:
    """ "Nơi nhận:" (bold italic 12) and its list (11) on the left; the authority line, the
    signer's title and name (bold 14) on the right, with room to sign and stamp."""
    table = doc.add_table(rows=1, cols=2)
    _no_borders(table)
    _columns(table, (Mm(80), Emu(TEXT_WIDTH - Mm(80))))
    left, right = table.rows[0].cells
    left.paragraphs[0]._p.getparent().remove(left.paragraphs[0]._p)
    line(left, "{%p if recipients %}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    line(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    line(left, "{%p for recipient in recipients %}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    line(left, "{{ recipient }}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    line(left, "{%p endfor %}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    line(left, "{%p endif %}", size=Pt(11), align=WD_ALIGN_PARAGRAPH.LEFT)
    # A second signer on the left (the achievement reports' confirming head of unit).
    line(left, "{%p if countersign %}", size=Pt(14))
    line(left, "{{ countersign }}", size=Pt(14), bold=True)
    line(left, "{%p endif %}", size=Pt(14))
    right.paragraphs[0]._p.getparent().remove(right.paragraphs[0]._p)
    line(right, "{%p if authority_line %}", size=Pt(14))
    line(right, "{{ authority_line }}", size=Pt(14), bold=True)
    line(right, "{%p endif %}", size=Pt(14))
    line(right, "{{ signer_title }}", size=Pt(14), bold=True, after=Pt(60))
    line(right, "{{ signer_name }}", size=Pt(14), bold=True)
