"""Plan 57's reports and the activities that spread its examples, as they went in 2017.

Càng Long reports in full: its grassroots unions on time, late, by email, returned, exempted
(merged) and missing, and the district's own report rolling them up. Thành phố Trà Vinh and
two industry unions reported on time, Châu Thành late; the other units are missing. Meetings
at three grassroots unions featured the selected dossiers, and Cụm thi đua số 1 held a
seminar hosted by LĐLĐ thành phố Trà Vinh.

Everything goes through the domain functions while plan 57 is still issued (its report
dates moved ahead for the replay), then gets its 2017 dates back, like the dossiers'
history (demo.history).
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from dienhinh.accounts.models import User
from dienhinh.activities.domain import ActivityInput, add_photo, create_activity
from dienhinh.activities.models import Activity, ActivityKind
from dienhinh.core.models import AuditEntry, OutgoingEmail
from dienhinh.demo.photos import card_jpeg
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.domain import report_for, save_narrative
from dienhinh.reports.enums import ExemptReason
from dienhinh.reports.models import Report, ReportStep, ReportVersion
from dienhinh.reports.notifications import recipients
from dienhinh.reports.workflow import Received, transition_report

NOTE = "Demo history: recorded as sent, never sent"

# code: (what happens, day submitted or received in Dec 2017 (None: none), hour)
PLAN = [
    ("TV-CL-001", "accept", 12, 9),
    ("TV-CL-002", "late_accept", 20, 15),
    ("TV-CL-003", "return", 14, 10),
    ("TV-CL-004", "exempt", None, None),
    ("TV-CL-005", "email_accept", 14, None),
    ("TV-CL-010", "submit", 15, 23),
    ("TV-CL", "submit", 15, 16),
    ("TV-TP-003", "submit", 10, 8),
    ("TV-TP-005", "submit", 13, 14),
    ("TV-TP", "submit", 15, 11),
    ("TV-GD", "submit", 11, 9),
    ("TV-YT", "submit", 15, 17),
    ("TV-CT", "submit", 22, 10),
]

RESULTS = {
    "TV-CL-001": (
        "Tổ chức 3 buổi sinh hoạt công đoàn giới thiệu gương cô giáo dạy giỏi; 100% đoàn viên "
        "được tuyên truyền; giới thiệu 1 điển hình lên LĐLĐ huyện."
    ),
    "TV-CL": (
        "Triển khai Kế hoạch 57 đến 10 công đoàn cơ sở trực thuộc; tiếp nhận 8 hồ sơ điển "
        "hình, chuyển 5 hồ sơ lên LĐLĐ tỉnh; phối hợp tổ chức tọa đàm cụm thi đua số 1."
    ),
}


def _local(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2017, 12, day, hour, 0, tzinfo=timezone.get_default_timezone())


def load_reports(plan: Plan, by_code: dict[str, OrgUnit], *, cast) -> int:
    """Plan 57's activities and reports. Side effects: Activity (+ photos), Report,
    ReportVersion, ReportStep, AuditEntry and OutgoingEmail rows. Returns the reports made."""
    real = Plan.objects.filter(pk=plan.pk).values("nomination_deadline", "report_deadline").get()
    ahead = timezone.localdate() + datetime.timedelta(days=30)
    Plan.objects.filter(pk=plan.pk).update(report_deadline=ahead)
    plan.refresh_from_db()
    _activities(plan, by_code, cast=cast)

    admin = User.objects.get(email="quantri@demo.dienhinh.vn")
    monitor = User.objects.get(email="theodoi@demo.dienhinh.vn")
    reviewer = User.objects.get(email="xetduyet@demo.dienhinh.vn")
    made = []
    moments: dict[int, datetime.datetime] = {}
    for code, what, day, hour in PLAN:
        unit = by_code[code]
        writer = cast.officers.get(code, admin)
        report = report_for(plan, unit)
        if what == "exempt":
            transition_report(
                report,
                action="exempt",
                by=monitor,
                exempt_reason=ExemptReason.MERGED,
                reason="Sáp nhập vào CĐCS Trường Tiểu học Thị trấn Càng Long từ tháng 9/2017.",
            )
            made.append(report)
            continue
        if what == "email_accept":
            transition_report(
                report,
                action="record_received",
                by=monitor,
                received=Received(datetime.date(2017, 12, day)),
            )
        else:
            save_narrative(
                report,
                by=writer,
                work_done="Quán triệt Kế hoạch 57/KH-LĐLĐ trong Ban Chấp hành và đoàn viên.",
                results=RESULTS.get(code, "Tổ chức sinh hoạt công đoàn giới thiệu điển hình."),
                difficulties="Đoàn viên làm theo ca, khó tập trung đông.",
                proposals="Đề nghị LĐLĐ tỉnh cấp thêm tài liệu tuyên truyền.",
            )
            transition_report(report, action="submit", by=writer)
            moments[report.pk] = _local(day, hour)
        upper_approver = reviewer if code.startswith("TV-CL-") else monitor
        if what in ("accept", "late_accept", "email_accept"):
            transition_report(report, action="accept", by=upper_approver)
        elif what == "return":
            transition_report(
                report,
                action="return",
                by=upper_approver,
                reason="Bổ sung số buổi sinh hoạt và số người tham dự.",
            )
        made.append(report)

    Plan.objects.filter(pk=plan.pk).update(**real)
    plan.refresh_from_db()
    _backdate(made, moments)
    _record_as_notified(made)
    return len(made)


def _backdate(reports: list[Report], moments: dict[int, datetime.datetime]) -> None:
    """Every submission, decision and audit entry at its 2017 time (decisions two days after
    the submission, or on 18/12 when none)."""
    report_type = ContentType.objects.get_for_model(Report)
    for report in reports:
        at = moments.get(report.pk, _local(14, 9))
        Report.objects.filter(pk=report.pk, first_submitted_at__isnull=False).update(
            first_submitted_at=at
        )
        ReportVersion.objects.filter(report=report).update(submitted_at=at)
        decided = at + datetime.timedelta(days=2)
        Report.objects.filter(pk=report.pk, decided_at__isnull=False).update(decided_at=decided)
        for step in ReportStep.objects.filter(report=report):
            when = at if step.action in ("submit", "record_received") else decided
            ReportStep.objects.filter(pk=step.pk).update(at=when)
        entries = AuditEntry.objects.filter(target_type=report_type, target_id=report.pk)
        entries.filter(action__in=["report.submit", "report.record_received"]).update(at=at)
        entries.exclude(action__in=["report.submit", "report.record_received"]).update(at=decided)


def _record_as_notified(reports: list[Report]) -> None:
    rows = []
    for step in ReportStep.objects.filter(report__in=reports).select_related(
        "report__plan", "report__unit"
    ):
        for person in recipients(step):
            key = f"report-step:{step.pk}:{person.pk}"
            rows.append(
                OutgoingEmail(
                    state=OutgoingEmail.State.SENT, key=key, recipient=person.email, subject=NOTE
                )
            )
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True)


def _activities(plan: Plan, by_code: dict[str, OrgUnit], *, cast) -> None:
    selected = list(Nomination.objects.filter(plan=plan, state=State.SELECTED).order_by("pk"))
    meetings = [
        ("TV-CL-001", 9, 14, 42, "Sinh hoạt chuyên đề: học tập gương cô giáo dạy giỏi"),
        ("TV-CL-001", 10, 24, 38, "Sinh hoạt công đoàn tháng 10: lan tỏa điển hình tiên tiến"),
        ("TV-CL-002", 11, 8, 25, "Sinh hoạt công đoàn Trạm Y tế: gương thầy thuốc tận tụy"),
        ("TV-TP-003", 11, 15, 31, "Sinh hoạt công đoàn giới thiệu mô hình mới"),
    ]
    admin = User.objects.get(email="quantri@demo.dienhinh.vn")
    for index, (code, month, day, people, title) in enumerate(meetings):
        activity = create_activity(
            ActivityInput(
                kind=ActivityKind.MEETING,
                unit=by_code[code],
                title=title,
                held_on=datetime.date(2017, month, day),
                participants=people,
                plan=plan,
                notes="Biên bản sinh hoạt lưu tại công đoàn cơ sở.",
                dossiers=selected[index : index + 1],
            ),
            by=cast.officers.get(code, admin),
        )
        _photo(activity, index, by=cast.officers.get(code, admin))
    group = EmulationGroup.objects.filter(
        organizer=by_code["TV"], year=2017, leader=by_code["TV-TP"]
    ).first()
    if group is not None:
        seminar = create_activity(
            ActivityInput(
                kind=ActivityKind.SEMINAR,
                unit=by_code["TV-TP"],
                title="Tọa đàm giao lưu kinh nghiệm các điển hình tiên tiến Cụm thi đua số 1",
                held_on=datetime.date(2017, 11, 22),
                participants=85,
                plan=plan,
                group=group,
                participating_units=[by_code["TV-CL"], by_code["TV-CT"]],
                notes="Các đơn vị trình bày 5 điển hình; thống nhất nhân rộng 2 mô hình.",
                dossiers=selected[:3],
            ),
            by=admin,
        )
        _photo(seminar, 7, by=admin)
    # Recorded when they happened.
    for activity in Activity.objects.filter(plan=plan):
        at = datetime.datetime.combine(
            activity.held_on, datetime.time(17), tzinfo=timezone.get_default_timezone()
        )
        Activity.objects.filter(pk=activity.pk).update(created_at=at, updated_at=at)


def _photo(activity: Activity, index: int, *, by) -> None:
    from django.core.files.base import ContentFile

    add_photo(
        activity,
        by=by,
        upload=ContentFile(card_jpeg("SH", index), "sinh-hoat.jpg"),
        caption=activity.title,
    )
