"""Documents made in the background (core.jobs): a PDF a page could not wait for, and the
long exports (a national summary: its table by province, and an XLSX annex of every unit
written with openpyxl's write-only mode). The files live under the documents cache, are
the requester's alone (the job is), and are removed DOCUMENTS_EXPORT_HOURS after they end.
"""

import datetime
import io
import zipfile
from pathlib import Path

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook

from dienhinh.core import jobs
from dienhinh.core.models import Job
from dienhinh.documents import service
from dienhinh.documents.models import DocumentKind
from dienhinh.documents.pdf import ConversionError, content_hash, docx_to_pdf
from dienhinh.documents.rendering import DocumentTemplateError
from dienhinh.plans.models import Plan
from dienhinh.reports.enums import Timeliness

PDF_JOB = "documents.pdf"
EXPORT_JOB = "documents.export"
EXPORT_KINDS = ("summary",)


def export_dir() -> Path:
    directory = Path(settings.DOCUMENTS_CACHE_DIR) / "exports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def start_pdf_job(prepared: service.Prepared, *, by) -> Job:
    return jobs.start(
        PDF_JOB,
        owner=by,
        title=_("PDF of %(name)s") % {"name": prepared.name},
        total=1,
        params={"kind": prepared.kind, "pk": prepared.pk},
        task=_task("pdf_job_task"),
    )


def start_export(kind: str, plan_id: int, *, by) -> Job:
    """Queue a long export of ``kind`` for the plan (DocumentNotFound if the requester may
    not have it)."""
    plan = Plan.objects.visible_to(by).filter(pk=plan_id).first()
    if kind not in EXPORT_KINDS or plan is None or not service.may_summarise(by, plan):
        raise service.DocumentNotFound
    remove_expired()  # the files of old exports go as new ones come
    return jobs.start(
        EXPORT_JOB,
        owner=by,
        title=_("Summary of the reports on plan %(ref)s") % {"ref": plan.reference},
        total=3,
        params={"kind": kind, "plan": plan.pk},
        task=_task("export_job_task"),
    )


def _task(name: str):
    from dienhinh.documents import tasks

    return getattr(tasks, name)


def pdf_job_work(job: Job, progress) -> tuple[dict, list]:
    try:
        prepared = service.prepare(job.params["kind"], job.params["pk"], user=job.owner)
        docx = service.docx_of(prepared)
        pdf = docx_to_pdf(docx)
    except service.DocumentNotFound:
        return {}, [{"row": None, "message": _("This document is no longer yours to see.")}]
    except (DocumentTemplateError, ConversionError) as error:
        return {}, [{"row": None, "message": error.message}]
    path = export_dir() / f"{job.pk}.pdf"
    path.write_bytes(pdf)
    progress(1)
    return {"file": path.name, "name": f"{prepared.name}.pdf", "sha256": content_hash(docx)}, []


def _annex(rows) -> bytes:
    """Every expected unit, one row each (write-only: the rows stream to the file)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Don vi")
    sheet.append(["Mã", "Đơn vị", "Tình trạng", "Ngày nộp", "Hồ sơ", "Bài đăng", "Sinh hoạt"])
    for row in rows:
        version = row.report.last_version if row.report else None
        figures = version.figures if version else {}
        counted = row.report.counted_from if row.report else None
        if isinstance(counted, datetime.datetime):
            counted = timezone.localtime(counted).date()
        sheet.append(
            [
                row.unit.code,
                version.unit_name if version else row.unit.name,
                str(Timeliness(row.status).label),
                counted,
                figures.get("dossiers_total"),
                figures.get("stories_published"),
                figures.get("meetings"),
            ]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def export_job_work(job: Job, progress) -> tuple[dict, list]:
    from dienhinh.documents.rendering import render_docx
    from dienhinh.documents.reports import summary_context
    from dienhinh.documents.service import template_for

    plan = Plan.objects.visible_to(job.owner).filter(pk=job.params["plan"]).first()
    if plan is None or not service.may_summarise(job.owner, plan):
        return {}, [{"row": None, "message": _("This document is no longer yours to see.")}]
    with translation.override("vi"):
        rows = service.summary_rows(job.owner, plan)
        progress(1)
        context = summary_context(plan, rows, by_child=True)
        try:
            docx = render_docx(template_for(DocumentKind.SUMMARY, plan.issuing_unit), context)
        except DocumentTemplateError as error:
            return {}, [{"row": None, "message": error.message}]
        progress(2)
        annex = _annex(rows)
    name = f"tong-hop-{plan.number}-{plan.year}"
    path = export_dir() / f"{job.pk}.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.docx", docx)
        archive.writestr(f"{name}-phu-luc.xlsx", annex)
    progress(3)
    return {"file": path.name, "name": f"{name}.zip"}, []


def result_file(job: Job) -> Path | None:
    """The finished job's file, unless it has expired (then it is removed)."""
    name = (job.result or {}).get("file")
    if job.state != Job.State.DONE or not name:
        return None
    path = export_dir() / Path(name).name
    if job.finished_at and timezone.now() - job.finished_at > datetime.timedelta(
        hours=settings.DOCUMENTS_EXPORT_HOURS
    ):
        path.unlink(missing_ok=True)
        return None
    return path if path.exists() else None


def remove_expired(*, now=None) -> int:
    """Delete the files of jobs that ended more than DOCUMENTS_EXPORT_HOURS ago."""
    now = now or timezone.now()
    old = Job.objects.filter(
        kind__in=(PDF_JOB, EXPORT_JOB),
        finished_at__lt=now - datetime.timedelta(hours=settings.DOCUMENTS_EXPORT_HOURS),
    )
    removed = 0
    for result in old.values_list("result", flat=True):
        name = (result or {}).get("file")
        if name and (export_dir() / Path(name).name).exists():
            (export_dir() / Path(name).name).unlink()
            removed += 1
    return removed


def register_job_kinds() -> None:
    from django.urls import reverse

    for kind in (PDF_JOB, EXPORT_JOB):
        jobs.register(
            kind,
            result_template="documents/_job_result.html",
            back_url=lambda job: reverse("workspace:home"),
        )
