"""Reminders: scheduled at 08:00 local time through after_issue, rescheduled when the
deadline moves (a stale task does nothing), sent to the missing units only and once each,
by hand at most once a day per unit; the "reports due" panel and the menu entry."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dienhinh.core.mail import deliver_due
from dienhinh.plans.domain import issue_plan
from dienhinh.plans.models import Plan
from dienhinh.reports.domain import change_report_dates
from dienhinh.reports.models import ReportReminder
from dienhinh.reports.reminders import remind_missing, send_scheduled
from tests.factories import UserFactory, grant

TASK = "dienhinh.reports.tasks.send_report_reminders_task"


def today():
    return timezone.localdate()


def at_8(day):
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=timezone.get_default_timezone())


def scheduled(plan):
    rows = DBTaskResult.objects.filter(task_path=TASK).order_by("run_after")
    return [
        (
            row.args_kwargs["kwargs"]["kind"],
            row.args_kwargs["kwargs"]["deadline"],
            timezone.localtime(row.run_after),
        )
        for row in rows
        if row.args_kwargs["kwargs"]["plan_id"] == plan.pk
    ]


def test_issuing_schedules_three_reminders_at_8(world, django_capture_on_commit_callbacks):
    draft = Plan.objects.create(
        issuing_unit=world.province,
        year=today().year,
        number=31,
        title="Kế hoạch báo cáo",
        nomination_deadline=today() + datetime.timedelta(days=5),
        report_deadline=today() + datetime.timedelta(days=20),
    )
    with django_capture_on_commit_callbacks(execute=True):
        issue_plan(draft, by=world.monitor)
    deadline = draft.report_deadline
    d = datetime.timedelta
    assert scheduled(draft) == [
        ("d-7", deadline.isoformat(), at_8(deadline - d(days=7))),
        ("d-1", deadline.isoformat(), at_8(deadline - d(days=1))),
        ("d+1", deadline.isoformat(), at_8(deadline + d(days=1))),
    ]
    # Moving the deadline queues the new ones; the old tasks are stale and send nothing.
    draft.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        change_report_dates(draft, by=world.monitor, report_deadline=deadline + d(days=10))
    assert len(scheduled(draft)) == 6
    assert send_scheduled(plan_id=draft.pk, kind="d-7", deadline=deadline.isoformat()) == 0
    assert not ReportReminder.objects.exists()


def test_only_the_missing_hear_the_day_after_and_once(world, plan, submit, smtp_server):
    officer_c = UserFactory(email="officer_c@example.vn", full_name="Trương Văn Cường")
    grant(officer_c, world.unit_c)
    submit(world.unit_a)
    plan.report_deadline = today() - datetime.timedelta(days=1)
    plan.nomination_deadline = plan.report_deadline - datetime.timedelta(days=30)
    plan.save()
    kwargs = {"plan_id": plan.pk, "kind": "d+1", "deadline": plan.report_deadline.isoformat()}
    assert send_scheduled(**kwargs) == 2
    assert deliver_due() == 2
    recipients = sorted(r for tos, _m in smtp_server.messages for r in tos)
    assert recipients == ["officer_b@example.vn", "officer_c@example.vn"]
    message = smtp_server.messages[0][1]
    assert plan.reference in message["Subject"]
    assert send_scheduled(**kwargs) == 0  # a retried task sends nothing more
    assert deliver_due() == 0
    assert len(smtp_server.messages) == 2
    # The districts have no officer: logged, nobody written to.
    assert ReportReminder.objects.filter(kind="d+1").count() == 4


def test_remind_the_missing_by_hand_once_a_day(world, plan, submit, login):
    submit(world.unit_a)
    client = login(world.monitor)
    response = client.post(reverse("reports:remind", args=[plan.pk]), follow=True)
    assert "Reminders sent to 4 units." in response.content.decode()
    assert deliver_due() == 1  # the outbox's task, as the worker runs it
    assert [m.to for m in mail.outbox] == [["officer_b@example.vn"]]
    again = client.post(reverse("reports:remind", args=[plan.pk]), follow=True)
    assert "at most once a day" in again.content.decode()
    assert deliver_due() == 0
    assert len(mail.outbox) == 1
    assert login(world.officer_b).post(reverse("reports:remind", args=[plan.pk])).status_code == 403
    assert remind_missing(plan, by=world.monitor) == 0


def test_the_home_shows_reports_due_and_the_menu_its_entry(world, plan, login, submit):
    home = login(world.officer_a).get(reverse("workspace:home")).content.decode()
    assert "Reports due" in home
    assert reverse("reports:unit_report", args=[plan.pk, world.unit_a.pk]) in home
    assert reverse("reports:mine") in home
    submit(world.unit_a)
    home = login(world.officer_a).get(reverse("workspace:home")).content.decode()
    assert reverse("reports:unit_report", args=[plan.pk, world.unit_a.pk]) not in home
    assert (
        reverse("reports:mine")
        not in login(world.editor).get(reverse("workspace:home")).content.decode()
    )
    assert (
        reverse("reports:mine")
        not in login(world.outsider).get(reverse("workspace:home")).content.decode()
    )


def test_reports_due_on_a_plan_sent_to_chosen_units_costs_the_same_for_one_and_three_units(
    world, plan, django_assert_num_queries
):
    from dienhinh.plans.models import TargetMode
    from dienhinh.reports.panels import reports_due

    plan.target_mode = TargetMode.CHOSEN
    plan.save()
    plan.target_units.set([world.district])
    writer = UserFactory()
    grant(writer, world.unit_a)
    # The same queries: roles, plans, reports done, the plan's chosen units, the units reached.
    with django_assert_num_queries(5):
        assert [row["unit"] for row in reports_due(writer)] == [world.unit_a]
    grant(writer, world.unit_b)
    grant(writer, world.unit_c)  # outside the chosen district: owes nothing
    writer = type(writer).objects.get(pk=writer.pk)  # its roles are read once per object
    with django_assert_num_queries(5):
        due = reports_due(writer)
    assert sorted(row["unit"].code for row in due) == ["TV-CL-A", "TV-CL-B"]


def test_only_the_units_yet_to_submit_hear_seven_days_and_one_day_before(
    world, plan, submit, smtp_server
):
    officer_c = UserFactory(email="officer_c@example.vn", full_name="Trương Văn Cường")
    grant(officer_c, world.unit_c)
    submit(world.unit_a)
    assert plan.report_deadline > today()  # not yet due: unit A is the only one submitted
    sent = 0
    for kind in ("d-7", "d-1"):
        kwargs = {"plan_id": plan.pk, "kind": kind, "deadline": plan.report_deadline.isoformat()}
        assert send_scheduled(**kwargs) == 2
        assert send_scheduled(**kwargs) == 0  # a retried task sends nothing more
        assert deliver_due() == 2
        recipients = sorted(r for tos, _m in smtp_server.messages[sent:] for r in tos)
        assert recipients == ["officer_b@example.vn", "officer_c@example.vn"]
        sent = len(smtp_server.messages)
    assert len(smtp_server.messages) == 4
    assert not ReportReminder.objects.filter(unit=world.unit_a).exists()
