"""The explicit extension points between apps (core.hooks): what runs is pinned here, so a
follow-up that goes missing or runs twice fails a test."""

import datetime

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from dienhinh.core.hooks import Hooks
from dienhinh.plans.domain import issue_plan
from dienhinh.plans.hooks import after_issue, plan_page
from dienhinh.plans.models import Plan, PlanStatus


def test_what_runs_after_a_plan_is_issued_and_what_the_plan_page_shows():
    assert after_issue.names == [
        "plans.announce",
        "nominations.deadline_reminders",
        "reports.reminders",
    ]
    assert plan_page.names == [
        "nominations.dossiers",
        "reports.reports",
        "documents.plan",
        "scoring.scoring",
    ]


def test_registering_twice_replaces_and_order_decides():
    hooks = Hooks("test")
    hooks.register("b", print)
    hooks.register("a", print, order=200)
    hooks.register("b", repr)
    assert hooks.names == ["b", "a"]
    assert dict(hooks)["b"] is repr


def test_issuing_a_plan_runs_every_follow_up_after_commit(
    world, django_capture_on_commit_callbacks
):
    plan = Plan.objects.create(
        issuing_unit=world.province,
        year=2026,
        number=12,
        title="Tuyên truyền điển hình tiên tiến",
        place="Trà Vinh",
        nomination_deadline=datetime.date.today() + datetime.timedelta(days=30),
        report_deadline=datetime.date.today() + datetime.timedelta(days=60),
        status=PlanStatus.DRAFT,
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        issue_plan(plan, by=world.monitor)
    assert not DBTaskResult.objects.exists()  # nothing is queued before the commit
    # One per follow-up, and the plans' generation bump of the saved plan (plans.changes).
    assert len(callbacks) == len(after_issue.names) + 1
    for callback in callbacks:
        callback()
    queued = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert queued == [
        "dienhinh.nominations.tasks.send_reminders_task",  # 7 days before
        "dienhinh.nominations.tasks.send_reminders_task",  # 1 day before
        "dienhinh.plans.tasks.announce_plan",
        "dienhinh.reports.tasks.send_report_reminders_task",  # 7 days before the report
        "dienhinh.reports.tasks.send_report_reminders_task",  # 1 day before
        "dienhinh.reports.tasks.send_report_reminders_task",  # the day after
    ]


def test_the_plan_page_shows_the_panel_the_dossier_app_contributes(world, login, plan):
    page = login(world.officer_a).get(reverse("plans:detail", args=[plan.pk])).text
    assert f"{reverse('nominations:create')}?plan={plan.pk}" in page
    assert 'id="plan-dossiers-heading"' in page
