"""The unit's report page (rules, figures, narrative, attachments, actions) with the roll-up
of the units below it, the actions, and a submitted version."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.plans.models import PlanStatus
from dienhinh.plans.reporting import report_rules
from dienhinh.reports import domain
from dienhinh.reports.enums import EDITABLE, ReportAction
from dienhinh.reports.expected import rollup_children, upper_unit
from dienhinh.reports.figures import live_figures
from dienhinh.reports.forms import ExemptForm, NarrativeForm, ReasonForm, ReceivedForm, ScanForm
from dienhinh.reports.hooks import report_page
from dienhinh.reports.models import DOCUMENT_FIELDS, NARRATIVE_FIELDS, Report, ReportVersion
from dienhinh.reports.roles import approves_for, writes_report
from dienhinh.reports.status import plan_status, status_of
from dienhinh.reports.views.common import plan_and_unit
from dienhinh.reports.workflow import Received, allowed_actions, transition_report


def _back(plan_id, unit_id, anchor=""):
    from django.urls import reverse

    return redirect(reverse("reports:unit_report", args=[plan_id, unit_id]) + anchor)


@login_required
@require_http_methods(["GET", "POST"])
@once_per_submission
def unit_report(request, plan_id: int, unit_id: int):
    user = request.user
    plan, unit, report = plan_and_unit(user, plan_id, unit_id)
    is_issuer = unit.pk == plan.issuing_unit_id
    probe = report or Report(plan=plan, unit=unit)
    can_write = (
        not is_issuer
        and plan.status == PlanStatus.ISSUED
        and probe.state in EDITABLE
        and writes_report(user, unit)
    )
    if report is None:  # what the draft will start with
        for name, value in domain.document_defaults(plan, unit).items():
            setattr(probe, name, value)
    form = NarrativeForm(
        request.POST or None,
        initial={name: getattr(probe, name) for name in (*NARRATIVE_FIELDS, *DOCUMENT_FIELDS)},
    )
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                report = report or domain.report_for(plan, unit)
                domain.save_narrative(report, by=user, **form.cleaned_data)
            except ValidationError as error:
                add_domain_errors(form, error)
            else:
                messages.success(request, _("The report was saved."))
                return _back(plan.pk, unit.pk)
    frozen = report is not None and report.last_version and report.state not in EDITABLE
    figures = report.last_version.figures if frozen else live_figures(plan, unit)
    children = rollup_children(plan, unit)
    rows = plan_status(plan, units=children) if children else []
    approves = approves_for(user, unit)
    actions = [] if is_issuer else allowed_actions(probe, user)
    context = {
        "plan": plan,
        "unit": unit,
        "report": report,
        "panels": report_page.panels(request, plan=plan, unit=unit, report=report),
        "is_issuer": is_issuer,
        "status": None if is_issuer else status_of(plan, report),
        "rules": report_rules(plan),
        "figures": figures,
        "figures_frozen": frozen,
        "form": form,
        "can_write": can_write,
        "attachments": list(report.attachments.filter(removed_at__isnull=True)) if report else [],
        "versions": list(report.versions.order_by("-number")) if report else [],
        "actions": actions,
        "exempt_form": ExemptForm(),
        "reason_form": ReasonForm(),
        # Beside the exemption's form on the same page: its own ids.
        "close_form": ReasonForm(auto_id="close_%s"),
        "received_form": ReceivedForm(),
        "upper": None if is_issuer else upper_unit(plan, unit),
        "rows": rows,
        "approves_children": approves,
        "unsettled": [
            row
            for row in rows
            if row.report is None or row.report.state not in ("accepted", "exempt", "missing")
        ],
    }
    return render(request, "reports/unit_report.html", context)


@login_required
@require_POST
@once_per_submission
def act(request, plan_id: int, unit_id: int, step: str):
    if step not in ReportAction.values:
        raise Http404
    user = request.user
    plan, unit, report = plan_and_unit(user, plan_id, unit_id)
    if unit.pk == plan.issuing_unit_id:
        raise Http404
    # Check the permission before a draft row is started for the action.
    probe = report or Report(plan=plan, unit=unit)
    if step not in allowed_actions(probe, user):
        from dienhinh.reports.workflow import _refusal

        refusal = _refusal(probe, step, user)
        if refusal is not None and refusal.forbidden:
            raise PermissionDenied
    form_class = {
        ReportAction.EXEMPT: ExemptForm,
        ReportAction.RECORD_RECEIVED: ReceivedForm,
    }.get(step, ReasonForm)
    form = form_class(request.POST, request.FILES)
    back = request.POST.get("back") == "upper"
    target = upper_unit(plan, unit).pk if back else unit.pk
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(plan.pk, target)
    data = form.cleaned_data
    try:
        report = report or domain.report_for(plan, unit)
        received = None
        if step == ReportAction.RECORD_RECEIVED:
            received = Received(on=data["received_on"], upload=data["file"])
        transition_report(
            report,
            action=step,
            by=user,
            reason=data.get("reason", ""),
            exempt_reason=data.get("exempt_reason", ""),
            received=received,
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Done: %(action)s.") % {"action": ReportAction(step).label})
    return _back(plan.pk, target)


@login_required
@require_GET
def version(request, pk: int):
    user = request.user
    found = get_object_or_404(
        ReportVersion.objects.select_related("report__plan__issuing_unit", "report__unit"),
        pk=pk,
        report__in=Report.objects.visible_to(user),
    )
    report = found.report
    return render(
        request,
        "reports/version.html",
        {
            "version": found,
            "report": report,
            "plan": report.plan,
            "unit": report.unit,
            "figures": found.figures,
            "attachments": list(found.attachments.all()),
            "can_add_scan": domain.may_change_scan(user, report),
            "scan_form": ScanForm(),
        },
    )
