"""Plan 57's emulation scoring as the federation finalised it in January 2018: a rubric like
a union scorecard (95 points over three criteria groups plus up to 5 bonus points), the
self-scores of two Càng Long unions with their evidence, every unit's official score, and
the results finalised as version 1 (the emails recorded as sent, never sent)."""

import datetime
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from dienhinh.accounts.models import User
from dienhinh.core.models import AuditEntry, OutgoingEmail
from dienhinh.orgs.models import OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.scoring import rubric as rubrics
from dienhinh.scoring.compute import scored_units
from dienhinh.scoring.entries import (
    OfficialInput,
    SelfInput,
    save_official_scores,
    save_self_scores,
)
from dienhinh.scoring.models import ScoringVersion
from dienhinh.scoring.notifications import email_key, recipients
from dienhinh.scoring.workflow import transition_scoring

NOTE = "Demo history: recorded as sent, never sent"
D = Decimal

# Each group: (title, maximum, its items as (key, title, kind, maximum, extra fields)).
SCORECARD = [
    (
        "I. Công tác tuyên truyền điển hình tiên tiến",
        40,
        [
            (
                "report",
                "Báo cáo kết quả thực hiện đúng hạn",
                "computed",
                10,
                {"source": "report", "formula": "on_time", "late_points": D(5)},
            ),
            (
                "submitted",
                "Hồ sơ điển hình gửi lên cấp trên",
                "computed",
                6,
                {"source": "dossiers_submitted", "formula": "per_occurrence", "points_each": D(2)},
            ),
            (
                "selected",
                "Điển hình được lựa chọn tuyên truyền",
                "computed",
                4,
                {"source": "dossiers_selected", "formula": "per_occurrence", "points_each": D(4)},
            ),
            (
                "stories",
                "Bài tuyên truyền đã đăng",
                "computed",
                4,
                {"source": "stories", "formula": "per_occurrence", "points_each": D(2)},
            ),
            (
                "meetings",
                "Sinh hoạt công đoàn có giới thiệu điển hình",
                "computed",
                6,
                {"source": "meetings", "formula": "per_occurrence", "points_each": D(2)},
            ),
            ("groups", "Phổ biến điển hình trong sinh hoạt tổ công đoàn", "points", 10, {}),
        ],
    ),
    (
        "II. Tổ chức thực hiện",
        30,
        [
            ("plan", "Xây dựng kế hoạch triển khai Kế hoạch 57", "pass_fail", 10, {}),
            (
                "seminars",
                "Tham gia tọa đàm, giao lưu của cụm, khối thi đua",
                "computed",
                5,
                {"source": "seminars", "formula": "at_least", "threshold": 1},
            ),
            (
                "articles",
                "Tin, bài trên trang thông tin của đơn vị",
                "per_occurrence",
                5,
                {"points_each": D(1)},
            ),
            ("direction", "Chỉ đạo, kiểm tra, đôn đốc việc thực hiện", "points", 10, {}),
        ],
    ),
    (
        "III. Hiệu quả lan tỏa",
        25,
        [
            ("quality", "Chất lượng, hiệu quả nhân rộng điển hình", "points", 25, {}),
        ],
    ),
]
BONUS = ("Điểm thưởng, điểm trừ (khen thưởng đột xuất, vi phạm chế độ báo cáo)", 5, -5)
ENTERED = ("groups", "plan", "articles", "direction", "quality", "bonus")

SELF = {
    "TV-CL-001": {
        "groups": (10, "Cả 3 tổ công đoàn sinh hoạt chuyên đề về gương cô giáo dạy giỏi."),
        "plan": (1, "Kế hoạch số 05/KH-CĐCS ngày 20/7/2017 của Công đoàn cơ sở."),
        "articles": (6, "6 tin bài trên trang của trường (tháng 8 đến tháng 11/2017)."),
        "direction": (9, "Ban Chấp hành kiểm tra 2 lần."),
        "quality": (22, "Nhân rộng mô hình cô giáo dạy giỏi ra 3 tổ chuyên môn."),
        "bonus": (3, "Được LĐLĐ huyện khen thưởng đột xuất."),
    },
    "TV-CL-002": {
        "groups": (6, "2 tổ công đoàn có sinh hoạt chuyên đề."),
        "plan": (1, "Kế hoạch lồng ghép trong sinh hoạt chuyên môn của Trạm."),
        "articles": (2, "2 tin trên trang của Trung tâm Y tế huyện."),
        "direction": (7, ""),
        "quality": (18, "Giới thiệu gương thầy thuốc tận tụy trong 2 buổi sinh hoạt."),
        "bonus": (0, ""),
    },
}
# Where the reviewing level scored differently from the unit, and why.
DIFFERENT = {
    ("TV-CL-001", "articles"): (4, "Chỉ 4 tin có đường dẫn kiểm chứng."),
    ("TV-CL-001", "bonus"): (2, "Khen thưởng cấp huyện: 2 điểm theo hướng dẫn."),
    ("TV-CL-002", "quality"): (15, "Chưa có báo cáo đánh giá hiệu quả sau sinh hoạt."),
}


