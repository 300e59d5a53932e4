"""A person's data in a dossier: exported as a ZIP and erased by a system administrator with
the reason recorded, once no open decision needs it; the stories about them go offline, the
frozen report keeps its counts (and never held the name), the field history is purged and
the audit log no longer names them. Nobody else reaches these pages."""

import io
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from dienhinh.core.models import AuditEntry
from dienhinh.nominations.enums import PeopleConsent, State
from dienhinh.nominations.erasure import ANONYMISE
from dienhinh.nominations.models import Attachment, Nomination, Photo
from dienhinh.publishing.editing import create_story
from dienhinh.publishing.models import Story, StoryDossier
from dienhinh.publishing.photos import add_photo
from dienhinh.publishing.workflow import transition_story
from tests.factories import jpeg_bytes, make_nomination
from tests.sweep.world import _report

pytestmark = pytest.mark.django_db

NAME = "Huỳnh Thị Riêng Tư"


@pytest.fixture
def told(world, plan):
    """A selected dossier about NAME with every kind of file, a published story about it and
    the unit's submitted report."""
    dossier = make_nomination(
        plan,
        world.unit_a,
        by=world.officer_a,
        attachment=True,
        full_name=NAME,
        headline=f"{NAME}, giáo viên dạy giỏi",
        birth_year=1980,
        residence="Ấp Riêng, xã Kín",
        contact_phone="0912000111",
        ethnicity="01",
        party_member=True,
    )
    dossier.consent_scan = ContentFile(b"%PDF-1.4 consent", "dong-y.pdf")
    dossier.consent_recorded_at, dossier.consent_recorded_by = timezone.now(), world.officer_a
    dossier.full_name = NAME  # a second history row, as an edit would leave
    dossier.save()
    Nomination.objects.filter(pk=dossier.pk).update(state=State.SELECTED)
    story = create_story(
        unit=world.province, by=world.editor, headline=f"Gương sáng {NAME}", body="<p>Chuyện.</p>"
    )
    StoryDossier.objects.create(story=story, nomination=dossier)
    upload = SimpleUploadedFile("anh.jpg", jpeg_bytes(), content_type="image/jpeg")
    add_photo(
        story, by=world.editor, upload=upload, alt_text="Ảnh", people_consent=PeopleConsent.AGREED
    )
    story.refresh_from_db()
    transition_story(story, action="publish", by=world.editor)
    report = _report(plan, world.unit_a, world.officer_a)
    dossier.refresh_from_db()
    return dossier, story, report


def test_only_a_system_administrator_reaches_the_persons_data(world, told, login):
    dossier, _story, _report = told
    for person in (world.fed_admin, world.officer_a, world.monitor):
        client = login(person)
        assert client.get(f"/dossiers/{dossier.pk}/personal-data/").status_code == 404
        assert client.get(f"/dossiers/{dossier.pk}/personal-data/export/").status_code == 404
        assert (
            client.post(f"/dossiers/{dossier.pk}/personal-data/", {"reason": "x"}).status_code
            == 404
        )
    assert Nomination.objects.get(pk=dossier.pk).full_name == NAME


