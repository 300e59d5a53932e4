"""GET /api/v1/documents/{kind}/{id} and the long exports, with the pages' permissions;
one PDF conversion (and a busy converter handing the PDF to a job)."""

import datetime
import fcntl
import io
import zipfile

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from dienhinh.core import jobs
from dienhinh.core.models import Job
from dienhinh.documents.exports import pdf_job_work, remove_expired
from dienhinh.documents.text import docx_text
from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.workflow import transition_report
from tests.documents.conftest import needs_soffice


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("documents-cache")


@pytest.fixture(autouse=True)
def _cache(settings, cache_dir):
    settings.DOCUMENTS_CACHE_DIR = cache_dir


def test_a_document_as_docx_with_the_pages_permissions(world, plan, api_client):
    url = f"/api/v1/documents/plan/{plan.pk}?format=docx"
    response = api_client(world.officer_a).get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "Số: 57/KH-LĐLĐ" in docx_text(response.content)
    assert api_client(world.outsider).get(url).status_code == 404
    assert (
        api_client(world.officer_a).get(f"/api/v1/documents/summary/{plan.pk}").status_code == 404
    )
    assert api_client(world.monitor).get(f"/api/v1/documents/summary/{plan.pk}").status_code == 200
    assert api_client(world.monitor).get(f"/api/v1/documents/story/{plan.pk}").status_code == 422
    assert api_client(world.monitor).get(f"{url[:-4]}xlsx").status_code == 422


@needs_soffice
def test_a_pdf_now_or_through_a_job_when_the_converter_is_busy(world, plan, api_client, settings):
    settings.DOCUMENTS_PDF_WAIT = 0
    client = api_client(world.monitor)
    # Another conversion holds the converter: the PDF becomes a job.
    with open(settings.DOCUMENTS_CACHE_DIR / "convert.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        busy = client.get(f"/api/v1/documents/plan/{plan.pk}?format=pdf")
        fcntl.flock(lock, fcntl.LOCK_UN)
    assert busy.status_code == 202, busy.content
    body = busy.json()
    assert (body["status"], body["download_url"]) == ("queued", None)
    assert jobs.run(body["id"], pdf_job_work)
    done = client.get(f"/api/v1/exports/{body['id']}").json()
    assert done["status"] == "done" and done["progress"] == 1
    file = client.get(done["download_url"])
    assert file.status_code == 200 and b"".join(file.streaming_content).startswith(b"%PDF-")
    assert api_client(world.officer_a).get(f"/api/v1/exports/{body['id']}").status_code == 404
    # Now converted: the same document is answered at once from the cache.
    now = client.get(f"/api/v1/documents/plan/{plan.pk}?format=pdf")
    assert now.status_code == 200 and now.content.startswith(b"%PDF-")


def test_a_long_export_runs_in_the_background_for_its_requester_only(
    world, plan, api_client, run_tasks
):
    report = report_for(plan, world.unit_a)
    save_narrative(report, by=world.officer_a, results="Tốt.")
    transition_report(report, action="submit", by=world.officer_a)
    client = api_client(world.monitor)
    with run_tasks():
        started = client.post(
            "/api/v1/exports",
            {"kind": "summary", "plan_id": plan.pk},
            content_type="application/json",
        )
    assert started.status_code == 202, started.content
    export = client.get(f"/api/v1/exports/{started.json()['id']}").json()
    assert export["status"] == "done" and export["download_url"]
    answer = client.get(export["download_url"])
    archive = zipfile.ZipFile(io.BytesIO(b"".join(answer.streaming_content)))
    [docx_name] = [n for n in archive.namelist() if n.endswith(".docx")]
    [xlsx_name] = [n for n in archive.namelist() if n.endswith(".xlsx")]
    text = docx_text(archive.read(docx_name))
    assert "Biểu 1. Tình hình báo cáo theo đơn vị trực thuộc" in text
    assert "Phụ lục: danh sách đầy đủ các đơn vị" in text
    assert "Liên đoàn Lao động huyện Càng Long" in text
    sheet = load_workbook(io.BytesIO(archive.read(xlsx_name))).active
    units = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "Công đoàn cơ sở Trạm Y tế xã An Trường" in units
    # The requester's alone; an officer may not start one.
    assert api_client(world.fed_admin).get(f"/api/v1/exports/{export['id']}").status_code == 404
    refused = api_client(world.officer_a).post(
        "/api/v1/exports", {"kind": "summary", "plan_id": plan.pk}, content_type="application/json"
    )
    assert refused.status_code == 404
    # Removed after the set time.
    Job.objects.filter(pk=export["id"]).update(
        finished_at=timezone.now() - datetime.timedelta(hours=25)
    )
    assert remove_expired() == 1
    assert client.get(f"/api/v1/exports/{export['id']}").json()["download_url"] is None
