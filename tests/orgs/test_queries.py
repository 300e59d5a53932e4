"""N+1 guards: the same number of queries for 1 and for 3 items on every list."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dienhinh.orgs.domain import save_emulation_group
from dienhinh.orgs.models import GroupKind
from tests.factories import UserFactory, grant, make_unit

HX = {"HTTP_HX_REQUEST": "true"}


def count_queries(client, url, **extra) -> int:
    client.get(url, **extra)  # warm up (session, caches)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **extra).status_code == 200
    return len(captured)


def add_child_with_grandchild(parent, number: int):
    child = make_unit(f"Công đoàn cơ sở số {number}", parent=parent, code=f"P-{number}")
    make_unit(f"Tổ {number}", parent=child, kind="group", code=f"P-{number}-1")
    return child


def test_tree_children_fragment(world, login, django_assert_num_queries):
    parent = make_unit("Công đoàn ngành Giáo dục", parent=world.district, kind="industry")
    add_child_with_grandchild(parent, 1)
    client = login(world.reviewer)
    url = reverse("orgs:children", args=[parent.pk])
    one = count_queries(client, url, **HX)
    add_child_with_grandchild(parent, 2)
    add_child_with_grandchild(parent, 3)
    client.get(url, **HX)  # new units made the per-scope caches stale: warm them again
    with django_assert_num_queries(one):
        html = client.get(url, **HX).content.decode()
    assert html.count(">Công đoàn cơ sở số") == 3


def test_tree_search(world, login, django_assert_num_queries):
    parent = make_unit("Công đoàn ngành Y tế", parent=world.district, kind="industry")
    add_child_with_grandchild(parent, 1)
    client = login(world.reviewer)
    url = reverse("orgs:tree") + "?q=so"
    one = count_queries(client, url)
    add_child_with_grandchild(parent, 2)
    add_child_with_grandchild(parent, 3)
    client.get(url)  # new units made the per-scope caches stale: warm them again
    with django_assert_num_queries(one):
        html = client.get(url).content.decode()
    assert html.count(">Công đoàn cơ sở số") == 3


def test_unit_detail_lists(world, login, django_assert_num_queries):
    parent = make_unit("Công đoàn ngành Giáo dục", parent=world.district, kind="industry")

    def add_items(number):
        add_child_with_grandchild(parent, number)
        grant(UserFactory(full_name=f"Nguyễn Văn Số {number}"), parent)
        save_emulation_group(
            None,
            by=world.sysadmin,
            members=[parent],
            name=f"Cụm {number}",
            kind=GroupKind.CLUSTER,
            year=2025,
            organizer=world.district,
            leader=parent,
        )

    add_items(1)
    client = login(world.fed_admin)
    url = reverse("orgs:detail", args=[parent.pk])
    one = count_queries(client, url)
    add_items(2)
    add_items(3)
    client.get(url)  # new units made the per-scope caches stale: warm them again
    with django_assert_num_queries(one):
        html = client.get(url).content.decode()
    assert html.count(">Công đoàn cơ sở số") == 3
    assert html.count("Nguyễn Văn Số") == 3
    assert html.count("Cụm ") >= 3


def test_group_list(world, login, django_assert_num_queries):
    def add_group(number):
        save_emulation_group(
            None,
            by=world.sysadmin,
            members=[world.unit_a, world.unit_b],
            name=f"Cụm số {number}",
            kind=GroupKind.CLUSTER,
            year=2020 + number,
            organizer=world.district,
            leader=world.unit_a,
        )

    add_group(1)
    client = login(world.reviewer)
    url = reverse("orgs:group_list")
    one = count_queries(client, url)
    add_group(2)
    add_group(3)
    client.get(url)  # new units made the per-scope caches stale: warm them again
    with django_assert_num_queries(one):
        html = client.get(url).content.decode()
    assert html.count("Cụm số") == 3


def test_group_detail_members(world, login, django_assert_num_queries):
    parent = make_unit("Công đoàn ngành Giáo dục", parent=world.district, kind="industry")
    members = [add_child_with_grandchild(parent, 1)]
    group = save_emulation_group(
        None,
        by=world.sysadmin,
        members=members,
        name="Cụm giáo dục",
        kind=GroupKind.CLUSTER,
        year=2025,
        organizer=world.district,
        leader=members[0],
    )
    client = login(world.reviewer)
    url = reverse("orgs:group_detail", args=[group.pk])
    one = count_queries(client, url)
    members += [add_child_with_grandchild(parent, 2), add_child_with_grandchild(parent, 3)]
    save_emulation_group(group, by=world.sysadmin, members=members)
    client.get(url)  # new units made the per-scope caches stale: warm them again
    with django_assert_num_queries(one):
        html = client.get(url).content.decode()
    assert html.split("Member units")[1].count(">Công đoàn cơ sở số") == 3
