"""The activity and report endpoints' part of tests/text/api_cases.py: unit A's report in
the state each endpoint needs (made once per test, before the snapshot of what is stored)."""

import datetime


def report(c, state: str = "draft"):
    """Unit A's report on the plan: a draft, or submitted by officer A (cached on ``c``)."""
    from dienhinh.reports.domain import report_for, save_narrative
    from dienhinh.reports.workflow import transition_report

    cache = c.__dict__.setdefault("_reports", {})
    if state not in cache:
        made = report_for(c.plan, c.world.unit_a)
        if state == "submitted":
            save_narrative(made, by=c.world.officer_a, results="Đã triển khai kế hoạch")
            transition_report(made, action="submit", by=c.world.officer_a)
        cache[state] = made
    return cache[state]


def _activity_body(c) -> dict:
    return {
        "kind": "meeting",
        "unit_id": c.world.unit_a.pk,
        "title": "Sinh hoạt công đoàn lan tỏa điển hình",
        "held_on": "2017-10-12",
        "participants": 25,
        "notes": "Giới thiệu gương cô Mai.\nThảo luận.",
        "plan_id": c.plan.pk,
    }


def activity(c):
    from dienhinh.activities.domain import ActivityInput, create_activity

    cache = c.__dict__
    if "_activity" not in cache:
        body = _activity_body(c)
        cache["_activity"] = create_activity(
            ActivityInput(
                kind=body["kind"],
                unit=c.world.unit_a,
                title=body["title"],
                held_on=datetime.date(2017, 10, 12),
                participants=25,
                plan=c.plan,
            ),
            by=c.world.officer_a,
        )
    return cache["_activity"]


def overdue_report(c):
    """Unit A's draft, the plan's deadline passed: closing a report as missing needs it."""
    c.plan.report_deadline = datetime.date.today() - datetime.timedelta(days=1)
    c.plan.nomination_deadline = c.plan.report_deadline - datetime.timedelta(days=30)
    c.plan.save()
    return report(c)


CASES = {
    ("post", "/api/v1/activities"): (
        "officer_a",
        lambda c: "/api/v1/activities",
        _activity_body,
        201,
    ),
    ("put", "/api/v1/activities/{activity_id}"): (
        "officer_a",
        lambda c: f"/api/v1/activities/{activity(c).pk}",
        _activity_body,
        200,
    ),
    ("patch", "/api/v1/reports/{report_id}"): (
        "officer_a",
        lambda c: f"/api/v1/reports/{report(c).pk}",
        lambda c: {
            "work_done": "Phổ biến kế hoạch đến đoàn viên",
            "results": "Ba buổi sinh hoạt",
            "difficulties": "Thời gian ít",
            "proposals": "Tăng kinh phí",
        },
        200,
    ),
    ("post", "/api/v1/reports/{report_id}/return"): (
        "reviewer",
        lambda c: f"/api/v1/reports/{report(c, 'submitted').pk}/return",
        lambda c: {"reason": "Bổ sung số liệu"},
        200,
    ),
    ("post", "/api/v1/reports/{report_id}/exempt"): (
        "monitor",
        lambda c: f"/api/v1/reports/{report(c).pk}/exempt",
        lambda c: {"exempt_reason": "merged", "reason": "Sáp nhập với trường bạn"},
        200,
    ),
    ("post", "/api/v1/reports/{report_id}/close-missing"): (
        "monitor",
        lambda c: f"/api/v1/reports/{overdue_report(c).pk}/close-missing",
        lambda c: {"reason": "Không gửi báo cáo sau hai lần nhắc"},
        200,
    ),
}
