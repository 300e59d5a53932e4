"""The achievement report (báo cáo thành tích) of a dossier, laid out as the annex forms of
Decree 98/2023/NĐ-CP: form 01 for a collective, form 02 for an individual, filled from the
dossier. The headings are the forms' own words (fixed document text, not translated).

Ethnicity and Party membership are sensitive personal data: they are written only for the
readers ``nominations.privacy.may_see_sensitive`` names, as on the dossier page.
"""

from html.parser import HTMLParser

from django.utils import timezone

from dienhinh.documents.common import Section, Table, frame
from dienhinh.nominations.ethnicities import ETHNIC_GROUPS
from dienhinh.nominations.models import Nomination
from dienhinh.nominations.privacy import may_see_sensitive
from dienhinh.orgs.models import OrgUnit

_BLOCKS = {"p", "li", "h3", "h4", "blockquote", "br"}


class _Paragraphs(HTMLParser):
    """Sanitised achievements HTML as paragraphs; <strong>/<b> become **bold** marks."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self.current = ""

    def _flush(self):
        if self.current.strip():
            self.paragraphs.append(" ".join(self.current.split()))
        self.current = ""

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCKS:
            self._flush()
            if tag == "li":
                self.current = "- "
        elif tag in ("strong", "b"):
            self.current += "**"

    def handle_endtag(self, tag):
        if tag in _BLOCKS:
            self._flush()
        elif tag in ("strong", "b"):
            self.current += "**"

    def handle_data(self, data):
        self.current += data


def html_paragraphs(html: str) -> list[str]:
    parser = _Paragraphs()
    parser.feed(html or "")
    parser.close()
    parser._flush()
    return [p.replace("****", "") for p in parser.paragraphs] or ["…"]


def _fact(label: str, value) -> str:
    return f"- {label}: {value if value not in (None, '') else '…'}"


def _awards_table(nomination: Nomination) -> Table:
    return Table(
        caption="Danh hiệu thi đua, hình thức khen thưởng đã được",
        columns=[
            "Năm",
            "Danh hiệu, hình thức khen thưởng",
            "Số, ngày quyết định; cơ quan ban hành",
        ],
        rows=[
            [
                str(award.year or ""),
                award.title,
                ", ".join(
                    part
                    for part in (
                        award.decision_number,
                        award.decision_date.strftime("%d/%m/%Y") if award.decision_date else "",
                        award.issued_by,
                    )
                    if part
                ),
            ]
            for award in nomination.past_awards.all()
        ]
        or [["", "Chưa có", ""]],
    )


def _initiatives(nomination: Nomination) -> list[str]:
    return [
        f"- {i.title}"
        + (f" ({i.year})" if i.year else "")
        + (f"; được công nhận bởi {i.recognised_by}" if i.recognised_by else "")
        for i in nomination.initiatives.all()
    ]


def _individual(nomination: Nomination, *, sensitive: bool) -> list[Section]:
    facts = [
        _fact("Họ và tên", nomination.full_name),
        _fact("Giới tính", {"female": "Nữ", "male": "Nam"}.get(nomination.gender, "")),
        _fact(
            "Sinh ngày, tháng, năm",
            nomination.date_of_birth.strftime("%d/%m/%Y")
            if nomination.date_of_birth
            else nomination.birth_year,
        ),
        _fact("Quê quán", nomination.home_town),
        _fact("Trú quán", nomination.residence),
        _fact("Đơn vị công tác", nomination.workplace),
        _fact(
            "Chức vụ (Đảng, chính quyền, đoàn thể)",
            ", ".join(
                p
                for p in (
                    nomination.party_position,
                    nomination.government_position,
                    nomination.union_position,
                    nomination.position,
                )
                if p
            ),
        ),
        _fact("Trình độ chuyên môn, nghiệp vụ", nomination.professional_level),
        _fact("Học hàm, học vị, danh hiệu, giải thưởng", nomination.academic_titles),
    ]
    if sensitive:
        facts.insert(3, _fact("Dân tộc", dict(ETHNIC_GROUPS).get(nomination.ethnicity, "")))
    return [
        Section("I. SƠ LƯỢC LÝ LỊCH", facts),
        Section(
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            [f"**{nomination.headline}**", *html_paragraphs(nomination.achievements)]
            + (
                ["**Sáng kiến, giải pháp:**", *_initiatives(nomination)]
                if nomination.initiatives.all()
                else []
            ),
        ),
        Section("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", [], [_awards_table(nomination)]),
    ]


def _collective(nomination: Nomination) -> list[Section]:
    facts = [
        _fact("Tên tập thể", nomination.collective_name),
        _fact("Địa chỉ trụ sở", nomination.collective_address),
        _fact("Điện thoại", nomination.collective_phone),
        _fact("E-mail", nomination.collective_email),
        _fact("Năm thành lập", nomination.founded_year),
        _fact("Tổng số cán bộ, công nhân viên chức", nomination.headcount),
        _fact("Trong đó nữ", nomination.women_count),
    ]
    structure = [line for line in nomination.organisation_structure.splitlines() if line.strip()]
    tasks = [line for line in nomination.functions_and_tasks.splitlines() if line.strip()]
    return [
        Section(
            "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH",
            [
                "**1. Đặc điểm, tình hình**",
                *facts,
                "**2. Tổ chức bộ máy**",
                *(structure or ["…"]),
                "**3. Chức năng, nhiệm vụ**",
                *(tasks or ["…"]),
            ],
        ),
        Section(
            "II. THÀNH TÍCH ĐẠT ĐƯỢC",
            [f"**{nomination.headline}**", *html_paragraphs(nomination.achievements)]
            + (
                ["**Sáng kiến, giải pháp:**", *_initiatives(nomination)]
                if nomination.initiatives.all()
                else []
            ),
        ),
        Section("III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG", [], [_awards_table(nomination)]),
    ]


def achievement_context(nomination: Nomination, *, user) -> dict:
    """Form 01 (collective) or 02 (individual) of Decree 98/2023, filled from the dossier."""
    unit = nomination.nominating_unit
    parent = OrgUnit.objects.get_parent(unit) if unit.depth > 1 else None
    collective = nomination.subject_kind == "collective"
    name = nomination.collective_name if collective else nomination.full_name
    sections = (
        _collective(nomination)
        if collective
        else _individual(nomination, sensitive=may_see_sensitive(user, nomination))
    )
    return frame(
        superior=parent.name if collective and parent else "",
        issuer=unit.name if collective else "",
        place=nomination.plan.place,
        day=timezone.localtime(nomination.submitted_at).date() if nomination.submitted_at else None,
        year=nomination.plan.year,
        title=f"Đề nghị biểu dương điển hình tiên tiến: {name}",
        sections=sections,
        countersign="THỦ TRƯỞNG ĐƠN VỊ CẤP TRÊN TRỰC TIẾP NHẬN XÉT, XÁC NHẬN"
        if collective
        else "THỦ TRƯỞNG ĐƠN VỊ XÁC NHẬN, ĐỀ NGHỊ",
        signer_title="THỦ TRƯỞNG ĐƠN VỊ" if collective else "NGƯỜI BÁO CÁO THÀNH TÍCH",
        signer_name="" if collective else nomination.full_name,
    )
