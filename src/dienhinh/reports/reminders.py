"""Report reminders to the reporting units' officers (role "officer" at exactly the unit).

Scheduled: when a plan is issued (plans.hooks.after_issue) and whenever its reporting dates
change (reports.domain.change_report_dates), three delayed tasks go on the database queue
(django-tasks-db ``run_after``) for 08:00 Asia/Ho_Chi_Minh: 7 days and 1 day before the
report deadline, to the expected units that have not submitted yet, and the day after it,
to the missing ones only. Each task carries the deadline it was scheduled for; a task whose
plan has another deadline now is stale and does nothing (the new deadline has its own).

Each reminder is sent once per unit: ``ReportReminder`` rows (plan, unit, kind, deadline)
are unique, inserted before the emails go out, so a retried task or a second worker sends
nothing twice. By hand, "remind the missing" sends at most once a day per unit (the row's
day is today).
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.accounts.models import Role, RoleAssignment
from dienhinh.core.mail import send_once
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.reports.enums import Timeliness
from dienhinh.reports.models import ReminderKind, ReportReminder
from dienhinh.reports.status import plan_status

REMINDER_TIME = datetime.time(8, 0)
SCHEDULE = (
    (ReminderKind.WEEK_BEFORE, -7),
    (ReminderKind.DAY_BEFORE, -1),
    (ReminderKind.DAY_AFTER, 1),
)
# Who a reminder of each kind goes to, by the unit's status.
WAITING = frozenset({Timeliness.NOT_YET_DUE, Timeliness.MISSING})
MISSING = frozenset({Timeliness.MISSING})


def reminder_moments(plan: Plan) -> list[tuple[str, datetime.datetime]]:
    """(kind, aware 08:00 local) of the plan's scheduled reminders still ahead."""
    zone = timezone.get_default_timezone()
    now = timezone.now()
    moments = []
    for kind, days in SCHEDULE:
        day = plan.report_deadline + datetime.timedelta(days=days)
        at = datetime.datetime.combine(day, REMINDER_TIME, tzinfo=zone)
        if at > now:
            moments.append((kind, at))
    return moments


def schedule_report_reminders(plan_id: int) -> int:
    """Queue the plan's reminder tasks still ahead; returns how many. Runs after commit."""
    from dienhinh.reports.tasks import send_report_reminders_task

    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.ISSUED).first()
    if plan is None:
        return 0
    moments = reminder_moments(plan)
    for kind, at in moments:
        send_report_reminders_task.using(run_after=at).enqueue(
            plan_id=plan.pk, kind=kind, deadline=plan.report_deadline.isoformat()
        )
    return len(moments)


def send_scheduled(*, plan_id: int, kind: str, deadline: str) -> int:
    """Send one scheduled reminder of ``plan_id``; nothing when the task is stale (the plan
    is no longer issued or its deadline moved). Returns the number of emails sent."""
    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.ISSUED).first()
    if plan is None or plan.report_deadline.isoformat() != deadline:
        return 0
    wanted = MISSING if kind == ReminderKind.DAY_AFTER else WAITING
    units = [row.unit for row in plan_status(plan) if row.status in wanted]
    return _remind(plan, units, kind=kind, on=plan.report_deadline, by=None)


def remind_missing(plan: Plan, *, by, within=None) -> int:
    """ "Remind the missing" by hand: the expected units (under ``within``) that have not
    submitted and are past the deadline or not yet due, at most once a day each. Returns
    the number of units reminded. Side effects: ReportReminder rows, emails."""
    from django.core.exceptions import PermissionDenied

    from dienhinh.reports.roles import approves_for, monitors

    scope = within or plan.issuing_unit
    if not (monitors(by, scope) or approves_for(by, scope)):
        raise PermissionDenied(_("Only the monitors and the upper unit can send reminders."))
    units = [row.unit for row in plan_status(plan, within=scope) if row.status in WAITING]
    before = ReportReminder.objects.filter(
        plan=plan, kind=ReminderKind.MANUAL, on=timezone.localdate()
    ).count()
    _remind(plan, units, kind=ReminderKind.MANUAL, on=timezone.localdate(), by=by)
    return (
        ReportReminder.objects.filter(
            plan=plan, kind=ReminderKind.MANUAL, on=timezone.localdate()
        ).count()
        - before
    )


def _remind(plan: Plan, units, *, kind: str, on: datetime.date, by) -> int:
    if not units:
        return 0
    officers: dict[int, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(
            unit__in=[u.pk for u in units], role=Role.OFFICER, user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user_id")
    ):
        officers.setdefault(assignment.unit_id, []).append(assignment.user)
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: the report on plan %(ref)s is due on %(deadline)s") % {
            "ref": plan.reference,
            "deadline": plan.report_deadline.strftime("%d/%m/%Y"),
        }
        for unit in units:
            people = officers.get(unit.pk, [])
            try:
                with transaction.atomic():
                    log = ReportReminder.objects.create(
                        plan=plan, unit=unit, kind=kind, on=on, sent_by=by, recipients=len(people)
                    )
            except IntegrityError:
                continue  # this one went out already
            link = settings.SITE_URL + reverse("reports:unit_report", args=[plan.pk, unit.pk])
            for person in people:
                body = render_to_string(
                    "reports/email/reminder.txt",
                    {"plan": plan, "unit": unit, "person": person, "link": link, "kind": kind},
                )
                if send_once(
                    key=f"report-reminder:{log.pk}:{person.pk}",
                    to=person.email,
                    subject=subject,
                    body=body,
                ):
                    sent += 1
    return sent