def test_the_export_holds_every_registered_field_and_file(world, told, login):
    dossier, _story, _report = told
    response = login(world.sysadmin).get(f"/dossiers/{dossier.pk}/personal-data/export/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("subject.json"))
    assert data["fields"]["full_name"] == NAME
    assert data["fields"]["residence"] == "Ấp Riêng, xã Kín" and data["fields"]["party_member"]
    files = [n for n in archive.namelist() if n != "subject.json"]
    assert sorted(n.split("/")[0] for n in files) == ["consent", "documents", "photos"]
    assert archive.read(next(n for n in files if n.startswith("consent/"))) == b"%PDF-1.4 consent"
    assert AuditEntry.objects.filter(action="export.personal_data", target_id=dossier.pk).exists()


def test_an_open_decision_keeps_the_data(world, told, login):
    dossier, _story, _report = told
    Nomination.objects.filter(pk=dossier.pk).update(state=State.SUBMITTED)
    response = login(world.sysadmin).post(
        f"/dossiers/{dossier.pk}/personal-data/", {"reason": "Yêu cầu của người được đề xuất"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Hồ sơ còn đang chờ quyết định" in page or "A decision is still open" in page
    assert Nomination.objects.get(pk=dossier.pk).full_name == NAME
    assert not AuditEntry.objects.filter(action=ANONYMISE).exists()


def test_erasing_removes_the_person_everywhere(
    world, told, login, django_capture_on_commit_callbacks
):
    dossier, story, report = told
    stored = [p.image.name for p in dossier.photos.all()] + [
        a.file.name for a in dossier.attachments.all()
    ]
    stored.append(dossier.consent_scan.name)
    assert all(default_storage.exists(name) for name in stored)
    figures_before = report.last_version.figures
    assert dossier.history.count() >= 2
    client = login(world.sysadmin)
    assert client.post(f"/dossiers/{dossier.pk}/personal-data/", {"reason": ""}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/dossiers/{dossier.pk}/personal-data/",
            {"reason": "Đơn đề nghị xóa dữ liệu ngày 01/12/2026"},
        )
    assert response.status_code == 302
    erased = Nomination.objects.get(pk=dossier.pk)
    assert erased.full_name == "(đã ẩn danh)" and NAME not in erased.headline
    assert erased.birth_year is None and erased.residence == "" and erased.contact_phone == ""
    assert erased.ethnicity == "" and erased.party_member is None and not erased.consent_scan
    assert NAME.casefold() not in erased.search_text and "rieng tu" not in erased.search_text
    assert not Photo.objects.filter(nomination=erased).exists()
    assert not Attachment.objects.filter(nomination=erased).exists()
    assert not any(default_storage.exists(name) for name in stored)
    assert erased.history.count() == 0
    # The story went offline; the public page no longer shows it.
    assert Story.objects.get(pk=story.pk).state == "unpublished"
    assert NAME not in Client().get("/bai-viet/").content.decode()
    # The report's frozen figures are the same counts, and never held the name.
    report.last_version.refresh_from_db()
    assert report.last_version.figures == figures_before
    assert NAME not in json.dumps(figures_before, ensure_ascii=False)
    # The reason is recorded; no audit entry about the dossier carries the name any more.
    entry = AuditEntry.objects.get(action=ANONYMISE, target_id=dossier.pk)
    assert (
        entry.reason == "Đơn đề nghị xóa dữ liệu ngày 01/12/2026" and entry.actor == world.sysadmin
    )
    labels = AuditEntry.objects.filter(target_id=dossier.pk, target_type__model="nomination")
    assert not labels.filter(target_label__contains=NAME).exists()


def test_erasing_takes_the_name_out_of_every_version_of_the_stories_about_them(
    world, told, login, django_capture_on_commit_callbacks
):
    from dienhinh.core.text import fold
    from dienhinh.publishing.editing import update_story
    from dienhinh.publishing.models import StoryPhoto, StoryVersion
    from dienhinh.publishing.photos import import_photo

    dossier, story, _report = told
    photo = StoryPhoto.objects.get(story=story)
    copy = import_photo(story, by=world.editor, source=dossier.photos.first())
    assert default_storage.exists(copy.image.name)
    StoryPhoto.objects.filter(pk=photo.pk).update(caption=f"{NAME} đứng lớp", people=NAME)
    update_story(
        story,
        by=world.editor,
        headline=f"Gương sáng {NAME}",
        lead=f"Cô {NAME} dạy giỏi.",
        body=f"<p>Chuyện về {NAME}.</p>",
        photos=None,
    )
    assert StoryVersion.objects.filter(story=story).count() >= 3
    assert fold(NAME).replace(" ", "-") in Story.objects.get(pk=story.pk).slug

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.sysadmin).post(
            f"/dossiers/{dossier.pk}/personal-data/", {"reason": "Đơn đề nghị xóa dữ liệu"}
        )
    assert response.status_code == 302
    # The story's copy of the dossier's photo (the person) is gone, from every version too.
    assert not StoryPhoto.objects.filter(pk=copy.pk).exists()
    assert not default_storage.exists(copy.image.name)
    assert all(
        copy.pk not in v.photo_ids and sum(i["cover"] for i in v.photos) == (1 if v.photos else 0)
        for v in StoryVersion.objects.filter(story=story)
    )
    for version in StoryVersion.objects.filter(story=story):
        held = json.dumps(
            [version.headline, version.lead, version.body, version.photos], ensure_ascii=False
        )
        assert NAME not in held, version.number
    assert "(đã ẩn danh)" in StoryVersion.objects.filter(story=story).last().lead
    photo.refresh_from_db()
    assert NAME not in f"{photo.caption} {photo.alt_text} {photo.people}"
    erased_story = Story.objects.get(pk=story.pk)
    assert erased_story.state == "unpublished"
    assert "rieng-tu" not in erased_story.slug and not erased_story.old_slugs.exists()
    assert "rieng tu" not in erased_story.draft_search_text
    story_entries = AuditEntry.objects.filter(target_id=story.pk, target_type__model="story")
    assert story_entries.exists()
    assert not story_entries.filter(target_label__contains=NAME).exists()
    # Nothing public or editorial about the story still names the person.
    editor_page = login(world.editor).get(f"/stories/{story.pk}/")
    assert editor_page.status_code == 200
    assert NAME not in editor_page.content.decode()


def test_erasing_takes_the_name_out_of_what_people_wrote_about_the_dossier(
    world, told, login, django_capture_on_commit_callbacks
):
    """Reviewers name the person in their comments and notes, officers in the reasons they
    give and in the evidence; the audit log keeps those reasons. Other dossiers' texts,
    which may name a namesake, stay."""
    from dienhinh.core import audit
    from dienhinh.core.models import OutgoingEmail
    from dienhinh.nominations.enums import Action
    from dienhinh.nominations.models import Initiative, Review, Transition
    from dienhinh.nominations.notifications import send_transition_emails

    dossier, _story, _report = told
    other = make_nomination(dossier.plan, world.unit_b, by=world.officer_b, photo=False)
    for nomination in (dossier, other):
        Review.objects.create(
            nomination=nomination,
            unit=world.district,
            round=1,
            reviewer=world.reviewer,
            decision=Action.RETURN,
            comment=f"Bổ sung ảnh của {NAME}.",
            internal_note=f"{NAME} là người nhà của cán bộ?",
        )
        Transition.objects.create(
            nomination=nomination,
            action=Action.RETURN,
            from_state=State.SUBMITTED,
            to_state=State.RETURNED,
            by=world.reviewer,
            reason=f"Thiếu minh chứng của {NAME}",
            round=1,
        )
        Initiative.objects.create(nomination=nomination, title=f"Sáng kiến của {NAME}")
        audit.record(
            audit.define_action("test.note", "Ghi chú"),
            actor=world.reviewer,
            target=nomination,
            unit=nomination.nominating_unit,
            reason=f"Đã gọi điện cho {NAME}",
        )
    # The emails the moves sent name the person in their subject line and text.
    for nomination in (dossier, other):
        entry = Transition.objects.filter(nomination=nomination).last()
        nomination.full_name = NAME
        nomination.save()
        assert send_transition_emails(entry.pk) >= 1
    mails = OutgoingEmail.objects.filter(key__startswith="transition:")
    assert mails.filter(subject__contains=NAME).count() == mails.count() >= 2
    # Each is linked to the dossier it is about when it is queued.
    assert all(list(mail.nominations.all()) in ([dossier], [other]) for mail in mails)
    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.sysadmin).post(
            f"/dossiers/{dossier.pk}/personal-data/", {"reason": "Đơn đề nghị xóa dữ liệu"}
        )
    assert response.status_code == 302
    dossier_mails = OutgoingEmail.objects.filter(
        key__startswith=f"transition:{Transition.objects.get(nomination=dossier).pk}:"
    )
    assert dossier_mails.exists()
    for mail in dossier_mails:
        assert NAME not in mail.subject + mail.body and "(đã ẩn danh)" in mail.subject
    other_mails = OutgoingEmail.objects.filter(
        key__startswith=f"transition:{Transition.objects.get(nomination=other).pk}:"
    )
    assert other_mails.exists() and all(NAME in mail.subject for mail in other_mails)
    written = [
        *Review.objects.filter(nomination=dossier).values_list("comment", "internal_note"),
        *Transition.objects.filter(nomination=dossier).values_list("reason"),
        *Initiative.objects.filter(nomination=dossier).values_list("title"),
        *AuditEntry.objects.filter(target_id=dossier.pk, target_type__model="nomination")
        .exclude(action=ANONYMISE)
        .values_list("reason"),
    ]
    held = json.dumps(written, ensure_ascii=False)
    assert NAME not in held and held.count("(đã ẩn danh)") == 5
    review = Review.objects.get(nomination=dossier)
    assert review.comment == "Bổ sung ảnh của (đã ẩn danh)."
    kept = json.dumps(
        [
            *Review.objects.filter(nomination=other).values_list("comment", "internal_note"),
            *Transition.objects.filter(nomination=other).values_list("reason"),
            *Initiative.objects.filter(nomination=other).values_list("title"),
        ],
        ensure_ascii=False,
    )
    assert kept.count(NAME) == 4


def test_erasing_scrubs_exactly_the_emails_linked_to_the_dossier_and_the_stories_reasons(
    world, told, login, django_capture_on_commit_callbacks
):
    """The emails about the dossier — its moves and the steps of the story told from it —
    are linked to it when they are queued, and erasing it scrubs exactly those: an email
    that names a namesake but is about something else stays as it was. An editor's reason
    given on the story (in its audit entry) loses the name too."""
    from dienhinh.core import audit
    from dienhinh.core.mail import send_once
    from dienhinh.core.models import OutgoingEmail
    from dienhinh.publishing.notifications import send_story_emails

    dossier, story, _report = told
    # Someone other than the author took the story down, naming the person: the author is
    # emailed (the headline names them) and the audit entry keeps the reason.
    step = audit.record(
        "story.take_down",
        actor=world.sysadmin,
        target=story,
        unit=story.unit,
        reason=f"Gia đình {NAME} đề nghị gỡ bài",
    )
    assert send_story_emails(step.pk) == 1
    story_mail = OutgoingEmail.objects.get(key__startswith=f"story:{step.pk}:")
    assert NAME in story_mail.subject
    assert list(story_mail.nominations.all()) == [dossier]
    # An email about something else that happens to carry the same name.
    assert send_once(
        key="unrelated:1", to="ban@example.vn", subject=f"Thư mời {NAME}", body=f"Kính gửi {NAME}"
    )
    unrelated = OutgoingEmail.objects.get(key="unrelated:1")
    assert not unrelated.nominations.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = login(world.sysadmin).post(
            f"/dossiers/{dossier.pk}/personal-data/", {"reason": "Đơn đề nghị xóa dữ liệu"}
        )
    assert response.status_code == 302
    story_mail.refresh_from_db()
    assert NAME not in story_mail.subject + story_mail.body
    assert "(đã ẩn danh)" in story_mail.subject
    unrelated.refresh_from_db()
    assert (unrelated.subject, unrelated.body) == (f"Thư mời {NAME}", f"Kính gửi {NAME}")
    step.refresh_from_db()
    assert step.reason == "Gia đình (đã ẩn danh) đề nghị gỡ bài"
    story_entries = AuditEntry.objects.filter(target_id=story.pk, target_type__model="story")
    assert not story_entries.filter(reason__contains=NAME).exists()


def test_emails_queued_before_the_links_existed_are_linked_by_their_keys(world, told):
    """The migration that added the links finds the emails already in the outbox by their
    keys: a move's (``transition:<id>:``) to its dossier, a story step's (``story:<audit
    entry>:``) to the story's dossiers; another email stays unlinked."""
    import importlib

    from django.apps import apps

    from dienhinh.core import audit
    from dienhinh.core.mail import send_once
    from dienhinh.core.models import OutgoingEmail
    from dienhinh.nominations.enums import Action
    from dienhinh.nominations.models import Transition
    from dienhinh.nominations.notifications import send_transition_emails
    from dienhinh.publishing.notifications import send_story_emails

    dossier, story, _report = told
    move = Transition.objects.create(
        nomination=dossier,
        action=Action.RETURN,
        from_state=State.SUBMITTED,
        to_state=State.RETURNED,
        by=world.reviewer,
        reason="Bổ sung",
        round=1,
    )
    assert send_transition_emails(move.pk) >= 1
    step = audit.record(
        "story.take_down", actor=world.sysadmin, target=story, unit=story.unit, reason="Gỡ"
    )
    assert send_story_emails(step.pk) == 1
    send_once(key="unrelated:2", to="ban@example.vn", subject="Thư", body="…")
    Nomination.emails.through.objects.all().delete()  # as before the migration

    nominations = importlib.import_module("dienhinh.nominations.migrations.0010_outbox_emails")
    publishing = importlib.import_module("dienhinh.publishing.migrations.0010_link_story_emails")
    nominations.link_transition_emails(apps, None)
    publishing.link_story_emails(apps, None)

    linked = set(dossier.emails.values_list("key", flat=True))
    assert linked == set(
        OutgoingEmail.objects.filter(
            key__regex=rf"^(transition:{move.pk}|story:{step.pk}):"
        ).values_list("key", flat=True)
    )
    assert len(linked) >= 2
    assert not OutgoingEmail.objects.get(key="unrelated:2").nominations.exists()
