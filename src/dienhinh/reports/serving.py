"""A report's attachments and signed scans as files: THE lookups and THE responses.

The report pages and the API both find these files through ``Report.objects.visible_to``
here and answer with core.serving, so a file is served with the same bytes and headers
wherever it is asked for, and outside the caller's scope it does not exist (404).
"""

from django.http import Http404

from dienhinh.core.serving import file_response
from dienhinh.reports.models import Report, ReportAttachment, ReportVersion


def _visible(queryset, user, pk: int):
    found = queryset.filter(report__in=Report.objects.visible_to(user).values("pk"), pk=pk).first()
    if found is None:
        raise Http404
    return found


def attachment_for(user, pk: int) -> ReportAttachment:
    """The attachment ``pk`` if ``user`` may see its report; Http404 otherwise."""
    return _visible(ReportAttachment.objects.select_related("report__unit"), user, pk)


def version_for(user, pk: int) -> ReportVersion:
    """The version ``pk`` if ``user`` may see its report; Http404 otherwise."""
    return _visible(ReportVersion.objects.select_related("report__unit"), user, pk)


def attachment_response(attachment: ReportAttachment):
    return file_response(
        attachment.file.name,
        content_type=attachment.content_type,
        filename=attachment.original_name,
        as_attachment=True,
    )


def scan_response(version: ReportVersion):
    """The version's signed scan; Http404 when it has none yet."""
    if not version.scan:
        raise Http404
    return file_response(
        version.scan.name,
        content_type=version.scan_type or "application/pdf",
        filename=version.scan_name or "scan.pdf",
        as_attachment=True,
    )
