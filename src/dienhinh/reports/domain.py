"""Rules for reports outside the state machine: the unit's report (found or started), its
narrative and attachments, the signed scan, and the plan's reporting dates. Pages and the
API call these; state changes go through reports.workflow.transition_report."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dienhinh.core import audit
from dienhinh.core.files import delete_after_commit
from dienhinh.core.text import clean_field
from dienhinh.orgs.models import OrgUnit, UnitKind
from dienhinh.plans.models import Plan, PlanStatus
from dienhinh.plans.targets import target_units
from dienhinh.reports import files
from dienhinh.reports.enums import EDITABLE, HAS_VERSION
from dienhinh.reports.models import (
    DOCUMENT_FIELDS,
    NARRATIVE_FIELDS,
    Report,
    ReportAttachment,
    ReportVersion,
)
from dienhinh.reports.roles import monitors, writes_report

REPORT_DATES = audit.define_action("report.dates", gettext_lazy("Reporting dates changed"))
REPORT_SCAN = audit.define_action("report.scan", gettext_lazy("Signed report scan added"))
REPORT_SCAN_REPLACED = audit.define_action(
    "report.scan_replaced", gettext_lazy("Signed report scan replaced")
)
NARRATIVE_LIMIT = 20_000

# The issuing unit's part of a report's symbol ("BC-CĐCS"), by the kind of unit.
SYMBOL_CODES = {
    UnitKind.NATIONAL: "TLĐ",
    UnitKind.PROVINCE: "LĐLĐ",
    UnitKind.DISTRICT: "LĐLĐ",
    UnitKind.CENTRAL_INDUSTRY: "CĐN",
    UnitKind.INDUSTRY: "CĐN",
    UnitKind.COMMUNE: "CĐ",
    UnitKind.GRASSROOTS: "CĐCS",
    UnitKind.GROUP: "TCĐ",
}
# "Liên đoàn Lao động huyện Càng Long" -> "Càng Long": the place a federation writes.
_PLACE = re.compile(
    r"^(?:Liên đoàn Lao động|Công đoàn)\s+(?:tỉnh|thành phố|huyện|quận|thị xã)\s+(.+)$",
    re.IGNORECASE,
)
LIMITS = {
    "symbol": 40,
    "place": 100,
    "recipients": 5000,
    "authority_line": 120,
    "signer_title": 120,
    "signer_name": 120,
}


def document_place(plan: Plan, unit: OrgUnit) -> str:
    """Where the unit's documents say they were written: the locality of the unit, or of
    its nearest federation above it (district, then province); else the plan's place."""
    for candidate in [unit, *reversed(list(OrgUnit.objects.get_ancestors(unit)))]:
        found = _PLACE.match(candidate.name.strip())
        if found:
            return found.group(1)
    return plan.place


def document_defaults(plan: Plan, unit: OrgUnit) -> dict:
    """A new report's document fields: the unit's symbol, its place, the report going to
    the unit above it, the executive committee's authority line. The signer's name stays
    for the officer to write."""
    from dienhinh.reports.expected import upper_unit

    return {
        "symbol": f"BC-{SYMBOL_CODES.get(unit.kind, 'CĐ')}",
        "place": document_place(plan, unit),
        "recipients": f"- {upper_unit(plan, unit).name} (báo cáo);\n- Lưu VT.",
        "authority_line": "TM. BAN CHẤP HÀNH",
        "signer_title": "CHỦ TỊCH",
    }


def is_reporting_unit(plan: Plan, unit: OrgUnit) -> bool:
    """Whether ``unit`` is one of the plan's target units of a reporting kind (whether or not
    it is expected on the deadline: a unit closed since may still report)."""
    return unit.kind in plan.report_kinds and target_units(plan).filter(pk=unit.pk).exists()


