"""Official documents: one document as DOCX or PDF, and long exports in the background,
with the pages' permissions (documents.service; a document the caller may not have is a
404). A PDF the converter cannot make within DOCUMENTS_PDF_WAIT seconds is handed to a job:
the answer is then 202 with the job, as for an export."""

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import File, Query, Router
from ninja.files import UploadedFile
from ninja.responses import Status

from dienhinh.api.errors import ApiError
from dienhinh.api.lookups import visible_or_404
from dienhinh.api.schemas.common import READ_ERRORS, WRITE_ERRORS, errors
from dienhinh.api.schemas.documents import (
    ExportIn,
    ExportOut,
    FormatParams,
    TemplateOut,
    TemplateParams,
)
from dienhinh.core import jobs
from dienhinh.core.models import Job
from dienhinh.documents import exports, service, templates
from dienhinh.documents.models import DocumentKind
from dienhinh.documents.pdf import Busy, ConversionError, docx_to_pdf
from dienhinh.documents.rendering import DocumentTemplateError
from dienhinh.orgs.models import OrgUnit

router = Router(tags=["documents"])
exports_router = Router(tags=["documents"])


def _export(job: Job) -> dict:
    done, total = jobs.progress_of(job)
    ready = exports.result_file(job) is not None
    return {
        "id": job.pk,
        "status": job.state,
        "progress": round(done / total, 3) if total else 0.0,
        "download_url": reverse("api:export_file", args=[job.pk]) if ready else None,
        "errors": [e.get("message", "") for e in job.errors or []],
    }


def _binary(description: str, *types: str) -> dict:
    schema = {"type": "string", "format": "binary"}
    return {
        "responses": {
            "200": {"description": description, "content": {t: {"schema": schema} for t in types}}
        }
    }


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _managed_unit(request, unit_id: int) -> OrgUnit:
    return visible_or_404(OrgUnit.objects.managed_by(request.user), unit_id, field="unit_id")


def _template_out(current) -> dict:
    row = current.own or current.inherited
    return {
        "kind": current.kind,
        "source": current.source,
        "name": row.name if row else f"{current.kind}.docx",
        "unit_id": row.unit_id if row else None,
        "uploaded_at": row.uploaded_at.isoformat() if row else None,
    }


@router.get(
    "/templates",
    response={200: list[TemplateOut], **READ_ERRORS},
    summary="The templates a unit's documents use (for its subtree administrators)",
)
def list_templates(request, params: Query[TemplateParams]):
    unit = _managed_unit(request, params.unit_id)
    return [_template_out(t) for t in templates.current_templates(unit)]


@router.get(
    "/templates/{int:unit_id}/{kind}",
    response=READ_ERRORS,
    summary="Download the template a unit's documents of this kind use",
    openapi_extra=_binary("The DOCX template.", service.DOCX_TYPE),
)
def get_template(request, unit_id: int, kind: DocumentKind, builtin: bool = False):
    data, name = templates.template_file(_managed_unit(request, unit_id), kind, builtin=builtin)
    return _file(data, name, service.DOCX_TYPE)


@router.post(
    "/templates/{int:unit_id}/{kind}",
    response={200: TemplateOut, **WRITE_ERRORS},
    summary="Upload the unit's own template for this kind (checked; 400 names the problem)",
)
def put_template(request, unit_id: int, kind: DocumentKind, file: File[UploadedFile]):
    unit = _managed_unit(request, unit_id)
    templates.upload_template(
        unit,
        kind,
        name=file.name or f"{kind}.docx",
        data=file.read(templates.MAX_TEMPLATE_BYTES + 1),
        by=request.user,
    )
    return _template_out(next(t for t in templates.current_templates(unit) if t.kind == kind))


@router.delete(
    "/templates/{int:unit_id}/{kind}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove the unit's own template: back to the one above or the built-in one",
)
def delete_template(request, unit_id: int, kind: DocumentKind):
    templates.revert_template(_managed_unit(request, unit_id), kind, by=request.user)
    return Status(204, None)


@router.get(
    "/{kind}/{int:object_id}",
    response={202: ExportOut, **errors(400, 401, 404, 422, 503)},
    summary="Download an official document (DOCX or PDF)",
    openapi_extra=_binary("The document.", service.DOCX_TYPE, "application/pdf"),
)
def get_document(request, kind: DocumentKind, object_id: int, params: Query[FormatParams]):
    try:
        prepared = service.prepare(kind, object_id, user=request.user)
    except service.DocumentNotFound:
        raise ApiError(404, "not_found", _("Not found.")) from None
    try:
        docx = service.docx_of(prepared)
    except DocumentTemplateError as error:
        raise ApiError(400, "broken_template", error.message) from None
    if params.format == "docx":
        return _file(docx, f"{prepared.name}.docx", service.DOCX_TYPE)
    try:
        pdf = docx_to_pdf(docx, wait=settings.DOCUMENTS_PDF_WAIT)
    except Busy:
        return Status(202, _export(exports.start_pdf_job(prepared, by=request.user)))
    except ConversionError as error:
        raise ApiError(503, "conversion_failed", error.message) from None
    return _file(pdf, f"{prepared.name}.pdf", "application/pdf")


@exports_router.post(
    "", response={202: ExportOut, **WRITE_ERRORS}, summary="Start a long export in the background"
)
def post_export(request, payload: ExportIn):
    try:
        job = exports.start_export(payload.kind, payload.plan_id, by=request.user)
    except service.DocumentNotFound:
        raise ApiError(
            404,
            "not_found",
            _("Not found."),
            [{"field": "plan_id", "message": _("No such object.")}],
        ) from None
    return Status(202, _export(job))


def _job(request, export_id: int) -> Job:
    kinds = (exports.EXPORT_JOB, exports.PDF_JOB)
    return visible_or_404(Job.objects.visible_to(request.user).filter(kind__in=kinds), export_id)


@exports_router.get(
    "/{int:export_id}", response={200: ExportOut, **READ_ERRORS}, summary="How an export stands"
)
def get_export(request, export_id: int):
    return _export(_job(request, export_id))


@exports_router.get(
    "/{int:export_id}/file",
    response=READ_ERRORS,
    summary="Download a finished export",
    url_name="export_file",
    openapi_extra=_binary("The file.", "application/zip", "application/pdf"),
)
def export_file(request, export_id: int):
    job = _job(request, export_id)
    path = exports.result_file(job)
    if path is None:
        raise ApiError(404, "not_found", _("Not found."))
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result["name"])
