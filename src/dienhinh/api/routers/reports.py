"""Implementation reports: list and read (with live or frozen figures), start the unit's
draft, save its narrative, and the workflow actions (a report received by email and closing
a missing one among them) — through reports.domain and reports.workflow, with the pages'
visibility and permissions. Attachments and the signed scan: api/routers/report_files.py."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.pagination import page_of
from dienhinh.api.schemas.activities import (
    ExemptIn,
    ReasonIn,
    ReportDetail,
    ReportFilters,
    ReportOut,
    ReportPatch,
    ReportStart,
)
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, PageParams, page_schema
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports import domain
from dienhinh.reports.enums import EDITABLE, ReportAction
from dienhinh.reports.figures import live_figures
from dienhinh.reports.models import Report, ReportAttachment, ReportVersion
from dienhinh.reports.status import status_of
from dienhinh.reports.workflow import Received, allowed_actions, transition_report

router = Router(tags=["reports"])


def _with_status(reports):
    for report in reports:
        report.status = status_of(report.plan, report)
    return reports


def _current_attachments() -> Prefetch:
    return Prefetch(
        "attachments",
        queryset=ReportAttachment.objects.filter(removed_at__isnull=True),
        to_attr="current_attachments",
    )


def _report(request, report_id: int) -> Report:
    found = visible_or_404(
        Report.objects.visible_to(request.user)
        .select_related("plan__issuing_unit", "unit", "last_version")
        .prefetch_related(_current_attachments()),
        report_id,
    )
    found.status = status_of(found.plan, found)
    found.figures_frozen = bool(found.last_version_id) and found.state not in EDITABLE
    found.figures = (
        found.last_version.figures if found.figures_frozen else live_figures(found.plan, found.unit)
    )
    found.versions_out = list(
        ReportVersion.objects.filter(report=found)
        .prefetch_related("attachments")
        .order_by("number")
    )
    found.allowed_actions = allowed_actions(found, request.user)
    return found


@router.get("", response={200: page_schema(ReportOut), **READ_ERRORS}, summary="List reports")
def list_reports(request, filters: Query[ReportFilters], page: Query[PageParams]):
    reports = (
        Report.objects.visible_to(request.user)
        .select_related("plan__issuing_unit", "unit", "last_version")
        .prefetch_related(_current_attachments())
    )
    if filters.plan_id:
        reports = reports.filter(plan_id=filters.plan_id)
    if filters.unit_id:
        reports = reports.filter(unit_id=filters.unit_id)
    if filters.state:
        reports = reports.filter(state=filters.state)
    found = page_of(reports.order_by("plan_id", "unit__path"), page)
    found["items"] = _with_status(found["items"])
    return found


@router.post(
    "",
    response={201: ReportDetail, 200: ReportDetail, **WRITE_ERRORS},
    summary="Start (or find) the draft report of a unit on a plan",
    description=(
        "The unit's officers start its draft; the monitors over the unit may start it too, "
        "to record a report received by email, exempt the unit or close the report as missing."
    ),
)
def start_report(request, payload: ReportStart):
    user = request.user
    plan = visible_or_404(Plan.objects.visible_to(user), payload.plan_id, field="plan_id")
    unit = visible_or_404(OrgUnit.objects.visible_to(user), payload.unit_id, field="unit_id")
    existing = Report.objects.filter(plan=plan, unit=unit).first()
    if existing is not None:
        return Status(200, _report(request, existing.pk))
    if not domain.may_start(user, unit):
        raise PermissionDenied(_("Only the reporting unit's officers can start its report."))
    report = domain.report_for(plan, unit)
    if report is None:
        raise ApiError(400, "invalid", _("This unit does not report on this plan."))
    return Status(201, _report(request, report.pk))


@router.get(
    "/{int:report_id}", response={200: ReportDetail, **READ_ERRORS}, summary="Read a report"
)
def get_report(request, report_id: int):
    return _report(request, report_id)


@router.patch(
    "/{int:report_id}",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Save the draft's narrative sections",
)
def patch_report(request, report_id: int, payload: ReportPatch):
    report = _report(request, report_id)
    domain.save_narrative(report, by=request.user, **payload.dict(exclude_unset=True))
    return _report(request, report_id)


def _act(request, report_id: int, action: str, **kwargs):
    report = _report(request, report_id)
    transition_report(report, action=action, by=request.user, channel="api", **kwargs)
    return _report(request, report_id)


@router.post(
    "/{int:report_id}/submit",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Submit the report: its figures and narrative are frozen as a new version",
)
def submit(request, report_id: int):
    return _act(request, report_id, ReportAction.SUBMIT)


@router.post(
    "/{int:report_id}/accept",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Accept a submitted report (the upper unit; its own children settled first)",
)
def accept(request, report_id: int):
    return _act(request, report_id, ReportAction.ACCEPT)


@router.post(
    "/{int:report_id}/return",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Return a submitted report for revision (reason required)",
)
def return_(request, report_id: int, payload: ReasonIn):
    return _act(request, report_id, ReportAction.RETURN, reason=payload.reason)


@router.post(
    "/{int:report_id}/exempt",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Exempt the unit from reporting (monitors; newly founded, dissolved, merged, other)",
)
def exempt(request, report_id: int, payload: ExemptIn):
    return _act(
        request,
        report_id,
        ReportAction.EXEMPT,
        reason=payload.reason,
        exempt_reason=payload.exempt_reason,
    )


@router.post(
    "/{int:report_id}/received",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Record a report received by email (monitors): the file and the day received",
    description=(
        "Multipart: `received_on` (YYYY-MM-DD, not in the future) and `file` (the report "
        "received, PDF or DOCX). A new version is frozen with the file attached; a report never "
        "submitted before counts its timeliness from the day received."
    ),
)
def received(request, report_id: int, received_on: Form[date], file: File[UploadedFile]):
    return _act(
        request,
        report_id,
        ReportAction.RECORD_RECEIVED,
        received=Received(on=received_on, upload=file),
    )


@router.post(
    "/{int:report_id}/close-missing",
    response={200: ReportDetail, **WRITE_ERRORS},
    summary="Close a report as missing (monitors, once it is overdue; reason required)",
)
def close_missing(request, report_id: int, payload: ReasonIn):
    return _act(request, report_id, ReportAction.CLOSE_MISSING, reason=payload.reason)
