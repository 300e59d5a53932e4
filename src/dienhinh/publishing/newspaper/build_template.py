"""Builds ``submission.docx``, the docxtpl template of what is sent to the paper. The template
is committed (an office may restyle it in Word, keeping the {{ }} and {%p %} tags); run this
to recreate it: ``python -m dienhinh.publishing.newspaper.build_template``.

Plain A4 in Times New Roman 13 pt, as newsrooms in Vietnam take typed copy: a submission, not
an official document (no Decree 30 layout)."""

from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

TEMPLATE = Path(__file__).with_name("submission.docx")


def _paragraph(doc, text: str, *, bold=False, italic=False, size=None, center=False, after=6):
    paragraph = doc.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def build(path: Path = TEMPLATE) -> Path:
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(13)
    # East-Asian and complex-script slots too, so Word never falls back to another font.
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("w:eastAsia", "w:cs"):
        fonts.set(qn(slot), "Times New Roman")
    normal.paragraph_format.space_after = Pt(6)

    _paragraph(doc, "{{ labels.title }}", bold=True, size=15, center=True, after=2)
    _paragraph(doc, "{{ column }} – {{ newspaper }}", bold=True, center=True, after=2)
    _paragraph(doc, "{{ labels.sender }}: {{ sender }}", italic=True, center=True, after=2)
    _paragraph(
        doc,
        "{{ labels.sent_on }}: {{ date }} · {{ labels.count }}: {{ count }}",
        italic=True,
        center=True,
        after=12,
    )
    _paragraph(doc, "{%p for s in stories %}")
    _paragraph(doc, "{{ labels.story }} {{ s.number }}. {{ s.headline }}", bold=True, size=14)
    _paragraph(doc, "{{ s.byline }}", italic=True)
    _paragraph(doc, "{{ s.lead }}", bold=True)
    _paragraph(doc, "{%p for para in s.paragraphs %}")
    paragraph = doc.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(1)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.add_run("{{r para }}")
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "{%p if s.photos %}")
    _paragraph(doc, "{{ labels.photos }}", bold=True)
    _paragraph(doc, "{%p for ph in s.photos %}")
    _paragraph(doc, "{{ ph.label }}: {{ ph.caption }}", italic=True, after=0)
    _paragraph(doc, "{%p if ph.people %}")
    _paragraph(doc, "{{ ph.people }}", italic=True, after=0)
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "{%p endif %}")
    _paragraph(doc, "{{ labels.contact }}: {{ s.contact }}", italic=True, after=18)
    _paragraph(doc, "{%p endfor %}")
    doc.core_properties.title = "Dienhinh newspaper submission"
    doc.core_properties.author = "Dienhinh"
    doc.save(path)
    return path


if __name__ == "__main__":
    print(build())
