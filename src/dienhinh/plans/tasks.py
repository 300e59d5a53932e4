"""Background jobs for plans. They take ids and are safe to run twice."""

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from dienhinh.accounts.models import Role, User
from dienhinh.core.context import as_task
from dienhinh.core.mail import send_once
from dienhinh.core.worker import rerun_if_lost
from dienhinh.plans.models import Plan
from dienhinh.plans.targets import target_units


@task
@rerun_if_lost
@as_task
def announce_plan(plan_id: int) -> int:
    """Email each officer of the plan's target units once; returns the number sent."""
    plan = Plan.objects.select_related("issuing_unit").filter(pk=plan_id).first()
    if plan is None:
        return 0
    officers = (
        User.objects.filter(
            is_active=True,
            role_assignments__role=Role.OFFICER,
            role_assignments__unit__in=target_units(plan),
        )
        .distinct()
        .order_by("pk")
    )
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("New plan %(ref)s: %(title)s") % {"ref": plan.reference, "title": plan.title}
        for person in officers.iterator():
            body = render_to_string(
                "plans/email/announce.txt",
                {"plan": plan, "person": person, "site_url": settings.SITE_URL},
            )
            if send_once(
                key=f"plan-issued:{plan.pk}:{person.pk}",
                to=person.email,
                subject=subject,
                body=body,
            ):
                sent += 1
    return sent


def enqueue_announcement(plan_id: int) -> None:
    """The after-issue follow-up: queue the announcement (the worker sends it)."""
    announce_plan.enqueue(plan_id)
