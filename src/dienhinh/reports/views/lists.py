"""The plan's report list (status per unit, rates, reminders, dates) and its XLSX export,
and the person's own reports due."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.accounts.scope import covers
from dienhinh.core.web import once_per_submission
from dienhinh.core.xlsx import XlsxBuilder, xlsx_response
from dienhinh.plans.reporting import report_rules
from dienhinh.reports import domain
from dienhinh.reports.enums import Timeliness
from dienhinh.reports.expected import rates
from dienhinh.reports.forms import DatesForm
from dienhinh.reports.monitoring.access import entry_unit
from dienhinh.reports.panels import reports_due
from dienhinh.reports.reminders import remind_missing
from dienhinh.reports.roles import approves_for, monitors
from dienhinh.reports.status import plan_status
from dienhinh.reports.views.common import visible_plan


def _rows(request, plan):
    """The status rows the user may see: the expected units inside their scope (the roles
    are cached on the user, so the check costs no query per row)."""
    user = request.user
    return [row for row in plan_status(plan) if covers(user, row.unit)]


def _filtered(request, rows):
    wanted = request.GET.get("status")
    if wanted in Timeliness.values:
        return [row for row in rows if row.status == wanted], wanted
    return rows, ""


@login_required
@require_GET
def plan_reports(request, plan_id: int):
    plan = visible_plan(request.user, plan_id)
    rows = _rows(request, plan)
    shown, wanted = _filtered(request, rows)
    is_monitor = monitors(request.user, plan.issuing_unit)
    return render(
        request,
        "reports/plan_reports.html",
        {
            "plan": plan,
            "rows": shown,
            "rates": rates(plan, rows),
            "rules": report_rules(plan),
            "statuses": Timeliness.choices,
            "wanted": wanted,
            "is_monitor": is_monitor,
            "can_remind": is_monitor or approves_for(request.user, plan.issuing_unit),
            "can_monitor": entry_unit(plan, request.user) is not None,
            "dates_form": DatesForm(
                initial={
                    "report_deadline": plan.report_deadline,
                    "report_grace_days": plan.report_grace_days,
                    "report_cutoff": plan.report_cutoff,
                }
            ),
        },
    )


@login_required
@require_GET
def export_xlsx(request, plan_id: int):
    plan = visible_plan(request.user, plan_id)
    rows, _wanted = _filtered(request, _rows(request, plan))
    builder = XlsxBuilder()
    sheet = builder.add_sheet(
        _("Reports"),
        [
            _("Code"),
            _("Unit"),
            _("Status"),
            _("First submitted"),
            _("Received by email"),
            _("State"),
        ],
        title_lines=[
            _("Implementation reports on plan %(ref)s") % {"ref": plan.reference},
            _("Deadline %(day)s; exported %(now)s by %(who)s")
            % {
                "day": plan.report_deadline.strftime("%d/%m/%Y"),
                "now": timezone.localtime().strftime("%d/%m/%Y %H:%M"),
                "who": request.user.full_name,
            },
        ],
    )
    for row in rows:
        report = row.report
        sheet.append(
            [
                row.unit.code,
                row.unit.name,
                str(row.status_label),
                timezone.localtime(report.first_submitted_at)
                if report and report.first_submitted_at
                else None,
                report.received_on if report else None,
                report.get_state_display() if report else "",
            ]
        )
    name = f"bao-cao-{plan.number}-{plan.symbol}-{timezone.localdate().isoformat()}.xlsx"
    return xlsx_response(builder.content(), name.replace("Đ", "D").replace("đ", "d"))


@login_required
@require_POST
@once_per_submission
def remind(request, plan_id: int):
    plan = visible_plan(request.user, plan_id)
    count = remind_missing(plan, by=request.user)
    if count:
        messages.success(request, _("Reminders sent to %(n)s units.") % {"n": count})
    else:
        messages.info(
            request, _("No unit needed a reminder (each is reminded at most once a day).")
        )
    return redirect("reports:plan", plan.pk)


@login_required
@require_POST
def change_dates(request, plan_id: int):
    plan = visible_plan(request.user, plan_id)
    form = DatesForm(request.POST)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return redirect("reports:plan", plan.pk)
    try:
        domain.change_report_dates(plan, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The reporting dates were changed; reminders follow them."))
    return redirect(reverse("reports:plan", args=[plan.pk]))


@login_required
@require_GET
def my_reports(request):
    """The person's reports due and, for those who approve or monitor, the plans whose
    reports they follow."""
    from dienhinh.accounts.scope import assignments, is_system_admin
    from dienhinh.plans.models import Plan, PlanStatus
    from dienhinh.reports.roles import APPROVER_ROLES

    user = request.user
    follows = is_system_admin(user) or any(a.role in APPROVER_ROLES for a in assignments(user))
    plans = (
        list(
            Plan.objects.visible_to(user)
            .exclude(status=PlanStatus.DRAFT)
            .select_related("issuing_unit")
            .order_by("-report_deadline")[:20]
        )
        if follows
        else []
    )
    return render(request, "reports/mine.html", {"due": reports_due(user), "plans": plans})
