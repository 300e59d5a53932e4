"""Who may do what through the API: one line per persona and action, as on the pages."""

import pytest

from tests.api.conftest import assert_error


def _assignment(world, user):
    return user.role_assignments.get().pk


# Each action gives (method, path, JSON body) for the world and the emulation group.
ACTIONS = {
    "me": lambda w, g: ("get", "/api/v1/me", None),
    "list_units": lambda w, g: ("get", "/api/v1/units", None),
    "read_unit_a": lambda w, g: ("get", f"/api/v1/units/{w.unit_a.pk}", None),
    "patch_unit_a": lambda w, g: (
        "patch",
        f"/api/v1/units/{w.unit_a.pk}",
        {"short_name": "CĐCS Trường A"},
    ),
    "create_child_of_district": lambda w, g: (
        "post",
        "/api/v1/units",
        {"parent_id": w.district.pk, "kind": "grassroots", "code": "TV-CL-D", "name": "CĐCS D"},
    ),
    "create_root_unit": lambda w, g: (
        "post",
        "/api/v1/units",
        {"kind": "province", "code": "VL", "name": "Liên đoàn Lao động tỉnh Vĩnh Long"},
    ),
    "move_unit_a_to_other_district": lambda w, g: (
        "patch",
        f"/api/v1/units/{w.unit_a.pk}",
        {"parent_id": w.other_district.pk},
    ),
    "read_officer_a": lambda w, g: ("get", f"/api/v1/users/{w.officer_a.pk}", None),
    "patch_officer_a": lambda w, g: (
        "patch",
        f"/api/v1/users/{w.officer_a.pk}",
        {"phone": "0294 3862 000"},
    ),
    "invite_to_unit_a": lambda w, g: (
        "post",
        "/api/v1/users/invite",
        {
            "email": "moi@example.vn",
            "full_name": "Trương Thị Mới",
            "unit_id": w.unit_a.pk,
            "role": "officer",
        },
    ),
    "invite_system_admin": lambda w, g: (
        "post",
        "/api/v1/users/invite",
        {
            "email": "moi@example.vn",
            "full_name": "Trương Thị Mới",
            "unit_id": w.province.pk,
            "role": "system_admin",
        },
    ),
    "read_officer_a_role": lambda w, g: (
        "get",
        f"/api/v1/role-assignments/{_assignment(w, w.officer_a)}",
        None,
    ),
    "assign_reviewer_to_officer_a": lambda w, g: (
        "post",
        "/api/v1/role-assignments",
        {"user_id": w.officer_a.pk, "unit_id": w.unit_a.pk, "role": "reviewer"},
    ),
    "grant_system_admin": lambda w, g: (
        "post",
        "/api/v1/role-assignments",
        {"user_id": w.officer_a.pk, "unit_id": w.province.pk, "role": "system_admin"},
    ),
    "revoke_officer_a_role": lambda w, g: (
        "delete",
        f"/api/v1/role-assignments/{_assignment(w, w.officer_a)}",
        None,
    ),
    "revoke_sysadmin_role": lambda w, g: (
        "delete",
        f"/api/v1/role-assignments/{_assignment(w, w.sysadmin)}",
        None,
    ),
    "read_group": lambda w, g: ("get", f"/api/v1/emulation-groups/{g.pk}", None),
    "patch_group": lambda w, g: (
        "patch",
        f"/api/v1/emulation-groups/{g.pk}",
        {"name": "Cụm thi đua số 2"},
    ),
    "delete_group": lambda w, g: ("delete", f"/api/v1/emulation-groups/{g.pk}", None),
    "create_group_in_district": lambda w, g: (
        "post",
        "/api/v1/emulation-groups",
        {
            "name": "Khối trường học",
            "kind": "block",
            "year": 2025,
            "organizer_id": w.district.pk,
            "member_ids": [w.unit_a.pk],
        },
    ),
}

