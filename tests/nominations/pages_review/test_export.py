"""The XLSX export: the list's filters, only visible dossiers, real dates, inert text."""

import datetime
import io

from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dienhinh.nominations.views import export as export_module

from .conftest import move

EXPORT = reverse("nominations:export")


# The title lines above the header: what the list is, and when and by whom it was exported.
TITLE_ROWS = 2


def _rows(response) -> list[tuple]:
    """The header row and the rows under it (the title lines left out)."""
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ho-so-{day}.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    return rows[TITLE_ROWS:]


def test_export_has_the_header_and_one_row_per_dossier(world, login, make_nomination):
    mai = make_nomination(position="Giáo viên", workplace="Trường A")
    move(mai, "submit", world.officer_a)
    rows = _rows(login(world.officer_a).get(EXPORT))
    assert rows[0] == (
        "No.",
        "Name of the person or collective",
        "Subject",
        "Gender",
        "Year of birth",
        "Position",
        "Workplace",
        "Union member since",
        "Members of the collective",
        "Field",
        "Headline",
        "Nominating unit",
        "Plan",
        "State",
        "Now reviewed at",
        "Last updated",
    )
    assert len(rows) == 2
    row = rows[1]
    assert row[:14] == (
        1,
        "Nguyễn Thị Mai",
        "Individual",
        None,
        1985,
        "Giáo viên",
        "Trường A",
        None,
        None,
        None,
        "Giáo viên dạy giỏi nhiều năm liền",
        "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long",
        "57/KH-LĐLĐ",
        "Submitted",
    )
    assert row[14] == "Liên đoàn Lao động huyện Càng Long"
    assert isinstance(row[15], datetime.datetime)  # a real date cell, not text
    assert row[15].date() == timezone.localdate()
    sheet = load_workbook(io.BytesIO(login(world.officer_a).get(EXPORT).content)).active
    assert sheet.cell(row=TITLE_ROWS + 2, column=16).number_format == "DD/MM/YYYY"


def test_export_contains_only_visible_dossiers(world, login, make_nomination):
    mai = make_nomination(full_name="Nguyễn Thị Mai")
    make_nomination(world.unit_b, full_name="Phạm Văn Bê", created_by=world.officer_b)

    def names(user) -> set[str]:
        return {row[1] for row in _rows(login(user).get(EXPORT))[1:]}

    assert names(world.officer_a) == {"Nguyễn Thị Mai"}
    assert names(world.officer_b) == {"Phạm Văn Bê"}
    assert names(world.reviewer) == set()  # drafts stay with their units
    move(mai, "submit", world.officer_a)
    assert names(world.reviewer) == {"Nguyễn Thị Mai"}
    assert names(world.officer_b) == {"Phạm Văn Bê"}
    assert names(world.outsider) == set()


def test_export_applies_the_filters(world, login, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai")
    move(make_nomination(full_name="Trần Văn Gửi"), "submit", world.officer_a)
    client = login(world.officer_a)
    assert [r[1] for r in _rows(client.get(EXPORT, {"state": "submitted"}))[1:]] == ["Trần Văn Gửi"]
    assert [r[1] for r in _rows(client.get(EXPORT, {"q": "nguyen mai"}))[1:]] == ["Nguyễn Thị Mai"]
    assert client.get(EXPORT, {"unit": "NO-SUCH"}).status_code == 400


def test_export_keeps_formulas_and_control_characters_inert(world, login, make_nomination):
    make_nomination(full_name='=HYPERLINK("http://evil","x")', headline="Tiêu\x01 đề")
    rows = _rows(login(world.officer_a).get(EXPORT))
    assert rows[1][1] == '=HYPERLINK("http://evil","x")'
    sheet = load_workbook(io.BytesIO(login(world.officer_a).get(EXPORT).content)).active
    assert sheet.cell(row=TITLE_ROWS + 2, column=2).data_type == "s"
    assert rows[1][10] == "Tiêu đề"


def test_export_stops_at_the_cap_with_a_note(world, login, make_nomination, monkeypatch):
    monkeypatch.setattr(export_module, "MAX_ROWS", 2)
    for name in ("Nguyễn Văn Một", "Nguyễn Văn Hai", "Nguyễn Văn Ba"):
        make_nomination(full_name=name)
    rows = _rows(login(world.officer_a).get(EXPORT))
    assert len(rows) == 4
    assert rows[3][0].startswith("Only the first 2 dossiers are exported.")


def test_the_export_is_laid_out_for_printing(world, login, plan, make_nomination):
    make_nomination(full_name="Nguyễn Thị Mai Phương Thảo")
    response = login(world.officer_a).get(EXPORT, {"plan": plan.pk})
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f'attachment; filename="ho-so-57-KH-LDLD-{day}.xlsx"'
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = [sheet.cell(row=n, column=1).value for n in (1, 2, 3)]
    assert titles[0] == "List of nomination dossiers"
    assert titles[1] == "Plan 57/KH-LĐLĐ (2017): Tuyên truyền các điển hình tiên tiến"
    assert titles[2].startswith("Exported on ") and titles[2].endswith(" by Nguyễn Thị An")
    assert sheet.cell(row=1, column=1).font.b
    assert sheet.cell(row=4, column=1).value == "No." and sheet.cell(row=4, column=1).font.b
    assert sheet.freeze_panes == "A5"  # the header stays on screen
    assert sheet.print_title_rows == "$4:$4"  # and on every printed page
    assert sheet.auto_filter.ref == "A4:P5"
    assert sheet.page_setup.orientation == "landscape"
    # Widths follow the content: the name column is wider than the number column.
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width >= 6
