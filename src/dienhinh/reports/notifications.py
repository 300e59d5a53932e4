"""Who hears about a report step, and what the email says: the upper unit's reviewers when a
report is submitted; the reporting unit's officers when it is accepted, returned, exempted
or closed as missing."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from dienhinh.accounts.models import Role, User
from dienhinh.core.mail import send_once
from dienhinh.reports.enums import ReportAction
from dienhinh.reports.expected import upper_unit
from dienhinh.reports.models import ReportStep
from dienhinh.reports.roles import APPROVER_ROLES

SUBJECTS = {
    ReportAction.SUBMIT: gettext_noop("A report is waiting for your decision: %(unit)s"),
    ReportAction.RECORD_RECEIVED: gettext_noop("A report is waiting for your decision: %(unit)s"),
    ReportAction.ACCEPT: gettext_noop("Your report was accepted: plan %(ref)s"),
    ReportAction.RETURN: gettext_noop("Your report was returned for revision: plan %(ref)s"),
    ReportAction.EXEMPT: gettext_noop("Your unit is exempted from reporting: plan %(ref)s"),
    ReportAction.CLOSE_MISSING: gettext_noop("Your report was closed as missing: plan %(ref)s"),
}


def recipients(step: ReportStep) -> list[User]:
    report = step.report
    if step.action in (ReportAction.SUBMIT, ReportAction.RECORD_RECEIVED):
        upper = upper_unit(report.plan, report.unit)
        people = User.objects.filter(
            role_assignments__unit=upper, role_assignments__role__in=APPROVER_ROLES
        )
    else:
        people = User.objects.filter(
            role_assignments__unit=report.unit, role_assignments__role=Role.OFFICER
        )
    return list(people.filter(is_active=True).exclude(pk=step.by_id).distinct().order_by("pk"))


def send_step_emails(step_id: int) -> int:
    step = ReportStep.objects.select_related("report__plan", "report__unit").filter(pk=step_id)
    step = step.first()
    if step is None:
        return 0
    report = step.report
    link = settings.SITE_URL + reverse("reports:unit_report", args=[report.plan_id, report.unit_id])
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        subject = _(SUBJECTS[step.action]) % {
            "unit": report.unit.name,
            "ref": report.plan.reference,
        }
        for person in recipients(step):
            body = render_to_string(
                "reports/email/step.txt",
                {"step": step, "report": report, "person": person, "link": link},
            )
            if send_once(
                key=f"report-step:{step.pk}:{person.pk}",
                to=person.email,
                subject=subject,
                body=body,
            ):
                sent += 1
    return sent
