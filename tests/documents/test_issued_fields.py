"""A report's and a summary's fields as issued documents: number and symbol ("Số:
05/BC-CĐCS"), place and date, recipients, signer; prefilled from the unit, edited on the
report form, the reports API and the summary's small form, shown in the documents."""

import datetime
import json

from django.urls import reverse

from dienhinh.demo import plan57
from dienhinh.documents import service
from dienhinh.documents.models import PlanDocumentFields
from dienhinh.documents.text import docx_text
from dienhinh.plans.models import Plan
from dienhinh.reports.domain import report_for


def docx(kind, pk, user) -> bytes:
    return service.docx_of(service.prepare(kind, pk, user=user))


def test_a_report_carries_its_document_fields(world, plan, login, api_client):
    page_url = reverse("reports:unit_report", args=[plan.pk, world.unit_a.pk])
    officer = login(world.officer_a)
    form = officer.get(page_url).context["form"]
    # Prefilled from the unit: its symbol, its district's place, the unit above it.
    assert form.initial["symbol"] == "BC-CĐCS" and form.initial["place"] == "Càng Long"
    assert form.initial["recipients"].startswith("- Liên đoàn Lao động huyện Càng Long")
    assert form.initial["signer_name"] == ""
    response = officer.post(
        page_url,
        {
            **{k: v for k, v in form.initial.items() if v is not None},
            "results": "Đã tổ chức.",
            "number": "5",
            "issued_on": "05/01/2018",
            "signer_name": "Nguyễn Thị An",
        },
    )
    assert response.status_code == 302
    report = report_for(plan, world.unit_a, create=False)
    text = docx_text(docx("report", report.pk, world.officer_a))
    assert "Số: 05/BC-CĐCS" in text
    assert "Càng Long, ngày 05 tháng 01 năm 2018" in text
    assert "- Liên đoàn Lao động huyện Càng Long (báo cáo);\n- Lưu VT." in text
    assert "TM. BAN CHẤP HÀNH\nCHỦ TỊCH\nNguyễn Thị An" in text
    # Through the API too; a bad number is a 422 naming it, nothing saved.
    client = api_client(world.officer_a)
    url = f"/api/v1/reports/{report.pk}"
    bad = client.patch(url, json.dumps({"number": 0}), content_type="application/json")
    assert bad.status_code == 422 and "number" in bad.content.decode()
    body = client.patch(
        url,
        json.dumps({"number": 12, "signer_title": "PHÓ CHỦ TỊCH"}),
        content_type="application/json",
    ).json()
    assert (body["reference"], body["signer_title"], body["place"]) == (
        "12/BC-CĐCS",
        "PHÓ CHỦ TỊCH",
        "Càng Long",
    )
    assert body["issued_on"] == datetime.date(2018, 1, 5).isoformat()
    assert "Số: 12/BC-CĐCS" in docx_text(docx("report", report.pk, world.officer_a))


def test_the_summary_takes_its_fields_from_its_small_form(world, plan, login):
    Plan.objects.filter(pk=plan.pk).update(**plan57.DOCUMENT)
    url = reverse("documents:fields", args=[plan.pk, "summary"])
    monitor = login(world.monitor)
    assert url in monitor.get(reverse("plans:detail", args=[plan.pk])).text
    form = monitor.get(url).context["form"]
    assert form.initial["symbol"] == "BC-LĐLĐ"  # from the plan until saved
    assert form.initial["recipients"].endswith("- Lưu VP, Ban CSPL.")
    response = monitor.post(
        url,
        {
            "number": "7",
            "symbol": "BC-LĐLĐ",
            "place": "Trà Vinh",
            "issued_on": "15/02/2018",
            "recipients": "- Tổng Liên đoàn Lao động Việt Nam;\n- Lưu VT.",
            "authority_line": "TM. BAN THƯỜNG VỤ",
            "signer_title": "CHỦ TỊCH",
            "signer_name": "Kim Ngọc Thái",
        },
    )
    assert response.status_code == 302
    text = docx_text(docx("summary", plan.pk, world.monitor))
    assert "Số: 07/BC-LĐLĐ" in text and "Trà Vinh, ngày 15 tháng 02 năm 2018" in text
    assert "- Tổng Liên đoàn Lao động Việt Nam;\n- Lưu VT." in text
    assert "CHỦ TỊCH\nKim Ngọc Thái" in text
    # Kept per plan and document: the score table still has the plan's.
    assert PlanDocumentFields.objects.filter(plan=plan).count() == 1
    bad = monitor.post(url, {"number": "0", "symbol": "BC-LĐLĐ"})
    assert bad.status_code == 200 and bad.context["form"].errors["number"]
    assert login(world.officer_a).get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    assert monitor.get(reverse("documents:fields", args=[plan.pk, "plan"])).status_code == 404
