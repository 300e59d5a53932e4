"""The API's report files and monitor actions: attachments, the signed scan, a report
received by email and closing a missing one — with the pages' permissions and checks."""

import datetime
import json

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dienhinh.reports.domain import add_attachment, report_for
from dienhinh.reports.enums import ReportState
from dienhinh.reports.models import Report, ReportAttachment, ReportVersion
from tests.api.conftest import assert_error
from tests.factories import jpeg_bytes, pdf_bytes


def _pdf(name="Báo cáo đợt 1.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def _not_a_document():
    return SimpleUploadedFile(
        "bao-cao.pdf", b"just text, not a PDF", content_type="application/pdf"
    )


def _post(client, url, body=None):
    return client.post(url, json.dumps(body or {}), content_type="application/json")


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_attachments_listed_uploaded_downloaded_and_removed(world, plan, api_client):
    report = report_for(plan, world.unit_a)
    officer, sibling = api_client(world.officer_a), api_client(world.officer_b)
    url = f"/api/v1/reports/{report.pk}/attachments"

    refused = officer.post(url, {"file": _not_a_document()})
    error = assert_error(refused, 400)
    assert error["message"] == "Only PDF and DOCX documents can be attached."
    assert not ReportAttachment.objects.exists()

    added = officer.post(url, {"file": _pdf()})
    assert added.status_code == 201, added.content
    attachment = added.json()
    assert attachment["original_name"] == "Báo cáo đợt 1.pdf"
    assert attachment["content_type"] == "application/pdf"
    assert officer.get(url).json() == [attachment]
    detail = officer.get(f"/api/v1/reports/{report.pk}").json()
    assert [a["id"] for a in detail["attachments"]] == [attachment["id"]]

    download = officer.get(attachment["url"])
    assert download.status_code == 200 and _body(download) == pdf_bytes()
    assert download["Content-Disposition"].startswith("attachment;")
    assert api_client(world.reviewer).get(attachment["url"]).status_code == 200

    # The sibling unit's officer: nothing of it exists.
    assert_error(sibling.get(url), 404)
    assert_error(sibling.post(url, {"file": _pdf()}), 404)
    assert_error(sibling.get(attachment["url"]), 404)
    assert_error(sibling.delete(f"/api/v1/report-attachments/{attachment['id']}"), 404)
    assert ReportAttachment.objects.count() == 1
    # The upper unit's reviewer reads it but does not write the unit's report.
    assert_error(api_client(world.reviewer).post(url, {"file": _pdf()}), 403)

    removed = officer.delete(f"/api/v1/report-attachments/{attachment['id']}")
    assert removed.status_code == 204
    assert officer.get(url).json() == []
    assert not ReportAttachment.objects.exists()


def test_a_submitted_reports_attachments_are_frozen(world, plan, api_client, submit):
    report = report_for(plan, world.unit_a)
    kept = add_attachment(report, by=world.officer_a, upload=_pdf())
    submit(world.unit_a)
    officer = api_client(world.officer_a)
    error = assert_error(
        officer.post(f"/api/v1/reports/{report.pk}/attachments", {"file": _pdf()}), 400
    )
    assert error["message"] == "Only a draft or a returned report can be changed."
    assert_error(officer.delete(f"/api/v1/report-attachments/{kept.pk}"), 400)
    body = officer.get(f"/api/v1/reports/{report.pk}").json()
    assert body["versions"][0]["attachment_ids"] == [kept.pk]
    assert [a["id"] for a in body["attachments"]] == [kept.pk]


def test_the_signed_scan_added_replaced_and_downloaded(
    world, plan, api_client, submit, django_capture_on_commit_callbacks
):
    report = report_for(plan, world.unit_a)
    officer, sibling = api_client(world.officer_a), api_client(world.officer_b)
    url = f"/api/v1/reports/{report.pk}/scan"
    assert_error(officer.post(url, {"file": _pdf()}), 400)  # nothing submitted yet
    assert_error(officer.get(url), 404)
    submit(world.unit_a)

    error = assert_error(officer.post(url, {"file": _not_a_document()}), 400)
    assert error["message"] == "The signed scan must be a PDF or a photo (JPEG, PNG or WebP)."
    assert not ReportVersion.objects.get(report=report).scan

    added = officer.post(url, {"file": _pdf("Báo cáo có dấu.pdf")})
    assert added.status_code == 200, added.content
    assert added.json()["version"] == 1 and added.json()["name"] == "Báo cáo có dấu.pdf"
    first = ReportVersion.objects.get(report=report).scan.name
    assert officer.get(f"/api/v1/reports/{report.pk}").json()["has_scan"] is True
    assert _body(officer.get(url)) == pdf_bytes()
    assert _body(officer.get(added.json()["url"])) == pdf_bytes()
    assert_error(officer.get(url, {"version": 2}), 404)

    assert_error(sibling.post(url, {"file": _pdf()}), 404)
    assert_error(sibling.get(url), 404)
    assert ReportVersion.objects.get(report=report).scan.name == first

    photo = SimpleUploadedFile("scan.jpg", jpeg_bytes(), content_type="image/jpeg")
    with django_capture_on_commit_callbacks(execute=True):
        replaced = api_client(world.monitor).post(url, {"file": photo})
    assert replaced.status_code == 200 and replaced.json()["content_type"] == "image/jpeg"
    assert officer.get(url)["Content-Type"] == "image/jpeg"
    assert not default_storage.exists(first)


def test_a_report_received_by_email_through_the_api(world, plan, api_client):
    monitor = api_client(world.monitor)
    started = _post(monitor, "/api/v1/reports", {"plan_id": plan.pk, "unit_id": world.unit_b.pk})
    assert started.status_code == 201, started.content
    report_id = started.json()["id"]
    url = f"/api/v1/reports/{report_id}/received"
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    future = monitor.post(url, {"received_on": tomorrow.isoformat(), "file": _pdf()})
    assert assert_error(future, 400)["details"][0]["field"] == "received_on"
    bad = monitor.post(url, {"received_on": yesterday.isoformat(), "file": _not_a_document()})
    assert_error(bad, 400)
    # Nothing half-saved: no version, no attachment, still a draft.
    report = Report.objects.get(pk=report_id)
    assert report.state == ReportState.DRAFT and report.received_on is None
    assert not report.versions.exists() and not ReportAttachment.objects.exists()
    assert_error(monitor.post(url, {"received_on": yesterday.isoformat()}), 422)

    body = {"received_on": yesterday.isoformat(), "file": _pdf()}
    assert_error(api_client(world.officer_a).post(url, body), 404)
    assert_error(api_client(world.officer_b).post(url, body), 403)
    assert_error(api_client(world.reviewer).post(url, body), 403)
    recorded = monitor.post(url, {"received_on": yesterday.isoformat(), "file": _pdf()})
    assert recorded.status_code == 200, recorded.content
    answer = recorded.json()
    assert answer["state"] == "submitted" and answer["status"] == "on_time"
    assert answer["received_on"] == yesterday.isoformat()
    assert answer["first_submitted_at"] is None
    version = answer["versions"][0]
    assert version["channel"] == "email" and len(version["attachment_ids"]) == 1


def test_closing_a_missing_report_through_the_api(world, plan, api_client):
    report = report_for(plan, world.unit_a)
    monitor = api_client(world.monitor)
    url = f"/api/v1/reports/{report.pk}/close-missing"
    assert "not due" in assert_error(_post(monitor, url, {"reason": "Quá hạn"}), 400)["message"]
    plan.report_deadline = datetime.date.today() - datetime.timedelta(days=1)
    plan.nomination_deadline = plan.report_deadline - datetime.timedelta(days=30)
    plan.save()
    assert assert_error(_post(monitor, url, {"reason": ""}), 400)["details"][0]["field"] == "reason"
    assert_error(_post(api_client(world.officer_b), url, {"reason": "Quá hạn"}), 404)
    assert_error(_post(api_client(world.officer_a), url, {"reason": "Quá hạn"}), 403)
    assert Report.objects.get(pk=report.pk).state == ReportState.DRAFT
    closed = _post(monitor, url, {"reason": "Không gửi báo cáo sau hai lần nhắc"})
    assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "missing" and closed.json()["status"] == "closed"
    assert closed.json()["missing_reason"] == "Không gửi báo cáo sau hai lần nhắc"
    listing = monitor.get("/api/v1/reports", {"plan_id": plan.pk}).json()["items"]
    assert listing[0]["missing_reason"] == "Không gửi báo cáo sau hai lần nhắc"


def test_the_list_with_attachments_costs_the_same_for_one_and_three(
    world, plan, api_client, django_assert_num_queries
):
    client = api_client(world.monitor)
    client.get("/api/v1/reports")  # token, session and caches warmed
    first = report_for(plan, world.unit_a)
    add_attachment(first, by=world.officer_a, upload=_pdf())
    with CaptureQueriesContext(connection) as one:
        client.get("/api/v1/reports")
    for unit, by in ((world.unit_b, world.officer_b), (world.unit_c, world.fed_admin)):
        report = report_for(plan, unit)
        add_attachment(report, by=by, upload=_pdf())
        add_attachment(report, by=by, upload=_pdf("Phụ lục.pdf"))
    with django_assert_num_queries(len(one)):
        items = client.get("/api/v1/reports").json()["items"]
    assert [len(item["attachments"]) for item in items] == [1, 2, 2]