MATRIX = [
    # GET /me
    ("sysadmin", "me", 200),
    ("officer_b", "me", 200),
    ("outsider", "me", 200),
    ("anonymous", "me", 401),
    ("anonymous", "list_units", 401),
    # Units: reading
    ("sysadmin", "read_unit_a", 200),
    ("fed_admin", "read_unit_a", 200),
    ("monitor", "read_unit_a", 200),
    ("editor", "read_unit_a", 200),
    ("reviewer", "read_unit_a", 200),
    ("officer_a", "read_unit_a", 200),
    ("officer_b", "read_unit_a", 404),
    ("outsider", "read_unit_a", 404),
    ("anonymous", "read_unit_a", 401),
    # Units: changing
    ("sysadmin", "patch_unit_a", 200),
    ("fed_admin", "patch_unit_a", 200),
    ("monitor", "patch_unit_a", 403),
    ("editor", "patch_unit_a", 403),
    ("reviewer", "patch_unit_a", 403),
    ("officer_a", "patch_unit_a", 403),
    ("officer_b", "patch_unit_a", 404),
    ("outsider", "patch_unit_a", 404),
    ("anonymous", "patch_unit_a", 401),
    # Units: creating and moving
    ("sysadmin", "create_child_of_district", 201),
    ("fed_admin", "create_child_of_district", 201),
    ("monitor", "create_child_of_district", 403),
    ("reviewer", "create_child_of_district", 403),
    ("officer_a", "create_child_of_district", 404),
    ("outsider", "create_child_of_district", 404),
    ("anonymous", "create_child_of_district", 401),
    ("sysadmin", "create_root_unit", 201),
    ("fed_admin", "create_root_unit", 403),
    ("reviewer", "create_root_unit", 403),
    ("sysadmin", "move_unit_a_to_other_district", 200),
    ("fed_admin", "move_unit_a_to_other_district", 200),
    ("reviewer", "move_unit_a_to_other_district", 404),
    ("officer_a", "move_unit_a_to_other_district", 404),
    # Users
    ("sysadmin", "read_officer_a", 200),
    ("fed_admin", "read_officer_a", 200),
    ("monitor", "read_officer_a", 200),
    ("reviewer", "read_officer_a", 200),
    ("officer_a", "read_officer_a", 200),
    ("officer_b", "read_officer_a", 404),
    ("outsider", "read_officer_a", 404),
    ("anonymous", "read_officer_a", 401),
    ("sysadmin", "patch_officer_a", 200),
    ("fed_admin", "patch_officer_a", 200),
    ("monitor", "patch_officer_a", 403),
    ("reviewer", "patch_officer_a", 403),
    ("officer_a", "patch_officer_a", 403),
    ("officer_b", "patch_officer_a", 404),
    ("anonymous", "patch_officer_a", 401),
    ("sysadmin", "invite_to_unit_a", 201),
    ("fed_admin", "invite_to_unit_a", 201),
    ("monitor", "invite_to_unit_a", 403),
    ("reviewer", "invite_to_unit_a", 403),
    ("officer_a", "invite_to_unit_a", 403),
    ("officer_b", "invite_to_unit_a", 404),
    ("outsider", "invite_to_unit_a", 404),
    ("anonymous", "invite_to_unit_a", 401),
    ("sysadmin", "invite_system_admin", 201),
    ("fed_admin", "invite_system_admin", 403),
    ("monitor", "invite_system_admin", 403),
    # Role assignments
    ("sysadmin", "read_officer_a_role", 200),
    ("fed_admin", "read_officer_a_role", 200),
    ("reviewer", "read_officer_a_role", 200),
    ("officer_a", "read_officer_a_role", 200),
    ("officer_b", "read_officer_a_role", 404),
    ("outsider", "read_officer_a_role", 404),
    ("anonymous", "read_officer_a_role", 401),
    ("sysadmin", "assign_reviewer_to_officer_a", 201),
    ("fed_admin", "assign_reviewer_to_officer_a", 201),
    ("monitor", "assign_reviewer_to_officer_a", 403),
    ("reviewer", "assign_reviewer_to_officer_a", 403),
    ("officer_a", "assign_reviewer_to_officer_a", 403),
    ("officer_b", "assign_reviewer_to_officer_a", 404),
    ("outsider", "assign_reviewer_to_officer_a", 404),
    ("sysadmin", "grant_system_admin", 201),
    ("fed_admin", "grant_system_admin", 403),
    ("monitor", "grant_system_admin", 403),
    ("editor", "grant_system_admin", 403),
    ("reviewer", "grant_system_admin", 404),
    ("officer_a", "grant_system_admin", 404),
    ("sysadmin", "revoke_officer_a_role", 204),
    ("fed_admin", "revoke_officer_a_role", 204),
    ("monitor", "revoke_officer_a_role", 403),
    ("reviewer", "revoke_officer_a_role", 403),
    ("officer_a", "revoke_officer_a_role", 403),
    ("officer_b", "revoke_officer_a_role", 404),
    ("anonymous", "revoke_officer_a_role", 401),
    ("fed_admin", "revoke_sysadmin_role", 403),
    # Emulation groups
    ("sysadmin", "read_group", 200),
    ("fed_admin", "read_group", 200),
    ("reviewer", "read_group", 200),
    ("officer_a", "read_group", 200),
    ("officer_b", "read_group", 200),
    ("outsider", "read_group", 404),
    ("anonymous", "read_group", 401),
    ("sysadmin", "patch_group", 200),
    ("fed_admin", "patch_group", 200),
    ("monitor", "patch_group", 403),
    ("reviewer", "patch_group", 403),
    ("officer_a", "patch_group", 403),
    ("outsider", "patch_group", 404),
    ("sysadmin", "delete_group", 204),
    ("fed_admin", "delete_group", 204),
    ("reviewer", "delete_group", 403),
    ("officer_b", "delete_group", 403),
    ("outsider", "delete_group", 404),
    ("anonymous", "delete_group", 401),
    ("sysadmin", "create_group_in_district", 201),
    ("fed_admin", "create_group_in_district", 201),
    ("reviewer", "create_group_in_district", 403),
    ("officer_a", "create_group_in_district", 404),
]


@pytest.mark.parametrize(("persona", "action", "expected"), MATRIX)
def test_permission_matrix(world, group, api_client, persona, action, expected):
    method, path, body = ACTIONS[action](world, group)
    client = api_client(world.persona(persona))
    kwargs = {"content_type": "application/json", "data": body} if body is not None else {}
    response = getattr(client, method)(path, **kwargs)
    if expected >= 400:
        codes = {401: "unauthenticated", 403: "forbidden", 404: "not_found"}
        assert_error(response, expected, codes[expected])
    else:
        assert response.status_code == expected, response.content
