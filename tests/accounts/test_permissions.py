"""Every account page and action × every persona → the status the persona gets.

"login" means a redirect to the login page; 302 a redirect after a successful action.
"""

import pytest
from django.urls import reverse

from dienhinh.accounts.models import ApiToken, Role, RoleAssignment

LOGIN = "login"


def _status(response):
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return LOGIN
    return response.status_code


def _officer_a_role(world):
    return RoleAssignment.objects.get(user=world.officer_a, unit=world.unit_a)


def _officer_a_token(world):
    token, _key = ApiToken.issue(user=world.officer_a, name="script")
    return token


ACTIONS = {
    "user_list": lambda c, w: c.get(reverse("accounts:user_list")),
    "user_list_unit_a": lambda c, w: c.get(reverse("accounts:user_list"), {"unit": w.unit_a.pk}),
    "user_detail_a": lambda c, w: c.get(reverse("accounts:user_detail", args=[w.officer_a.pk])),
    "user_edit_a": lambda c, w: c.post(
        reverse("accounts:user_edit", args=[w.officer_a.pk]),
        {"full_name": "Nguyễn Thị An", "phone": "0900", "is_active": "on"},
    ),
    "role_add_a": lambda c, w: c.post(
        reverse("accounts:role_add", args=[w.officer_a.pk]),
        {"unit_code": "TV-CL-A", "role": Role.EDITOR, "covers_subtree": "on"},
    ),
    "role_remove_a_get": lambda c, w: c.get(
        reverse("accounts:role_remove", args=[_officer_a_role(w).pk])
    ),
    "role_remove_a_post": lambda c, w: c.post(
        reverse("accounts:role_remove", args=[_officer_a_role(w).pk])
    ),
    "invite_get": lambda c, w: c.get(reverse("accounts:invite")),
    "invite_get_unit_a": lambda c, w: c.get(reverse("accounts:invite"), {"unit": w.unit_a.pk}),
    "invite_post_unit_a": lambda c, w: c.post(
        reverse("accounts:invite"),
        {
            "email": "new@example.vn",
            "full_name": "Mới Văn Tới",
            "unit_code": "TV-CL-A",
            "role": Role.OFFICER,
            "covers_subtree": "on",
        },
    ),
    "profile": lambda c, w: c.get(reverse("accounts:profile")),
    "profile_save": lambda c, w: c.post(
        reverse("accounts:profile"), {"full_name": "Tên Mới", "phone": ""}
    ),
    "token_create": lambda c, w: c.post(reverse("accounts:token_create"), {"name": "script"}),
    "token_revoke_a": lambda c, w: c.post(
        reverse("accounts:token_revoke", args=[_officer_a_token(w).pk])
    ),
}

# persona: sysadmin fed_admin monitor editor reviewer officer_a officer_b outsider anonymous
MATRIX = {
    "user_list": (200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "user_list_unit_a": (200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "user_detail_a": (200, 200, 200, 200, 200, 200, 404, 404, LOGIN),
    "user_edit_a": (302, 302, 403, 403, 403, 403, 404, 404, LOGIN),
    "role_add_a": (302, 302, 403, 403, 403, 403, 404, 404, LOGIN),
    "role_remove_a_get": (200, 200, 403, 403, 403, 403, 404, 404, LOGIN),
    "role_remove_a_post": (302, 302, 403, 403, 403, 403, 404, 404, LOGIN),
    "invite_get": (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "invite_get_unit_a": (200, 200, 403, 403, 403, 403, 403, 403, LOGIN),
    "invite_post_unit_a": (302, 302, 403, 403, 403, 403, 403, 403, LOGIN),
    "profile": (200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "profile_save": (302, 302, 302, 302, 302, 302, 302, 302, LOGIN),
    "token_create": (200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
    "token_revoke_a": (404, 404, 404, 404, 404, 302, 404, 404, LOGIN),
}
PERSONA_ORDER = [
    "sysadmin",
    "fed_admin",
    "monitor",
    "editor",
    "reviewer",
    "officer_a",
    "officer_b",
    "outsider",
    "anonymous",
]
CASES = [
    pytest.param(action, persona, expected, id=f"{action}-{persona}")
    for action, row in MATRIX.items()
    for persona, expected in zip(PERSONA_ORDER, row, strict=True)
]


@pytest.mark.parametrize(("action", "persona", "expected"), CASES)
def test_permission_matrix(world, login, action, persona, expected):
    client = login(world.persona(persona))
    assert _status(ACTIONS[action](client, world)) == expected


@pytest.mark.parametrize(
    ("persona", "changed"),
    [("sysadmin", True), ("fed_admin", True), ("reviewer", False), ("officer_b", False)],
)
def test_edit_changes_only_when_allowed(world, login, persona, changed):
    login(world.persona(persona)).post(
        reverse("accounts:user_edit", args=[world.officer_a.pk]),
        {"full_name": "Nguyễn Thị Đổi", "phone": "0911", "is_active": "on"},
    )
    world.officer_a.refresh_from_db()
    assert (world.officer_a.full_name == "Nguyễn Thị Đổi") is changed


@pytest.mark.parametrize(
    ("persona", "removed"),
    [("fed_admin", True), ("reviewer", False), ("officer_a", False), ("officer_b", False)],
)
def test_role_removed_only_when_allowed(world, login, persona, removed):
    role = _officer_a_role(world)
    login(world.persona(persona)).post(reverse("accounts:role_remove", args=[role.pk]))
    assert RoleAssignment.objects.filter(pk=role.pk).exists() is not removed


def test_fed_admin_cannot_grant_system_admin(world, login):
    client = login(world.fed_admin)
    detail = client.get(reverse("accounts:user_detail", args=[world.officer_a.pk]))
    invite = client.get(reverse("accounts:invite"))
    for page in (detail, invite):
        assert 'value="subtree_admin"' in page.content.decode()
        assert 'value="system_admin"' not in page.content.decode()
    forged_role = client.post(
        reverse("accounts:role_add", args=[world.officer_a.pk]),
        {"unit_code": "TV", "role": Role.SYSTEM_ADMIN, "covers_subtree": "on"},
    )
    forged_invite = client.post(
        reverse("accounts:invite"),
        {
            "email": "boss@example.vn",
            "full_name": "Ông Chủ",
            "unit_code": "TV",
            "role": Role.SYSTEM_ADMIN,
            "covers_subtree": "on",
        },
    )
    for response in (forged_role, forged_invite):
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()
    assert (
        not RoleAssignment.objects.filter(role=Role.SYSTEM_ADMIN)
        .exclude(user=world.sysadmin)
        .exists()
    )
    assert not world.officer_a.role_assignments.filter(role=Role.SYSTEM_ADMIN).exists()


def test_sysadmin_sees_and_may_grant_system_admin(world, login):
    page = login(world.sysadmin).get(reverse("accounts:user_detail", args=[world.officer_a.pk]))
    assert 'value="system_admin"' in page.content.decode()


def test_a_subtree_admin_cannot_edit_or_deactivate_a_system_admin(world, login):
    from django.urls import reverse

    assert not world.fed_admin.has_perm("accounts.change_user", world.sysadmin)
    url = reverse("accounts:user_edit", args=[world.sysadmin.pk])
    response = login(world.fed_admin).post(url, {"full_name": "X", "phone": "", "is_active": ""})
    assert response.status_code == 403
    world.sysadmin.refresh_from_db()
    assert world.sysadmin.is_active and world.sysadmin.full_name == "Trần Quốc Hệ"
