"""A unit's own templates through the page and the API: its subtree administrators list,
download, upload (checked: a broken placeholder, an external link are refused with their
message) and revert; a unit's template serves the documents it issues and those below it;
404 outside."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from dienhinh.documents import service
from dienhinh.documents.text import docx_text
from dienhinh.reports.domain import report_for


def template_with(text: str, *, link: str = "") -> bytes:
    document = Document()
    paragraph = document.add_paragraph(text)
    if link:  # a hyperlink relationship pointing outside the file
        paragraph.part.relate_to(
            link,
            "http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink",
            is_external=True,
        )
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def upload(data: bytes, name="mau.docx"):
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_the_templates_page_for_subtree_admins(world, plan, login):
    url = reverse("documents:templates", args=[world.district.pk])
    admin = login(world.fed_admin)  # subtree admin of the province, so of the district too
    assert url in admin.get(reverse("orgs:detail", args=[world.district.pk])).text
    page = admin.get(url)
    assert page.status_code == 200 and page.text.count("Built-in") >= 5
    broken = admin.post(url, {"kind": "report", "file": upload(template_with("{{ signer_nam }}"))})
    assert broken.status_code == 200 and "signer_nam" in broken.text
    linked = admin.post(
        url,
        {"kind": "report", "file": upload(template_with("{{ title }}", link="https://x.example/"))},
    )
    assert linked.status_code == 200 and "links to something outside it" in linked.text
    done = admin.post(url, {"kind": "report", "file": upload(template_with("Huyện: {{ title }}"))})
    assert done.status_code == 302
    assert "The unit's own: mau.docx" in admin.get(url).text
    # It serves the reports of the units under the district, not the province's plan.
    report = report_for(plan, world.unit_a)
    text = docx_text(service.docx_of(service.prepare("report", report.pk, user=world.officer_a)))
    assert text.startswith("Huyện: Kết quả thực hiện Kế hoạch số 57/KH-LĐLĐ")
    plan_text = docx_text(service.docx_of(service.prepare("plan", plan.pk, user=world.monitor)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in plan_text
    unit_page = admin.get(reverse("documents:templates", args=[world.unit_a.pk])).text
    assert "From Liên đoàn Lao động huyện Càng Long: mau.docx" in unit_page
    own = admin.get(reverse("documents:template_download", args=[world.district.pk, "report"]))
    assert docx_text(own.content) == "Huyện: {{ title }}"
    builtin = admin.get(
        reverse("documents:template_download", args=[world.district.pk, "report"]) + "?builtin=1"
    )
    assert "{{ title }}" in docx_text(builtin.content) and "BÁO CÁO" in docx_text(builtin.content)
    revert = reverse("documents:template_revert", args=[world.district.pk, "report"])
    assert admin.post(revert).status_code == 302
    text = docx_text(service.docx_of(service.prepare("report", report.pk, user=world.officer_a)))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    for someone in (world.monitor, world.officer_a, world.outsider):
        client = login(someone)
        assert client.get(url).status_code == 404
        assert client.post(revert).status_code == 404


def test_the_templates_api(world, api_client):
    admin = api_client(world.fed_admin)
    base = f"/api/v1/documents/templates/{world.province.pk}/plan"
    listed = admin.get(f"/api/v1/documents/templates?unit_id={world.province.pk}").json()
    assert {(t["kind"], t["source"]) for t in listed} >= {
        ("plan", "builtin"),
        ("scores", "builtin"),
    }
    refused = admin.post(base, {"file": upload(template_with("Số: {{ reference "))})
    assert refused.status_code == 400
    assert "Số: {{ reference" in refused.json()["error"]["message"]
    done = admin.post(base, {"file": upload(template_with("Tỉnh: {{ title }}"))})
    assert done.status_code == 200 and done.json()["source"] == "own"
    assert docx_text(admin.get(base).content) == "Tỉnh: {{ title }}"
    assert admin.delete(base).status_code == 204
    assert "{{ reference }}" in docx_text(admin.get(base).content)
    for someone in (world.monitor, world.officer_a, world.outsider):
        client = api_client(someone)
        assert client.get(base).status_code == 404
        assert client.delete(base).status_code == 404
