"""Users and role assignments through the API: what each caller sees, invitations, changes."""

import pytest
from django.core import mail

from dienhinh.accounts.models import RoleAssignment, User
from tests.api.conftest import assert_error


def _emails(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["email"] for item in response.json()["items"]]


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("reviewer", {"reviewer", "officer_a", "officer_b"}),
        ("officer_a", {"officer_a"}),
        ("officer_b", {"officer_b"}),
        ("outsider", {"outsider"}),
    ],
)
def test_user_list_is_scoped(world, api_client, persona, expected):
    emails = _emails(api_client(world.persona(persona)).get("/api/v1/users"))
    assert set(emails) == {f"{name}@example.vn" for name in expected}


def test_user_list_sorted_by_given_name_and_searchable(world, api_client):
    client = api_client(world.fed_admin)
    names = [u["full_name"] for u in client.get("/api/v1/users").json()["items"]]
    # An, Biên, Bình, Dõi, Duyệt, Hệ, Quản: Vietnamese order of the given name.
    assert names == [
        "Nguyễn Thị An",
        "Võ Thị Biên",
        "Đặng Văn Bình",
        "Phạm Văn Dõi",
        "Huỳnh Văn Duyệt",
        "Trần Quốc Hệ",
        "Lê Thị Quản",
    ]
    assert _emails(client.get("/api/v1/users?q=dang van binh")) == ["officer_b@example.vn"]
    unit_filtered = client.get(f"/api/v1/users?unit={world.unit_a.pk}")
    assert _emails(unit_filtered) == ["officer_a@example.vn"]


def test_user_roles_show_only_what_the_caller_sees(world, api_client):
    from tests.factories import grant

    grant(world.officer_a, world.unit_c)  # a second role, in the other district
    seen_by_reviewer = api_client(world.reviewer).get(f"/api/v1/users/{world.officer_a.pk}")
    assert [r["unit"]["code"] for r in seen_by_reviewer.json()["roles"]] == ["TV-CL-A"]
    seen_by_fed = api_client(world.fed_admin).get(f"/api/v1/users/{world.officer_a.pk}")
    assert [r["unit"]["code"] for r in seen_by_fed.json()["roles"]] == ["TV-CL-A", "TV-TP-C"]


def test_me(world, api_client):
    body = api_client(world.reviewer).get("/api/v1/me").json()
    assert body == {
        "id": world.reviewer.pk,
        "email": "reviewer@example.vn",
        "full_name": "Huỳnh Văn Duyệt",
        "phone": "",
        "is_system_admin": False,
        "roles": [
            {
                "id": world.reviewer.role_assignments.get().pk,
                "role": "reviewer",
                "covers_subtree": True,
                "unit": {
                    "id": world.district.pk,
                    "code": "TV-CL",
                    "name": "Liên đoàn Lao động huyện Càng Long",
                    "kind": "district",
                },
            }
        ],
    }
    assert api_client(world.sysadmin).get("/api/v1/me").json()["is_system_admin"] is True


def test_invite_creates_the_user_and_emails_them(world, api_client, run_tasks):
    with run_tasks():
        response = api_client(world.fed_admin).post(
            "/api/v1/users/invite",
            {
                "email": " Moi@Example.VN ",
                "full_name": "Trương  Thị Mới",
                "unit_id": world.unit_b.pk,
                "role": "officer",
                "covers_subtree": False,
            },
            content_type="application/json",
        )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["email"] == "moi@example.vn"
    assert (body["role"], body["unit"]["code"], body["covers_subtree"]) == (
        "officer",
        "TV-CL-B",
        False,
    )
    assert body["sent_count"] == 1
    assert [m.to for m in mail.outbox] == [["moi@example.vn"]]
    user = User.objects.get(email="moi@example.vn")
    assert user.full_name == "Trương Thị Mới"
    assert not user.has_usable_password()


def test_invite_with_a_bad_email_is_400(world, api_client):
    response = api_client(world.fed_admin).post(
        "/api/v1/users/invite",
        {"email": "không có", "full_name": "A", "unit_id": world.unit_b.pk, "role": "officer"},
        content_type="application/json",
    )
    assert assert_error(response, 400, "invalid")["details"][0]["field"] == "email"
    assert not User.objects.filter(full_name="A").exists()


def test_invite_to_an_invisible_unit_names_the_field(world, api_client):
    response = api_client(world.reviewer).post(
        "/api/v1/users/invite",
        {"email": "x@example.vn", "full_name": "A", "unit_id": world.unit_c.pk, "role": "officer"},
        content_type="application/json",
    )
    assert assert_error(response, 404, "not_found")["details"][0]["field"] == "unit_id"


def test_patch_user(world, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/users/{world.officer_a.pk}",
        {"full_name": "Nguyễn Thị  An ", "is_active": False},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["full_name"] == "Nguyễn Thị An"
    assert response.json()["is_active"] is False
    world.officer_a.refresh_from_db()
    assert not world.officer_a.is_active
    assert world.officer_a.email == "officer_a@example.vn"


def test_role_assignment_list_is_scoped_and_filterable(world, api_client):
    listed = api_client(world.reviewer).get("/api/v1/role-assignments")
    pairs = {(a["user"]["email"], a["unit"]["code"]) for a in listed.json()["items"]}
    assert pairs == {
        ("reviewer@example.vn", "TV-CL"),
        ("officer_a@example.vn", "TV-CL-A"),
        ("officer_b@example.vn", "TV-CL-B"),
    }
    by_user = api_client(world.fed_admin).get(f"/api/v1/role-assignments?user={world.editor.pk}")
    assert [a["role"] for a in by_user.json()["items"]] == ["editor"]
    by_unit = api_client(world.fed_admin).get(f"/api/v1/role-assignments?unit={world.province.pk}")
    assert by_unit.json()["count"] == 4


def test_assign_and_revoke(world, api_client):
    client = api_client(world.fed_admin)
    response = client.post(
        "/api/v1/role-assignments",
        {"user_id": world.officer_b.pk, "unit_id": world.district.pk, "role": "reviewer"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["user"]["id"] == world.officer_b.pk
    assert world.officer_b.has_perm("orgs.view_orgunit", world.unit_a)
    deleted = client.delete(f"/api/v1/role-assignments/{response.json()['id']}")
    assert deleted.status_code == 204
    assert not RoleAssignment.objects.filter(pk=response.json()["id"]).exists()


def test_admin_cannot_revoke_their_own_admin_role(world, api_client):
    own = world.fed_admin.role_assignments.get()
    response = api_client(world.fed_admin).delete(f"/api/v1/role-assignments/{own.pk}")
    assert_error(response, 400, "invalid")
    assert RoleAssignment.objects.filter(pk=own.pk).exists()


def test_unknown_role_is_422(world, api_client):
    response = api_client(world.fed_admin).post(
        "/api/v1/role-assignments",
        {"user_id": world.officer_b.pk, "unit_id": world.district.pk, "role": "king"},
        content_type="application/json",
    )
    assert assert_error(response, 422, "invalid")["details"][0]["field"] == "role"
