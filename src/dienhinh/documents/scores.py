"""The score table of a plan (thông báo kết quả chấm điểm thi đua): every scored unit's
self-score, official total and class, ranked inside each emulation group.

The figures are the scoring app's (scoring.compute.results_of): the finalised version's
frozen results when the rubric is finalised, the live computation while it is open; the
document says which. A row shows only for a reader who sees the unit's breakdown
(scoring.visibility), as on the scoring pages; a group with hidden rows says how many,
and under each group its members the plan does not score are named with the reason (a
group with no scored member has its list only). The words are fixed document text, like
the other documents'.
"""

from decimal import Decimal

from django.utils import timezone, translation

from dienhinh.documents.common import Section, Table, frame
from dienhinh.documents.fields import plan_document_fields
from dienhinh.documents.reports import plan_line
from dienhinh.scoring.compute import results_of
from dienhinh.scoring.models import Rubric
from dienhinh.scoring.ranking import UNSCORED_REASONS
from dienhinh.scoring.visibility import groups_shown, rows_shown

COLUMNS = ["Hạng", "Đơn vị", "Tự chấm", "Điểm chính thức", "Xếp loại"]


def points(value) -> str:
    """ "85,5": points with a decimal comma and no trailing zeros; "—" when none."""
    if value is None:
        return "—"
    text = format(Decimal(value).normalize(), "f")
    return text.replace(".", ",")


def _cells(rank, row: dict) -> list[str]:
    return [
        str(rank) if rank is not None else "—",
        row["unit"]["name"],
        points(row["self_total"]),
        points(row["official_total"]),
        row["class"] or "Chưa xếp loại",
    ]


def _group_note(group: dict) -> str:
    """Under a group's table: its rows hidden from the reader, and its members the plan does
    not score with the reason (as the scoring page lists them)."""
    notes = []
    if group["hidden"]:
        notes.append(
            f"Cụm, khối có {group['size']} đơn vị được chấm điểm; {group['hidden']} đơn vị "
            "không thuộc phạm vi của người lập bảng."
        )
    if not group["size"]:
        notes.append("Không có đơn vị nào của cụm, khối được chấm điểm theo kế hoạch này.")
    if group["unscored"] or group["unscored_hidden"]:
        with translation.override("vi"):
            members = [f"{e['name']} ({UNSCORED_REASONS[e['reason']]})" for e in group["unscored"]]
        if group["unscored_hidden"]:
            members.append(f"{group['unscored_hidden']} đơn vị khác ngoài phạm vi")
        notes.append("Không chấm điểm theo kế hoạch này: " + "; ".join(members) + ".")
        if group["unscored_derived"]:
            notes.append(
                "Danh sách này lập theo thành viên hiện nay của cụm, khối: phiên bản kết quả "
                "được chốt trước khi danh sách được lưu cùng kết quả."
            )
    return " ".join(notes)


def _status(rubric: Rubric, frozen: bool) -> str:
    if frozen:
        version = rubric.last_version
        day = timezone.localtime(version.finalised_at).strftime("%d/%m/%Y")
        return (
            f"Kết quả đã chốt: phiên bản {version.number} ngày {day}. Điểm, xếp loại và "
            "thứ hạng dưới đây là kết quả chính thức, không thay đổi."
        )
    day = timezone.localdate().strftime("%d/%m/%Y")
    return (
        f"Kết quả tạm tính đến ngày {day}, chưa chốt: điểm, xếp loại và thứ hạng còn thay "
        "đổi theo số liệu cho đến khi chốt kết quả."
    )


def _scale(results: dict) -> str:
    rubric = results["rubric"]
    text = f"Tổng điểm tối đa: {points(rubric['max_total'])} điểm"
    classes = [f"{c['name']} từ {points(c['min_total'])} điểm" for c in rubric["classes"]]
    return text + ("; xếp loại: " + ", ".join(classes) if classes else "") + "."


def score_sections(user, rubric: Rubric) -> list[Section]:
    """The document's body: the opening, which results it shows, and the tables."""
    plan = rubric.plan
    results, frozen = results_of(rubric)
    rows = rows_shown(user, results)
    tables = []
    for group in groups_shown(user, results, rows):
        tables.append(
            Table(
                caption=f"{len(tables) + 1}. {group['name']}",
                columns=COLUMNS,
                rows=[_cells(rank, row) for rank, row in group["rows"]],
                note=_group_note(group),
            )
        )
    ungrouped = [rows[pk] for pk in results["ungrouped"] if pk in rows]
    opening = (
        f"Căn cứ {plan_line(plan)} về {plan.title[:1].lower()}{plan.title[1:]}, "
        f"{plan.issuing_unit.name} thông báo kết quả chấm điểm, xếp hạng thi đua của các "
        "đơn vị như sau:"
    )
    sections = [
        Section(paragraphs=[opening, _status(rubric, frozen), _scale(results)]),
        Section(
            "I. XẾP HẠNG THEO CỤM, KHỐI THI ĐUA",
            [] if tables else ["Không có cụm, khối thi đua nào trong phạm vi."],
            tables,
        ),
    ]
    if ungrouped:
        sections.append(
            Section(
                "II. CÁC ĐƠN VỊ NGOÀI CỤM, KHỐI THI ĐUA",
                [],
                [Table("Đơn vị không xếp hạng", COLUMNS, [_cells(None, r) for r in ungrouped])],
            )
        )
    if not rows:
        sections.append(Section(paragraphs=["Không có đơn vị được chấm điểm trong phạm vi."]))
    return sections


def scores_context(user, rubric: Rubric) -> dict:
    """The score table of ``rubric``'s plan as ``user`` may read it."""
    plan = rubric.plan
    return frame(
        **plan_document_fields(plan, "scores"),
        title=f"Kết quả chấm điểm, xếp hạng thi đua thực hiện {plan_line(plan)}",
        sections=score_sections(user, rubric),
    )
