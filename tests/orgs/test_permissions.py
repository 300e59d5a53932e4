"""Who may open which orgs page: one line per persona and page."""

import pytest
from django.urls import reverse

from dienhinh.orgs.models import EmulationGroup, OrgUnit

ALL = ["sysadmin", "fed_admin", "monitor", "editor", "reviewer", "officer_a", "officer_b"]
ALL = [*ALL, "outsider", "anonymous"]


def expect(**statuses):
    """Statuses per persona; anonymous is always sent to the login page."""
    return {**statuses, "anonymous": 302}


EVERYONE = expect(**{p: 200 for p in ALL if p != "anonymous"})
SEES_UNIT_A = expect(
    sysadmin=200,
    fed_admin=200,
    monitor=200,
    editor=200,
    reviewer=200,
    officer_a=200,
    officer_b=404,
    outsider=404,
)
MANAGES_UNIT_A = expect(
    sysadmin=200,
    fed_admin=200,
    monitor=403,
    editor=403,
    reviewer=403,
    officer_a=403,
    officer_b=404,
    outsider=404,
)
SEES_DISTRICT_GROUP = expect(**{p: 200 for p in ALL if p not in ("outsider", "anonymous")})
SEES_DISTRICT_GROUP["outsider"] = 404
SEES_OTHER_GROUP = expect(
    sysadmin=200,
    fed_admin=200,
    monitor=200,
    editor=200,
    reviewer=404,
    officer_a=404,
    officer_b=404,
    outsider=404,
)
MANAGES_DISTRICT_GROUP = expect(
    sysadmin=200,
    fed_admin=200,
    monitor=403,
    editor=403,
    reviewer=403,
    officer_a=403,
    officer_b=403,
    outsider=404,
)
ORGANISES_AT_DISTRICT = expect(
    sysadmin=200,
    fed_admin=200,
    monitor=403,
    editor=403,
    reviewer=403,
    officer_a=404,
    officer_b=404,
    outsider=404,
)

PAGES = {
    "tree": (lambda w, g: reverse("orgs:tree"), EVERYONE),
    "tree_search": (lambda w, g: reverse("orgs:tree") + "?q=cang+long", EVERYONE),
    "unit_detail": (lambda w, g: reverse("orgs:detail", args=[w.unit_a.pk]), SEES_UNIT_A),
    "unit_children": (lambda w, g: reverse("orgs:children", args=[w.unit_a.pk]), SEES_UNIT_A),
    "unit_add": (lambda w, g: reverse("orgs:add", args=[w.unit_a.pk]), MANAGES_UNIT_A),
    "unit_edit": (lambda w, g: reverse("orgs:edit", args=[w.unit_a.pk]), MANAGES_UNIT_A),
    "group_list": (lambda w, g: reverse("orgs:group_list"), EVERYONE),
    "group_detail": (
        lambda w, g: reverse("orgs:group_detail", args=[g[0].pk]),
        SEES_DISTRICT_GROUP,
    ),
    "other_group_detail": (
        lambda w, g: reverse("orgs:group_detail", args=[g[1].pk]),
        SEES_OTHER_GROUP,
    ),
    "group_add": (
        lambda w, g: reverse("orgs:group_add") + f"?organizer={w.district.pk}",
        ORGANISES_AT_DISTRICT,
    ),
    "group_edit": (
        lambda w, g: reverse("orgs:group_edit", args=[g[0].pk]),
        MANAGES_DISTRICT_GROUP,
    ),
    "group_delete": (
        lambda w, g: reverse("orgs:group_delete", args=[g[0].pk]),
        MANAGES_DISTRICT_GROUP,
    ),
}

CASES = [(page, persona, PAGES[page][1][persona]) for page in PAGES for persona in ALL]


@pytest.mark.parametrize(("page", "persona", "status"), CASES)
def test_page_permissions(world, groups, login, page, persona, status):
    url = PAGES[page][0](world, groups)
    response = login(world.persona(persona)).get(url)
    assert response.status_code == status
    if status == 302:
        assert response["Location"].startswith(reverse("login"))


POSTS = {
    "unit_add": (
        lambda w, g: reverse("orgs:add", args=[w.unit_a.pk]),
        {"kind": "group", "code": "NEW-1", "name": "Tổ mới", "is_active": "on"},
    ),
    "unit_edit": (
        lambda w, g: reverse("orgs:edit", args=[w.unit_a.pk]),
        {"parent_code": "TV-CL", "kind": "grassroots", "code": "TV-CL-A", "name": "Đổi tên"},
    ),
    "group_edit": (
        lambda w, g: reverse("orgs:group_edit", args=[g[0].pk]),
        {"name": "Đổi tên", "kind": "cluster", "year": "2024", "member_codes": "TV-CL-A"},
    ),
    "group_delete": (lambda w, g: reverse("orgs:group_delete", args=[g[0].pk]), {}),
}
POST_CASES = [
    ("unit_add", "reviewer", 403),
    ("unit_add", "officer_b", 404),
    ("unit_add", "anonymous", 302),
    ("unit_edit", "officer_a", 403),
    ("unit_edit", "outsider", 404),
    ("unit_edit", "anonymous", 302),
    ("group_edit", "reviewer", 403),
    ("group_edit", "outsider", 404),
    ("group_delete", "officer_a", 403),
    ("group_delete", "outsider", 404),
    ("group_delete", "anonymous", 302),
]


@pytest.mark.parametrize(("action", "persona", "status"), POST_CASES)
def test_refused_posts_change_nothing(world, groups, login, action, persona, status):
    url, data = POSTS[action][0](world, groups), POSTS[action][1]
    before_units = list(OrgUnit.objects.values_list("pk", "path", "name", "code"))
    before_groups = list(EmulationGroup.objects.values_list("pk", "name"))
    response = login(world.persona(persona)).post(url, data)
    assert response.status_code == status
    assert list(OrgUnit.objects.values_list("pk", "path", "name", "code")) == before_units
    assert list(EmulationGroup.objects.values_list("pk", "name")) == before_groups


def test_edit_button_only_for_admins(world, login):
    url = reverse("orgs:detail", args=[world.unit_a.pk])
    edit = reverse("orgs:edit", args=[world.unit_a.pk])
    assert edit in login(world.fed_admin).get(url).content.decode()
    page = login(world.reviewer).get(url).content.decode()
    assert edit not in page
    assert reverse("orgs:add", args=[world.unit_a.pk]) not in page
    assert "Import units" not in page
