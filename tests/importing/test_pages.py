"""The import pages end to end: upload → preview → confirm, permissions, all-or-nothing."""

import os

import pytest
from django.urls import reverse

from dienhinh.orgs.models import OrgUnit
from tests.factories import make_unit
from tests.importing.conftest import HEADER, as_upload, csv_bytes, xlsx_bytes

URL = reverse("unit_import:upload")

GOOD_ROWS = [
    HEADER,
    ["TV-CL-N", "Công đoàn cơ sở Trường Mầm non Hoa Sen", "CĐCS MN Hoa Sen", "", "", ""],
    ["TV-CL-N-1", "Tổ công đoàn Giáo viên", "", "TV-CL-N", "Tổ công đoàn", "to1@example.vn"],
    ["TV-CL-N-2", "Tổ công đoàn Văn phòng", "", "TV-CL-N", "group", ""],
    ["TV-CL-M", "Công đoàn cơ sở Bệnh viện", "", "", "grassroots", "BV@Example.vn"],
]


def post_file(client, data, *, name="units.xlsx", parent_code=""):
    return client.post(URL, {"file": as_upload(data, name), "parent_code": parent_code})


def confirm(client, response):
    token = response.context["token"]
    assert token, "the preview offers no confirmation"
    return client.post(reverse("unit_import:confirm", args=[token]))


def codes():
    return set(OrgUnit.objects.values_list("code", flat=True))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("sysadmin", 200),
        ("fed_admin", 200),
        ("monitor", 403),
        ("editor", 403),
        ("reviewer", 403),
        ("officer_a", 403),
        ("officer_b", 403),
        ("outsider", 403),
        ("anonymous", 302),
    ],
)
def test_upload_page_permissions(world, english, persona, status):
    response = english(world.persona(persona)).get(URL)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))
    if status == 200:
        assert b"Kinds accepted" in response.content
        assert "Công đoàn cơ sở" in response.content.decode()


def test_parent_query_prefills_the_code(world, english):
    response = english(world.fed_admin).get(URL, {"parent": world.district.pk})
    assert response.context["form"].initial["parent_code"] == "TV-CL"


@pytest.mark.parametrize(
    ("persona", "unit", "status"),
    [
        ("fed_admin", "unit_a", 200),
        ("admin_b", "unit_b", 200),
        ("admin_b", "unit_a", 404),  # unit_a is not even visible to admin_b
        ("admin_b", "district", 404),
    ],
)
def test_parent_query_scope(world, english, admin_b, persona, unit, status):
    user = admin_b if persona == "admin_b" else world.persona(persona)
    response = english(user).get(URL, {"parent": getattr(world, unit).pk})
    assert response.status_code == status


def test_good_xlsx_imports_through_preview_and_confirm(world, english, import_dir):
    client = english(world.fed_admin)
    before = codes()
    response = post_file(client, xlsx_bytes(GOOD_ROWS), parent_code="TV-CL")
    assert response.status_code == 200
    assert codes() == before  # the preview saves nothing
    page = response.content.decode()
    assert "Confirm the import" in page
    assert "row-error" not in page
    assert response.context["counts"]["create"] == 4
    assert len(list(import_dir.iterdir())) == 1

    done = confirm(client, response)
    assert done.status_code == 200
    assert "Created: <strong>4</strong>" in done.content.decode()
    assert list(import_dir.iterdir()) == []

    new = OrgUnit.objects.get(code="TV-CL-N")
    assert OrgUnit.objects.get_parent(new) == world.district
    assert new.path.startswith(world.district.path) and new.depth == world.district.depth + 1
    assert new.short_name == "CĐCS MN Hoa Sen" and new.kind == "grassroots"
    children = {(u.code, u.kind, u.email) for u in OrgUnit.objects.get_children(new)}
    assert children == {
        ("TV-CL-N-1", "group", "to1@example.vn"),
        ("TV-CL-N-2", "group", ""),
    }
    assert OrgUnit.objects.get(code="TV-CL-M").email == "bv@example.vn"
    assert OrgUnit.objects.find_problems() == ([], [], [], [], [])

    # The token was used: a second confirmation imports nothing more.
    again = client.post(reverse("unit_import:confirm", args=[response.context["token"]]))
    assert again.status_code == 302
    assert OrgUnit.objects.filter(code__startswith="TV-CL-N").count() == 3


def test_good_csv_with_vietnamese_headers_imports(world, english):
    header = ["Mã", "Tên", "Tên viết tắt", "Mã đơn vị cấp trên", "Loại", "Email"]
    data = csv_bytes([header, *GOOD_ROWS[1:]], delimiter=";")
    client = english(world.fed_admin)
    response = post_file(client, data, name="danh-sach.csv", parent_code="TV-TP")
    assert response.context["counts"]["create"] == 4
    done = confirm(client, response)
    assert done.status_code == 200
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(code="TV-CL-N")) == world.other_district
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(code="TV-CL-N-2")).code == "TV-CL-N"