def _build(rubric, by) -> dict[str, object]:
    items = {}
    for title, maximum, children in SCORECARD:
        group = rubrics.add_item(rubric, by=by, kind="group", title=title, max_points=maximum)
        for key, name, kind, top, extra in children:
            items[key] = rubrics.add_item(
                rubric, by=by, kind=kind, title=name, max_points=top, parent=group, **extra
            )
    title, top, low = BONUS
    items["bonus"] = rubrics.add_item(
        rubric, by=by, kind="adjustment", title=title, max_points=top, min_points=low
    )
    return items


def _official(code: str, index: int) -> dict[str, tuple[Decimal, str]]:
    """The official scores: the self-score where the unit gave one (but for DIFFERENT),
    otherwise a deterministic spread over the unit's place in the list."""
    if code in SELF:
        official = {}
        for key, (value, _text) in SELF[code].items():
            value, why = DIFFERENT.get((code, key), (value, ""))
            official[key] = (D(value), why)
        return official
    spread = {
        "groups": 6 + index % 5,
        "plan": 0 if index % 9 == 4 else 1,
        "articles": 1 + index % 5,
        "direction": 6 + (index * 3) % 5,
        "quality": 14 + (index * 7) % 12,
        "bonus": -3 if index % 11 == 5 else (2 if index % 4 == 1 else 0),
    }
    return {key: (D(value), "") for key, value in spread.items()}


def load_scoring(plan: Plan, by_code: dict[str, OrgUnit], *, cast) -> int:
    """The rubric, scores and finalised version of plan 57. Side effects: Rubric,
    RubricItem, ScoreClass, UnitScore, ScoreEntry, ScoringVersion, AuditEntry and OutgoingEmail
    rows. Returns the number of units scored."""
    monitor = User.objects.get(email="theodoi@demo.dienhinh.vn")
    reviewer = User.objects.get(email="xetduyet@demo.dienhinh.vn")
    rubric = rubrics.rubric_for(plan, create=True)
    items = _build(rubric, monitor)
    for code, entries in SELF.items():
        save_self_scores(
            rubric,
            by_code[code],
            by=cast.officers[code],
            entries={items[key].pk: SelfInput(D(v), text) for key, (v, text) in entries.items()},
        )
    units = scored_units(plan)
    for index, unit in enumerate(units):
        by = reviewer if unit.code.startswith("TV-CL-") else monitor
        save_official_scores(
            rubric,
            unit,
            by=by,
            entries={
                items[key].pk: OfficialInput(value, why)
                for key, (value, why) in _official(unit.code, index).items()
            },
        )
    rubric = transition_scoring(rubric, action="finalise", by=monitor)
    _backdate(rubric.last_version)
    return len(units)


def _backdate(version: ScoringVersion) -> None:
    at = datetime.datetime(2018, 1, 10, 9, 0, tzinfo=timezone.get_default_timezone())
    ScoringVersion.objects.filter(pk=version.pk).update(finalised_at=at)
    plan = version.rubric.plan
    AuditEntry.objects.filter(
        action__startswith="scoring.",
        target_type=ContentType.objects.get_for_model(plan),
        target_id=plan.pk,
    ).update(at=at - datetime.timedelta(days=5))
    AuditEntry.objects.filter(
        action="scoring.finalise",
        target_type=ContentType.objects.get_for_model(plan),
        target_id=plan.pk,
    ).update(at=at)
    rows = [
        OutgoingEmail(
            state=OutgoingEmail.State.SENT,
            key=email_key(version, unit_id, person),
            recipient=person.email,
            subject=NOTE,
        )
        for unit_id, people in recipients(version).items()
        for person in people
    ]
    OutgoingEmail.objects.bulk_create(rows, ignore_conflicts=True)
