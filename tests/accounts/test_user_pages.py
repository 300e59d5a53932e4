"""The user list and a user's page: scope, search, filters, order, editing and roles."""

import datetime
import unicodedata

import pytest
from django.urls import reverse

from dienhinh.accounts.models import Role, RoleAssignment
from dienhinh.orgs.models import UnitKind
from tests.factories import UserFactory, grant, make_unit

LIST = reverse("accounts:user_list")
# session, user, own roles, "may invite" check, count, page, their visible roles
LIST_QUERIES = 7


def detail_url(user):
    return reverse("accounts:user_detail", args=[user.pk])


def names_on(response) -> list[str]:
    return [person.full_name for person in response.context["page_obj"].object_list]


@pytest.fixture
def district_admin(world):
    """A subtree administrator of Càng Long only: manages unit_a and unit_b, not unit_c."""
    admin = UserFactory(email="district_admin@example.vn", full_name="Trương Văn Huyện")
    grant(admin, world.district, Role.SUBTREE_ADMIN)
    return admin


# --- list ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("officer_a", ["Nguyễn Thị An"]),
        ("outsider", ["Ngô Văn Ngoài"]),
        ("reviewer", ["Nguyễn Thị An", "Đặng Văn Bình", "Huỳnh Văn Duyệt"]),
        (
            "fed_admin",
            [
                "Nguyễn Thị An",
                "Võ Thị Biên",
                "Đặng Văn Bình",
                "Phạm Văn Dõi",
                "Huỳnh Văn Duyệt",
                "Trần Quốc Hệ",
                "Lê Thị Quản",
            ],
        ),
    ],
)
def test_list_shows_scope_in_given_name_order(world, login, persona, expected):
    response = login(world.persona(persona)).get(LIST)
    assert response.status_code == 200
    assert names_on(response) == expected


def test_list_sorts_d_before_đ(world, login):
    for name in ("Trần Văn Đức", "Lê Văn Dũng", "Ai Văn Dung"):
        grant(UserFactory(full_name=name), world.unit_b)
    response = login(world.reviewer).get(LIST)
    names = names_on(response)
    assert names.index("Ai Văn Dung") < names.index("Lê Văn Dũng") < names.index("Trần Văn Đức")
    assert names.index("Huỳnh Văn Duyệt") < names.index("Trần Văn Đức")


def test_list_row_shows_only_visible_roles(world, login):
    grant(world.officer_a, world.unit_c, Role.EDITOR)
    response = login(world.reviewer).get(LIST)
    row = next(p for p in response.context["page_obj"].object_list if p == world.officer_a)
    assert [(a.unit, a.role) for a in row.visible_roles] == [(world.unit_a, Role.OFFICER)]
    assert "Công ty Đồng Tâm" not in response.content.decode()
    page = login(world.sysadmin).get(LIST).content.decode()
    assert "Công ty Đồng Tâm" in page


def test_list_shows_email_and_active_badge(world, login):
    world.officer_b.is_active = False
    world.officer_b.save()
    page = login(world.reviewer).get(LIST).content.decode()
    assert "officer_a@example.vn" in page
    assert "Inactive" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("dang binh", ["Đặng Văn Bình"]),
        ("ĐẶNG", ["Đặng Văn Bình"]),
        ("nguyen", ["Nguyễn Thị An"]),
        ("officer_b@", ["Đặng Văn Bình"]),
        ("van", ["Đặng Văn Bình", "Huỳnh Văn Duyệt"]),
        ("không có ai", []),
    ],
)
def test_search_folds_diacritics(world, login, query, expected):
    response = login(world.reviewer).get(LIST, {"q": query})
    assert names_on(response) == expected
    if not expected:
        assert "No user matches." in response.content.decode()


def test_search_never_leaks_outside_scope(world, login):
    assert names_on(login(world.officer_a).get(LIST, {"q": "binh"})) == []


def test_filter_by_unit(world, login):
    response = login(world.reviewer).get(LIST, {"unit": world.unit_b.pk})
    assert names_on(response) == ["Đặng Văn Bình"]
    assert "Users with a role at Công đoàn cơ sở Trạm Y tế xã An Trường." in (
        response.content.decode()
    )


@pytest.mark.parametrize("value", ["unit_c", "nonsense", "999999"])
def test_filter_by_unit_outside_scope_is_404(world, login, value):
    unit = {"unit_c": str(world.unit_c.pk)}.get(value, value)
    assert login(world.reviewer).get(LIST, {"unit": unit}).status_code == 404


def test_filter_by_unit_code_and_role(world, login):
    client = login(world.fed_admin)
    assert names_on(client.get(LIST, {"code": "tv-cl-b"})) == ["Đặng Văn Bình"]
    assert names_on(client.get(LIST, {"role": Role.REVIEWER})) == ["Huỳnh Văn Duyệt"]
    assert names_on(client.get(LIST, {"code": "TV", "role": Role.EDITOR})) == ["Võ Thị Biên"]
    response = login(world.reviewer).get(LIST, {"code": "TV-TP-C"})
    assert "No unit you can see has the code TV-TP-C." in response.content.decode()
    assert names_on(response) == []


