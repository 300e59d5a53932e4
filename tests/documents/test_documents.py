"""The documents from the records: plan 57 from its record, a unit's report (frozen
figures), the summary (a unit without a report is missing), the achievement reports; who
may download them; unit templates and broken ones."""

import datetime
import io
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from dienhinh.demo import plan57
from dienhinh.documents import service
from dienhinh.documents.models import UnitTemplate
from dienhinh.documents.templates import upload_template
from dienhinh.documents.text import docx_text
from dienhinh.nominations.enums import Action
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.plans.models import Plan, PlanSection
from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.workflow import transition_report
from tests.documents.test_layout import render
from tests.factories import make_nomination


@pytest.fixture
def plan_57(plan):
    """The ``plan`` fixture holding plan 57's document as the demo writes it."""
    Plan.objects.filter(pk=plan.pk).update(title=plan57.PLAN_57["title"], **plan57.DOCUMENT)
    PlanSection.objects.bulk_create(
        [
            PlanSection(plan=plan, position=i, heading=h, body="\n".join(ps))
            for i, (h, ps) in enumerate(plan57.SECTIONS)
        ]
    )
    plan.refresh_from_db()
    return plan


def docx(kind, pk, user) -> bytes:
    return service.docx_of(service.prepare(kind, pk, user=user))


def test_the_plan_record_gives_the_reference_document(world, plan_57):
    assert docx_text(docx("plan", plan_57.pk, world.officer_a)) == docx_text(render())


def test_a_plan_without_written_text_shows_its_data(world, plan):
    text = docx_text(docx("plan", plan.pk, world.monitor))
    assert "Số: 57/KH-LĐLĐ" in text and "Lao động sản xuất" in text and "Có sáng kiến" in text


def test_a_units_report_keeps_its_frozen_figures(world, plan):
    make_nomination(plan, world.unit_a, by=world.officer_a)
    report = report_for(plan, world.unit_a)
    save_narrative(report, by=world.officer_a, work_done="Đã phổ biến kế hoạch.\nĐã họp.")
    report = transition_report(report, action="submit", by=world.officer_a)
    make_nomination(plan, world.unit_a, by=world.officer_a)  # after submission: not counted
    world.unit_a.name = "Công đoàn cơ sở mới"
    world.unit_a.save()
    text = docx_text(docx("report", report.pk, world.monitor))
    assert "CÔNG ĐOÀN CƠ SỞ TRƯỜNG TIỂU HỌC THỊ TRẤN CÀNG LONG" in text  # the name as it was
    assert "LIÊN ĐOÀN LAO ĐỘNG HUYỆN CÀNG LONG" in text  # its superior above it
    assert "Đã phổ biến kế hoạch.\nĐã họp." in text
    assert "Hồ sơ điển hình đề nghị\n1" in text
    with pytest.raises(service.DocumentNotFound):
        service.prepare("report", report.pk, user=world.officer_b)


def test_the_summary_shows_a_unit_without_report_as_missing(world, plan):
    report = report_for(plan, world.unit_a)
    save_narrative(report, by=world.officer_a, results="Tốt.")
    transition_report(report, action="submit", by=world.officer_a)
    long_ago = datetime.date.today() - datetime.timedelta(days=60)
    Plan.objects.filter(pk=plan.pk).update(report_deadline=long_ago, nomination_deadline=None)
    text = docx_text(docx("summary", plan.pk, world.monitor))
    lines = text.splitlines()
    at = lines.index("Công đoàn cơ sở Trạm Y tế xã An Trường")
    assert lines[at + 1] == "Chưa nộp"  # the status in the document's language
    assert "Các đơn vị chưa báo cáo:" in text and "Trạm Y tế xã An Trường" in text
    assert "đã báo cáo: 1" in text
    with pytest.raises(service.DocumentNotFound):
        service.prepare("summary", plan.pk, user=world.officer_a)


def test_achievement_reports_follow_the_decree_98_forms(world, plan):
    person = make_nomination(
        plan,
        world.unit_a,
        by=world.officer_a,
        achievements="<p>Dạy giỏi <strong>nhiều năm</strong>.</p><ul><li>Sáng kiến A</li></ul>",
        home_town="Càng Long",
        ethnicity="05",
    )
    text = docx_text(docx("achievement", person.pk, world.officer_a))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "BÁO CÁO THÀNH TÍCH" in text
    for heading in ("I. SƠ LƯỢC LÝ LỊCH", "II. THÀNH TÍCH ĐẠT ĐƯỢC", "III. CÁC HÌNH THỨC"):
        assert heading in text
    assert "- Họ và tên: Nguyễn Thị Mai" in text and "- Quê quán: Càng Long" in text
    assert "Dạy giỏi nhiều năm." in text and "- Sáng kiến A" in text
    assert "NGƯỜI BÁO CÁO THÀNH TÍCH" in text and "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ" in text
    assert "Dân tộc" in text  # the officer may see the sensitive fields
    transition_nomination(person, action=Action.SUBMIT, by=world.officer_a)
    assert "Dân tộc" not in docx_text(docx("achievement", person.pk, world.monitor))
    group = make_nomination(
        plan,
        world.unit_a,
        by=world.officer_a,
        subject_kind="collective",
        full_name="",
        collective_name="Tổ Toán trường Tiểu học",
        headcount=12,
    )
    text = docx_text(docx("achievement", group.pk, world.officer_a))
    assert (
        "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH" in text
        and "- Tên tập thể: Tổ Toán trường Tiểu học" in text
    )
    assert "CÔNG ĐOÀN CƠ SỞ TRƯỜNG TIỂU HỌC THỊ TRẤN CÀNG LONG" in text
    assert "THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN" in text


