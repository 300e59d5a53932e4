"""Attachments of a report and the signed scan of a version: uploaded through
reports.domain, served through core.serving after the report's visibility check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.serving import file_response
from dienhinh.core.web import once_per_submission
from dienhinh.reports import domain
from dienhinh.reports.forms import ScanForm, UploadForm
from dienhinh.reports.models import Report, ReportAttachment, ReportVersion
from dienhinh.reports.views.common import visible_report


def _back(report):
    return redirect(reverse("reports:unit_report", args=[report.plan_id, report.unit_id]))


def _visible_attachment(user, pk: int) -> ReportAttachment:
    return get_object_or_404(
        ReportAttachment.objects.select_related("report"),
        pk=pk,
        report__in=Report.objects.visible_to(user),
    )


def _visible_version(user, pk: int) -> ReportVersion:
    return get_object_or_404(
        ReportVersion.objects.select_related("report"),
        pk=pk,
        report__in=Report.objects.visible_to(user),
    )


def _report_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
@require_POST
@once_per_submission
def attachment_upload(request, pk: int):
    report = visible_report(request.user, pk)
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
        return _back(report)
    try:
        domain.add_attachment(report, by=request.user, upload=form.cleaned_data["file"])
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, _("The document was attached."))
    return _back(report)


@login_required
@require_GET
def attachment(request, pk: int):
    found = _visible_attachment(request.user, pk)
    return file_response(
        found.file.name,
        content_type=found.content_type,
        filename=found.original_name,
        as_attachment=True,
    )


@login_required
@require_POST
def attachment_remove(request, pk: int):
    found = _visible_attachment(request.user, pk)
    try:
        domain.remove_attachment(found, by=request.user)
    except ValidationError as error:
        _report_errors(request, error)
    else:
        messages.success(request, _("The document was removed from the report."))
    return _back(found.report)


@login_required
@require_POST
@once_per_submission
def scan_upload(request, pk: int):
    version = _visible_version(request.user, pk)
    form = ScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, next(iter(form.errors.values()))[0])
    else:
        try:
            domain.add_scan(version, by=request.user, upload=form.cleaned_data["file"])
        except ValidationError as error:
            _report_errors(request, error)
        else:
            messages.success(request, _("The signed scan was added."))
    return redirect("reports:version", version.pk)


@login_required
@require_GET
def scan(request, pk: int):
    version = _visible_version(request.user, pk)
    return file_response(
        version.scan.name,
        content_type=version.scan_type or "application/pdf",
        filename=version.scan_name or "scan.pdf",
        as_attachment=True,
    )
