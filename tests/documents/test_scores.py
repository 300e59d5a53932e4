"""The score table (kind ``scores``): the ranking per emulation group from the scoring app,
live while open and the finalised version's frozen figures after; its issuing fields; who
may have it (404 otherwise); one PDF conversion."""

import io
import subprocess

import pytest
from django.urls import reverse
from docx import Document

from dienhinh.demo import plan57
from dienhinh.documents import service
from dienhinh.documents.text import docx_text
from dienhinh.orgs.models import EmulationGroup, EmulationGroupMember, GroupKind
from dienhinh.plans.models import Plan
from dienhinh.scoring.workflow import transition_scoring
from tests.documents.conftest import needs_soffice
from tests.scoring.conftest import meeting, score_others, scorecard  # noqa: F401 (fixture)


@pytest.fixture
def cluster(world, plan, scorecard):  # noqa: F811 (the fixture imported above)
    group = EmulationGroup.objects.create(
        name="Cụm thi đua số 1",
        kind=GroupKind.CLUSTER,
        year=plan.year,
        organizer=world.province,
        leader=world.unit_a,
    )
    for unit in (world.unit_a, world.unit_b):
        EmulationGroupMember.objects.create(group=group, unit=unit)
    return group


def docx(pk, user) -> bytes:
    return service.docx_of(service.prepare("scores", pk, user=user))


def table_rows(document, caption: str) -> list[list[str]]:
    """The rows (header first) of the table after the paragraph ``caption``."""
    body = list(document.element.body.iterchildren())
    at = next(
        i for i, e in enumerate(body) if e.tag.endswith("}p") and caption in "".join(e.itertext())
    )
    table = next(e for e in body[at:] if e.tag.endswith("}tbl"))
    from docx.table import Table

    return [[c.text for c in row.cells] for row in Table(table, document).rows]


def test_the_score_table_live_then_frozen(world, plan, scorecard, cluster):  # noqa: F811
    Plan.objects.filter(pk=plan.pk).update(**plan57.DOCUMENT)  # its recipients and signer
    data = docx(plan.pk, world.monitor)
    document = Document(io.BytesIO(data))
    issuer, _nation = document.tables[0].rows[0].cells
    number, date = document.tables[0].rows[1].cells
    assert [p.text for p in issuer.paragraphs if p.text] == ["LIÊN ĐOÀN LAO ĐỘNG TỈNH TRÀ VINH"]
    assert [p.text for p in number.paragraphs if p.text] == ["Số:       /TB-LĐLĐ"]
    assert next(p.text for p in date.paragraphs if p.text).startswith("Trà Vinh, ngày ")
    rows = table_rows(document, "1. Cụm thi đua số 1")
    assert rows[0] == ["Hạng", "Đơn vị", "Tự chấm", "Điểm chính thức", "Xếp loại"]
    # A: 10 (report on time) + 6 (three dossiers) + 5 (one selected) + 10 (five meetings).
    assert rows[1][:2] == ["1", "Công đoàn cơ sở Trường Tiểu học Thị trấn Càng Long"]
    assert rows[1][3] == "31" and rows[2][0] == "2" and rows[2][3] == "0"
    text = docx_text(data)
    assert "THÔNG BÁO" in text and "Kết quả tạm tính đến ngày" in text
    assert "II. CÁC ĐƠN VỊ NGOÀI CỤM, KHỐI THI ĐUA" in text  # the district and unit C
    assert "Tổng điểm tối đa: 100 điểm" in text
    left, right = document.tables[-1].rows[0].cells
    recipients = [p.text for p in left.paragraphs if p.text]
    assert recipients[0] == "Nơi nhận:" and recipients[-1] == "- Lưu VP, Ban CSPL."
    assert [p.text for p in right.paragraphs if p.text] == [
        "TM. BAN THƯỜNG VỤ",
        "PHÓ CHỦ TỊCH THƯỜNG TRỰC",
        "Trần Trung Truyền",
    ]

    from dienhinh.scoring.entries import OfficialInput, save_official_scores

    items = (scorecard.articles, scorecard.plan_made, scorecard.quality, scorecard.bonus)
    save_official_scores(
        scorecard.rubric,
        world.unit_a,
        by=world.monitor,
        entries={i.pk: OfficialInput(0) for i in items},
    )
    score_others(world, scorecard)
    transition_scoring(scorecard.rubric, action="finalise", by=world.monitor)
    meeting(plan, world.unit_b)  # after finalisation: the table stays as frozen
    frozen = docx(plan.pk, world.monitor)
    assert "Kết quả đã chốt: phiên bản 1 ngày" in docx_text(frozen)
    rows = table_rows(Document(io.BytesIO(frozen)), "1. Cụm thi đua số 1")
    assert [(r[0], r[3]) for r in rows[1:]] == [("1", "31"), ("2", "0")]