def test_list_paginates_by_50(world, login):
    for number in range(52):
        grant(UserFactory(full_name=f"Người Số {number:02d}"), world.unit_b)
    client = login(world.reviewer)
    first = client.get(LIST, {"q": "nguoi so"})
    assert len(names_on(first)) == 50
    assert "page=2" in first.content.decode()
    second = client.get(LIST, {"q": "nguoi so", "page": 2})
    assert len(names_on(second)) == 2
    assert client.get(LIST, {"page": "junk"}).status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_does_not_grow(db, login, django_assert_num_queries, count):
    root = make_unit("Liên đoàn Lao động tỉnh Bến Tre", kind=UnitKind.PROVINCE, code="BT")
    units = [make_unit(f"Công đoàn cơ sở {n}", parent=root) for n in range(3)]
    admin = UserFactory(full_name="Quản Trị Viên")
    grant(admin, root, Role.SUBTREE_ADMIN)
    for n in range(count - 1):
        person = UserFactory(full_name=f"Cán Bộ {n}")
        grant(person, units[n], Role.OFFICER)
        grant(person, units[n + 1], Role.REVIEWER)
    client = login(admin)
    client.get(LIST)  # warm-up: the menu's count of what waits is cached after the first page
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(LIST)
    assert len(names_on(response)) == count


# --- detail -------------------------------------------------------------------------------


def test_detail_shows_facts_and_visible_roles(world, login):
    world.officer_a.phone = "0912 345 678"
    world.officer_a.last_login = datetime.datetime(2025, 7, 1, 9, 30, tzinfo=datetime.UTC)
    world.officer_a.save()
    grant(world.officer_a, world.unit_c, Role.EDITOR)
    page = login(world.reviewer).get(detail_url(world.officer_a)).content.decode()
    assert "Nguyễn Thị An" in page and "officer_a@example.vn" in page
    assert "0912 345 678" in page
    assert "01/07/2025" in page
    assert reverse("orgs:detail", args=[world.unit_a.pk]) in page
    assert "Unit officer" in page and "This unit and all units below" in page
    assert "Công ty Đồng Tâm" not in page
    # The reviewer may look, not change.
    assert "Change details" not in page
    assert "Give a role" not in page
    assert "/remove/" not in page


def test_detail_for_administrator_has_forms_and_remove_buttons(world, login):
    page = login(world.fed_admin).get(detail_url(world.officer_a)).content.decode()
    role = RoleAssignment.objects.get(user=world.officer_a)
    assert "Change details" in page
    assert "Give a role" in page
    assert reverse("accounts:role_remove", args=[role.pk]) in page


def test_edit_saves_nfc_and_deactivates(world, login):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Ánh")
    response = login(world.fed_admin).post(
        reverse("accounts:user_edit", args=[world.officer_a.pk]),
        {"full_name": f"  {decomposed} ", "phone": "0901"},
    )
    assert response.status_code == 302
    assert response["Location"] == detail_url(world.officer_a)
    world.officer_a.refresh_from_db()
    assert world.officer_a.full_name == "Nguyễn Thị Ánh"
    assert world.officer_a.phone == "0901"
    assert world.officer_a.is_active is False


def test_edit_with_errors_keeps_input_and_saves_nothing(world, login):
    response = login(world.fed_admin).post(
        reverse("accounts:user_edit", args=[world.officer_a.pk]),
        {"full_name": "", "phone": "0999 888", "is_active": "on"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "errorlist" in page
    assert 'value="0999 888"' in page
    world.officer_a.refresh_from_db()
    assert world.officer_a.full_name == "Nguyễn Thị An"
    assert world.officer_a.phone == ""


def test_edit_by_get_is_not_allowed(world, login):
    url = reverse("accounts:user_edit", args=[world.officer_a.pk])
    assert login(world.fed_admin).get(url).status_code == 405


# --- roles ----------------------------------------------------------------------------------


def test_add_role_by_lower_case_code(world, login):
    client = login(world.fed_admin)
    response = client.post(
        reverse("accounts:role_add", args=[world.officer_a.pk]),
        {"unit_code": "tv-cl-b", "role": Role.REVIEWER},
    )
    assert response.status_code == 302
    role = RoleAssignment.objects.get(user=world.officer_a, unit=world.unit_b)
    assert role.role == Role.REVIEWER and role.covers_subtree is False
    assert role.created_by == world.fed_admin
    page = client.get(response["Location"]).content.decode()
    assert "Nguyễn Thị An is now Reviewer at Công đoàn cơ sở Trạm Y tế xã An Trường." in page


@pytest.mark.parametrize("code", ["TV-TP-C", "NO-SUCH-UNIT", ""])
def test_add_role_outside_managed_units_is_a_form_error(world, login, district_admin, code):
    response = login(district_admin).post(
        reverse("accounts:role_add", args=[world.officer_a.pk]),
        {"unit_code": code, "role": Role.OFFICER, "covers_subtree": "on"},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert world.officer_a.role_assignments.count() == 1


def test_remove_role_confirms_then_removes(world, login):
    role = grant(world.officer_a, world.unit_b, Role.REVIEWER)
    client = login(world.fed_admin)
    url = reverse("accounts:role_remove", args=[role.pk])
    confirm = client.get(url)
    assert "Remove the role Reviewer of Nguyễn Thị An" in confirm.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
    response = client.post(url)
    assert response["Location"] == detail_url(world.officer_a)
    assert not RoleAssignment.objects.filter(pk=role.pk).exists()


def test_removing_the_last_visible_role_returns_to_the_list(world, login):
    role = RoleAssignment.objects.get(user=world.officer_a)
    response = login(world.fed_admin).post(reverse("accounts:role_remove", args=[role.pk]))
    assert response["Location"] == LIST
    assert login(world.fed_admin).get(detail_url(world.officer_a)).status_code == 404


def test_administrator_cannot_remove_own_admin_role(world, login):
    role = RoleAssignment.objects.get(user=world.fed_admin)
    client = login(world.fed_admin)
    response = client.post(reverse("accounts:role_remove", args=[role.pk]), follow=True)
    assert "You cannot remove your own administrator role." in response.content.decode()
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
