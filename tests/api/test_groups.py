"""Emulation groups through the API: scope, members seen, create, change, delete."""

import datetime

from dienhinh.orgs.models import EmulationGroup
from tests.api.conftest import assert_error


def test_list_is_scoped_and_filterable(world, group, api_client):
    assert api_client(world.officer_b).get("/api/v1/emulation-groups").json()["count"] == 1
    assert api_client(world.outsider).get("/api/v1/emulation-groups").json()["count"] == 0
    client = api_client(world.fed_admin)
    item = client.get("/api/v1/emulation-groups?year=2025&kind=cluster").json()["items"][0]
    assert item["name"] == "Cụm thi đua số 1"
    assert item["organizer"]["code"] == "TV-CL"
    assert item["leader"]["code"] == "TV-CL-A"
    assert client.get("/api/v1/emulation-groups?year=2024").json()["count"] == 0
    assert client.get("/api/v1/emulation-groups?kind=block").json()["count"] == 0


def test_every_member_is_listed_to_whoever_sees_the_group(world, group, api_client):
    def members(persona):
        response = api_client(getattr(world, persona)).get(f"/api/v1/emulation-groups/{group.pk}")
        return {m["code"] for m in response.json()["members"]}

    assert members("reviewer") == members("officer_b") == members("officer_a")
    assert members("officer_a") == {"TV-CL-A", "TV-CL-B"}
    assert api_client(world.outsider).get(f"/api/v1/emulation-groups/{group.pk}").status_code == 404


def test_create_group_adds_the_leader_as_member(world, api_client):
    response = api_client(world.fed_admin).post(
        "/api/v1/emulation-groups",
        {
            "name": "Khối  trường học",
            "kind": "block",
            "year": 2025,
            "organizer_id": world.province.pk,
            "leader_id": world.unit_c.pk,
            "member_ids": [world.unit_a.pk],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Khối trường học"
    assert {m["code"] for m in body["members"]} == {"TV-CL-A", "TV-TP-C"}


def test_member_outside_the_organiser_is_400(world, group, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/emulation-groups/{group.pk}",
        {"member_ids": [world.unit_a.pk, world.unit_c.pk]},
        content_type="application/json",
    )
    assert assert_error(response, 400, "invalid")["details"][0]["field"] == "members"
    assert set(group.members.values_list("code", flat=True)) == {"TV-CL-A", "TV-CL-B"}


def test_patch_keeps_members_unless_sent_and_can_clear_the_leader(world, group, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/emulation-groups/{group.pk}",
        {"leader_id": None, "year": 2026},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["leader"] is None
    assert response.json()["year"] == 2026
    assert {m["code"] for m in response.json()["members"]} == {"TV-CL-A", "TV-CL-B"}


def test_invisible_member_id_is_404_naming_the_field(world, group, api_client):
    response = api_client(world.fed_admin).patch(
        f"/api/v1/emulation-groups/{group.pk}",
        {"member_ids": [world.unit_a.pk, 999999]},
        content_type="application/json",
    )
    error = assert_error(response, 404, "not_found")
    assert error["details"][0]["field"] == "member_ids"


def test_duplicate_name_is_400(world, group, api_client):
    response = api_client(world.fed_admin).post(
        "/api/v1/emulation-groups",
        {
            "name": "Cụm thi đua số 1",
            "kind": "cluster",
            "year": 2025,
            "organizer_id": world.district.pk,
        },
        content_type="application/json",
    )
    # The model's unique constraint answers first, about the whole group, not one field.
    assert assert_error(response, 400, "invalid")["details"][0]["field"] in (None, "name")
    assert EmulationGroup.objects.count() == 1


def test_delete(world, group, api_client):
    assert (
        api_client(world.fed_admin).delete(f"/api/v1/emulation-groups/{group.pk}").status_code
        == 204
    )
    assert not EmulationGroup.objects.exists()


def test_a_group_with_activities_is_not_deleted(world, group, api_client):
    """Found by the fuzzing run: an activity of the group made the delete a 500."""
    from dienhinh.activities.domain import ActivityInput, create_activity

    create_activity(
        ActivityInput(
            kind="seminar",
            unit=world.district,
            title="Hội thảo cụm thi đua",
            held_on=datetime.date(2025, 9, 15),
            group=group,
        ),
        by=world.sysadmin,
    )
    response = api_client(world.fed_admin).delete(f"/api/v1/emulation-groups/{group.pk}")
    assert assert_error(response, 400, "invalid")["message"]
    assert EmulationGroup.objects.filter(pk=group.pk).exists()
