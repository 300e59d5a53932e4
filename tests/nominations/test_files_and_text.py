"""Uploaded files are checked by content; rich text comes out inert; duplicates are found."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from dienhinh.nominations.duplicates import find_duplicates
from dienhinh.nominations.enums import State
from dienhinh.nominations.files import clean_document, clean_photo
from dienhinh.nominations.richtext import sanitize


def upload(data: bytes, name: str = "file.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "Canon"  # Make
    exif[0x8825] = {1: "N", 2: (10.0, 20.0, 30.0)}  # GPSInfo: latitude
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_photo_is_reencoded_without_exif_and_gets_a_thumbnail():
    original = jpeg_with_gps()
    assert b"Canon" in original
    photo = clean_photo(upload(original))
    assert photo.content_type == "image/jpeg" and (photo.width, photo.height) == (64, 48)
    assert b"Canon" not in photo.content
    with Image.open(io.BytesIO(photo.content)) as image:
        assert not image.getexif()
    with Image.open(io.BytesIO(photo.thumbnail)) as thumb:
        assert thumb.format == "WEBP"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "not a JPEG, PNG, WebP or HEIC"),  # an executable
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not a JPEG, PNG, WebP or HEIC",
        ),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "not a JPEG, PNG, WebP or HEIC"),  # a broken PNG
    ],
)
def test_things_that_are_not_photos_are_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        clean_photo(upload(data, "anh.jpg"))


def test_a_decompression_bomb_is_refused_before_decoding():
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kilobytes
    assert len(out.getvalue()) < 200_000
    with pytest.raises(ValidationError, match="40 megapixels"):
        clean_photo(upload(out.getvalue(), "bomb.png"))


def test_a_30_mb_image_is_refused():
    with pytest.raises(ValidationError, match="10 MB"):
        clean_photo(upload(b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024), "big.jpg"))


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def docx_bytes() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_real_pdf_and_docx_are_accepted():
    assert clean_document(upload(pdf_bytes(), "a.pdf")).content_type == "application/pdf"
    assert clean_document(upload(docx_bytes(), "a.docx")).extension == "docx"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"%PDF-1.7\n" + b"garbage" * 100, "damaged"),
        (b"MZ\x90\x00" + b"\x00" * 100, "Only PDF and DOCX"),
        (b"PK\x03\x04" + b"\x00" * 100, "damaged"),
    ],
)
def test_bad_documents_are_refused(data, message):
    with pytest.raises(ValidationError, match=message):
        clean_document(upload(data, "hoso.pdf"))


def test_a_zip_that_is_not_a_word_document_is_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(ValidationError, match="Only PDF and DOCX"):
        clean_document(upload(out.getvalue(), "hoso.docx"))


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">bấm</a>',
        '<p style="background:url(javascript:alert(1))" onclick="alert(1)">x</p>',
        "<iframe src=//evil></iframe>",
        "<svg><animate onbegin=alert(1)></svg>",
    ],
)
def test_rich_text_comes_out_inert(payload):
    clean = sanitize(f"<p>Thành tích</p>{payload}")
    lowered = clean.lower()
    for bad in (
        "<script",
        "onerror",
        "javascript:",
        "onclick",
        "<iframe",
        "<svg",
        "style=",
        "onbegin",
    ):
        assert bad not in lowered
    assert "<p>Thành tích</p>" in clean


def test_rich_text_keeps_formatting_and_safe_links():
    clean = sanitize('<p><strong>Đạt</strong> <a href="https://ldld.travinh.vn">link</a></p>')
    assert "<strong>Đạt</strong>" in clean
    assert 'href="https://ldld.travinh.vn"' in clean and "noopener" in clean


def test_duplicates_in_the_same_plan_and_recent_selections(world, make_nomination):
    first = make_nomination()
    second = make_nomination(full_name="nguyễn thị  MAI")  # same person, other spelling
    other_person = make_nomination(full_name="Nguyễn Thị Mai", birth_year=1990)
    found = find_duplicates(second, user=world.officer_a)
    assert [(d.nomination.pk, d.reason) for d in found] == [(first.pk, "same_plan")]
    assert other_person.pk not in [d.nomination.pk for d in found]
    # Another branch's dossier is never revealed to the officer.
    assert find_duplicates(second, user=world.officer_b) == []
    first.state = State.WITHDRAWN
    first.save()
    assert find_duplicates(second, user=world.officer_a) == []


def test_refusals_are_in_vietnamese_by_default():
    with translation.override("vi"), pytest.raises(ValidationError) as refusal:
        clean_photo(upload(b"MZ\x90\x00", "anh.jpg"))
    assert "không phải" in str(refusal.value).lower()


def test_an_iphone_heic_photo_comes_out_as_an_upright_jpeg_without_exif():
    from pathlib import Path

    # tests/data/upright-after-rotation.heic: 64×32 pixels, left half green, stored with
    # "rotate 90° clockwise" and a GPS position (made once with pillow-heif's encoder).
    data = (Path(__file__).parents[1] / "data" / "upright-after-rotation.heic").read_bytes()
    photo = clean_photo(upload(data, "IMG_0001.HEIC"))
    assert (photo.content_type, photo.extension) == ("image/jpeg", "jpg")
    with Image.open(io.BytesIO(photo.content)) as image:
        assert image.format == "JPEG"
        assert image.size == (32, 64)  # upright: the rotation was applied
        red, green, _blue = image.convert("RGB").getpixel((16, 8))
        assert green > 120 and red < 100  # the green half is now on top
        assert not image.getexif()  # no GPS, no camera, no orientation left
    with Image.open(io.BytesIO(photo.thumbnail)) as thumb:
        assert thumb.format == "WEBP"
