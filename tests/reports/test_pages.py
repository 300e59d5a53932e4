"""The report pages as users see them: the unit's report with its rules, live figures and
submission; the roll-up with accept / return per child; the monitors' list and export; a
sibling never sees another unit's report or figures."""

import io
import re

import openpyxl
from django.urls import reverse

from dienhinh.reports.domain import report_for
from dienhinh.reports.enums import ReportState


def url(plan, unit):
    return reverse("reports:unit_report", args=[plan.pk, unit.pk])


def test_the_unit_writes_and_submits_its_report(world, plan, login, make_nomination):
    make_nomination(world.unit_a, state="submitted")
    client = login(world.officer_a)
    page = client.get(url(plan, world.unit_a))
    text = page.content.decode()
    assert page.status_code == 200
    assert "counts as on time" in text
    assert "live until submission" in text
    response = client.post(url(plan, world.unit_a), {"results": "Tổ chức 3 buổi sinh hoạt."})
    assert response.status_code == 302
    response = client.post(reverse("reports:act", args=[plan.pk, world.unit_a.pk, "submit"]))
    assert response.status_code == 302
    report = report_for(plan, world.unit_a, create=False)
    assert report.state == ReportState.SUBMITTED
    page = client.get(url(plan, world.unit_a)).content.decode()
    assert "Figures as submitted (frozen)" in page
    assert "Version 1" in page
    version = client.get(reverse("reports:version", args=[report.last_version.pk]))
    assert "Tổ chức 3 buổi sinh hoạt." in version.content.decode()


def test_a_sibling_gets_404_for_the_report_and_its_figures(world, plan, login, submit):
    report = submit(world.unit_a)
    client = login(world.officer_b)
    assert client.get(url(plan, world.unit_a)).status_code == 404
    assert client.get(reverse("reports:version", args=[report.last_version.pk])).status_code == 404
    act = reverse("reports:act", args=[plan.pk, world.unit_a.pk, "accept"])
    assert client.post(act).status_code == 404
    rows = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert world.unit_a.name not in rows and world.unit_b.name in rows


def test_the_roll_up_accepts_and_returns_each_child(world, plan, login, submit):
    submit(world.unit_a)
    submit(world.unit_b)
    client = login(world.reviewer)
    page = client.get(url(plan, world.district)).content.decode()
    assert "Reports of the units below" in page
    assert world.unit_a.name in page and world.unit_b.name in page
    accept = reverse("reports:act", args=[plan.pk, world.unit_a.pk, "accept"])
    assert client.post(accept, {"back": "upper"}).url == url(plan, world.district)
    back = reverse("reports:act", args=[plan.pk, world.unit_b.pk, "return"])
    client.post(back, {"back": "upper", "reason": "Thiếu số người dự"})
    states = dict(
        (r.unit_id, r.state) for r in (report_for(plan, u) for u in (world.unit_a, world.unit_b))
    )
    assert states == {world.unit_a.pk: "accepted", world.unit_b.pk: "returned"}
    officer = login(world.officer_b).get(url(plan, world.unit_b)).content.decode()
    assert "Thiếu số người dự" in officer


def test_the_monitors_list_shows_each_units_status_and_exports(world, plan, login, submit):
    submit(world.unit_a)
    client = login(world.monitor)
    page = client.get(reverse("reports:plan", args=[plan.pk])).content.decode()
    assert "Reported: 1 of 5 expected units (20,0%)" in page
    assert "Not yet due" in page
    export = client.get(reverse("reports:export", args=[plan.pk]))
    assert export.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    codes = [row[0] for row in values]
    assert "TV-CL-A" in codes and "TV-TP-C" in codes
    row_a = values[codes.index("TV-CL-A")]
    assert row_a[2] == "On time"


def test_the_plan_page_states_the_rules_in_plain_words(world, plan, login):
    page = login(world.officer_a).get(reverse("plans:detail", args=[plan.pk])).content.decode()
    assert "counts as on time" in page
    assert "Report of" in page


def test_the_plan_form_keeps_the_reporting_rules(world, plan):
    from dienhinh.plans.forms import PlanForm

    form = PlanForm(
        {
            "year": 2018,
            "number": 3,
            "symbol": "KH-LĐLĐ",
            "title": "Kế hoạch 2018",
            "review_route": "every_level",
            "target_mode": "subtree",
            "allow_collective": "on",
            "nomination_deadline": "01/10/2018",
            "report_deadline": "15/12/2018",
            "report_grace_days": "2",
            "report_cutoff": "31/12/2018",
            "reporting_kinds": ["district", "grassroots", "group"],
        },
        user=world.monitor,
        issuing_unit=world.province,
    )
    assert form.is_valid(), form.errors
    fields = form.plan_fields()
    assert fields["report_grace_days"] == 2
    assert fields["reporting_kinds"] == ["district", "grassroots", "group"]
    assert fields["report_cutoff"].isoformat() == "2018-12-31"


