"""The dossier page: what it shows, the timeline, internal notes, duplicates, escaping."""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse

from dienhinh.nominations.models import Attachment, Initiative, SelfAssessment
from dienhinh.plans.models import Criterion, SubjectKind

from .conftest import act_url, move

NOTE = "Ghi chú nội bộ: cần xác minh thêm"


def _page(client, nomination) -> str:
    response = client.get(reverse("nominations:detail", args=[nomination.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_page_shows_the_dossier(world, login, plan, make_nomination):
    nomination = make_nomination(
        position="Giáo viên",
        workplace="Trường Tiểu học Thị trấn Càng Long",
        achievements="<p>Nhiều năm <strong>dạy giỏi</strong></p>",
        contact_name="Nguyễn Văn Liên",
        contact_phone="0909 123 456",
    )
    Initiative.objects.create(
        nomination=nomination, title="Đồ dùng dạy học tự làm", year=2016, benefit=Decimal(15000000)
    )
    SelfAssessment.objects.create(
        nomination=nomination,
        criterion=Criterion.objects.get(plan=plan),
        met=True,
        evidence="Giấy khen 2016",
    )
    photo = nomination.photos.get()
    photo.caption, photo.alt_text = "Cô Mai trên lớp", "Cô giáo đứng giảng bài"
    photo.save()
    document = Attachment.objects.create(
        nomination=nomination,
        file=ContentFile(b"%PDF-1.4", "a.pdf"),
        content_type="application/pdf",
        size=8,
        title="Bản thành tích",
        original_name="thanh-tich.pdf",
    )
    html = _page(login(world.officer_a), nomination)
    for text in (
        "Nguyễn Thị Mai",
        "1985",
        "Trường Tiểu học Thị trấn Càng Long",
        "Giáo viên dạy giỏi nhiều năm liền",
        "<strong>dạy giỏi</strong>",
        "15.000.000 đồng",
        "Có sáng kiến",
        "Giấy khen 2016",
        "Cô Mai trên lớp",
        'alt="Cô giáo đứng giảng bài"',
        reverse("nominations:photo", args=[photo.pk]),
        reverse("nominations:photo_thumbnail", args=[photo.pk]),
        reverse("nominations:attachment", args=[document.pk]),
        "Bản thành tích",
        "0909 123 456",
        "57/KH-LĐLĐ",
        "Draft",
        "Not submitted yet.",
    ):
        assert text in html, text


def test_collective_subject(world, login, make_nomination):
    nomination = make_nomination(
        subject_kind=SubjectKind.COLLECTIVE, full_name="", collective_name="Tổ Toán", headcount=12
    )
    html = _page(login(world.officer_a), nomination)
    assert "Tổ Toán" in html and "Headcount" in html and "12" in html


def test_buttons_follow_the_workflow_and_the_edit_permission(world, login, make_nomination):
    nomination = make_nomination()
    officer_page = _page(login(world.officer_a), nomination)
    assert reverse("nominations:edit", args=[nomination.pk]) in officer_page
    assert act_url(nomination, "submit") in officer_page
    move(nomination, "submit", world.officer_a)
    officer_page = _page(login(world.officer_a), nomination)
    assert reverse("nominations:edit", args=[nomination.pk]) not in officer_page
    assert act_url(nomination, "withdraw") in officer_page
    assert act_url(nomination, "forward") not in officer_page
    reviewer_page = _page(login(world.reviewer), nomination)
    assert act_url(nomination, "forward") in reviewer_page
    assert act_url(nomination, "return") in reviewer_page
    assert act_url(nomination, "select") not in reviewer_page
    assert reverse("nominations:edit", args=[nomination.pk]) not in reviewer_page
    monitor_page = _page(login(world.monitor), nomination)
    assert "/act/" not in monitor_page


def test_timeline_merges_transitions_and_reviews(world, login, plan, make_nomination):
    criterion = Criterion.objects.get(plan=plan)
    nomination = move(make_nomination(), "submit", world.officer_a)
    move(
        nomination,
        "return",
        world.reviewer,
        reason="Thiếu ảnh hoạt động",
        note=NOTE,
        scores={criterion.pk: Decimal("7.5")},
    )
    html = _page(login(world.officer_a), nomination)
    assert html.index("Submit") < html.index("Return for revision")
    assert "Reason: Thiếu ảnh hoạt động" in html
    assert "Huỳnh Văn Duyệt" in html and "LĐLĐ Càng Long" in html
    assert "Có sáng kiến: 7,5 / 10" in html
    assert "round 1" in html


def test_internal_note_is_hidden_from_the_nominating_unit(world, login, make_nomination):
    nomination = move(make_nomination(), "submit", world.officer_a)
    move(nomination, "forward", world.reviewer, reason="Đồng ý", note=NOTE)
    move(nomination, "reject", world.editor, reason="Chưa tiêu biểu", note="Ghi chú của tỉnh")

    officer = _page(login(world.officer_a), nomination)
    assert "Đồng ý" in officer and "Chưa tiêu biểu" in officer
    assert NOTE not in officer and "Ghi chú của tỉnh" not in officer
    assert "Internal note" not in officer

    reviewer = _page(login(world.reviewer), nomination)
    assert NOTE in reviewer
    assert "Ghi chú của tỉnh" not in reviewer  # a level above theirs

    editor = _page(login(world.editor), nomination)
    assert NOTE in editor and "Ghi chú của tỉnh" in editor
    monitor = _page(login(world.monitor), nomination)
    assert NOTE not in monitor


def test_duplicate_warnings_for_officers_and_reviewers(world, login, make_nomination):
    first = move(make_nomination(), "submit", world.officer_a)
    second = make_nomination()  # the same person, same year of birth, same plan
    link = reverse("nominations:detail", args=[first.pk])
    assert "Possible duplicates" in _page(login(world.officer_a), second)
    assert link in _page(login(world.officer_a), second)
    move(second, "submit", world.officer_a)
    assert "Possible duplicates" in _page(login(world.reviewer), second)
    # Not to someone who only watches.
    assert "Possible duplicates" not in _page(login(world.monitor), second)


def test_script_in_name_and_headline_is_escaped(world, login, make_nomination):
    nomination = make_nomination(
        full_name="<script>alert(1)</script>",
        headline="<b onmouseover=alert(2)>Tiêu đề</b>",
        achievements="<p>ok</p><script>alert(3)</script>",
    )
    html = _page(login(world.officer_a), nomination)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<b onmouseover" not in html
    assert "alert(3)" not in html