def report_for(plan: Plan, unit: OrgUnit, *, create: bool = True) -> Report | None:
    """The report of ``unit`` on ``plan``, started as a draft when there is none yet and
    ``create`` (the caller has checked that the user sees the unit). None when the unit
    does not report on this plan. Side effects: may insert the draft row."""
    if plan.status == PlanStatus.DRAFT or not is_reporting_unit(plan, unit):
        return None
    found = Report.objects.filter(plan=plan, unit=unit).first()
    if found is not None or not create:
        return found
    try:
        with transaction.atomic():
            return Report.objects.create(plan=plan, unit=unit, **document_defaults(plan, unit))
    except IntegrityError:  # started at the same moment by someone else
        return Report.objects.get(plan=plan, unit=unit)


def may_start(user, unit: OrgUnit) -> bool:
    """Who may start a unit's report row: its writers, and the monitors over it (who record
    a report received by email, exempt the unit or close its report as missing)."""
    return writes_report(user, unit) or monitors(user, unit)


def may_change_scan(user, report: Report) -> bool:
    """Who adds or replaces the signed scan of a submitted version: the unit's writers (the
    office that signed it) and the monitors over the unit (a scan that came by email)."""
    return report.state in HAS_VERSION and (
        writes_report(user, report.unit) or monitors(user, report.unit)
    )


def _lock_editable(report: Report, by) -> Report:
    locked = (
        Report.objects.select_for_update(of=("self",))
        .select_related("unit", "plan")
        .get(pk=report.pk)
    )
    if not writes_report(by, locked.unit):
        raise PermissionDenied(_("Only the reporting unit's officers can change its report."))
    if locked.state not in EDITABLE:
        raise ValidationError(_("Only a draft or a returned report can be changed."))
    if locked.plan.status != PlanStatus.ISSUED:
        raise ValidationError(_("The plan is not open for reports."))
    return locked


def _document_fields(report: Report, values: dict) -> None:
    if "number" in values:
        number = values["number"]
        if number is not None and not (isinstance(number, int) and 1 <= number <= 99999):
            raise ValidationError({"number": _("A number from 1 to 99999.")})
        report.number = number
    if "issued_on" in values:
        if values["issued_on"] is not None and not isinstance(values["issued_on"], datetime.date):
            raise ValidationError({"issued_on": _("Enter a valid date.")})
        report.issued_on = values["issued_on"]
    for name, limit in LIMITS.items():
        if name in values:
            text = clean_field(values[name] or "", field=name, multiline=name == "recipients")
            if len(text) > limit:
                raise ValidationError({name: _("At most %(n)s characters.") % {"n": limit}})
            setattr(report, name, text)


@transaction.atomic
def save_narrative(report: Report, *, by, **sections) -> Report:
    """Save the draft's narrative sections (what was done, results, difficulties,
    proposals) and its document fields (number and symbol, place and date, recipients,
    authority line, signer). Side effects: updates the report row."""
    locked = _lock_editable(report, by)
    _document_fields(locked, {k: v for k, v in sections.items() if k in DOCUMENT_FIELDS})
    for name in NARRATIVE_FIELDS:
        if name in sections:
            text = clean_field(sections[name] or "", field=name, multiline=True)
            if len(text) > NARRATIVE_LIMIT:
                raise ValidationError(
                    {name: _("At most %(n)s characters.") % {"n": NARRATIVE_LIMIT}}
                )
            setattr(locked, name, text)
    locked.save()
    report.refresh_from_db()
    return locked


@transaction.atomic
def add_attachment(report: Report, *, by, upload) -> ReportAttachment:
    """Check and attach a PDF or DOCX document to the draft. Side effects: one stored file
    and one ReportAttachment row."""
    locked = _lock_editable(report, by)
    if locked.attachments.filter(removed_at__isnull=True).count() >= files.MAX_ATTACHMENTS:
        raise ValidationError(
            _("A report may have at most %(n)s attachments.") % {"n": files.MAX_ATTACHMENTS}
        )
    return files.new_attachment(locked, upload)


