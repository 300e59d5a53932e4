"""The demo province: content, logins and scope of the demo accounts, idempotent loading."""

import unicodedata
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from dienhinh.accounts.models import Role, RoleAssignment, User
from dienhinh.demo import data
from dienhinh.demo.loader import load_demo
from dienhinh.orgs.models import EmulationGroup, OrgUnit, UnitKind

EMAIL = "@demo.dienhinh.vn"


def parent_of(unit: OrgUnit) -> OrgUnit:
    return OrgUnit.objects.get_parent(unit)


def run_command(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "units": list(OrgUnit.objects.values_list("code", "path", "numchild", "name")),
        "groups": list(EmulationGroup.objects.values_list("name", "year", "leader__code")),
        "users": list(User.objects.values_list("email", "password")),
        "roles": list(RoleAssignment.objects.values_list("user__email", "unit__code", "role")),
    }


def test_tree_has_the_province_its_districts_industries_and_grassroots(demo):
    province = OrgUnit.objects.get(code="TV")
    assert province.name == "Liên đoàn Lao động tỉnh Trà Vinh"
    assert province.kind == UnitKind.PROVINCE
    assert parent_of(province).name == "Tổng Liên đoàn Lao động Việt Nam"
    assert parent_of(province).kind == UnitKind.NATIONAL
    below = OrgUnit.objects.subtree_of(province)
    districts = below.filter(kind=UnitKind.DISTRICT)
    assert districts.count() == 9
    assert all(parent_of(d) == province for d in districts)
    assert set(districts.values_list("short_name", flat=True)) >= {
        "LĐLĐ huyện Càng Long",
        "LĐLĐ thành phố Trà Vinh",
        "LĐLĐ thị xã Duyên Hải",
        "LĐLĐ huyện Trà Cú",
    }
    assert below.filter(kind=UnitKind.INDUSTRY).count() >= 4
    assert below.filter(kind=UnitKind.GRASSROOTS).count() >= 55
    # Depth varies: union groups hang under some grassroots unions only.
    assert below.filter(kind=UnitKind.GROUP).count() >= 2
    assert demo.units == OrgUnit.objects.count()


def test_codes_are_unique_and_text_is_nfc(demo):
    units = list(OrgUnit.objects.all())
    codes = [unit.code for unit in units]
    assert len(codes) == len(set(codes))
    texts = [t for u in units for t in (u.code, u.name, u.short_name, u.address, u.email)]
    texts += [group.name for group in EmulationGroup.objects.all()]
    texts += list(User.objects.values_list("full_name", flat=True))
    assert all(unicodedata.is_normalized("NFC", text) for text in texts)
    # save() ran for every unit: the derived search and sort columns are filled.
    assert all(unit.search_text and unit.sort_name for unit in units)


def test_emulation_groups_of_2017(demo):
    groups = EmulationGroup.objects.filter(year=2017, organizer__code="TV")
    assert groups.count() == 3 and demo.groups == 6
    north = groups.get(name__startswith="Cụm thi đua số 1")
    assert north.leader.code == "TV-TP"
    assert set(north.members.values_list("code", flat=True)) == {"TV-TP", "TV-CL", "TV-CT"}
    block = groups.get(kind="block")
    assert set(block.members.values_list("kind", flat=True)) == {UnitKind.INDUSTRY}


def test_this_years_groups_were_copied_from_2017s(demo):
    from django.utils import timezone

    year = timezone.localdate().year
    this_year = EmulationGroup.objects.filter(year=year, organizer__code="TV")
    old = EmulationGroup.objects.filter(year=2017, organizer__code="TV")
    assert sorted(this_year.values_list("name", flat=True)) == sorted(
        old.values_list("name", flat=True)
    )
    north = this_year.get(name__startswith="Cụm thi đua số 1")
    assert set(north.members.values_list("code", flat=True)) == {"TV-TP", "TV-CL", "TV-CT"}


