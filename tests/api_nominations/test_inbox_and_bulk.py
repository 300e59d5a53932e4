"""The inbox and bulk decisions through the API, with the pages' permissions."""

import pytest

from dienhinh.nominations.enums import State
from dienhinh.nominations.workflow import Decision, transition_nomination
from tests.api.conftest import assert_error


def move(nomination, action, user, reason=""):
    transition_nomination(nomination, action=action, by=user, decision=Decision(reason=reason))
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def waiting(world, make_nomination):
    """Two dossiers of unit A waiting at the district, one of unit B."""
    return [
        move(make_nomination(full_name=name, unit=unit), "submit", officer)
        for name, unit, officer in (
            ("Lê Văn Một", world.unit_a, world.officer_a),
            ("Lê Văn Hai", world.unit_a, world.officer_a),
            ("Trần Thị Ba", world.unit_b, world.officer_b),
        )
    ]


def test_the_inbox_lists_what_waits_with_counts(world, api_client, waiting):
    body = api_client(world.reviewer).get("/api/v1/inbox").json()
    assert body["waiting_count"] == 3
    assert {item["subject_name"] for item in body["waiting"]} == {
        "Lê Văn Một",
        "Lê Văn Hai",
        "Trần Thị Ba",
    }
    assert [row["count"] for row in body["by_plan"]] == [3]
    assert [(row["state"], row["count"]) for row in body["by_state"]] == [("submitted", 3)]
    # An officer reviews nothing; what was returned to their unit is theirs.
    move(waiting[0], "return", world.reviewer, reason="Bổ sung ảnh")
    officer = api_client(world.officer_a).get("/api/v1/inbox").json()
    assert officer["waiting_count"] == 0
    assert [item["subject_name"] for item in officer["returned"]] == ["Lê Văn Một"]
    sibling = api_client(world.officer_b).get("/api/v1/inbox").json()
    assert sibling["returned_count"] == 0


def test_bulk_forward_reports_each_dossier(world, api_client, waiting):
    stale = waiting[2]
    items = [
        {"id": waiting[0].pk},
        {"id": waiting[1].pk},
        # As the reviewer saw it before someone returned it.
        {
            "id": stale.pk,
            "seen": {"state": "submitted", "unit_id": stale.current_unit_id, "round": stale.round},
        },
        {"id": 999_999},
    ]
    move(stale, "return", world.reviewer, reason="Đã trả")
    response = api_client(world.reviewer).post(
        "/api/v1/nominations/bulk",
        {"action": "forward", "items": items},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert {row["id"] for row in body["done"]} == {waiting[0].pk, waiting[1].pk}
    assert {row["id"] for row in body["refused"]} == {stale.pk, 999_999}
    for dossier in waiting[:2]:
        dossier.refresh_from_db()
        assert dossier.state == State.FORWARDED
    stale.refresh_from_db()
    assert stale.state == State.RETURNED


def test_bulk_return_needs_a_reason_and_changes_nothing_without(world, api_client, waiting):
    response = api_client(world.reviewer).post(
        "/api/v1/nominations/bulk",
        {"action": "return", "items": [{"id": waiting[0].pk}]},
        content_type="application/json",
    )
    assert_error(response, 400, "invalid")
    assert response.json()["error"]["details"][0]["field"] == "reason"
    waiting[0].refresh_from_db()
    assert waiting[0].state == State.SUBMITTED


def test_bulk_cannot_reach_another_branch(world, api_client, waiting):
    response = api_client(world.officer_b).post(
        "/api/v1/nominations/bulk",
        {"action": "forward", "items": [{"id": waiting[0].pk}]},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["refused"][0]["message"] == "This dossier is not in your scope."
    waiting[0].refresh_from_db()
    assert waiting[0].state == State.SUBMITTED


@pytest.mark.parametrize("count", [1, 3])
def test_the_inbox_costs_the_same_queries_for_1_and_3(
    world, api_client, make_nomination, django_assert_num_queries, count
):
    for number in range(count):
        move(make_nomination(full_name=f"Người {number}"), "submit", world.officer_a)
    client = api_client(world.reviewer)
    client.get("/api/v1/me")  # the token's first use is recorded once
    # token with its user, roles, waiting page, by plan (counts, plans), by state (which
    # gives the waiting count too); nothing for "returned" (a reviewer writes no dossiers)
    with django_assert_num_queries(6):
        assert client.get("/api/v1/inbox").json()["waiting_count"] == count
