"""The plan 57 document: its DOCX layout (Decree 30) and its PDF, made once for the module
from the reference data (tests/documents/test_documents.py proves the record gives the same
text)."""

import datetime
import difflib
import re
import subprocess
from pathlib import Path

import pytest
from django.test import override_settings
from docx import Document
from docx.shared import Pt

from dienhinh.demo import plan57
from dienhinh.documents.builtin import builtin_path
from dienhinh.documents.common import Section, frame
from dienhinh.documents.pdf import docx_to_pdf
from dienhinh.documents.rendering import render_docx
from dienhinh.documents.text import docx_text
from tests.documents.conftest import needs_soffice

REFERENCE = Path("/work/shared/reference/ke-hoach-57-KH-LDLD-2017.txt")
REFERENCE_COPY = Path(__file__).parent / "ke-hoach-57-KH-LDLD-2017.txt"


def plan_57_context(**overrides) -> dict:
    values = {
        "issuer": "Liên đoàn Lao động tỉnh Trà Vinh",
        "number": 57,
        "symbol": "KH-LĐLĐ",
        "place": "Trà Vinh",
        "day": datetime.date(2017, 6, 29),
        "title": plan57.PLAN_57["title"],
        "sections": [Section(h, ps) for h, ps in plan57.SECTIONS],
        "recipients": plan57.DOCUMENT["recipients"].splitlines(),
        "authority_line": "TM. BAN THƯỜNG VỤ",
        "signer_title": "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "signer_name": "Trần Trung Truyền",
        **overrides,
    }
    return frame(**values)


def render(**overrides) -> bytes:
    return render_docx(builtin_path("plan").read_bytes(), plan_57_context(**overrides))


@pytest.fixture(scope="module")
def docx_bytes() -> bytes:
    return render()


@pytest.fixture(scope="module")
def pdf_file(docx_bytes, tmp_path_factory) -> Path:
    if needs_soffice.args[0]:  # the skipif condition: LibreOffice or poppler missing
        pytest.skip(needs_soffice.kwargs["reason"])
    directory = tmp_path_factory.mktemp("documents")
    with override_settings(DOCUMENTS_CACHE_DIR=directory):
        pdf = docx_to_pdf(docx_bytes)
        assert docx_to_pdf(docx_bytes) == pdf  # the second time from the cache
    path = directory / "plan.pdf"
    path.write_bytes(pdf)
    return path


def words(text: str) -> list[str]:
    return text.replace("**", "").split()


def test_page_margins_and_fonts(docx_bytes):
    document = Document(__import__("io").BytesIO(docx_bytes))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    mm = {
        name: round(getattr(section, f"{name}_margin").mm, 1)
        for name in ("top", "bottom", "left", "right")
    }
    assert 20 <= mm["top"] <= 25 and 20 <= mm["bottom"] <= 25
    assert 30 <= mm["left"] <= 35 and 15 <= mm["right"] <= 20
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size == Pt(14)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs} - {None}
    assert fonts <= {"Times New Roman"}
    # Page numbers from page 2, top centre: the first page's header is empty.
    assert section.different_first_page_header_footer
    assert section.first_page_header.paragraphs[0].text == ""
    assert "PAGE" in section.header._element.xml


def test_header_cells_number_and_date(docx_bytes):
    document = Document(__import__("io").BytesIO(docx_bytes))
    header = document.tables[0]
    issuer, nation = header.rows[0].cells
    number, date = header.rows[1].cells
    assert 'w:val="nil"' in header._tbl.xml  # borderless
    [unit] = [p for p in issuer.paragraphs if p.text]
    assert unit.text == "LIÊN ĐOÀN LAO ĐỘNG TỈNH TRÀ VINH" and unit.runs[0].bold
    assert Pt(12) <= unit.runs[0].font.size <= Pt(13)
    motto = [p for p in nation.paragraphs if p.text]
    assert [p.text for p in motto] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(p.runs[0].bold for p in motto)
    assert motto[0].runs[0].font.size in (Pt(12), Pt(13)) and motto[1].runs[0].font.size in (
        Pt(13),
        Pt(14),
    )
    # Rules under the issuer and the motto: bordered empty paragraphs.
    assert issuer._tc.xml.count("<w:pBdr>") == 1 and nation._tc.xml.count("<w:pBdr>") == 1
    [ref] = [p for p in number.paragraphs if p.text]
    assert ref.text == "Số: 57/KH-LĐLĐ" and ref.runs[0].font.size == Pt(13)
    [day] = [p for p in date.paragraphs if p.text]
    assert day.text == "Trà Vinh, ngày 29 tháng 6 năm 2017" and day.runs[0].italic
    assert Pt(13) <= day.runs[0].font.size <= Pt(14)