def test_closing_as_missing_on_the_page_asks_for_a_reason(world, plan, login):
    import datetime

    plan.report_deadline = datetime.date.today() - datetime.timedelta(days=1)
    plan.nomination_deadline = plan.report_deadline - datetime.timedelta(days=30)
    plan.save()
    client = login(world.monitor)
    page = client.get(url(plan, world.unit_a)).content.decode()
    assert 'id="close_reason"' in page  # its own field beside the exemption's
    close = reverse("reports:act", args=[plan.pk, world.unit_a.pk, "close_missing"])
    refused = client.post(close, {"reason": ""}, follow=True).content.decode()
    assert "Give a reason." in refused
    assert report_for(plan, world.unit_a).state == ReportState.DRAFT
    client.post(close, {"reason": "Không gửi báo cáo"})
    assert report_for(plan, world.unit_a).state == ReportState.MISSING
    officer = login(world.officer_a).get(url(plan, world.unit_a)).content.decode()
    assert "Không gửi báo cáo" in officer


def test_the_signed_scan_is_replaced_on_the_version_page(world, plan, login, submit):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import jpeg_bytes, pdf_bytes

    version = submit(world.unit_a).last_version
    client = login(world.officer_a)
    upload = reverse("reports:scan_upload", args=[version.pk])
    pdf = SimpleUploadedFile("scan.pdf", pdf_bytes(), content_type="application/pdf")
    client.post(upload, {"file": pdf})
    page = client.get(reverse("reports:version", args=[version.pk])).content.decode()
    assert "scan.pdf" in page and "Replace the scan" in page
    photo = SimpleUploadedFile("ban-chup.jpg", jpeg_bytes(), content_type="image/jpeg")
    client.post(upload, {"file": photo})
    version.refresh_from_db()
    assert version.scan_name == "ban-chup.jpg" and version.scan_type == "image/jpeg"
    assert login(world.officer_b).post(upload, {"file": photo}).status_code == 404


def rollup_cells(page, unit):
    """The text of each cell of ``unit``'s row in the roll-up table, tags stripped."""
    section = page.split('id="rollup"', 1)[1]
    for row in re.findall(r"<tr>(.*?)</tr>", section, flags=re.S):
        if f">{unit.name}</a>" in row:
            cells = re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)
            return [re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in cells]
    raise AssertionError(f"{unit.name} is not in the roll-up")


def test_the_roll_up_shows_each_childs_frozen_version_or_missing(
    world, plan, login, submit, meeting
):
    meeting(world.unit_a, participants=12)
    submit(world.unit_a)
    client = login(world.reviewer)
    page = client.get(url(plan, world.district)).content.decode()
    # Unit A's figures as it submitted them: 1 meeting, 12 participants, no dossier.
    assert rollup_cells(page, world.unit_a)[3:6] == ["0", "1", "12"]
    # Unit B never submitted: its row says missing where the figures would be.
    assert rollup_cells(page, world.unit_b)[3] == "Missing"
    # New data after the submission does not rewrite what unit A reported.
    meeting(world.unit_a, participants=30, title="Sinh hoạt công đoàn tháng 10")
    meeting(world.unit_b, participants=7)
    page = client.get(url(plan, world.district)).content.decode()
    assert rollup_cells(page, world.unit_a)[3:6] == ["0", "1", "12"]
    assert rollup_cells(page, world.unit_b)[3] == "Missing"
    # Returned, unit A's draft is live again, yet the roll-up keeps its last submitted version.
    back = reverse("reports:act", args=[plan.pk, world.unit_a.pk, "return"])
    client.post(back, {"back": "upper", "reason": "Thiếu biên bản"})
    officer = login(world.officer_a)
    officer.post(url(plan, world.unit_a), {"results": "Đã bổ sung biên bản."})
    assert "live until submission" in officer.get(url(plan, world.unit_a)).content.decode()
    page = login(world.reviewer).get(url(plan, world.district)).content.decode()
    assert rollup_cells(page, world.unit_a)[3:6] == ["0", "1", "12"]
