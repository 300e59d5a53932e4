"""Deadline reminders: 7 days and 1 day before the nomination deadline, once per officer."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from dienhinh.accounts.models import Role
from dienhinh.core.mail import deliver_due
from dienhinh.core.models import OutgoingEmail
from dienhinh.nominations.enums import Action
from dienhinh.nominations.reminders import send_deadline_reminders
from dienhinh.nominations.tasks import send_reminders_task
from dienhinh.nominations.workflow import Decision, transition_nomination
from dienhinh.plans.domain import issue_plan
from dienhinh.plans.models import Plan, PlanStatus
from tests.factories import UserFactory, grant

SUBJECT = "Reminder: the nomination deadline of plan 57/KH-LĐLĐ is {}"
REMINDER_TASK = "dienhinh.nominations.tasks.send_reminders_task"


def today() -> datetime.date:
    return timezone.localdate()


@pytest.fixture(autouse=True)
def english_emails(settings):
    # Emails are written in the site language (settings.LANGUAGE_CODE), not the active one.
    settings.LANGUAGE_CODE = "en"


@pytest.fixture
def due_in_7(plan):
    plan.nomination_deadline = today() + datetime.timedelta(days=7)
    plan.save()
    return plan


@pytest.fixture
def drafts(world, due_in_7, make_nomination):
    """unit_a: a draft and a returned dossier; unit_b: a draft; unit_c: only a submitted one."""
    a_draft = make_nomination(world.unit_a, full_name="Nguyễn Thị Mai")
    a_returned = make_nomination(world.unit_a, full_name="Trần Văn Hòa", birth_year=1979)
    transition_nomination(a_returned, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(
        a_returned, action=Action.RETURN, by=world.reviewer, decision=Decision(reason="Thiếu ảnh")
    )
    b_draft = make_nomination(world.unit_b, full_name="Lâm Thị Bé", created_by=world.officer_b)
    officer_c = UserFactory(email="officer_c@example.vn", full_name="Kim Văn Sơn")
    grant(officer_c, world.unit_c, Role.OFFICER)
    c_sent = make_nomination(world.unit_c, full_name="Thạch Văn Nol", created_by=officer_c)
    transition_nomination(c_sent, action=Action.SUBMIT, by=officer_c)
    mail.outbox.clear()
    return a_draft, a_returned, b_draft


def recipients() -> list[str]:
    deliver_due()  # the outbox's task, as the worker runs it
    return sorted(m.to[0] for m in mail.outbox)


def test_each_officer_of_a_unit_with_unfinished_dossiers_gets_one_email(world, drafts):
    a_draft, a_returned, _b = drafts
    second_a = UserFactory(email="officer_a2@example.vn", full_name="Võ Thị Hai")
    grant(second_a, world.unit_a, Role.OFFICER)
    # An officer role above the unit does not make one an officer of the unit.
    district_officer = UserFactory(email="district_officer@example.vn")
    grant(district_officer, world.district, Role.OFFICER)

    assert send_deadline_reminders(today=today()) == 3
    assert recipients() == [
        "officer_a2@example.vn",
        "officer_a@example.vn",
        "officer_b@example.vn",
    ]
    deadline = (today() + datetime.timedelta(days=7)).strftime("%d/%m/%Y")
    assert {m.subject for m in mail.outbox} == {SUBJECT.format(deadline)}
    to_a = next(m for m in mail.outbox if m.to == ["officer_a@example.vn"])
    assert "Nguyễn Thị Mai (Draft)" in to_a.body
    assert "Trần Văn Hòa (Returned for revision)" in to_a.body
    assert f"/dossiers/{a_draft.pk}/" in to_a.body
    assert f"/dossiers/{a_returned.pk}/" in to_a.body
    assert f"is {deadline}, in 7 days." in to_a.body
    assert "Lâm Thị Bé" not in to_a.body  # another unit's dossier
    to_b = next(m for m in mail.outbox if m.to == ["officer_b@example.vn"])
    assert "Lâm Thị Bé" in to_b.body and "Nguyễn Thị Mai" not in to_b.body


def test_running_twice_sends_nothing_more(drafts):
    assert send_deadline_reminders(today=today()) == 2
    assert send_deadline_reminders(today=today()) == 0
    call_command("send_reminders", stdout=StringIO())
    assert deliver_due() == 2
    assert len(mail.outbox) == 2
    assert OutgoingEmail.objects.filter(key__startswith="reminder:").count() == 2


def test_a_unit_whose_dossiers_are_all_submitted_gets_nothing(world, drafts):
    a_draft, a_returned, b_draft = drafts
    for dossier in (a_draft, a_returned):
        transition_nomination(dossier, action=Action.SUBMIT, by=world.officer_a)
    transition_nomination(b_draft, action=Action.WITHDRAW, by=world.officer_b)
    mail.outbox.clear()
    assert send_deadline_reminders(today=today()) == 0
    assert mail.outbox == []


def test_one_day_before_the_deadline_sends_again(world, drafts, due_in_7):
    send_deadline_reminders(today=today())
    deliver_due()
    mail.outbox.clear()
    assert send_deadline_reminders(today=today() + datetime.timedelta(days=6)) == 2
    assert recipients() == ["officer_a@example.vn", "officer_b@example.vn"]
    assert "in 1 day." in mail.outbox[0].body


@pytest.mark.parametrize("days", [0, 2, 3, 6, 8, 30])
def test_other_days_before_the_deadline_send_nothing(drafts, days):
    assert send_deadline_reminders(today=today() + datetime.timedelta(days=7 - days)) == 0
    assert mail.outbox == []


def test_a_closed_plan_or_a_passed_deadline_sends_nothing(drafts, due_in_7):
    # A reminder day long gone (a worker catching up late) must not announce a past deadline.
    past = today() - datetime.timedelta(days=20)
    Plan.objects.filter(pk=due_in_7.pk).update(
        nomination_deadline=past + datetime.timedelta(days=7)
    )
    assert send_deadline_reminders(today=past) == 0
    Plan.objects.filter(pk=due_in_7.pk).update(
        nomination_deadline=today() + datetime.timedelta(days=7), status=PlanStatus.CLOSED
    )
    assert send_deadline_reminders(today=today()) == 0
    assert mail.outbox == []


def test_command_takes_a_date_and_refuses_a_bad_one(drafts):
    out = StringIO()
    day = today() + datetime.timedelta(days=6)
    call_command("send_reminders", "--date", day.isoformat(), stdout=out)
    assert "Reminders sent: 2." in out.getvalue()
    deliver_due()
    assert "in 1 day." in mail.outbox[0].body
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--date", "23/11/2017", stdout=StringIO())


def issue_due_in(world, days: int, django_capture_on_commit_callbacks, number: int) -> Plan:
    draft = Plan.objects.create(
        issuing_unit=world.province,
        year=today().year,
        number=number,
        title="Tuyên truyền điển hình tiên tiến",
        nomination_deadline=today() + datetime.timedelta(days=days),
        report_deadline=today() + datetime.timedelta(days=days + 15),
    )
    with django_capture_on_commit_callbacks(execute=True):
        issue_plan(draft, by=world.monitor)
    return draft


def scheduled(plan: Plan) -> list[tuple[str, datetime.datetime]]:
    rows = DBTaskResult.objects.filter(task_path=REMINDER_TASK).order_by("run_after")
    return [
        (row.args_kwargs["kwargs"]["day"], timezone.localtime(row.run_after))
        for row in rows
        if row.args_kwargs["kwargs"]["plan_id"] == plan.pk
    ]


def at_8(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(8), tzinfo=timezone.get_default_timezone())


def test_issuing_a_plan_schedules_two_delayed_reminder_runs(
    world, django_capture_on_commit_callbacks
):
    plan = issue_due_in(world, 10, django_capture_on_commit_callbacks, number=12)
    day_7 = plan.nomination_deadline - datetime.timedelta(days=7)
    day_1 = plan.nomination_deadline - datetime.timedelta(days=1)
    assert scheduled(plan) == [
        (day_7.isoformat(), at_8(day_7)),
        (day_1.isoformat(), at_8(day_1)),
    ]
    # Nothing is due yet: the worker would not pick these rows up now.
    assert not DBTaskResult.objects.ready().filter(task_path=REMINDER_TASK).exists()


def test_reminder_moments_already_past_are_not_scheduled(world, django_capture_on_commit_callbacks):
    soon = issue_due_in(world, 3, django_capture_on_commit_callbacks, number=13)
    day_1 = soon.nomination_deadline - datetime.timedelta(days=1)
    assert scheduled(soon) == [(day_1.isoformat(), at_8(day_1))]
    due_today = issue_due_in(world, 0, django_capture_on_commit_callbacks, number=14)
    assert scheduled(due_today) == []


def run_worker():
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)


@pytest.mark.django_db(transaction=True)  # the worker closes its connection, as in production
def test_the_worker_runs_the_reminder_task(world, drafts):
    # The transitions made by the fixture queued their own notifications: not under test here.
    DBTaskResult.objects.all().delete()
    send_reminders_task.enqueue(day=today().isoformat(), plan_id=drafts[0].plan_id)
    run_worker()
    assert recipients() == ["officer_a@example.vn", "officer_b@example.vn"]
    # A second run of the same job sends nothing more.
    send_reminders_task.enqueue(day=today().isoformat())
    run_worker()
    assert len(mail.outbox) == 2