def test_downloads_and_links_for_those_allowed_404_otherwise(login, world, plan_57):
    url = reverse("documents:download", args=["plan", plan_57.pk, "docx"])
    monitor = login(world.monitor)
    response = monitor.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ke-hoach-57-kh-ldld-2017.docx"'
    assert "Trần Trung Truyền" in docx_text(response.content)
    page = monitor.get(reverse("plans:detail", args=[plan_57.pk])).text
    assert url in page
    assert reverse("documents:download", args=["summary", plan_57.pk, "pdf"]) in page
    officer_page = login(world.officer_a).get(reverse("plans:detail", args=[plan_57.pk])).text
    assert url in officer_page
    assert reverse("documents:download", args=["summary", plan_57.pk, "docx"]) not in officer_page
    outsider = login(world.outsider)
    assert outsider.get(url).status_code == 404
    summary = reverse("documents:download", args=["summary", plan_57.pk, "docx"])
    assert login(world.officer_a).get(summary).status_code == 404
    assert monitor.get("/documents/nothing/1.docx").status_code == 404


def test_dossier_and_report_pages_link_their_documents(login, world, plan):
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a)
    officer = login(world.officer_a)
    page = officer.get(reverse("nominations:detail", args=[dossier.pk])).text
    assert reverse("documents:download", args=["achievement", dossier.pk, "docx"]) in page
    report = report_for(plan, world.unit_a)
    page = officer.get(reverse("reports:unit_report", args=[plan.pk, world.unit_a.pk])).text
    assert reverse("documents:download", args=["report", report.pk, "docx"]) in page
    other = login(world.officer_b)
    assert (
        other.get(
            reverse("documents:download", args=["achievement", dossier.pk, "docx"])
        ).status_code
        == 404
    )


def _template_with(text: str) -> bytes:
    document = Document()
    document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_a_broken_template_is_refused_with_its_placeholder(world):
    with pytest.raises(Exception) as refused:
        upload_template(
            world.province,
            "plan",
            name="x.docx",
            data=_template_with("{{ signer_nam }}"),
            by=world.fed_admin,
        )
    assert "signer_nam" in " ".join(refused.value.messages)
    with pytest.raises(Exception) as refused:
        upload_template(
            world.province,
            "plan",
            name="x.docx",
            data=_template_with("Số: {{ reference "),
            by=world.fed_admin,
        )
    assert "Số: {{ reference" in " ".join(refused.value.messages)


def test_a_template_with_macros_or_external_content_is_refused(world):
    data = _template_with("{{ title }}")
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr("word/vbaProject.bin", b"macro")
    with pytest.raises(Exception) as refused:
        upload_template(
            world.province, "plan", name="m.docm", data=out.getvalue(), by=world.fed_admin
        )
    assert refused.value.code == "macros"


def test_a_units_template_is_used_and_a_broken_one_gives_a_message_not_a_500(login, world, plan):
    upload_template(
        world.province,
        "plan",
        name="own.docx",
        data=_template_with("Riêng: {{ title }}"),
        by=world.fed_admin,
    )
    assert (
        docx_text(docx("plan", plan.pk, world.monitor))
        == "Riêng: Tuyên truyền các điển hình tiên tiến"
    )
    # A template that broke after upload (stored by another path) still gives a message.
    UnitTemplate.objects.filter(unit=world.province).update(content=_template_with("{{ nope }}"))
    client = login(world.monitor)
    response = client.get(
        reverse("documents:download", args=["plan", plan.pk, "docx"]),
        HTTP_REFERER=reverse("plans:detail", args=[plan.pk]),
        follow=True,
    )
    assert response.status_code == 200
    assert "nope" in response.text and "placeholder" in response.text


def test_the_summary_export_from_the_plan_page(login, world, plan, run_tasks, settings, tmp_path):
    settings.DOCUMENTS_CACHE_DIR = tmp_path
    monitor = login(world.monitor)
    start = reverse("documents:export", args=[plan.pk])
    assert start in monitor.get(reverse("plans:detail", args=[plan.pk])).text
    with run_tasks():
        response = monitor.post(start)
    assert response.status_code == 302
    page = monitor.get(response["Location"]).text
    assert "Download tong-hop-57-2017.zip" in page
    job_url = response["Location"].replace("/jobs/", "/documents/files/")
    assert monitor.get(job_url).status_code == 200
    assert login(world.fed_admin).get(job_url).status_code == 404
    assert login(world.officer_a).post(start).status_code == 404
