"""Unit page, adding, editing, moving and deactivating units through the pages."""

import datetime

from django.urls import reverse

from dienhinh.orgs.models import OrgUnit
from tests.factories import UserFactory, grant


def unit_data(unit: OrgUnit, **changes) -> dict:
    data = {
        "kind": unit.kind,
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "email": unit.email,
        "address": unit.address,
        "is_active": "on" if unit.is_active else "",
        "valid_from": unit.valid_from.strftime("%d/%m/%Y") if unit.valid_from else "",
        "valid_to": unit.valid_to.strftime("%d/%m/%Y") if unit.valid_to else "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value != ""}


def test_detail_shows_facts_breadcrumbs_children_and_users(world, groups, login):
    world.unit_a.valid_from = datetime.date(2017, 6, 29)
    world.unit_a.save()
    page = login(world.reviewer).get(reverse("orgs:detail", args=[world.unit_a.pk]))
    html = page.content.decode()
    assert world.unit_a.name in html
    assert "29/06/2017" in html
    assert "Grassroots union" in html
    # Breadcrumb: the district is visible to the reviewer, the province is not.
    crumbs = html.split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert "LĐLĐ Càng Long" in crumbs
    assert "LĐLĐ tỉnh" not in crumbs
    assert world.group_a1.name in html
    # officer_a holds a role here.
    assert world.officer_a.full_name in html
    assert reverse("accounts:user_detail", args=[world.officer_a.pk]) in html
    assert "Unit officer" in html
    # unit_a is a member and the leader of the district cluster.
    assert groups[0].name in html
    assert "Leader" in html


def test_detail_lists_users_in_vietnamese_name_order(world, login):
    for name in ("Trần Văn Vinh", "Lê Thị Ánh"):
        grant(UserFactory(full_name=name), world.unit_a)
    html = login(world.fed_admin).get(reverse("orgs:detail", args=[world.unit_a.pk])).content
    html = html.decode()
    # Given names: An < Ánh < Vinh.
    assert html.index("Nguyễn Thị An") < html.index("Lê Thị Ánh") < html.index("Trần Văn Vinh")


def test_detail_buttons_for_admin(world, login):
    html = login(world.fed_admin).get(reverse("orgs:detail", args=[world.unit_a.pk])).content
    html = html.decode()
    for text in ("Add a child unit", "Edit", "Invite a user", "Import units"):
        assert text in html
    assert f"{reverse('unit_import:upload')}?parent={world.unit_a.pk}" in html
    assert f"{reverse('orgs:group_add')}?organizer={world.unit_a.pk}" in html


def test_add_child_unit(world, login):
    client = login(world.fed_admin)
    url = reverse("orgs:add", args=[world.district.pk])
    assert client.get(url).status_code == 200
    data = {
        "kind": "grassroots",
        "code": "TV-CL-D",
        "name": "Công đoàn cơ sở  Trường THCS Đại Phước",
        "short_name": "CĐCS THCS Đại Phước",
        "email": "THCS@Example.vn",
        "is_active": "on",
        "valid_from": "01/07/2025",
    }
    response = client.post(url, data, follow=True)
    unit = OrgUnit.objects.get(code="TV-CL-D")
    assert response.redirect_chain[-1][0] == reverse("orgs:detail", args=[unit.pk])
    assert OrgUnit.objects.get_parent(unit).pk == world.district.pk
    assert unit.name == "Công đoàn cơ sở Trường THCS Đại Phước"
    assert unit.email == "thcs@example.vn"
    assert unit.valid_from == datetime.date(2025, 7, 1)
    html = response.content.decode()
    assert "Công đoàn cơ sở Trường THCS Đại Phước" in html
    assert "01/07/2025" in html
    assert "was added" in html


def test_add_with_duplicate_code_keeps_typed_values(world, login):
    url = reverse("orgs:add", args=[world.district.pk])
    data = {"kind": "grassroots", "code": "TV-CL-A", "name": "Tên đã gõ", "address": "Ấp 3"}
    response = login(world.fed_admin).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Another unit already uses the code TV-CL-A." in html
    assert 'value="Tên đã gõ"' in html
    assert 'value="Ấp 3"' in html
    assert not OrgUnit.objects.filter(name="Tên đã gõ").exists()


def test_add_with_bad_dates_shows_error(world, login):
    url = reverse("orgs:add", args=[world.district.pk])
    data = {"kind": "grassroots", "code": "X-1", "name": "X", "valid_from": "31/02/2025"}
    response = login(world.fed_admin).post(url, data)
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()
    data.update(valid_from="02/02/2025", valid_to="01/01/2025")
    response = login(world.fed_admin).post(url, data)
    assert "The end date is before the start date." in response.content.decode()
    assert not OrgUnit.objects.filter(code="X-1").exists()


def test_edit_prefills_and_saves(world, login):
    client = login(world.fed_admin)
    url = reverse("orgs:edit", args=[world.unit_a.pk])
    html = client.get(url).content.decode()
    assert 'value="TV-CL"' in html  # the parent's code
    assert f'value="{world.unit_a.code}"' in html
    data = unit_data(
        world.unit_a, parent_code="TV-CL", name="CĐCS Trường Tiểu học Càng Long", address="Khóm 1"
    )
    response = client.post(url, data, follow=True)
    world.unit_a.refresh_from_db()
    assert world.unit_a.name == "CĐCS Trường Tiểu học Càng Long"
    assert world.unit_a.address == "Khóm 1"
    assert "Khóm 1" in response.content.decode()


def test_deactivate_unit(world, login):
    url = reverse("orgs:edit", args=[world.unit_b.pk])
    data = unit_data(world.unit_b, parent_code="TV-CL", is_active="", valid_to="30/06/2025")
    response = login(world.fed_admin).post(url, data, follow=True)
    world.unit_b.refresh_from_db()
    assert world.unit_b.is_active is False
    assert world.unit_b.valid_to == datetime.date(2025, 6, 30)
    html = response.content.decode()
    assert "Inactive" in html
    assert "30/06/2025" in html


def test_move_unit_to_another_district(world, login):
    url = reverse("orgs:edit", args=[world.unit_a.pk])
    data = unit_data(world.unit_a, parent_code="TV-TP")
    response = login(world.fed_admin).post(url, data, follow=True)
    assert response.status_code == 200
    world.unit_a.refresh_from_db()
    world.group_a1.refresh_from_db()
    assert OrgUnit.objects.get_parent(world.unit_a).pk == world.other_district.pk
    # The subtree moved along.
    assert world.group_a1.path.startswith(world.unit_a.path)
    crumbs = response.content.decode().split('class="breadcrumbs"')[1].split("</nav>")[0]
    assert world.other_district.display_name in crumbs


def test_move_under_own_child_is_refused(world, login):
    before = list(OrgUnit.objects.values_list("pk", "path", "name"))
    url = reverse("orgs:edit", args=[world.district.pk])
    data = unit_data(world.district, parent_code="TV-CL-A", name="Tên mới")
    response = login(world.fed_admin).post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A unit cannot be moved under itself or one of its own units." in html
    assert 'value="TV-CL-A"' in html
    assert list(OrgUnit.objects.values_list("pk", "path", "name")) == before


def test_move_outside_managed_scope_is_refused(world, login):
    # An admin of the district only cannot move a unit under the other district.
    admin = UserFactory()
    grant(admin, world.district, "subtree_admin")
    url = reverse("orgs:edit", args=[world.unit_a.pk])
    response = login(admin).post(url, unit_data(world.unit_a, parent_code="TV-TP"))
    assert response.status_code == 200
    assert "no unit with the code TV-TP among the units you manage" in response.content.decode()
    world.unit_a.refresh_from_db()
    assert OrgUnit.objects.get_parent(world.unit_a).pk == world.district.pk


def test_admin_of_the_unit_itself_can_keep_its_parent(world, login):
    # The parent lies outside this admin's scope, but keeping it is not a move.
    admin = UserFactory()
    grant(admin, world.unit_b, "subtree_admin")
    url = reverse("orgs:edit", args=[world.unit_b.pk])
    response = login(admin).post(url, unit_data(world.unit_b, parent_code="TV-CL", name="B mới"))
    assert response.status_code == 302
    world.unit_b.refresh_from_db()
    assert world.unit_b.name == "B mới"


def test_edit_duplicate_code_is_a_form_error(world, login):
    url = reverse("orgs:edit", args=[world.unit_a.pk])
    data = unit_data(world.unit_a, parent_code="TV-CL", code="TV-CL-B", name="Tên gõ")
    response = login(world.fed_admin).post(url, data)
    html = response.content.decode()
    assert "Another unit already uses the code TV-CL-B." in html
    assert 'value="Tên gõ"' in html
    world.unit_a.refresh_from_db()
    assert world.unit_a.code == "TV-CL-A"


def test_edit_root_needs_no_parent(world, login):
    url = reverse("orgs:edit", args=[world.province.pk])
    response = login(world.sysadmin).post(url, unit_data(world.province, address="Trà Vinh"))
    assert response.status_code == 302
    world.province.refresh_from_db()
    assert world.province.address == "Trà Vinh"


def test_missing_parent_code_is_required_for_non_root(world, login):
    url = reverse("orgs:edit", args=[world.unit_a.pk])
    response = login(world.fed_admin).post(url, unit_data(world.unit_a))
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