def test_title_body_and_signature(docx_bytes):
    document = Document(__import__("io").BytesIO(docx_bytes))
    paragraphs = [p for p in document.paragraphs if p.text]
    kind, title = paragraphs[0], paragraphs[1]
    assert kind.text == "KẾ HOẠCH" and kind.runs[0].bold
    assert title.text == plan57.PLAN_57["title"] and title.runs[0].bold
    opening = paragraphs[2]
    assert opening.text.startswith("Thực hiện Kế hoạch số 09/KH- HĐTĐKT")
    assert opening.style.paragraph_format.alignment == 3  # justified
    assert 10 <= round(opening.style.paragraph_format.first_line_indent.mm, 1) <= 12.7
    assert opening.style.paragraph_format.space_after >= Pt(6)
    subject = next(p for p in paragraphs if p.text.startswith("2.1."))
    assert [(r.text, bool(r.bold)) for r in subject.runs if r.text][:2] == [
        ("2.1. ", False),
        ("Đối tượng:", True),
    ]
    left, right = document.tables[-1].rows[0].cells
    texts = [p for p in left.paragraphs if p.text]
    assert texts[0].text == "Nơi nhận:" and texts[0].runs[0].bold and texts[0].runs[0].italic
    assert texts[0].runs[0].font.size == Pt(12)
    assert texts[-1].text == "- Lưu VP, Ban CSPL." and texts[-1].runs[0].font.size == Pt(11)
    block = [p for p in right.paragraphs if p.text]
    assert [p.text for p in block] == [
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "Trần Trung Truyền",
    ]
    assert all(p.runs[0].bold for p in block)


def test_the_words_are_the_reference_plans(docx_bytes):
    reference = words(REFERENCE_COPY.read_text(encoding="utf-8"))
    ours = words(docx_text(docx_bytes))
    ratio = difflib.SequenceMatcher(None, reference, ours, autojunk=False).ratio()
    assert ratio >= 0.95, ratio


def test_a_january_date_and_a_small_number_take_leading_zeros():
    text = docx_text(render(day=datetime.date(2026, 1, 5), number=5))
    assert "Trà Vinh, ngày 05 tháng 01 năm 2026" in text
    assert "Số: 05/KH-LĐLĐ" in text


def test_an_ampersand_or_angle_bracket_in_a_union_name_renders():
    text = docx_text(render(issuer="Công đoàn Điện & Nước <Trà Vinh>"))
    assert "CÔNG ĐOÀN ĐIỆN & NƯỚC <TRÀ VINH>" in text


@needs_soffice
@pytest.mark.one_database  # converting the DOCX (tested on both databases) is LibreOffice's work
def test_pdf_pages_fonts_and_text(pdf_file, docx_bytes, tmp_path):
    subprocess.run(["pdftoppm", "-r", "20", "-png", str(pdf_file), str(tmp_path / "p")], check=True)
    assert len(list(tmp_path.glob("p-*.png"))) == 3
    fonts = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, text=True, check=True)
    rows = fonts.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        name, embedded = row.split()[0], row.split()[-5]
        assert re.search(r"\+(LiberationSerif|Tinos)", name), row
        assert embedded == "yes", row
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf_file), "-"], capture_output=True, text=True, check=True
    ).stdout
    # The page numbers (from page 2) are the PDF's only extra words.
    pdf_words = [w for w in text.split() if w not in ("2", "3")]
    assert sorted(pdf_words) == sorted(docx_text(docx_bytes).split())
