"""No names across branches: a unit's parent outside the editor's scope is neither named nor
coded on the edit form, and keeping it needs no code."""

import pytest
from django.urls import reverse

from dienhinh.accounts.models import Role
from dienhinh.orgs.models import OrgUnit
from tests.factories import UserFactory, grant


@pytest.fixture
def district_admin(world):
    admin = UserFactory(email="district_admin@example.vn", full_name="Trương Văn Huyện")
    grant(admin, world.district, Role.SUBTREE_ADMIN)
    return admin


def test_the_edit_form_does_not_name_a_parent_outside_the_scope(world, login, district_admin):
    page = login(district_admin).get(reverse("orgs:edit", args=[world.district.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert world.province.name not in html
    assert world.province.short_name not in html
    assert 'value="TV"' not in html and "(TV)" not in html
    assert "Its parent now is a unit outside your scope." in html


def test_left_empty_the_hidden_parent_stays(world, login, district_admin):
    client = login(district_admin)
    data = {
        "parent_code": "",
        "kind": world.district.kind,
        "code": "TV-CL",
        "name": "Liên đoàn Lao động huyện Càng Long mới",
        "short_name": "",
        "email": "",
        "address": "",
        "is_active": "on",
    }
    response = client.post(reverse("orgs:edit", args=[world.district.pk]), data)
    assert response.status_code == 302
    district = OrgUnit.objects.get(pk=world.district.pk)
    assert district.name == "Liên đoàn Lao động huyện Càng Long mới"
    assert OrgUnit.objects.get_parent(district) == world.province


def test_a_parent_in_scope_is_still_shown(world, login):
    html = login(world.fed_admin).get(reverse("orgs:edit", args=[world.unit_a.pk])).content.decode()
    assert 'value="TV-CL"' in html and world.district.name in html
