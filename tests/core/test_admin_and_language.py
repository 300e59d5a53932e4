import pytest

from dienhinh.accounts.models import Role
from tests.factories import UserFactory, grant


@pytest.mark.parametrize(
    ("persona", "status"),
    [("sysadmin", 200), ("fed_admin", 302), ("officer_a", 302), ("anonymous", 302)],
)
def test_django_admin_is_for_system_admins_only(world, login, persona, status):
    response = login(world.persona(persona)).get("/admin/orgs/orgunit/")
    assert response.status_code == status
    if status == 200:
        assert "Trà Vinh" in response.content.decode()


def test_role_based_system_admin_sees_admin_models(world, login):
    person = UserFactory(email="roleadmin@example.vn")
    grant(person, world.province, Role.SYSTEM_ADMIN)
    page = login(person).get("/admin/")
    assert page.status_code == 200
    assert "/admin/orgs/orgunit/" in page.content.decode()


def test_pages_are_vietnamese_whatever_the_browser_asks(client, db):
    page = client.get("/accounts/login/", headers={"accept-language": "en-US,en;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="vi">' in page.content.decode()


def test_language_switcher_turns_english_on(client, db):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"})
    assert response.status_code == 302
    page = client.get("/accounts/login/")
    assert '<html lang="en">' in page.content.decode()
    assert "Log in" in page.content.decode()


def test_the_admin_tree_refuses_an_unknown_parameter_with_400(world, login):
    admin_client = login(world.sysadmin)
    url = f"/admin/orgs/orgunit/children/{world.province.pk}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.get(url, {"page": "x"}).status_code == 400