def test_the_score_table_for_those_allowed_404_otherwise(
    login,
    world,
    plan,
    api_client,
    scorecard,  # noqa: F811
):
    url = reverse("documents:download", args=["scores", plan.pk, "docx"])
    monitor = login(world.monitor)
    assert url in monitor.get(reverse("scoring:plan", args=[plan.pk])).text
    answer = monitor.get(url)
    assert answer.status_code == 200
    assert (
        answer["Content-Disposition"] == 'attachment; filename="diem-thi-dua-57-kh-ldld-2017.docx"'
    )
    officer = login(world.officer_a)
    assert url not in officer.get(reverse("scoring:plan", args=[plan.pk])).text
    assert officer.get(url).status_code == 404
    assert login(world.outsider).get(url).status_code == 404
    api = f"/api/v1/documents/scores/{plan.pk}?format=docx"
    assert "THÔNG BÁO" in docx_text(api_client(world.monitor).get(api).content)
    assert api_client(world.officer_a).get(api).status_code == 404
    scorecard.rubric.delete()  # a plan without scoring has no score table
    assert api_client(world.monitor).get(api).status_code == 404


@needs_soffice
@pytest.mark.one_database
def test_the_score_table_as_pdf(world, plan, scorecard, cluster, settings, tmp_path):  # noqa: F811
    from dienhinh.documents.pdf import docx_to_pdf

    settings.DOCUMENTS_CACHE_DIR = tmp_path
    pdf = tmp_path / "scores.pdf"
    pdf.write_bytes(docx_to_pdf(docx(plan.pk, world.monitor)))
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    text = " ".join(text.split())  # the table's cells wrap their words
    assert "1. Cụm thi đua số 1" in text and "Trường Tiểu học Thị trấn Càng Long" in text
    assert "Kết quả tạm tính đến ngày" in text


def test_the_score_table_names_the_members_not_scored_and_why(
    world,
    plan,
    scorecard,  # noqa: F811
    cluster,
):
    """As the scoring page: under the cluster its member that the plan does not score (A's
    union group), and a cluster whose only member is exempted, with its list only."""
    from dienhinh.reports.domain import report_for
    from dienhinh.reports.workflow import transition_report

    EmulationGroupMember.objects.create(group=cluster, unit=world.group_a1)
    exempted = EmulationGroup.objects.create(
        name="Cụm thi đua số 2", kind=GroupKind.CLUSTER, year=plan.year, organizer=world.province
    )
    EmulationGroupMember.objects.create(group=exempted, unit=world.unit_c)
    transition_report(
        report_for(plan, world.unit_c), action="exempt", by=world.monitor, exempt_reason="merged"
    )
    text = docx_text(docx(plan.pk, world.monitor))
    assert (
        f"Không chấm điểm theo kế hoạch này: {world.group_a1.name} (loại đơn vị này không báo "
        "cáo theo kế hoạch này)." in text
    )
    second = text[text.index("2. Cụm thi đua số 2") :]
    assert "Không có đơn vị nào của cụm, khối được chấm điểm theo kế hoạch này." in second
    assert f"{world.unit_c.name} (" in second
