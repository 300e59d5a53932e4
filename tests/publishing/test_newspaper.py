"""The newspaper column: a district's published story proposed to the federation's column,
sent in a batch (a ZIP of a Word file and the photos), printed or declined; who may do what;
what the paper gets is the version proposed."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from docx import Document

from dienhinh.accounts.models import Role
from dienhinh.publishing.enums import ProposalState
from dienhinh.publishing.models import NewspaperColumn, NewspaperProposal
from dienhinh.publishing.newspaper.submission import body_paragraphs, build_submission
from dienhinh.publishing.newspaper.workflow import (
    columns_for,
    propose,
    save_column,
    send_batch,
    transition_proposal,
)
from dienhinh.publishing.workflow import transition_story
from tests.factories import UserFactory, grant
from tests.publishing.conftest import edit

S = ProposalState
PEOPLE = "Nguyễn Thị Mai – Giáo viên Trường A\nLê Văn Đức – Chủ tịch Công đoàn cơ sở"


@pytest.fixture
def district_editor(world):
    user = UserFactory(email="district_editor@example.vn", full_name="Lý Thị Huyện")
    grant(user, world.district, Role.EDITOR)
    return user


@pytest.fixture
def column(world):
    return save_column(
        world.province, by=world.editor, newspaper="Báo Vĩnh Long", name="Lao động và Công đoàn"
    )


@pytest.fixture
def published(world, make_story, district_editor):
    """The district's story, with a photo whose people are named, published."""
    story = make_story(world.district, by=district_editor, photo=True)
    photo = story.photos.get()
    photo.people = PEOPLE
    photo.save()
    transition_story(story, action="publish", by=district_editor)
    story.refresh_from_db()
    return story


def test_a_published_story_goes_to_the_columns_of_its_unit_and_above(
    world, column, published, district_editor, make_story
):
    neighbour = save_column(
        world.other_district, by=world.editor, newspaper="Báo Vĩnh Long", name="Thành phố"
    )
    assert list(columns_for(published)) == [column]
    with pytest.raises(ValidationError, match="does not take stories of this unit"):
        propose(published, column=neighbour, by=district_editor)

    proposal = propose(published, column=column, by=district_editor, note="Xin đăng số tới")
    assert proposal.state == S.PROPOSED and proposal.version_id == published.live_version_id
    with pytest.raises(ValidationError, match="already proposed"):
        propose(published, column=column, by=district_editor)

    draft = make_story(world.district, by=district_editor)
    with pytest.raises(ValidationError, match="Only a published story"):
        propose(draft, column=column, by=district_editor)
    with pytest.raises(PermissionDenied):
        propose(published, column=column, by=world.officer_a)


def test_sent_printed_declined_withdrawn_each_by_whom_it_belongs_to(
    world, column, published, district_editor, make_story
):
    proposal = propose(published, column=column, by=district_editor)
    with pytest.raises(PermissionDenied):  # the district does not send to the paper
        send_batch(column, proposal_ids=[proposal.pk], by=district_editor)
    batch = send_batch(column, proposal_ids=[proposal.pk], by=world.editor)
    proposal.refresh_from_db()
    assert proposal.state == S.SENT and proposal.batch == batch and proposal.position == 1
    with pytest.raises(ValidationError):  # sent: no longer withdrawn by the unit
        transition_proposal(proposal, action="withdraw", by=district_editor)

    with pytest.raises(ValidationError) as missing:
        transition_proposal(proposal, action="print", by=world.editor)
    assert set(missing.value.message_dict) == {"issue_number", "issue_date"}
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="between the proposal and today"):
        transition_proposal(
            proposal, action="print", by=world.editor, issue_number="5123", issue_date=tomorrow
        )
    with pytest.raises(PermissionDenied):
        transition_proposal(
            proposal,
            action="print",
            by=district_editor,
            issue_number="5123",
            issue_date=timezone.localdate(),
        )
    transition_proposal(
        proposal,
        action="print",
        by=world.editor,
        issue_number="5123",
        issue_date=timezone.localdate(),
    )
    proposal.refresh_from_db()
    assert proposal.state == S.PRINTED and proposal.issue_number == "5123"

    # Printed, the story may be proposed again (another column issue); declining needs a why.
    again = propose(published, column=column, by=district_editor)
    with pytest.raises(ValidationError, match="Say why"):
        transition_proposal(again, action="decline", by=world.editor)
    transition_proposal(again, action="decline", by=world.editor, reason="Trùng chủ đề số trước")
    again.refresh_from_db()
    assert again.state == S.DECLINED and again.reason == "Trùng chủ đề số trước"

    third = propose(published, column=column, by=district_editor)
    transition_proposal(third, action="withdraw", by=district_editor)
    third.refresh_from_db()
    assert third.state == S.WITHDRAWN


