"""The issue's acceptance case on the demo data itself: coso2 cannot reach coso1's branch."""

import pytest
from django.test import Client
from django.urls import reverse

from dienhinh.accounts.domain import issue_token
from dienhinh.accounts.models import RoleAssignment, User


@pytest.fixture
def people(demo):
    coso1 = User.objects.get(email="coso1@demo.dienhinh.vn")
    coso2 = User.objects.get(email="coso2@demo.dienhinh.vn")
    role = RoleAssignment.objects.get(user=coso1)
    return coso1, coso2, role


def test_coso2_gets_404_for_coso1s_unit_users_and_roles_in_pages(people):
    coso1, coso2, role = people
    browser = Client()
    browser.force_login(coso2)
    for url in [
        reverse("orgs:detail", args=[role.unit_id]),
        reverse("orgs:children", args=[role.unit_id]),
        reverse("orgs:edit", args=[role.unit_id]),
        reverse("accounts:user_detail", args=[coso1.pk]),
        reverse("accounts:role_remove", args=[role.pk]),
        reverse("accounts:user_list") + f"?unit={role.unit_id}",
    ]:
        assert browser.get(url).status_code == 404, url
    listing = browser.get(reverse("accounts:user_list")).content.decode()
    assert "coso1@demo.dienhinh.vn" not in listing
    search = browser.get(reverse("orgs:tree") + "?q=tieu hoc thi tran cang long").content.decode()
    assert role.unit.name not in search


def test_coso2_gets_404_for_coso1s_unit_users_and_roles_in_the_api(people):
    coso1, coso2, role = people
    _token, key = issue_token(user=coso2, name="test")
    api = Client(headers={"Authorization": f"Bearer {key}"})
    for url in [
        f"/api/v1/units/{role.unit_id}",
        f"/api/v1/users/{coso1.pk}",
        f"/api/v1/role-assignments/{role.pk}",
    ]:
        response = api.get(url)
        assert response.status_code == 404, url
        assert response.json()["error"]["code"] == "not_found"
    units = api.get("/api/v1/units?limit=200").json()
    assert role.unit_id not in [item["id"] for item in units["items"]]
    users = api.get("/api/v1/users?limit=200").json()
    assert coso1.pk not in [item["id"] for item in users["items"]]
    assert api.delete(f"/api/v1/role-assignments/{role.pk}").status_code == 404
    assert RoleAssignment.objects.filter(pk=role.pk).exists()
