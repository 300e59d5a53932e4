"""manage.py import_units: same checks as the page, dry run, exit status."""

import pytest
from django.core.management import CommandError, call_command

from dienhinh.orgs.models import OrgUnit
from tests.importing.conftest import HEADER, csv_bytes, xlsx_bytes

ROWS = [
    HEADER,
    ["TV-CL-N", "Công đoàn cơ sở Trường Mầm non Hoa Sen", "", "", "grassroots", ""],
    ["TV-CL-N-1", "Tổ công đoàn Giáo viên", "", "TV-CL-N", "group", ""],
]


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "units.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    return path


def run(*args):
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("import_units", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_dry_run_saves_nothing(world, good_file):
    out, _err = run(good_file, "--parent", "TV-CL", "--dry-run")
    assert "2 to create" in out
    assert "Dry run: nothing was saved." in out
    assert not OrgUnit.objects.filter(code__startswith="TV-CL-N").exists()


def test_good_run_saves(world, good_file):
    out, _err = run(good_file, "--parent", "TV-CL", "--as", "fed_admin@example.vn")
    assert "Created 2" in out
    child = OrgUnit.objects.get(code="TV-CL-N-1")
    assert OrgUnit.objects.get_parent(child).code == "TV-CL-N"
    assert OrgUnit.objects.get_parent(OrgUnit.objects.get(code="TV-CL-N")) == world.district


def test_errors_print_the_report_and_exit_non_zero(world, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([*ROWS, ["TV-CL-X", "", "", "NOPE", "", "bad"]]))
    from io import StringIO

    err = StringIO()
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_units", str(path), "--parent", "TV-CL", stdout=StringIO(), stderr=err)
    report = err.getvalue()
    assert "Row 4 [Name]: The name is missing." in report
    assert "Row 4 [Parent code]: No unit you may add units under has the code NOPE" in report
    assert "Row 4 [Email]:" in report
    assert not OrgUnit.objects.filter(code__startswith="TV-CL-N").exists()


def test_as_user_keeps_their_scope(world, good_file):
    with pytest.raises(CommandError, match="You do not manage a unit with the code TV-CL"):
        run(good_file, "--parent", "TV-CL", "--as", "officer_b@example.vn")
    assert not OrgUnit.objects.filter(code__startswith="TV-CL-N").exists()


def test_unknown_user_and_missing_file(world, good_file, tmp_path):
    with pytest.raises(CommandError, match="No active user"):
        run(good_file, "--as", "nobody@example.vn")
    with pytest.raises(CommandError, match="No such file"):
        run(tmp_path / "missing.xlsx")


def test_without_parent_the_system_creates_roots(world, tmp_path):
    path = tmp_path / "roots.csv"
    path.write_bytes(
        csv_bytes([["code", "name", "kind"], ["VL", "LĐLĐ tỉnh Vĩnh Long", "province"]])
    )
    run(path)
    assert OrgUnit.objects.get(code="VL").depth == 1