@transaction.atomic
def remove_attachment(attachment: ReportAttachment, *, by) -> None:
    """Take an attachment off the draft. One no version holds is deleted with its file;
    one a version holds stays (versions are immutable) and is only left out from now on."""
    _lock_editable(attachment.report, by)
    if attachment.removed_at is not None:
        raise ValidationError(_("This document is no longer attached to the draft."))
    if attachment.versions.exists():
        attachment.removed_at = timezone.now()
        attachment.save(update_fields=["removed_at"])
        return
    name = attachment.file.name
    attachment.delete()
    delete_after_commit(name, storage=attachment.file.storage)


@transaction.atomic
def add_scan(version: ReportVersion, *, by, upload) -> ReportVersion:
    """Put the signed and stamped scan on a submitted version, or replace the one it has
    (a wrong or unreadable file). Side effects: one stored file, the version's scan columns,
    one audit entry (naming the file replaced), and after commit the replaced file deleted."""
    locked = (
        ReportVersion.objects.select_for_update(of=("self",))
        .select_related("report__unit")
        .get(pk=version.pk)
    )
    report = locked.report
    if not (writes_report(by, report.unit) or monitors(by, report.unit)):
        raise PermissionDenied(_("Only the reporting unit's officers can add the scan."))
    if report.state not in HAS_VERSION:
        raise ValidationError(_("The scan belongs to a submitted report."))
    replaced, replaced_name = locked.scan.name, locked.scan_name
    files.store_scan(locked, upload)
    locked.scan_added_at, locked.scan_added_by = timezone.now(), by
    locked.save()
    if replaced:
        audit.record(
            REPORT_SCAN_REPLACED,
            actor=by,
            target=report,
            unit=report.unit,
            extra={"version": locked.number, "replaced": replaced_name},
        )
        delete_after_commit(replaced, storage=locked.scan.storage)
    else:
        audit.record(
            REPORT_SCAN, actor=by, target=report, unit=report.unit, extra={"version": locked.number}
        )
    version.refresh_from_db()
    return locked


@transaction.atomic
def change_report_dates(
    plan: Plan,
    *,
    by,
    report_deadline: datetime.date,
    report_grace_days: int = 0,
    report_cutoff: datetime.date | None = None,
) -> Plan:
    """Move an issued plan's report deadline, grace days or cut-off date (monitors of the
    issuing unit). Side effects: saves the plan, one audit entry, and after commit queues
    the reminders for the new deadline (the tasks queued for the old one do nothing)."""
    locked = Plan.objects.select_for_update().select_related("issuing_unit").get(pk=plan.pk)
    if not monitors(by, locked.issuing_unit) and not by.has_perm("plans.change_plan", locked):
        raise PermissionDenied(_("Only the plan's monitors can change its reporting dates."))
    if locked.status != PlanStatus.ISSUED:
        raise ValidationError(_("Only an issued plan's reporting dates can be changed."))
    if report_grace_days is None or report_grace_days < 0 or report_grace_days > 60:
        raise ValidationError({"report_grace_days": _("Between 0 and 60 days.")})
    before = {
        "deadline": locked.report_deadline.isoformat(),
        "grace": locked.report_grace_days,
        "cutoff": locked.report_cutoff.isoformat() if locked.report_cutoff else None,
    }
    locked.report_deadline = report_deadline
    locked.report_grace_days = report_grace_days
    locked.report_cutoff = report_cutoff
    locked.full_clean(validate_unique=False, validate_constraints=False)
    locked.save()
    audit.record(
        REPORT_DATES, actor=by, target=locked, unit=locked.issuing_unit, extra={"before": before}
    )
    from dienhinh.reports.reminders import schedule_report_reminders

    transaction.on_commit(lambda: schedule_report_reminders(locked.pk))
    plan.refresh_from_db()
    return locked
