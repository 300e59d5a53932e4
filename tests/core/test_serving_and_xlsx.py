"""The shared builders: file responses (private and public) and XLSX workbooks."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from openpyxl import load_workbook

from dienhinh.core.serving import ascii_filename, content_disposition, file_response
from dienhinh.core.xlsx import XLSX_TYPE, XlsxBuilder, xlsx_response


@pytest.fixture
def stored_file():
    return default_storage.save("renditions/anh.webp", ContentFile(b"RIFF....WEBP"))


def test_a_private_file_is_never_cached_and_never_runs(stored_file):
    response = file_response(stored_file, content_type="image/webp", filename="Ảnh.webp")
    assert b"".join(response.streaming_content) == b"RIFF....WEBP"
    assert response["Content-Type"] == "image/webp"
    assert response["Content-Length"] == "12"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == (
        "inline; filename=\"Anh.webp\"; filename*=utf-8''%E1%BA%A2nh.webp"
    )


def test_a_public_rendition_is_cached_for_a_year(stored_file):
    response = file_response(
        stored_file, content_type="image/webp", filename="anh.webp", public=True
    )
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert "private" not in response["Cache-Control"]
    assert b"".join(response.streaming_content) == b"RIFF....WEBP"


def test_missing_or_unnamed_files_are_not_found():
    with pytest.raises(Http404):
        file_response("nothing/here.pdf", content_type="application/pdf", filename="x.pdf")
    with pytest.raises(Http404):
        file_response("", content_type="application/pdf", filename="x.pdf")


@pytest.mark.parametrize(
    ("filename", "attachment", "expected"),
    [
        ("ho-so.xlsx", True, 'attachment; filename="ho-so.xlsx"'),
        (
            "Báo cáo đợt 1.pdf",
            True,
            'attachment; filename="Bao cao dot 1.pdf"; '
            "filename*=utf-8''B%C3%A1o%20c%C3%A1o%20%C4%91%E1%BB%A3t%201.pdf",
        ),
        (
            'a"b\\c.pdf',
            False,
            "inline; filename=\"a_b_c.pdf\"; filename*=utf-8''a%22b%5Cc.pdf",
        ),
        ("", False, "inline"),
    ],
)
def test_content_disposition(filename, attachment, expected):
    assert content_disposition(filename, as_attachment=attachment) == expected


def test_the_ascii_fallback_keeps_only_quotable_characters():
    assert ascii_filename("Đơn vị\r\n.pdf") == "Don vi__.pdf"
    assert ascii_filename("文件.pdf") == "__.pdf"


def _sheet(content: bytes):
    return load_workbook(io.BytesIO(content)).active


def test_xlsx_cells_are_typed_and_text_stays_inert(settings):
    settings.TIME_ZONE = "Asia/Ho_Chi_Minh"
    builder = XlsxBuilder()
    sheet = builder.add_sheet("Điểm: thi đua [2025]?", ["Tên", "Điểm", "Ngày", "Lúc", "Ghi chú"])
    aware = datetime.datetime(2025, 6, 30, 17, 30, tzinfo=ZoneInfo("UTC"))
    sheet.append(["=SUM(A1:A9)", Decimal("7.5"), datetime.date(2017, 6, 29), aware, None])
    sheet.append(["Tiêu\x01 đề", 10, None, None, True])
    workbook = load_workbook(io.BytesIO(builder.content()))
    ws = workbook.active
    assert ws.title == "Điểm thi đua 2025"
    assert [c.value for c in ws[1]] == ["Tên", "Điểm", "Ngày", "Lúc", "Ghi chú"]
    assert all(c.font.bold for c in ws[1])
    formula, points, day, moment, empty = ws[2]
    assert formula.value == "=SUM(A1:A9)" and formula.data_type == "s"
    assert points.value == 7.5 and points.data_type == "n"
    assert day.value == datetime.datetime(2017, 6, 29) and day.number_format == "DD/MM/YYYY"
    assert moment.value == datetime.datetime(2025, 7, 1, 0, 30)  # local time, Vietnam
    assert moment.number_format == "DD/MM/YYYY HH:MM"
    assert empty.value is None
    assert [c.value for c in ws[3]][:2] == ["Tiêu đề", 10]
    assert ws.cell(row=3, column=5).value is True


def test_xlsx_response_names_the_download():
    builder = XlsxBuilder()
    builder.add_sheet("Báo cáo", ["Đơn vị"]).append(["CĐCS A"])
    response = xlsx_response(builder.content(), "Báo cáo 2025.xlsx")
    assert response["Content-Type"] == XLSX_TYPE
    assert response["Content-Disposition"] == (
        'attachment; filename="Bao cao 2025.xlsx"; '
        "filename*=utf-8''B%C3%A1o%20c%C3%A1o%202025.xlsx"
    )
    assert response["Cache-Control"] == "private, no-store"
    assert _sheet(response.content).cell(row=2, column=1).value == "CĐCS A"
