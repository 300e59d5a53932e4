"""A report's attachments and its signed and stamped scan: list, upload, download, delete.

Uploads go through reports.domain (the page's checks by content, nothing stored when
refused, only while the report is a draft or returned for attachments, on a submitted
version for the scan); files are found and served by reports.serving, as on the report
pages: the same bytes and headers, and the same 404 outside the caller's scope.
"""

from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.schemas.activities import ReportAttachmentOut, ScanOut, ScanQuery
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS
from dienhinh.reports import domain, serving
from dienhinh.reports.models import Report, ReportVersion

# Uploads and the scan under /reports/{id}/…; an attachment itself under /report-attachments.
router = Router(tags=["report files"])
attachments_router = Router(tags=["report files"])

_DOCUMENT_TYPES = (
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
_SCAN_TYPES = ("application/pdf", "image/jpeg", "image/png", "image/webp")


def _binary(description: str, *types: str) -> dict:
    """OpenAPI for a 200 answer carrying a file rather than JSON."""
    schema = {"type": "string", "format": "binary"}
    return {
        "responses": {
            "200": {"description": description, "content": {t: {"schema": schema} for t in types}}
        }
    }


def _report(request, report_id: int) -> Report:
    return visible_or_404(
        Report.objects.visible_to(request.user).select_related("plan", "unit", "last_version"),
        report_id,
    )


def _version(report: Report, number: int | None) -> ReportVersion:
    if number is None:
        if report.last_version_id is None:
            raise ApiError(404, "not_found", _("The report has no submitted version yet."))
        return report.last_version
    found = report.versions.filter(number=number).first()
    if found is None:
        raise ApiError(404, "not_found", _("The report has no such version."))
    return found


@router.get(
    "/{int:report_id}/attachments",
    response={200: list[ReportAttachmentOut], **READ_ERRORS},
    summary="List the documents attached to a report",
)
def list_attachments(request, report_id: int):
    report = _report(request, report_id)
    return list(report.attachments.filter(removed_at__isnull=True))


@router.post(
    "/{int:report_id}/attachments",
    response={201: ReportAttachmentOut, **WRITE_ERRORS},
    summary="Attach a PDF or DOCX document to a draft or returned report",
)
def post_attachment(request, report_id: int, file: File[UploadedFile]):
    report = _report(request, report_id)
    return Status(201, domain.add_attachment(report, by=request.user, upload=file))


@attachments_router.delete(
    "/{int:report_attachment_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a document from a draft or returned report",
    description="A document a submitted version holds stays in that version.",
)
def delete_attachment(request, report_attachment_id: int):
    attachment = serving.attachment_for(request.user, report_attachment_id)
    domain.remove_attachment(attachment, by=request.user)
    return Status(204, None)


@attachments_router.get(
    "/{int:report_attachment_id}/file",
    response=READ_ERRORS,
    summary="Download a document attached to a report",
    url_name="report_attachment_file",
    openapi_extra=_binary("The document.", *_DOCUMENT_TYPES),
)
def attachment_file(request, report_attachment_id: int):
    attachment = serving.attachment_for(request.user, report_attachment_id)
    return serving.attachment_response(attachment)


@router.post(
    "/{int:report_id}/scan",
    response={200: ScanOut, **WRITE_ERRORS},
    summary="Add or replace the signed and stamped scan (PDF or photo) of the last version",
)
def post_scan(request, report_id: int, file: File[UploadedFile]):
    report = _report(request, report_id)
    if report.last_version_id is None:
        raise ApiError(400, "invalid", _("The scan belongs to a submitted report."))
    return domain.add_scan(report.last_version, by=request.user, upload=file)


@router.get(
    "/{int:report_id}/scan",
    response=READ_ERRORS,
    summary="Download the signed and stamped scan of a version",
    url_name="report_scan",
    openapi_extra=_binary("The scan.", *_SCAN_TYPES),
)
def scan_file(request, report_id: int, query: Query[ScanQuery]):
    report = _report(request, report_id)
    version = _version(report, query.version)
    if not version.scan:
        raise ApiError(404, "not_found", _("This version has no signed scan yet."))
    return serving.scan_response(version)