def test_coso1_and_coso2_are_officers_of_sibling_units_under_cang_long(demo):
    one = RoleAssignment.objects.get(user__email=f"coso1{EMAIL}")
    two = RoleAssignment.objects.get(user__email=f"coso2{EMAIL}")
    assert one.role == two.role == Role.OFFICER
    assert one.unit.name == "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long"
    assert two.unit.name == "Công đoàn cơ sở Trạm Y tế xã An Trường"
    assert parent_of(one.unit) == parent_of(two.unit)
    assert parent_of(one.unit).name == "Liên đoàn Lao động huyện Càng Long"


@pytest.mark.parametrize(
    ("login", "role", "unit_code"),
    [
        ("quantri", Role.SUBTREE_ADMIN, "TV"),
        ("theodoi", Role.MONITOR, "TV"),
        ("bientap", Role.EDITOR, "TV"),
        ("xetduyet", Role.REVIEWER, "TV-CL"),
        ("coso1", Role.OFFICER, "TV-CL-001"),
        ("coso2", Role.OFFICER, "TV-CL-002"),
        ("admin", Role.SYSTEM_ADMIN, "TLD"),
    ],
)
def test_demo_user_logs_in_with_the_demo_password(demo, client, login, role, unit_code, settings):
    # The demo accounts need no second factor in demo mode (`make run` turns it on).
    settings.DEMO_MODE = True
    user = User.objects.get(email=f"{login}{EMAIL}")
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.unit.code, assignment.covers_subtree) == (
        role,
        unit_code,
        True,
    )
    response = client.post(
        "/accounts/login/",
        {"username": user.email, "password": settings.DEMO_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == "/workspace/"
    assert int(client.session["_auth_user_id"]) == user.pk
    page = response.content.decode()
    assert user.full_name in page
    assert assignment.unit.name in page


def test_wrong_password_does_not_log_in(demo, client):
    response = client.post(
        "/accounts/login/", {"username": f"coso1{EMAIL}", "password": "not-the-demo-password"}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_only_admin_is_superuser_and_staff(demo):
    staff = {u.email for u in User.objects.all() if u.is_staff}
    assert staff == {f"admin{EMAIL}"}
    assert set(User.objects.filter(is_superuser=True).values_list("email", flat=True)) == staff


def test_sibling_officers_do_not_see_each_other(demo):
    coso1 = User.objects.get(email=f"coso1{EMAIL}")
    coso2 = User.objects.get(email=f"coso2{EMAIL}")
    seen_by_1 = set(OrgUnit.objects.visible_to(coso1).values_list("code", flat=True))
    assert "TV-CL-001" in seen_by_1
    assert "TV-CL-002" not in seen_by_1
    assert seen_by_1 == {"TV-CL-001", "TV-CL-001-01", "TV-CL-001-02", "TV-CL-001-03"}
    assert "TV-CL-001" not in OrgUnit.objects.visible_to(coso2).values_list("code", flat=True)


def test_reviewer_sees_cang_long_only(demo):
    reviewer = User.objects.get(email=f"xetduyet{EMAIL}")
    codes = set(OrgUnit.objects.visible_to(reviewer).values_list("code", flat=True))
    assert "TV-CL" in codes and "TV-CL-002" in codes
    assert all(code.startswith("TV-CL") for code in codes)
    assert "TV-CK" not in codes


def test_search_ignores_diacritics(demo):
    found = OrgUnit.objects.search("cang long")
    assert found.filter(code="TV-CL", kind=UnitKind.DISTRICT).exists()
    assert set(OrgUnit.objects.search("lien doan tra vinh").values_list("code", flat=True)) >= {
        "TV",
        "TV-TP",
    }


def test_loading_twice_changes_nothing(demo):
    before = snapshot()
    again = load_demo(password="another-password")
    assert not again.created
    assert snapshot() == before
    assert "Demo data already present" in run_command()
    assert snapshot() == before


def test_demo_data_matches_the_tree(demo):
    # data.all_units() is what the loader walks: every entry made it into the database.
    assert {unit["code"] for unit in data.all_units()} == set(
        OrgUnit.objects.values_list("code", flat=True)
    )
