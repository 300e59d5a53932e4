"""Row-level checks: each bad row gets a message on the right row and column."""

import pytest

from dienhinh.orgs.importing.reader import read_rows
from dienhinh.orgs.importing.validate import CREATE, MOVE, UNCHANGED, UPDATE, build_plan
from tests.importing.conftest import HEADER, csv_bytes


def plan_for(rows, *, user, parent=None):
    return build_plan(read_rows(csv_bytes([HEADER, *rows])), user=user, default_parent=parent)


def errors_of(plan):
    return [(error.row, error.column, error.message) for error in plan.errors]


def test_good_rows_plan_creates_under_the_chosen_parent(world):
    plan = plan_for(
        [["N1", "Công đoàn cơ sở Mới", "", "", "", ""], ["N1-1", "Tổ 1", "", "N1", "group", ""]],
        user=world.fed_admin,
        parent=world.district,
    )
    assert not plan.has_errors
    assert [(row.code, row.action, row.target_parent, row.kind) for row in plan.rows] == [
        ("N1", CREATE, "TV-CL", "grassroots"),
        ("N1-1", CREATE, "N1", "group"),
    ]


@pytest.mark.parametrize(
    ("row", "column", "message"),
    [
        (["", "Tên", "", "", "", ""], "code", "The code is missing."),
        (["X", "", "", "", "", ""], "name", "The name is missing."),
        (
            ["X", "Tên", "", "NOPE", "", ""],
            "parent_code",
            "No unit you may add units under has the code NOPE",
        ),
        (["X", "Tên", "", "", "bogus", ""], "kind", "Unknown kind “bogus”."),
        (["X", "Tên", "", "", "", "not-an-email"], "email", "is not a valid email address"),
        (["X" * 41, "Tên", "", "", "", ""], "code", "too long"),
    ],
)
def test_bad_cells(world, row, column, message):
    plan = plan_for([row], user=world.fed_admin, parent=world.district)
    assert plan.has_errors
    [(number, got_column, got_message)] = errors_of(plan)
    assert (number, got_column) == (2, column)
    assert message in got_message


@pytest.mark.parametrize(
    "kind_text",
    ["grassroots", "Công đoàn cơ sở", "CONG DOAN CO SO", "cđcs", "Grassroots union"],
)
def test_kind_accepts_values_and_labels(world, kind_text):
    plan = plan_for(
        [["X", "Tên", "", "", kind_text, ""]], user=world.fed_admin, parent=world.district
    )
    assert not plan.has_errors
    assert plan.rows[0].kind == "grassroots"


def test_duplicate_code_points_at_the_first_row(world):
    plan = plan_for(
        [["X", "Một", "", "", "", ""], ["Y", "Hai", "", "", "", ""], ["X", "Ba", "", "", "", ""]],
        user=world.fed_admin,
        parent=world.district,
    )
    assert errors_of(plan) == [(4, "code", "The code X already appears on row 2.")]


def test_cycle_inside_the_file(world):
    plan = plan_for(
        [["A", "Một", "", "B", "", ""], ["B", "Hai", "", "A", "", ""]],
        user=world.fed_admin,
        parent=world.district,
    )
    assert errors_of(plan) == [
        (2, "parent_code", "This unit would end up under itself: A → B → A."),
        (3, "parent_code", "This unit would end up under itself: B → A → B."),
    ]


def test_unit_as_its_own_parent(world):
    plan = plan_for([["A", "Một", "", "A", "", ""]], user=world.fed_admin, parent=world.district)
    assert errors_of(plan) == [(2, "parent_code", "This unit would end up under itself: A → A.")]


def test_cycle_through_existing_units(world):
    # The district would move under unit_a, which lies inside the district.
    plan = plan_for(
        [["TV-CL", "Liên đoàn Lao động huyện Càng Long", "", "TV-CL-A-1", "", ""]],
        user=world.fed_admin,
    )
    [(row, column, message)] = errors_of(plan)
    assert (row, column) == (2, "parent_code")
    assert "TV-CL → TV-CL-A-1 → TV-CL-A → TV-CL" in message


def test_moving_a_parent_out_first_is_no_cycle(world):
    # unit_a leaves the district for the other district, then the district goes under unit_a.
    plan = plan_for(
        [
            ["TV-CL", "Liên đoàn Lao động huyện Càng Long", "", "TV-CL-A", "", ""],
            ["TV-CL-A", world.unit_a.name, "", "TV-TP", "", ""],
        ],
        user=world.fed_admin,
    )
    assert not plan.has_errors
    assert [row.action for row in plan.rows] == [MOVE, MOVE]


def test_reimport_detects_update_unchanged_and_move(world):
    plan = plan_for(
        [
            ["TV-CL-A", world.unit_a.name, "", "", "", ""],
            ["TV-CL-B", "Tên mới", "", "", "", ""],
            ["TV-CL-A-1", world.group_a1.name, "", "TV-CL-B", "", ""],
        ],
        user=world.fed_admin,
        parent=world.province,
    )
    assert not plan.has_errors
    # An empty parent code keeps an existing unit where it is, whatever the chosen parent.
    assert [(row.action, row.target_parent) for row in plan.rows] == [
        (UNCHANGED, "TV-CL"),
        (UPDATE, "TV-CL"),
        (MOVE, "TV-CL-B"),
    ]


def test_unit_outside_scope_is_not_described(world, admin_b):
    plan = plan_for([["TV-CL-A", "Tên khác", "", "", "", ""]], user=admin_b, parent=world.unit_b)
    [(row, column, message)] = errors_of(plan)
    assert (row, column) == (2, "code")
    assert message == "You may not change the unit with code TV-CL-A."
    assert world.unit_a.name not in message


def test_parent_outside_scope(world, admin_b):
    plan = plan_for([["N", "Tổ mới", "", "TV-CL-A", "", ""]], user=admin_b, parent=world.unit_b)
    assert errors_of(plan) == [
        (
            2,
            "parent_code",
            "No unit you may add units under has the code TV-CL-A (in this file or in the system).",
        )
    ]


def test_naming_the_current_parent_outside_scope_is_fine(world, admin_b):
    plan = plan_for([["TV-CL-B", "Tên mới", "", "TV-CL", "", ""]], user=admin_b)
    assert not plan.has_errors
    assert plan.rows[0].action == UPDATE


def test_chosen_parent_outside_scope(world, admin_b):
    plan = plan_for([["N", "Tổ mới", "", "", "", ""]], user=admin_b, parent=world.unit_a)
    assert (None, "parent_code", "You may not add units under the chosen unit.") in errors_of(plan)


def test_rows_without_parent_need_a_chosen_parent_unless_system_admin(world):
    rows = [["ROOT", "Tổng Liên đoàn", "", "", "national", ""]]
    assert plan_for(rows, user=world.fed_admin).has_errors
    plan = plan_for(rows, user=world.sysadmin)
    assert not plan.has_errors
    assert plan.rows[0].target_parent is None
