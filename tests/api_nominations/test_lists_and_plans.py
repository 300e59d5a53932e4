"""Lists with the list page's filters, without N+1; plans from draft to issue and copy;
movements."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.models import Movement, PlanStatus
from tests.api.conftest import assert_error

TODAY = datetime.date.today()


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


@pytest.mark.parametrize("n", [1, 3])
def test_dossier_list_query_count_does_not_grow(world, api_client, make_nomination, n):
    for i in range(n):
        nomination = make_nomination(full_name=f"Người số {i}", birth_year=1980 + i)
        transition_nomination(nomination, action="submit", by=world.officer_a)
    client = api_client(world.reviewer)
    client.get("/api/v1/me")  # the token's first use is recorded once; keep it out
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/v1/nominations?state=submitted&q=nguoi")
    assert len(_ids(response)) == n
    # Token and user, the caller's roles, count, page: the same whatever the page holds.
    assert len(queries) == 4, [q["sql"] for q in queries.captured_queries]


@pytest.fixture
def dossiers(world, plan, make_nomination):
    """Four dossiers: A's draft, A's submitted individual, A's collective, B's submitted."""
    draft = make_nomination(full_name="Trần Văn Nháp", birth_year=1980)
    mai = make_nomination(full_name="Nguyễn Thị Mai", birth_year=1985)
    transition_nomination(mai, action="submit", by=world.officer_a)
    team = make_nomination(
        subject_kind="collective",
        full_name="",
        birth_year=None,
        collective_name="Tổ Toán Trường Tiểu học Thị trấn Càng Long",
        headline="Đổi mới phương pháp dạy học",
    )
    transition_nomination(team, action="submit", by=world.officer_a)
    duong = make_nomination(
        world.unit_b,
        full_name="Đặng Thị Đường",
        birth_year=1979,
        headline="Điều dưỡng tận tuỵ",
        created_by=world.officer_b,
    )
    transition_nomination(duong, action="submit", by=world.officer_b)
    return {"draft": draft.pk, "mai": mai.pk, "team": team.pk, "duong": duong.pk}


@pytest.mark.parametrize(
    ("persona", "query", "expected"),
    [
        ("officer_a", "", {"draft", "mai", "team"}),
        ("officer_b", "", {"duong"}),
        ("reviewer", "", {"mai", "team", "duong"}),
        ("reviewer", "?q=duong", {"duong"}),  # no diacritics, đ folded to d
        ("reviewer", "?q=DIEU DUONG", {"duong"}),
        ("reviewer", "?q=to toan", {"team"}),
        ("reviewer", "?subject_kind=collective", {"team"}),
        ("reviewer", "?subject_kind=individual&q=mai", {"mai"}),
        ("officer_a", "?state=draft", {"draft"}),
        ("officer_a", "?state=draft&state=submitted", {"draft", "mai", "team"}),
        ("reviewer", "?unit=TV-CL-B", {"duong"}),
        ("reviewer", "?unit=TV-CL", {"mai", "team", "duong"}),
        ("outsider", "", set()),
    ],
)
def test_dossier_list_filters(world, api_client, dossiers, persona, query, expected):
    response = api_client(world.persona(persona)).get(f"/api/v1/nominations{query}")
    assert set(_ids(response)) == {dossiers[name] for name in expected}
    assert response.json()["count"] == len(expected)


def test_dossier_list_by_plan_and_field_and_ordering(world, plan, api_client, dossiers):
    client = api_client(world.reviewer)
    field = plan.plan_fields.get()
    assert len(_ids(client.get(f"/api/v1/nominations?plan={plan.pk}&field={field.pk}"))) == 3
    by_name = _ids(client.get("/api/v1/nominations?ordering=name"))
    # Vietnamese order of given names: Đường, Mai, then the collective "Tổ Toán…".
    assert by_name == [dossiers["duong"], dossiers["mai"], dossiers["team"]]


def test_a_filter_the_caller_cannot_use_is_a_400(world, plan, api_client, dossiers):
    client = api_client(world.officer_b)
    error = assert_error(client.get("/api/v1/nominations?unit=TV-TP-C"), 400, "invalid")
    assert error["details"][0]["field"] == "unit"
    assert_error(client.get("/api/v1/nominations?state=lost"), 422)


def test_plan_from_draft_to_issue_then_copy(world, api_client):
    monitor = api_client(world.monitor)
    created = monitor.post(
        "/api/v1/plans",
        {
            "issuing_unit_id": world.province.pk,
            "year": 2026,
            "number": 57,
            "title": "Tuyên truyền  các điển hình tiên tiến",
            "place": "Trà Vinh",
            "target_mode": "chosen",
            "target_unit_ids": [world.district.pk],
            "nomination_deadline": str(TODAY + datetime.timedelta(days=20)),
            "report_deadline": str(TODAY + datetime.timedelta(days=40)),
            "bases": [{"text": "Căn cứ Luật Thi đua, khen thưởng năm 2022;"}],
            "fields": [{"name": "Lao động sản xuất"}, {"name": "Giáo dục"}],
            "criteria": [
                {"group": "Tiêu chí chung", "text": "Có sáng kiến", "max_points": 10},
                {"text": "Được tập thể suy tôn"},
            ],
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    plan = created.json()
    assert plan["reference"] == "57/KH-LĐLĐ" and plan["status"] == "draft"
    assert plan["title"] == "Tuyên truyền các điển hình tiên tiến"
    assert [f["name"] for f in plan["fields"]] == ["Lao động sản xuất", "Giáo dục"]
    assert plan["criteria"][0]["max_points"] == 10 and plan["criteria"][1]["max_points"] is None
    assert plan["target_unit_ids"] == [world.district.pk]
    pk = plan["id"]

    # A draft stays with its planners.
    officer = api_client(world.officer_a)
    assert_error(officer.get(f"/api/v1/plans/{pk}"), 404)
    assert pk not in _ids(officer.get("/api/v1/plans"))

    # Drafts can be changed: a list sent replaces the list, rows named by id are kept.
    keep = plan["fields"][1]
    patched = monitor.patch(
        f"/api/v1/plans/{pk}",
        {"fields": [keep, {"name": "Y tế"}]},
        content_type="application/json",
    )
    assert patched.status_code == 200, patched.content
    assert [(f["id"] == keep["id"], f["name"]) for f in patched.json()["fields"]] == [
        (True, "Giáo dục"),
        (False, "Y tế"),
    ]
    assert len(patched.json()["criteria"]) == 2  # not sent: unchanged

    issued = monitor.post(f"/api/v1/plans/{pk}/issue")
    assert issued.status_code == 200, issued.content
    assert issued.json()["status"] == PlanStatus.ISSUED and issued.json()["issued_on"]
    assert_error(monitor.patch(f"/api/v1/plans/{pk}", {"place": "Huế"}, "application/json"), 403)
    assert_error(monitor.post(f"/api/v1/plans/{pk}/issue"), 400, "invalid")

    # Issued to the district: officers under it see it, the other district's do not.
    assert officer.get(f"/api/v1/plans/{pk}").json()["target_unit_ids"] == []
    assert pk in _ids(officer.get("/api/v1/plans?year=2026&status=issued&q=dien hinh"))
    assert pk not in _ids(officer.get("/api/v1/plans?status=draft"))
    assert_error(api_client(world.outsider).get(f"/api/v1/plans/{pk}"), 404)

    copied = monitor.post(
        f"/api/v1/plans/{pk}/copy", {"number": 12}, content_type="application/json"
    )
    assert copied.status_code == 201, copied.content
    copy = copied.json()
    assert (copy["year"], copy["reference"], copy["status"]) == (2027, "12/KH-LĐLĐ", "draft")
    assert copy["copied_from_id"] == pk
    assert [f["name"] for f in copy["fields"]] == ["Giáo dục", "Y tế"]
    taken = monitor.post(
        f"/api/v1/plans/{pk}/copy", {"number": 12}, content_type="application/json"
    )
    assert assert_error(taken, 400, "invalid")["details"][0]["field"] == "number"

    closed = monitor.post(f"/api/v1/plans/{pk}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"


def test_plan_validation_errors_are_400(world, api_client):
    response = api_client(world.monitor).post(
        "/api/v1/plans",
        {
            "issuing_unit_id": world.province.pk,
            "year": 2026,
            "title": "Kế hoạch",
            "nomination_deadline": "2026-05-01",
            "report_deadline": "2026-04-01",
        },
        content_type="application/json",
    )
    assert assert_error(response, 400, "invalid")["details"][0]["field"] == "report_deadline"


def test_movements_list_search_and_change(world, api_client):
    monitor = api_client(world.monitor)
    created = monitor.post(
        "/api/v1/movements",
        {
            "name": "Giỏi việc nước, đảm việc nhà",
            "kind": "thematic",
            "launched_by_id": world.province.pk,
            "starts_on": "2026-01-01",
            "description": "Dòng một\r\nDòng hai",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    assert created.json()["description"] == "Dòng một\nDòng hai"
    Movement.objects.create(
        name="Lao động sáng tạo",
        kind="regular",
        launched_by=world.other_district,
        starts_on=datetime.date(2025, 1, 1),
    )
    officer = api_client(world.officer_a)
    assert _ids(officer.get("/api/v1/movements?q=gioi viec nuoc")) == [pk]
    assert _ids(officer.get("/api/v1/movements?kind=regular")) == []
    assert officer.get(f"/api/v1/movements/{pk}").json()["launched_by"]["code"] == "TV"
    assert_error(
        officer.patch(f"/api/v1/movements/{pk}", {"name": "Khác"}, "application/json"), 403
    )
    changed = monitor.patch(
        f"/api/v1/movements/{pk}", {"ends_on": "2026-12-31"}, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["ends_on"] == "2026-12-31"
    assert changed.json()["name"] == "Giỏi việc nước, đảm việc nhà"
    bad = monitor.patch(
        f"/api/v1/movements/{pk}", {"ends_on": "2025-01-01"}, content_type="application/json"
    )
    assert assert_error(bad, 400, "invalid")["details"][0]["field"] == "ends_on"