def test_the_zip_has_the_proposed_version_its_captions_and_full_size_photos(
    world, column, published, district_editor
):
    proposal = propose(published, column=column, by=district_editor)
    # Edited after it was proposed: the paper still gets the version proposed.
    edit(published, district_editor, headline="Tiêu đề đã sửa sau khi đề xuất")
    batch = send_batch(column, proposal_ids=[proposal.pk], by=world.editor)

    submission = build_submission(batch)
    day = timezone.localdate(batch.created_at).isoformat()
    assert submission.filename == f"lao-dong-va-cong-doan-{day}.zip"
    archive = zipfile.ZipFile(io.BytesIO(submission.content))
    names = archive.namelist()
    assert names == [f"bai-gui-bao-{day}.docx", "anh/bai-01-anh-1.jpg"]
    with published.photos.get().image.open("rb") as handle:
        assert archive.read("anh/bai-01-anh-1.jpg") == handle.read()

    document = Document(io.BytesIO(archive.read(names[0])))
    lines = [p.text for p in document.paragraphs if p.text.strip()]
    text = "\n".join(lines)
    assert "Lao động và Công đoàn – Báo Vĩnh Long" in text
    assert "Bài 1. Cô giáo dạy giỏi ở Càng Long" in text
    assert "Tiêu đề đã sửa" not in text
    assert "Cô giáo Nguyễn Thị Mai dạy giỏi nhiều năm liền." in lines
    bold = [r.text for p in document.paragraphs for r in p.runs if r.bold]
    assert "Nguyễn Thị Mai" in bold  # <strong> in the body stays bold
    assert "Ảnh 1 (tệp bai-01-anh-1.jpg): Cô Mai đứng lớp" in lines
    assert (
        "Từ trái sang phải: Nguyễn Thị Mai – Giáo viên Trường A; "
        "Lê Văn Đức – Chủ tịch Công đoàn cơ sở."
    ) in lines
    assert "{{" not in text and "{%" not in text
    # The same content on every download.
    assert zipfile.ZipFile(io.BytesIO(build_submission(batch).content)).read(
        "anh/bai-01-anh-1.jpg"
    ) == archive.read("anh/bai-01-anh-1.jpg")


def test_body_paragraphs_keep_blocks_lists_links_and_plain_lines():
    html = (
        "<h3>Kết quả</h3><p>Dòng <em>một</em><br>dòng hai</p>"
        "<ul><li>Thứ nhất</li><li>Thứ hai</li></ul><ol><li>Bước</li></ol>"
        '<p>Xem <a href="https://ldld.travinh.vn/bai">bài</a></p>'
    )
    xml = [p.xml for p in body_paragraphs(html)]
    assert len(xml) == 7
    assert "<w:b/>" in xml[0] and "Kết quả" in xml[0]
    assert "<w:i/>" in xml[1] and "dòng hai" in xml[2]
    assert "– " in xml[3] and "1. " in xml[5]
    assert "(https://ldld.travinh.vn/bai)" in xml[6]
    assert len(body_paragraphs("Đoạn một\nĐoạn hai")) == 2
    assert "&lt;script&gt;" not in "".join(p.xml for p in body_paragraphs("<script>x</script>"))


