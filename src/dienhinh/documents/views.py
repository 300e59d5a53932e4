"""Download a document as DOCX or PDF, and the file of a finished background job.

Everything goes through documents.service.prepare (the model's visibility function): a
document the reader may not have is a 404. A PDF not yet made waits at most
DOCUMENTS_PDF_WAIT seconds for the converter; if it is busy, the conversion becomes a
background job whose page shows its progress and then the download.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from dienhinh.core.models import Job
from dienhinh.core.web import add_domain_errors, once_per_submission
from dienhinh.documents import exports, fields, service
from dienhinh.documents.forms import PlanDocumentFieldsForm
from dienhinh.documents.models import PlanDocumentKind
from dienhinh.documents.pdf import Busy, ConversionError, docx_to_pdf
from dienhinh.documents.rendering import DocumentTemplateError
from dienhinh.plans.models import Plan


def _file(content: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _back(request):
    """Back to the page the link was on (only on this site), where the message shows."""
    referer = request.headers.get("referer") or ""
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(referer)
    return redirect("workspace:home")


@login_required
@require_GET
def download(request, kind: str, pk: int, fmt: str):
    try:
        prepared = service.prepare(kind, pk, user=request.user)
    except service.DocumentNotFound:
        raise Http404 from None
    try:
        docx = service.docx_of(prepared)
    except DocumentTemplateError as error:
        messages.error(request, error.message)
        return _back(request)
    if fmt == "docx":
        return _file(docx, f"{prepared.name}.docx", service.DOCX_TYPE)
    try:
        pdf = docx_to_pdf(docx, wait=settings.DOCUMENTS_PDF_WAIT)
    except Busy:
        job = exports.start_pdf_job(prepared, by=request.user)
        return redirect("job", pk=job.pk)
    except ConversionError as error:
        messages.error(request, error.message)
        return _back(request)
    return _file(pdf, f"{prepared.name}.pdf", "application/pdf")


@login_required
@require_GET
def job_file(request, pk: int):
    """The file of the requester's own finished job (404 for anyone else, or once removed)."""
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    path = exports.result_file(job)
    if path is None:
        raise Http404
    response = FileResponse(path.open("rb"), as_attachment=True, filename=job.result["name"])
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
@once_per_submission
def export(request, plan_id: int):
    """Start the long summary export (tables by unit under the issuer, XLSX annex of every
    unit) in the background; its job page shows the progress, then the download."""
    try:
        job = exports.start_export("summary", plan_id, by=request.user)
    except service.DocumentNotFound:
        raise Http404 from None
    return redirect("job", pk=job.pk)


@login_required
@require_http_methods(["GET", "POST"])
def plan_document_fields(request, plan_id: int, kind: str):
    """The small form of a summary's or score table's number, date, recipients and signer
    (kept per plan), for those who issue the plan's documents; 404 for anyone else."""
    plan = Plan.objects.visible_to(request.user).select_related("issuing_unit").filter(pk=plan_id)
    plan = plan.first()
    if plan is None or kind not in PlanDocumentKind.values:
        raise Http404
    if not service.may_summarise(request.user, plan):
        raise Http404
    form = PlanDocumentFieldsForm(
        request.POST or None, initial=fields.stored_or_default(plan, kind)
    )
    if request.method == "POST" and form.is_valid():
        try:
            fields.save_plan_document_fields(plan, kind, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_domain_errors(form, error)
        else:
            messages.success(request, _("The document's fields were saved."))
            return redirect("documents:fields", plan.pk, kind)
    return render(
        request,
        "documents/fields.html",
        {
            "plan": plan,
            "kind": kind,
            "label": PlanDocumentKind(kind).label,
            "form": form,
            "by_child": kind == "summary" and plan_is_large(request.user, plan),
        },
    )


def plan_is_large(user, plan) -> bool:
    """Whether the summary tabulates the units directly under the issuer (every unit in
    the export's annex) rather than every unit."""
    return len(service.summary_rows(user, plan)) > service.SUMMARY_UNIT_ROWS
