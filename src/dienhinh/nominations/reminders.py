"""Deadline reminders: units that still have unfinished dossiers hear about the deadline.

Seven days and one day before a plan's nomination deadline, each grassroots unit that still
has a dossier in draft or returned for revision in that plan gets one email per officer
(role "officer" at exactly that unit; nobody else is written to), listing those dossiers and
the deadline.

How the job is run — two ways that can be combined, because every email goes through
``core.mail.send_once`` with the key ``reminder:<plan>:<days>:<unit>:<user>``, so a rerun,
a retried task or a cron run on the same day as the scheduled task sends nothing twice:

1. Scheduled tasks (the default). When a plan is issued, ``issue_plan`` calls
   ``schedule_deadline_reminders`` after commit: it enqueues ``send_reminders_task`` twice on
   the database task queue (django-tasks-db supports ``run_after``), for 08:00 local time on
   the deadline minus 7 days and minus 1 day. Moments already past are skipped: the officers
   have just received the plan's announcement. The worker (``manage.py db_worker``, also
   started by ``make run``) runs them when they are due. The task takes the reminder day, not
   "today", so a worker that was down and catches up late still sends the right reminder,
   and nothing once the deadline itself has passed. A task for a plan whose deadline was
   moved afterwards finds no matching plan and sends nothing.
2. Cron. ``manage.py send_reminders [--date YYYY-MM-DD]`` sends the reminders due on a day
   (today by default) for every issued plan; run it daily for deployments without a worker,
   or to cover plans whose deadline changed after they were issued.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dienhinh.accounts.models import Role, RoleAssignment
from dienhinh.core.mail import send_once
from dienhinh.nominations.enums import EDITABLE
from dienhinh.nominations.models import Nomination
from dienhinh.plans.models import Plan, PlanStatus

# Days before the nomination deadline on which reminders go out.
REMINDER_DAYS = (7, 1)
# Local time of day at which the scheduled reminders run.
REMINDER_TIME = datetime.time(8, 0)


def send_deadline_reminders(
    *, today: datetime.date | None = None, plan_id: int | None = None
) -> int:
    """Send the reminders due on ``today`` (the local date by default); returns how many.

    Looks at issued plans whose nomination deadline is exactly 7 or 1 day(s) after ``today``
    (only ``plan_id`` when given) and whose deadline has not passed yet. Side effects: one
    email per officer of each unit with a draft or returned dossier in such a plan, recorded
    in ``OutgoingEmail`` (the outbox) so that running again sends nothing twice.
    """
    today = today or timezone.localdate()
    deadlines = {today + datetime.timedelta(days=days): days for days in REMINDER_DAYS}
    plans = Plan.objects.filter(
        status=PlanStatus.ISSUED,
        nomination_deadline__in=list(deadlines),
        nomination_deadline__gte=timezone.localdate(),
    ).order_by("pk")
    if plan_id is not None:
        plans = plans.filter(pk=plan_id)
    sent = 0
    for plan in plans:
        sent += _remind_plan(plan, days=deadlines[plan.nomination_deadline])
    return sent


def _remind_plan(plan: Plan, *, days: int) -> int:
    dossiers = (
        Nomination.objects.filter(plan=plan, state__in=EDITABLE)
        .select_related("nominating_unit")
        .order_by("nominating_unit_id", "sort_name", "pk")
    )
    by_unit: dict[int, list[Nomination]] = defaultdict(list)
    for dossier in dossiers:
        by_unit[dossier.nominating_unit_id].append(dossier)
    if not by_unit:
        return 0
    officers = (
        RoleAssignment.objects.filter(
            unit_id__in=list(by_unit), role=Role.OFFICER, user__is_active=True
        )
        .select_related("user")
        .order_by("unit_id", "user_id")
    )
    site = settings.SITE_URL
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Reminder: the nomination deadline of plan %(ref)s is %(deadline)s") % {
            "ref": plan.reference,
            "deadline": plan.nomination_deadline.strftime("%d/%m/%Y"),
        }
        for assignment in officers:
            unit_dossiers = by_unit[assignment.unit_id]
            person = assignment.user
            body = render_to_string(
                "nominations/email/reminder.txt",
                {
                    "plan": plan,
                    "days": days,
                    "person": person,
                    "unit": unit_dossiers[0].nominating_unit,
                    "dossiers": [
                        (d, site + reverse("nominations:detail", args=[d.pk]))
                        for d in unit_dossiers
                    ],
                },
            )
            if send_once(
                key=f"reminder:{plan.pk}:{days}:{assignment.unit_id}:{person.pk}",
                to=person.email,
                subject=subject,
                body=body,
            ):
                sent += 1
    return sent


def reminder_moments(plan: Plan) -> list[tuple[datetime.date, datetime.datetime]]:
    """The (reminder day, aware local 08:00 on it) pairs of the plan still in the future;
    none for a plan without a nomination deadline (it takes dossiers until it is closed)."""
    if plan.nomination_deadline is None:
        return []
    zone = timezone.get_default_timezone()
    now = timezone.now()
    moments = []
    for days in REMINDER_DAYS:
        day = plan.nomination_deadline - datetime.timedelta(days=days)
        at = datetime.datetime.combine(day, REMINDER_TIME, tzinfo=zone)
        if at > now:
            moments.append((day, at))
    return moments


def schedule_deadline_reminders(plan_id: int) -> int:
    """Queue the plan's reminder runs on the task queue; returns how many were queued.

    Side effects: one delayed ``send_reminders_task`` per reminder moment still ahead. It runs
    after commit (one of ``plans.hooks.after_issue``), so no task points at a plan that was
    rolled back; the plan is read again then, so the deadline is the committed one.
    """
    from dienhinh.nominations.tasks import send_reminders_task

    plan = Plan.objects.filter(pk=plan_id, status=PlanStatus.ISSUED).first()
    if plan is None:
        return 0
    moments = reminder_moments(plan)
    for day, at in moments:
        send_reminders_task.using(run_after=at).enqueue(day=day.isoformat(), plan_id=plan.pk)
    return len(moments)