def test_pages_propose_send_download_and_print(world, column, published, district_editor, login):
    unit_client = login(district_editor)
    page = unit_client.get(reverse("publishing:detail", args=[published.pk]))
    assert b"Propose to the newspaper" in page.content
    response = unit_client.post(
        reverse("publishing:newspaper_propose", args=[published.pk]),
        {"column": column.pk, "note": "Đề nghị đăng"},
    )
    assert response.status_code == 302
    proposal = NewspaperProposal.objects.get()

    federation = login(world.editor)
    listing = federation.get(reverse("publishing:newspaper"))
    assert b"Send these to the newspaper" in listing.content
    response = federation.post(
        reverse("publishing:newspaper_send", args=[column.pk]),
        {f"send-{column.pk}-proposals": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.state == S.SENT
    assert response["Location"] == reverse("publishing:newspaper_batch", args=[proposal.batch_id])
    download = federation.get(reverse("publishing:newspaper_download", args=[proposal.batch_id]))
    assert download["Content-Type"] == "application/zip"
    assert "lao-dong-va-cong-doan-" in download["Content-Disposition"]

    response = federation.post(
        reverse("publishing:newspaper_act", args=[proposal.pk]),
        {"action": "print", "issue_number": "", "issue_date": ""},
    )
    assert response.status_code == 400 and b"Give the issue number." in response.content
    today = timezone.localdate().strftime("%d/%m/%Y")
    response = federation.post(
        reverse("publishing:newspaper_act", args=[proposal.pk]),
        {"action": "print", "issue_number": "5123", "issue_date": today},
    )
    proposal.refresh_from_db()
    assert response.status_code == 302 and proposal.state == S.PRINTED
    assert b"5123" in unit_client.get(reverse("publishing:detail", args=[published.pk])).content


def test_a_batch_is_only_for_the_column_editors(world, column, published, district_editor, login):
    proposal = propose(published, column=column, by=district_editor)
    batch = send_batch(column, proposal_ids=[proposal.pk], by=world.editor)
    for person in (district_editor, world.officer_a, world.reviewer, world.outsider):
        client = login(person)
        assert client.get(reverse("publishing:newspaper_batch", args=[batch.pk])).status_code == 404
        download = client.get(reverse("publishing:newspaper_download", args=[batch.pk]))
        assert download.status_code == 404
    # The district sees its own proposals, a sibling district's editor does not.
    sibling = UserFactory(email="tp_editor@example.vn", full_name="Đỗ Văn Phố")
    grant(sibling, world.other_district, Role.EDITOR)
    assert (
        b"Lao \xc4\x91\xe1\xbb\x99ng"
        in login(district_editor).get(reverse("publishing:newspaper")).content
    )
    assert not NewspaperProposal.objects.visible_to(sibling).exists()
    act = login(sibling).post(
        reverse("publishing:newspaper_act", args=[proposal.pk]), {"action": "withdraw"}
    )
    assert act.status_code == 404


def test_columns_are_set_up_by_the_unit_editors(world, login, column):
    client = login(world.editor)
    url = reverse("publishing:newspaper_columns", args=[world.province.pk])
    response = client.post(url, {"newspaper": "Báo Vĩnh Long", "name": "Lao động và Công đoàn"})
    assert b"already has this column" in response.content
    response = client.post(
        f"{url}?column={column.pk}",
        {"newspaper": "Báo Vĩnh Long", "name": "Công đoàn Vĩnh Long", "is_active": "on"},
    )
    assert response.status_code == 302
    column.refresh_from_db()
    assert column.name == "Công đoàn Vĩnh Long"
    assert login(world.officer_a).get(url).status_code == 404
    assert NewspaperColumn.objects.managed_by(world.reviewer).count() == 0
