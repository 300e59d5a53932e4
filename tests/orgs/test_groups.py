"""Emulation groups: list filters, members, add, edit and delete via the pages."""

import datetime

from django.urls import reverse

from dienhinh.core.text import fold
from dienhinh.orgs.domain import save_emulation_group
from dienhinh.orgs.models import EmulationGroup, GroupKind


def group_data(**changes) -> dict:
    data = {
        "name": "Cụm thi đua số 1",
        "kind": "cluster",
        "year": "2025",
        "member_codes": "TV-CL-A\nTV-CL-B",
        "leader_code": "TV-CL-B",
    }
    data.update(changes)
    return data


def member_codes(group: EmulationGroup) -> set[str]:
    return set(group.members.values_list("code", flat=True))


def test_list_shows_organizer_leader_and_visible_member_count(world, groups, login):
    html = login(world.fed_admin).get(reverse("orgs:group_list")).content.decode()
    assert groups[0].name in html and groups[1].name in html
    # Newest year first.
    assert html.index(groups[1].name) < html.index(groups[0].name)
    row = html.split(groups[0].name)[1].split("</tr>")[0]
    assert "LĐLĐ Càng Long" in row
    assert world.unit_a.name in row
    assert '<td data-label="Members">2</td>' in row


def test_list_counts_every_member(world, groups, login):
    html = login(world.officer_a).get(reverse("orgs:group_list")).content.decode()
    assert groups[0].name in html
    assert groups[1].name not in html
    assert '<td data-label="Members">2</td>' in html


def test_list_filters(world, groups, login):
    client = login(world.fed_admin)
    url = reverse("orgs:group_list")
    by_year = client.get(url, {"year": "2024"}).content.decode()
    assert groups[0].name in by_year and groups[1].name not in by_year
    by_kind = client.get(url, {"kind": "block"}).content.decode()
    assert groups[1].name in by_kind and groups[0].name not in by_kind
    by_name = client.get(url, {"q": "truong hoc cang long"}).content.decode()
    assert groups[0].name in by_name and groups[1].name not in by_name
    by_d = client.get(url, {"q": "khoi doanh"}).content.decode()
    assert groups[1].name in by_d and groups[0].name not in by_d
    # Nonsense filters are ignored rather than failing.
    assert client.get(url, {"year": "abc", "kind": "x", "organizer": "y"}).status_code == 200


def test_detail_shows_every_member_and_the_leader(world, groups, login):
    url = reverse("orgs:group_detail", args=[groups[0].pk])
    html = login(world.reviewer).get(url).content.decode()
    assert world.unit_a.name in html and world.unit_b.name in html
    # Vietnamese order: Trạm (B) before Trường (A).
    members = html.split("Member units")[1]
    assert members.index(world.unit_b.name) < members.index(world.unit_a.name)
    row = members.split(world.unit_a.name)[-1].split("</tr>")[0]
    assert "Leader" in row
    assert "Edit" not in html.split("<main")[1]
    # officer_b, a member, sees every member unit and the leader, but links only to its own
    # unit, and sees nobody of unit A.
    html = login(world.officer_b).get(url).content.decode()
    assert world.unit_b.name in html and world.unit_a.name in html
    assert f'href="{reverse("orgs:detail", args=[world.unit_b.pk])}"' in html
    assert f'href="{reverse("orgs:detail", args=[world.unit_a.pk])}"' not in html
    assert world.officer_a.full_name not in html and world.officer_a.email not in html


def test_create_group(world, login):
    client = login(world.fed_admin)
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    assert "Organising unit: Liên đoàn Lao động huyện Càng Long" in client.get(url).content.decode()
    response = client.post(url, group_data(member_codes="TV-CL-A, TV-CL-A-1\n\n"), follow=True)
    group = EmulationGroup.objects.get(name="Cụm thi đua số 1")
    assert group.organizer == world.district
    assert group.leader == world.unit_b
    # The leader becomes a member too.
    assert member_codes(group) == {"TV-CL-A", "TV-CL-A-1", "TV-CL-B"}
    html = response.content.decode()
    assert "was added" in html
    assert world.group_a1.name in html


