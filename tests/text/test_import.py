"""The unit import passes every cell through clean_text: a refused character is an error on
its row and column, and the file imports nothing (on the page and by the command)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from dienhinh.orgs.importing.reader import ImportFileError, read_rows
from dienhinh.orgs.importing.validate import build_plan
from dienhinh.orgs.models import OrgUnit
from tests.importing.conftest import HEADER, as_upload, csv_bytes, xlsx_bytes
from tests.text.conftest import REFUSED, refused_message

pytestmark = pytest.mark.django_db

GOOD = [
    HEADER,
    ["TV-CL-N", "Công đoàn cơ sở Trường Mầm non Hoa Sen", "", "", "grassroots", ""],
    ["TV-CL-N-1", "Tổ công đoàn Giáo viên", "", "TV-CL-N", "group", ""],
]


def _codes() -> set[str]:
    return set(OrgUnit.objects.values_list("code", flat=True))


@pytest.mark.parametrize("char", REFUSED.values(), ids=REFUSED.keys())
@pytest.mark.parametrize(("column", "index"), [("name", 1), ("code", 0), ("short_name", 2)])
def test_a_refused_character_in_a_csv_cell_is_a_row_error(world, char, column, index):
    rows = [*GOOD, ["TV-CL-P", "Công đoàn cơ sở Phú Mỹ", "CĐCS Phú Mỹ", "", "", ""]]
    rows[3][index] = rows[3][index][:4] + char + rows[3][index][4:]
    parsed = read_rows(csv_bytes(rows))
    assert [row.number for row in parsed.rows] == [2, 3, 4]
    bad = parsed.rows[2]
    assert bad.refused == {column: refused_message(char)}
    assert char not in bad.get(column)  # what the report shows has no such character
    plan = build_plan(parsed, user=world.fed_admin, default_parent=world.district)
    assert plan.has_errors
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (4, column, refused_message(char))
    ]


def test_the_page_shows_the_row_and_imports_nothing(world, login):
    rows = [*GOOD, ["TV-CL-P", "Công đoàn\x00 cơ sở Phú Mỹ", "", "", "", ""]]
    before = _codes()
    response = login(world.fed_admin).post(
        reverse("unit_import:upload"),
        {"file": as_upload(csv_bytes(rows), "units.csv"), "parent_code": "TV-CL"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["token"] is None  # nothing to confirm
    assert page.count('class="row-error"') == 1
    assert f"Name: {refused_message(chr(0))}" in page
    assert "\x00" not in page
    assert _codes() == before


def test_the_command_reports_row_and_column_and_imports_nothing(world, tmp_path):
    path = tmp_path / "units.csv"
    path.write_bytes(csv_bytes([*GOOD, ["TV-CL-P", "Phú Mỹ", "", "", "", "a\x1b@example.vn"]]))
    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_units", str(path), "--parent", "TV-CL", stdout=StringIO(), stderr=err)
    assert f"Row 4 [Email]: {refused_message(chr(0x1B))}" in err.getvalue()
    assert not OrgUnit.objects.filter(code__startswith="TV-CL-N").exists()


def test_a_bidi_override_in_an_xlsx_cell_is_a_row_error(world):
    # XML cannot hold NUL or ESC, so an XLSX can only bring characters such as U+202E.
    rows = [*GOOD, ["TV-CL-P", "Phú Mỹ\u202etxt.exe", "", "", "", ""]]
    parsed = read_rows(xlsx_bytes(rows))
    plan = build_plan(parsed, user=world.fed_admin, default_parent=world.district)
    assert [(e.row, e.column, e.message) for e in plan.errors] == [
        (4, "name", refused_message("\u202e"))
    ]


def test_a_refused_character_in_the_header_row_is_a_file_error():
    with pytest.raises(ImportFileError, match=r"Row 1 \(the header row\): .*U\+0000"):
        read_rows(csv_bytes([["code", "na\x00me"], ["X", "Y"]]))


def test_a_utf16_file_is_still_refused_as_a_whole():
    # NUL is every other byte of UTF-16 text: that is not a UTF-8 CSV with a bad cell.
    data = "code,name\nX1,Cong doan X\n".encode("utf-16-le")
    with pytest.raises(ImportFileError, match="not an XLSX or CSV"):
        read_rows(data)


def test_clean_cells_are_normalised_as_before():
    parsed = read_rows(csv_bytes([["code", "name"], [" X1 ", "Công\u200b  đoàn "]]))
    assert parsed.rows[0].values == {"code": "X1", "name": "Công đoàn"}
    assert parsed.rows[0].refused == {}
