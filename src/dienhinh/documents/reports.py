"""A unit's implementation report and the federation's summary of a plan's reports.

A submitted report is written from its last version: the figures and the unit's name as
they were frozen then, so a later merger or move never rewrites it. The words below are
fixed document text (like the national motto), not translated; the statuses come from the
reports app's labels in the document's language (Vietnamese).
"""

from django.utils import timezone

from dienhinh.documents.common import Section, Table, frame
from dienhinh.documents.fields import plan_document_fields
from dienhinh.orgs.models import EmulationGroup, OrgUnit
from dienhinh.plans.models import Plan
from dienhinh.reports.domain import document_defaults
from dienhinh.reports.enums import Timeliness
from dienhinh.reports.expected import rates
from dienhinh.reports.figures import live_figures
from dienhinh.reports.models import Report
from dienhinh.reports.status import StatusRow

FIGURE_LABELS = (
    ("dossiers_total", "Hồ sơ điển hình đề nghị"),
    ("stories_published", "Bài tuyên truyền đã đăng"),
    ("story_views", "Lượt đọc bài tuyên truyền"),
    ("meetings", "Buổi sinh hoạt công đoàn có tuyên truyền điển hình"),
    ("meeting_participants", "Lượt người dự sinh hoạt"),
    ("seminars", "Buổi tọa đàm, giao lưu đơn vị tổ chức"),
    ("seminar_participants", "Lượt người dự tọa đàm, giao lưu đơn vị tổ chức"),
    ("seminars_attended", "Buổi tọa đàm, giao lưu đơn vị tham gia (do đơn vị khác tổ chức)"),
)


def _number(value) -> str:
    """A count with dot thousands, as Vietnamese documents write it."""
    return f"{int(value or 0):,}".replace(",", ".")


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()] or ["…"]


def plan_line(plan: Plan) -> str:
    day = plan.issued_on.strftime("%d/%m/%Y") if plan.issued_on else str(plan.year)
    return f"Kế hoạch số {plan.reference} ngày {day} của {plan.issuing_unit.name}"


def report_context(report: Report) -> dict:
    """The report as the unit files it: its text and its figures (frozen once submitted),
    under its own number and symbol, place and date, recipients and signature block (a
    report started before it had them takes the unit's defaults, reports.domain)."""
    plan, version = report.plan, report.last_version
    source = version or report
    figures = version.figures if version else live_figures(plan, report.unit)
    unit_name = version.unit_name if version else report.unit.name
    parent = OrgUnit.objects.get_parent(report.unit) if report.unit.depth > 1 else None
    day = report.issued_on or (timezone.localtime(version.submitted_at).date() if version else None)
    defaults = document_defaults(plan, report.unit) if not report.symbol else {}
    table = Table(
        caption="Kết quả thực hiện",
        columns=["STT", "Nội dung", "Số lượng"],
        rows=[
            [str(i), label, _number(figures.get(key))]
            # A version frozen before a figure existed (schema 1) leaves its row out.
            for i, (key, label) in enumerate(
                [(k, text) for k, text in FIGURE_LABELS if k in figures], 1
            )
        ],
    )
    return frame(
        superior=parent.name if parent else "",
        issuer=unit_name,
        number=report.number,
        symbol=report.symbol or defaults["symbol"],
        place=report.place or defaults.get("place", plan.place),
        day=day,
        year=plan.year,
        title=f"Kết quả thực hiện {plan_line(plan)}",
        sections=[
            Section(
                paragraphs=[
                    f"Thực hiện {plan_line(plan)} về {plan.title[:1].lower()}"
                    f"{plan.title[1:]}, {unit_name} báo cáo kết quả như sau:"
                ]
            ),
            Section("I. CÔNG TÁC TRIỂN KHAI", _paragraphs(source.work_done)),
            Section("II. KẾT QUẢ ĐẠT ĐƯỢC", _paragraphs(source.results), [table]),
            Section("III. KHÓ KHĂN, VƯỚNG MẮC", _paragraphs(source.difficulties)),
            Section("IV. KIẾN NGHỊ, ĐỀ XUẤT", _paragraphs(source.proposals)),
        ],
        recipients=report.recipient_lines or defaults.get("recipients", "").splitlines(),
        authority_line=report.authority_line or defaults.get("authority_line", ""),
        signer_title=report.signer_title or defaults.get("signer_title", ""),
        signer_name=report.signer_name,
    )


