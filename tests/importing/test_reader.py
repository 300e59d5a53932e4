"""Reading files: format by content, limits, headers and cell normalisation."""

import io
import os
import unicodedata
import zipfile

import pytest

from dienhinh.orgs.importing import reader
from dienhinh.orgs.importing.reader import ImportFileError, read_rows
from tests.importing.conftest import HEADER, csv_bytes, xlsx_bytes

NOT_SUPPORTED = "This file is not an XLSX or CSV file."


def test_xlsx_rows_keep_file_row_numbers_and_skip_empty_rows():
    data = xlsx_bytes([HEADER, ["A", "Đơn vị A"], [], ["B", "Đơn vị B", "", "A", "grassroots"]])
    parsed = read_rows(data)
    assert parsed.format == "xlsx"
    assert [(row.number, row.get("code"), row.get("parent_code")) for row in parsed.rows] == [
        (2, "A", ""),
        (4, "B", "A"),
    ]


def test_numeric_codes_in_xlsx_are_read_as_text():
    parsed = read_rows(xlsx_bytes([["code", "name"], [1234, "Đơn vị số"]]))
    assert parsed.rows[0].get("code") == "1234"


def test_csv_in_nfd_with_stray_spaces_is_normalised():
    name = unicodedata.normalize("NFD", "  Công  đoàn   cơ sở Trường  Lê Lợi ")
    data = csv_bytes([["code", "name", "email"], ["  X1 ", name, " Hello@Example.VN "]])
    assert not unicodedata.is_normalized("NFC", data.decode())
    row = read_rows(data).rows[0]
    assert row.get("name") == "Công đoàn cơ sở Trường Lê Lợi"
    assert unicodedata.is_normalized("NFC", row.get("name"))
    assert row.get("code") == "X1"
    assert row.get("email") == "hello@example.vn"


def test_csv_with_bom_semicolons_and_vietnamese_headers():
    header = ["Mã", "Tên", "Tên viết tắt", "Mã đơn vị cấp trên", "Loại", "Email"]
    data = b"\xef\xbb\xbf" + csv_bytes(
        [header, ["X1", "Công đoàn X", "CĐ X", "TV", "Công đoàn cơ sở", "x@example.vn"]],
        delimiter=";",
    )
    parsed = read_rows(data)
    assert parsed.columns == ["code", "name", "short_name", "parent_code", "kind", "email"]
    assert parsed.rows[0].values == {
        "code": "X1",
        "name": "Công đoàn X",
        "short_name": "CĐ X",
        "parent_code": "TV",
        "kind": "Công đoàn cơ sở",
        "email": "x@example.vn",
    }


def test_headers_ignore_case_and_accents():
    parsed = read_rows(
        csv_bytes([["MA", "ten", "Ma Don Vi Cap Tren", "Extra"], ["X", "Y", "Z", "?"]])
    )
    assert parsed.rows[0].values == {"code": "X", "name": "Y", "parent_code": "Z"}


def test_header_without_code_or_name_is_refused():
    with pytest.raises(ImportFileError, match="header row"):
        read_rows(csv_bytes([["foo", "bar"], ["1", "2"]]))


def test_csv_not_in_utf8_gets_a_clear_message():
    data = "code,name\nX,Công đoàn\n".encode("cp1258")
    with pytest.raises(ImportFileError, match="not in UTF-8"):
        read_rows(data)


def test_png_renamed_xlsx_is_refused():
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(64)
    with pytest.raises(ImportFileError, match=NOT_SUPPORTED):
        read_rows(png)


def test_executable_is_refused():
    with pytest.raises(ImportFileError, match=NOT_SUPPORTED):
        read_rows(b"MZ\x90\x00\x03\x00\x00\x00" + os.urandom(64))


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def test_zip_that_is_not_a_workbook_is_refused():
    with pytest.raises(ImportFileError, match=NOT_SUPPORTED):
        read_rows(_zip({"readme.txt": b"hello", "data/units.csv": b"code,name\n"}))


def test_zip_bomb_is_refused_before_parsing():
    bomb = _zip(
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.xml": b"<workbook/>",
            "xl/worksheets/sheet1.xml": b"\x00" * (20 * 1024 * 1024),
        }
    )
    with pytest.raises(ImportFileError, match="unreasonable size"):
        read_rows(bomb)


def test_damaged_workbook_gets_a_clear_message():
    fake = _zip({"[Content_Types].xml": b"<nonsense", "xl/workbook.xml": b"<nonsense"})
    with pytest.raises(ImportFileError, match="damaged"):
        read_rows(fake)


def test_file_over_the_limit_is_refused(settings):
    data = os.urandom(settings.IMPORT_MAX_BYTES + 1)
    with pytest.raises(ImportFileError, match="too large"):
        read_rows(data)


def test_too_many_rows(monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 3)
    rows = [["code", "name"]] + [[f"C{i}", f"Đơn vị {i}"] for i in range(4)]
    with pytest.raises(ImportFileError, match="more than 3 rows"):
        read_rows(csv_bytes(rows))
    assert len(read_rows(csv_bytes(rows[:4])).rows) == 3


def test_empty_file():
    with pytest.raises(ImportFileError, match="empty"):
        read_rows(b"\n\n")
