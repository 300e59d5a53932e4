"""Attachments of a report and the signed scan of a version: uploaded through
reports.domain, served through core.serving after the report's visibility check."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from dienhinh.core.web import once_per_submission
from dienhinh.reports import domain, serving
from dienhinh.reports.forms import ScanForm, UploadForm
from dienhinh.reports.models import ReportAttachment, ReportVersion
from dienhinh.reports.views.common import visible_report


def _back(report):
    return redirect(reverse("reports:unit_report", args=[report.plan_id, report.unit_id]))


def _visible_attachment(user, pk: int) -> ReportAttachment:
    return serving.attachment_for(user, pk)


def _visible_version(user, pk: int) -> ReportVersion:
    return serving.version_for(user, pk)


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
    return serving.attachment_response(_visible_attachment(request.user, pk))


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
    return serving.scan_response(_visible_version(request.user, pk))
