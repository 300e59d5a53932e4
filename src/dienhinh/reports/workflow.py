"""The report workflow. ``transition_report`` is the only code that changes a report's
state: it locks the row, checks permission, state and time, writes the version (on a
submission), the step and the audit entry, and queues the emails after commit.

    draft ─submit→ submitted ─accept→ accepted
      │                │ return (reason)
      │                └──────→ returned ─submit→ submitted (a new version; the first
      │                                            submission's time is kept) …
      ├─ record_received (monitor: a report that came by email, file + date received)
      ├─ exempt (monitor: newly founded, dissolved, merged, other; reason)
      └─ close_missing (monitor, once the on-time window has ended; reason)
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit, generations
from dienhinh.core.text import clean_field
from dienhinh.core.transitions import Refusal
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import PlanStatus
from dienhinh.reports import figures as live
from dienhinh.reports.enums import (
    EDITABLE,
    SETTLED,
    ExemptReason,
    ReportAction,
    ReportState,
)
from dienhinh.reports.expected import rollup_children, upper_unit
from dienhinh.reports.models import NARRATIVE_FIELDS, Report, ReportStep, ReportVersion
from dienhinh.reports.roles import approves_for, monitors, writes_report
from dienhinh.reports.timing import is_overdue, is_refused, timeliness

REPORT_GENERATION = "reports"

AUDIT_ACTIONS = audit.define_workflow_actions(
    "report",
    gettext_lazy("Report"),
    ReportAction.choices,
    states=ReportState.choices,
)


@dataclass
class Received:
    """A report that reached the monitor by email: the day received and the file."""

    on: datetime.date
    upload: object = None


def _refusal(report: Report, action: str, user) -> Refusal | None:
    plan, state, unit = report.plan, report.state, report.unit
    if action == ReportAction.SUBMIT:
        if not writes_report(user, unit):
            return Refusal(_("Only the reporting unit's officers can submit its report."), True)
        if state not in EDITABLE:
            return Refusal(_("Only a draft or a returned report can be submitted."), False)
        if plan.status != PlanStatus.ISSUED:
            return Refusal(_("The plan is not open for reports."), False)
        if report.first_submitted_at is None and report.received_on is None and is_refused(plan):
            return Refusal(
                _("The last day for reports (%(day)s) has passed; no report can be submitted.")
                % {"day": plan.report_last_day.strftime("%d/%m/%Y")},
                False,
            )
        return None
    if action in (ReportAction.ACCEPT, ReportAction.RETURN):
        if not approves_for(user, upper_unit(plan, unit)):
            return Refusal(_("Only the upper unit's reviewers can do this."), True)
        if state != ReportState.SUBMITTED:
            return Refusal(_("The report is not waiting for a decision."), False)
        return None
    if not monitors(user, unit):
        return Refusal(_("Only the monitors over this unit can do this."), True)
    if action == ReportAction.RECORD_RECEIVED:
        if state not in EDITABLE:
            return Refusal(_("Only a draft or a returned report can be recorded."), False)
        return None
    if action == ReportAction.EXEMPT:
        if state not in (ReportState.DRAFT, ReportState.RETURNED, ReportState.MISSING):
            return Refusal(_("A submitted or settled report cannot be exempted."), False)
        return None
    if action == ReportAction.CLOSE_MISSING:
        if state not in EDITABLE:
            return Refusal(_("Only a report not submitted can be closed as missing."), False)
        if not is_overdue(plan):
            return Refusal(_("The report is not due yet."), False)
        return None
    return Refusal(_("Unknown action."), False)


def allowed_actions(report: Report, user) -> list[str]:
    return [a for a in ReportAction.values if _refusal(report, a, user) is None]


def unsettled_children(report: Report) -> list[OrgUnit]:
    """The units rolled up into ``report`` whose reports are not accepted, exempted or
    closed as missing (one query for the units, one for their reports)."""
    children = rollup_children(report.plan, report.unit)
    states = dict(
        Report.objects.filter(plan=report.plan, unit__in=[c.pk for c in children]).values_list(
            "unit_id", "state"
        )
    )
    return [c for c in children if states.get(c.pk) not in SETTLED]


def _freeze(report: Report, *, by, channel: str, received_on=None) -> ReportVersion:
    number = report.versions.count() + 1
    version = ReportVersion.objects.create(
        report=report,
        number=number,
        submitted_at=timezone.now(),
        submitted_by=by,
        channel=channel,
        received_on=received_on,
        figures=live.frozen(live.live_figures(report.plan, report.unit), report.unit),
        unit_name=report.unit.name,
        unit_path=report.unit.path,
        **{name: getattr(report, name) for name in NARRATIVE_FIELDS},
    )
    version.attachments.set(report.attachments.filter(removed_at__isnull=True))
    return version


@transaction.atomic
def transition_report(
    report: Report,
    *,
    action: str,
    by,
    reason: str = "",
    exempt_reason: str = "",
    received: Received | None = None,
    channel: str = "web",
) -> Report:
    """Apply ``action`` to ``report`` on behalf of ``by``.

    Refuses with PermissionDenied (not this user's to do) or ValidationError (state, time,
    missing reason, children not settled). Side effects: saves the report; on a submission
    or a recorded email, a new immutable ReportVersion with the frozen figures, narrative
    and attachments (and the emailed file); a ReportStep and one audit entry; after commit,
    the notification emails and the reports' generation bump.
    """
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("plan__issuing_unit", "unit")
        .get(pk=report.pk)
    )
    refusal = _refusal(locked, action, by)
    if refusal is not None:
        raise (
            PermissionDenied(refusal.message)
            if refusal.forbidden
            else ValidationError(refusal.message)
        )
    reason = clean_field(reason, field="reason", multiline=True)
    from_state = locked.state
    now = timezone.now()
    if action == ReportAction.SUBMIT:
        if not any(getattr(locked, name).strip() for name in NARRATIVE_FIELDS):
            raise ValidationError(_("Write at least one section of the report before submitting."))
        version = _freeze(locked, by=by, channel=channel)
        locked.last_version = version
        locked.state = ReportState.SUBMITTED
        if locked.first_submitted_at is None and locked.received_on is None:
            locked.first_submitted_at = version.submitted_at
    elif action == ReportAction.RECORD_RECEIVED:
        _record_received(locked, by=by, received=received)
    elif action in (ReportAction.ACCEPT, ReportAction.RETURN):
        if action == ReportAction.RETURN and not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        if action == ReportAction.ACCEPT:
            waiting = unsettled_children(locked)
            if waiting:
                raise ValidationError(
                    _(
                        "This report can be accepted once every unit it rolls up is accepted, "
                        "exempted or closed as missing. Still open: %(units)s."
                    )
                    % {"units": ", ".join(u.display_name for u in waiting[:10])}
                )
        locked.state = (
            ReportState.ACCEPTED if action == ReportAction.ACCEPT else (ReportState.RETURNED)
        )
        locked.reason = reason
        locked.decided_by, locked.decided_at = by, now
    elif action == ReportAction.EXEMPT:
        if exempt_reason not in ExemptReason.values:
            raise ValidationError({"exempt_reason": _("Choose why the unit is exempted.")})
        if exempt_reason == ExemptReason.OTHER and not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        locked.state = ReportState.EXEMPT
        locked.exempt_reason, locked.reason = exempt_reason, reason
        locked.decided_by, locked.decided_at = by, now
    elif action == ReportAction.CLOSE_MISSING:
        # The reason stays on the report: what the unit and the upper units read.
        if not reason:
            raise ValidationError({"reason": _("Give a reason.")})
        locked.state = ReportState.MISSING
        locked.reason = reason
        locked.decided_by, locked.decided_at = by, now
    locked.save()
    step = ReportStep.objects.create(
        report=locked,
        action=action,
        from_state=from_state,
        to_state=locked.state,
        by=by,
        reason=reason,
    )
    audit.record(
        AUDIT_ACTIONS[action],
        actor=by,
        target=locked,
        unit=locked.unit,
        from_state=from_state,
        to_state=locked.state,
        reason=reason,
        extra={"plan": locked.plan.reference},
    )
    from dienhinh.reports.tasks import notify_report_step

    transaction.on_commit(lambda: notify_report_step.enqueue(step.pk))
    transaction.on_commit(lambda: generations.bump(REPORT_GENERATION))
    report.refresh_from_db()
    return locked


def _record_received(report: Report, *, by, received: Received | None) -> None:
    from dienhinh.reports.files import store_received_file

    if received is None or received.on is None:
        raise ValidationError({"received_on": _("Give the date the report was received.")})
    if received.on > timezone.localdate():
        raise ValidationError({"received_on": _("The date received cannot be in the future.")})
    if report.first_submitted_at is None and report.received_on is None:
        if timeliness(report.plan, received.on) is None:
            raise ValidationError(
                {"received_on": _("Received after the last day for reports; it cannot count.")}
            )
        report.received_on = received.on
    version = _freeze(report, by=by, channel="email", received_on=received.on)
    if received.upload is not None:
        store_received_file(version, received.upload)
    report.last_version = version
    report.state = ReportState.SUBMITTED