def test_create_refuses_member_outside_the_organiser(world, login):
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    response = login(world.fed_admin).post(url, group_data(member_codes="TV-CL-A\nTV-TP-C"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "These units are outside the organising unit: Công đoàn cơ sở Công ty Đồng Tâm" in html
    assert "TV-CL-A\nTV-TP-C" in html
    assert not EmulationGroup.objects.exists()


def test_create_lists_unknown_codes(world, login):
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    response = login(world.fed_admin).post(url, group_data(member_codes="TV-CL-A\nNOPE\nXYZ"))
    assert "These codes match no unit you can see: NOPE, XYZ" in response.content.decode()
    assert not EmulationGroup.objects.exists()


def test_create_hides_units_outside_the_users_scope(world, login):
    # A district admin typing the code of a unit in the other district learns nothing about it.
    from tests.factories import UserFactory, grant

    admin = UserFactory()
    grant(admin, world.district, "subtree_admin")
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    response = login(admin).post(url, group_data(member_codes="TV-TP-C", leader_code=""))
    html = response.content.decode()
    assert "These codes match no unit you can see: TV-TP-C" in html
    assert "Đồng Tâm" not in html


def test_leader_outside_the_organiser_is_refused(world, login):
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    response = login(world.fed_admin).post(url, group_data(leader_code="TV-TP-C"))
    assert "The leader must be inside the organising unit." in response.content.decode()
    assert not EmulationGroup.objects.exists()


def test_duplicate_group_name_is_a_form_error(world, groups, login):
    url = reverse("orgs:group_add") + f"?organizer={world.district.pk}"
    data = group_data(name=groups[0].name, year="2024")
    html = login(world.fed_admin).post(url, data).content.decode()
    assert "This unit already has a group of that name that year." in html
    assert f'value="{groups[0].name}"' in html
    assert EmulationGroup.objects.filter(name=groups[0].name).count() == 1


def test_edit_prefills_and_replaces_members(world, groups, login):
    client = login(world.fed_admin)
    url = reverse("orgs:group_edit", args=[groups[0].pk])
    html = client.get(url).content.decode()
    # Current codes in Vietnamese name order (B "Trạm" before A "Trường"), leader prefilled.
    assert "TV-CL-B\nTV-CL-A</textarea>" in html
    assert 'name="leader_code" value="TV-CL-A"' in html
    data = group_data(name="Cụm đổi tên", year="2024", member_codes="TV-CL-B", leader_code="")
    response = client.post(url, data, follow=True)
    groups[0].refresh_from_db()
    assert groups[0].name == "Cụm đổi tên"
    assert groups[0].leader is None
    assert member_codes(groups[0]) == {"TV-CL-B"}
    assert "Cụm đổi tên" in response.content.decode()


def test_edit_refused_keeps_the_group(world, groups, login):
    url = reverse("orgs:group_edit", args=[groups[0].pk])
    data = group_data(name="Không lưu", member_codes="TV-CL-A\nTV-TP-C")
    response = login(world.fed_admin).post(url, data)
    assert "outside the organising unit" in response.content.decode()
    groups[0].refresh_from_db()
    assert groups[0].name == "Cụm thi đua trường học Càng Long"
    assert member_codes(groups[0]) == {"TV-CL-A", "TV-CL-B"}


def test_delete_asks_then_deletes(world, groups, login):
    client = login(world.fed_admin)
    url = reverse("orgs:group_delete", args=[groups[0].pk])
    html = client.get(url).content.decode()
    assert "Do you really want to delete the group" in html
    assert EmulationGroup.objects.filter(pk=groups[0].pk).exists()
    response = client.post(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs:group_list")
    assert not EmulationGroup.objects.filter(pk=groups[0].pk).exists()
    assert "was deleted" in response.content.decode()
    # The member units stay.
    assert world.unit_a.__class__.objects.filter(pk=world.unit_a.pk).exists()


def test_a_group_with_activities_is_kept_with_a_message(world, groups, login):
    """Found by the fuzzing run: deleting a group that an activity names answered 500 (the
    activity protects it). The page says why, and nothing is deleted."""
    from dienhinh.activities.domain import ActivityInput, create_activity

    create_activity(
        ActivityInput(
            kind="seminar",
            unit=world.district,
            title="Hội thảo cụm thi đua",
            held_on=datetime.date(2024, 9, 15),
            group=groups[0],
        ),
        by=world.sysadmin,
    )
    client = login(world.fed_admin)
    response = client.post(reverse("orgs:group_delete", args=[groups[0].pk]), follow=True)
    assert response.redirect_chain[-1][0] == reverse("orgs:group_detail", args=[groups[0].pk])
    assert "Activities are recorded for this emulation group" in response.content.decode()
    assert EmulationGroup.objects.filter(pk=groups[0].pk).exists()
    assert groups[0].members.count() == 2


def test_add_without_organizer_is_not_found(world, login):
    client = login(world.fed_admin)
    assert client.get(reverse("orgs:group_add")).status_code == 404
    assert client.get(reverse("orgs:group_add") + "?organizer=abc").status_code == 404


def test_unit_page_lists_groups_organised_there(world, groups, login):
    save_emulation_group(
        None,
        by=world.sysadmin,
        members=[world.district],
        name="Khối huyện",
        kind=GroupKind.BLOCK,
        year=2025,
        organizer=world.province,
    )
    html = login(world.fed_admin).get(reverse("orgs:detail", args=[world.province.pk])).content
    assert "Khối huyện" in html.decode()


def test_the_name_is_searched_in_the_database_through_its_folded_column(world, groups):
    from dienhinh.orgs.models import EmulationGroup
    from dienhinh.orgs.queries import groups_for_list

    group = EmulationGroup.objects.get(pk=groups[1].pk)
    assert group.search_text == fold(group.name) and "đ" not in group.search_text
    query = str(groups_for_list(world.fed_admin, text="khoi doanh").query)
    assert "search_text" in query