def test_reimport_updates_moves_and_reports_unchanged(world, english):
    client = english(world.fed_admin)
    rows = [
        HEADER,
        ["TV-CL-A", world.unit_a.name, "", "", "grassroots", ""],
        ["TV-CL-B", "Công đoàn cơ sở Trạm Y tế xã An Trường (mới)", "", "", "", ""],
        ["TV-CL-A-1", world.group_a1.name, "", "TV-TP-C", "group", ""],
    ]
    response = post_file(client, xlsx_bytes(rows))
    page = response.content.decode()
    assert response.context["counts"] == {
        "create": 0,
        "update": 1,
        "move": 1,
        "unchanged": 1,
        "errors": 0,
    }
    for label in ("Unchanged", "Update", "Move"):
        assert f'<span class="badge">{label}</span>' in page
    done = confirm(client, response)
    assert "Moved: <strong>1</strong>" in done.content.decode()
    assert "Updated: <strong>1</strong>" in done.content.decode()
    world.unit_b.refresh_from_db()
    assert world.unit_b.name.endswith("(mới)")
    moved = OrgUnit.objects.get(code="TV-CL-A-1")
    assert OrgUnit.objects.get_parent(moved) == world.unit_c
    assert moved.path.startswith(OrgUnit.objects.get(code="TV-TP-C").path)
    assert OrgUnit.objects.get(code="TV-CL-A").numchild == 0


def test_a_file_with_one_bad_row_imports_nothing(world, english):
    client = english(world.fed_admin)
    rows = [*GOOD_ROWS, ["TV-CL-Z", "Đơn vị lỗi", "", "", "", "not-an-email"]]
    before = codes()
    response = post_file(client, xlsx_bytes(rows), parent_code="TV-CL")
    page = response.content.decode()
    assert response.context["token"] is None
    assert "Confirm the import" not in page
    assert page.count('class="row-error"') == 1
    assert "is not a valid email address" in page
    assert codes() == before


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 40, "photo.xlsx", "not an XLSX or CSV"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "units.xlsx", "not an XLSX or CSV"),
        ("code,name\nX,Đông Tâm\n".encode("cp1258"), "units.csv", "not in UTF-8"),
    ],
)
def test_bad_files_are_refused_on_the_form(world, english, data, name, message):
    before = codes()
    response = post_file(english(world.fed_admin), data, name=name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert "Check the file" in response.content.decode()  # the form again
    assert codes() == before


def test_file_over_ten_megabytes_is_refused(world, english, settings, tmp_path):
    big = tmp_path / "big.xlsx"
    big.write_bytes(os.urandom(settings.IMPORT_MAX_BYTES + 1))
    response = post_file(english(world.fed_admin), big.read_bytes())
    assert "The file is too large: the limit is 10 MB." in response.content.decode()


def test_unknown_chosen_parent_is_a_form_error(world, english, admin_b):
    before = codes()
    response = post_file(english(admin_b), xlsx_bytes(GOOD_ROWS), parent_code="TV-CL-A")
    assert "You do not manage a unit with the code TV-CL-A." in response.content.decode()
    assert codes() == before


def test_officer_b_cannot_import_under_unit_a(world, english):
    before = codes()
    response = post_file(english(world.officer_b), xlsx_bytes(GOOD_ROWS), parent_code="TV-CL-A")
    assert response.status_code == 403
    assert codes() == before


def test_admin_of_b_cannot_place_rows_under_unit_a(world, english, admin_b):
    rows = [HEADER, ["B-1", "Tổ mới", "", "TV-CL-A", "", ""]]
    response = post_file(english(admin_b), xlsx_bytes(rows), parent_code="TV-CL-B")
    page = response.content.decode()
    # The same words as for a code no unit has: nothing tells a unit of another branch apart.
    assert "No unit you may add units under has the code TV-CL-A" in page
    assert world.unit_a.name not in page
    assert not OrgUnit.objects.filter(code="B-1").exists()


def test_confirm_validates_again(world, english):
    """Between preview and confirm a unit outside the importer's scope takes one of the codes."""
    client = english(world.fed_admin)
    response = post_file(client, xlsx_bytes(GOOD_ROWS), parent_code="TV-CL")
    make_unit("Đơn vị của tỉnh khác", code="TV-CL-M", kind="province")
    done = confirm(client, response)
    page = done.content.decode()
    assert "Confirm the import" not in page
    assert "You may not change the unit with code TV-CL-M." in page
    assert not OrgUnit.objects.filter(code="TV-CL-N").exists()


def test_confirm_shows_a_new_preview_when_the_plan_changed(world, english):
    client = english(world.fed_admin)
    response = post_file(client, xlsx_bytes(GOOD_ROWS), parent_code="TV-CL")
    make_unit("Công đoàn cơ sở Bệnh viện cũ", parent=world.unit_c, code="TV-CL-M")
    again = confirm(client, response)
    page = again.content.decode()
    assert "The units changed since the preview" in page
    assert not OrgUnit.objects.filter(code="TV-CL-N").exists()
    assert again.context["counts"]["update"] == 1
    done = confirm(client, again)
    assert "Created: <strong>3</strong>" in done.content.decode()
    assert OrgUnit.objects.get(code="TV-CL-M").name == "Công đoàn cơ sở Bệnh viện"


def test_confirm_needs_the_token_from_this_session(world, english):
    owner = english(world.fed_admin)
    response = post_file(owner, xlsx_bytes(GOOD_ROWS), parent_code="TV-CL")
    token = response.context["token"]
    thief = english(world.sysadmin)
    stolen = thief.post(reverse("unit_import:confirm", args=[token]))
    assert stolen.status_code == 302
    assert not OrgUnit.objects.filter(code="TV-CL-N").exists()


def test_cancel_removes_the_file(world, english, import_dir):
    client = english(world.fed_admin)
    response = post_file(client, xlsx_bytes(GOOD_ROWS), parent_code="TV-CL")
    client.post(reverse("unit_import:cancel", args=[response.context["token"]]))
    assert list(import_dir.iterdir()) == []
    later = client.post(reverse("unit_import:confirm", args=[response.context["token"]]))
    assert later.status_code == 302
    assert not OrgUnit.objects.filter(code="TV-CL-N").exists()