def _percent(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def _unit_table(rows: list[StatusRow]) -> Table:
    body = []
    for i, row in enumerate(rows, 1):
        report = row.report
        version = report.last_version if report else None
        figures = version.figures if version else {}
        counted = report.counted_from if report else None
        if counted is not None and hasattr(counted, "hour"):
            counted = timezone.localtime(counted).date()
        body.append(
            [
                str(i),
                version.unit_name if version else row.unit.name,
                str(Timeliness(row.status).label),
                counted.strftime("%d/%m/%Y") if counted else "",
                _number(figures.get("dossiers_total")) if version else "",
                _number(figures.get("stories_published")) if version else "",
                _number(figures.get("meetings")) if version else "",
            ]
        )
    return Table(
        caption="Biểu 1. Tình hình báo cáo theo đơn vị",
        columns=["STT", "Đơn vị", "Tình trạng", "Ngày nộp", "Hồ sơ", "Bài đăng", "Sinh hoạt"],
        rows=body,
    )


def _group_table(plan: Plan, rows: list[StatusRow]) -> Table | None:
    groups = list(
        EmulationGroup.objects.filter(
            year=plan.year, organizer__path__startswith=plan.issuing_unit.path
        )
        .prefetch_related("members")
        .order_by("sort_name", "pk")
    )
    if not groups:
        return None
    by_unit = {row.unit.pk: row for row in rows}
    body = []
    for i, group in enumerate(groups, 1):
        members = [by_unit[m.pk] for m in group.members.all() if m.pk in by_unit]
        counted = rates(plan, members)
        body.append(
            [
                str(i),
                group.name,
                str(counted.expected),
                str(counted.reported),
                str(counted.on_time),
                _percent(counted.reporting_rate),
            ]
        )
    return Table(
        caption="Biểu 2. Tình hình báo cáo theo cụm, khối thi đua",
        columns=["STT", "Cụm, khối", "Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Tỷ lệ"],
        rows=body,
    )


def _child_table(plan: Plan, rows: list[StatusRow]) -> Table:
    """Rates per unit directly under the issuer (a province, in the national summary): the
    units themselves are listed in the export's XLSX annex."""
    length = len(plan.issuing_unit.path) + OrgUnit.steplen
    by_prefix: dict[str, list[StatusRow]] = {}
    for row in rows:
        by_prefix.setdefault(row.unit.path[:length], []).append(row)
    names = dict(OrgUnit.objects.filter(path__in=list(by_prefix)).values_list("path", "name"))
    body = []
    for i, prefix in enumerate(sorted(by_prefix), 1):
        counted = rates(plan, by_prefix[prefix])
        body.append(
            [
                str(i),
                names.get(prefix, prefix),
                _number(counted.expected),
                _number(counted.reported),
                _number(counted.on_time),
                _percent(counted.reporting_rate),
            ]
        )
    return Table(
        caption="Biểu 1. Tình hình báo cáo theo đơn vị trực thuộc",
        columns=["STT", "Đơn vị", "Phải báo cáo", "Đã báo cáo", "Đúng hạn", "Tỷ lệ"],
        rows=body,
        note="Phụ lục: danh sách đầy đủ các đơn vị (tệp XLSX kèm theo bản xuất tổng hợp).",
    )


def summary_context(plan: Plan, rows: list[StatusRow], *, by_child: bool = False) -> dict:
    """The federation's summary of ``rows`` (the expected units the reader may see): the
    reporting rates, a table by unit (a unit without a report shows as missing; with
    ``by_child``, rates by unit under the issuer instead) and one by emulation group."""
    counted = rates(plan, rows)
    missing = [r for r in rows if r.status in (Timeliness.MISSING, Timeliness.CLOSED)]
    tables = [_child_table(plan, rows) if by_child else _unit_table(rows)]
    groups = _group_table(plan, rows)
    if groups:
        tables.append(groups)
    overview = [
        f"Thực hiện {plan_line(plan)} về {plan.title[:1].lower()}{plan.title[1:]}, "
        f"{plan.issuing_unit.name} tổng hợp kết quả báo cáo của các đơn vị như sau:",
        f"Số đơn vị phải báo cáo: {counted.expected}; đã báo cáo: {counted.reported}, đạt tỷ lệ "
        f"{_percent(counted.reporting_rate)}; đúng hạn: {counted.on_time}, đạt tỷ lệ "
        f"{_percent(counted.on_time_rate)}; được miễn: {counted.exempt}.",
    ]
    if missing and not by_child:
        overview.append("Các đơn vị chưa báo cáo: " + ", ".join(r.unit.name for r in missing) + ".")
    return frame(
        **plan_document_fields(plan, "summary"),
        title=f"Tổng hợp kết quả thực hiện {plan_line(plan)}",
        sections=[
            Section(paragraphs=overview[:1]),
            Section("I. TÌNH HÌNH BÁO CÁO", overview[1:], tables),
        ],
    )
