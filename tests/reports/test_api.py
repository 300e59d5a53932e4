"""The API of activities and reports, with the pages' permissions."""

import json

from dienhinh.activities.models import Activity
from dienhinh.reports.domain import report_for
from dienhinh.reports.enums import ReportState


def post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def test_reports_through_the_api(world, plan, api_client):
    officer = api_client(world.officer_a)
    started = post(officer, "/api/v1/reports", {"plan_id": plan.pk, "unit_id": world.unit_a.pk})
    assert started.status_code == 201, started.content
    report_id = started.json()["id"]
    assert started.json()["status"] == "not_yet_due"
    assert started.json()["figures"]["dossiers_total"] == 0
    patch = officer.patch(
        f"/api/v1/reports/{report_id}",
        json.dumps({"results": "Tổ chức 2 buổi sinh hoạt"}),
        content_type="application/json",
    )
    assert patch.status_code == 200 and patch.json()["results"] == "Tổ chức 2 buổi sinh hoạt"
    submitted = post(officer, f"/api/v1/reports/{report_id}/submit")
    assert submitted.status_code == 200, submitted.content
    body = submitted.json()
    assert body["state"] == "submitted" and body["status"] == "on_time"
    assert body["figures_frozen"] and body["versions"][0]["number"] == 1
    # The sibling does not see it; the monitor is not its upper unit; the reviewer is.
    assert api_client(world.officer_b).get(f"/api/v1/reports/{report_id}").status_code == 404
    assert post(api_client(world.monitor), f"/api/v1/reports/{report_id}/accept").status_code == 403
    returned = post(
        api_client(world.reviewer), f"/api/v1/reports/{report_id}/return", {"reason": ""}
    )
    assert returned.status_code == 400
    returned = post(
        api_client(world.reviewer), f"/api/v1/reports/{report_id}/return", {"reason": "Bổ sung"}
    )
    assert returned.json()["state"] == "returned"


def test_exempt_and_list(world, plan, api_client, submit, django_assert_max_num_queries):
    report = report_for(plan, world.unit_b)
    monitor = api_client(world.monitor)
    response = post(monitor, f"/api/v1/reports/{report.pk}/exempt", {"exempt_reason": "merged"})
    assert response.status_code == 200 and response.json()["status"] == "exempt"
    submit(world.unit_a)
    listing = monitor.get("/api/v1/reports", {"plan_id": plan.pk})
    assert listing.json()["count"] == 2
    assert {r["unit"]["code"]: r["state"] for r in listing.json()["items"]} == {
        "TV-CL-A": ReportState.SUBMITTED,
        "TV-CL-B": ReportState.EXEMPT,
    }
    officer = api_client(world.officer_b).get("/api/v1/reports").json()
    assert [r["unit"]["code"] for r in officer["items"]] == ["TV-CL-B"]


def test_the_report_list_costs_the_same_for_one_and_three(world, plan, api_client, submit):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api_client(world.monitor)
    client.get("/api/v1/reports")  # token, session and caches warmed
    submit(world.unit_a)
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/reports")
    submit(world.unit_b)
    submit(world.unit_c, by=world.fed_admin)
    with CaptureQueriesContext(connection) as three:
        assert client.get("/api/v1/reports").json()["count"] == 3
    assert len(three) == len(one)


def test_activities_through_the_api(world, plan, api_client):
    officer = api_client(world.officer_a)
    body = {
        "kind": "meeting",
        "unit_id": world.unit_a.pk,
        "title": "Sinh hoạt công đoàn tháng 11",
        "held_on": "2017-11-10",
        "participants": 18,
        "plan_id": plan.pk,
    }
    created = post(officer, "/api/v1/activities", body)
    assert created.status_code == 201, created.content
    activity_id = created.json()["id"]
    assert created.json()["can_change"] is True
    assert api_client(world.officer_b).get(f"/api/v1/activities/{activity_id}").status_code == 404
    assert post(api_client(world.officer_b), "/api/v1/activities", body).status_code == 404
    reviewer = api_client(world.reviewer)
    assert reviewer.get(f"/api/v1/activities/{activity_id}").status_code == 200
    changed = reviewer.put(
        f"/api/v1/activities/{activity_id}", json.dumps(body), content_type="application/json"
    )
    assert changed.status_code == 403
    body["participants"] = 20
    changed = officer.put(
        f"/api/v1/activities/{activity_id}", json.dumps(body), content_type="application/json"
    )
    assert changed.json()["participants"] == 20
    listing = officer.get("/api/v1/activities", {"kind": "meeting", "plan_id": plan.pk})
    assert listing.json()["count"] == 1
    assert officer.delete(f"/api/v1/activities/{activity_id}").status_code == 204
    assert not Activity.objects.exists()
