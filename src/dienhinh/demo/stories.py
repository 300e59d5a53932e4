"""The demo's stories, written through the publishing functions by the federation's editor
(bientap) from dossiers selected for propagation, whose consent is recorded first: stories of
the federation, of the Càng Long district and of a grassroots union, published (one on the
home page, one changed since), one scheduled for tomorrow 07:00 and one unpublished, and a
draft about the movement itself; the federation's newspaper column with one story printed
and one proposed. Publication dates are then moved back to when the dossiers
were selected, so the portal's lists read naturally.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from dienhinh.accounts.models import User
from dienhinh.core.models import AuditEntry
from dienhinh.nominations.consent import record_consent
from dienhinh.nominations.enums import State
from dienhinh.nominations.models import Nomination
from dienhinh.orgs.models import OrgUnit
from dienhinh.publishing.editing import create_story, update_story
from dienhinh.publishing.models import Story, StoryVersion
from dienhinh.publishing.newspaper.workflow import (
    propose,
    save_column,
    send_batch,
    transition_proposal,
)
from dienhinh.publishing.photos import import_photo
from dienhinh.publishing.workflow import transition_story

# (who the story is about, the publishing unit's code or None for the dossier's own unit,
# what happens to it, the headline)
STORIES = (
    ("Nguyễn Thị Hồng Nhung", "TV", "featured", "Cô giáo Hồng Nhung và những giờ học vui"),
    (
        "Bộ phận Một cửa Ủy ban nhân dân xã Huyền Hội",
        "TV-CL",
        "published",
        "Huyền Hội: một cửa, một lần, đúng hẹn",
    ),
    ("Phan Thị Thanh Thủy", None, "published", "Chị Thanh Thủy, người giữ lửa công đoàn"),
    (
        "Khoa Nhi Bệnh viện Đa khoa tỉnh Trà Vinh",
        "TV",
        "changed",
        "Khoa Nhi: thầy thuốc như mẹ hiền",
    ),
    ("Sơn Thị Chanh Đa", "TV", "scheduled", "Cô gái Khmer Sơn Thị Chanh Đa giỏi việc nước"),
    ("Trần Minh Khoa", "TV", "unpublished", "Thầy Minh Khoa và câu lạc bộ khoa học"),
)
NEWS = (
    "Phong trào thi đua yêu nước năm nay: những con số đầu tiên",
    "<p>Các cấp công đoàn đã phát hiện, giới thiệu nhiều điển hình tiên tiến.</p>",
)
# The subjects the stories tell about: their dossiers' photos are drawn wide (demo.photos).
STORY_SUBJECTS = frozenset(name for name, *_rest in STORIES)


def _body(dossier: Nomination) -> str:
    return dossier.achievements or f"<p>{dossier.headline}</p>"


def load_stories(by_code: dict[str, OrgUnit]) -> int:
    """Create the demo stories; returns how many. Must run inside load_demo's transaction.

    Side effects: consent recorded on the dossiers told about, Story rows with versions and
    photos (copied from the dossiers' photos, renditions queued after commit), their audit
    entries, dated back.
    """
    editor = User.objects.get(email="bientap@demo.dienhinh.vn")
    selected = {
        d.subject_name: d
        for d in Nomination.objects.filter(state=State.SELECTED).select_related(
            "field", "movement", "nominating_unit", "plan"
        )
    }
    made = 0
    tomorrow_seven = datetime.datetime.combine(
        timezone.localdate() + datetime.timedelta(days=1),
        datetime.time(7),
        tzinfo=timezone.get_default_timezone(),
    )
    for name, code, fate, headline in STORIES:
        dossier = selected.get(name)
        if dossier is None:
            continue
        record_consent(dossier, by=editor)
        unit = by_code[code] if code else dossier.nominating_unit
        story = create_story(
            unit=unit,
            by=editor,
            headline=headline,
            lead=dossier.headline,
            body=_body(dossier),
            field=dossier.field.shared if dossier.field else None,
            movement=dossier.movement or dossier.plan.movement,
            dossiers=[dossier],
        )
        for photo in dossier.photos.all():
            import_photo(story, by=editor, source=photo)
        story.refresh_from_db()
        if fate == "scheduled":
            transition_story(story, action="schedule", by=editor, at=tomorrow_seven)
        else:
            transition_story(story, action="publish", by=editor)
            _date(story, dossier.decided_at)
        story.refresh_from_db()
        if fate == "featured":
            transition_story(story, action="feature", by=editor)
        elif fate == "unpublished":
            transition_story(story, action="unpublish", by=editor)
        elif fate == "changed":
            update_story(story, by=editor, lead=f"{dossier.headline}.", note="Sửa sa-pô")
        made += 1
    create_story(unit=by_code["TV"], by=editor, headline=NEWS[0], body=NEWS[1])
    _newspaper(by_code["TV"], editor)
    return made + 1


def _newspaper(federation: OrgUnit, editor: User) -> None:
    """The federation's column in the provincial paper: the featured story sent and printed,
    the Huyền Hội one proposed and waiting to be sent."""
    column = save_column(
        federation, by=editor, newspaper="Báo Trà Vinh", name="Lao động và Công đoàn"
    )
    stories = {
        s.live_version.headline: s
        for s in Story.objects.public().select_related("live_version", "unit")
    }
    printed = stories.get(STORIES[0][3])
    waiting = stories.get(STORIES[1][3])
    if printed is not None:
        photo = printed.photos.first()
        if photo is not None:
            photo.people = "Nguyễn Thị Hồng Nhung – Giáo viên, Tổ trưởng công đoàn"
            photo.save(update_fields=["people"])
        proposal = propose(printed, column=column, by=editor)
        send_batch(column, proposal_ids=[proposal.pk], by=editor)
        transition_proposal(
            proposal,
            action="print",
            by=editor,
            issue_number="3412",
            issue_date=timezone.localdate(),
        )
    if waiting is not None:
        propose(waiting, column=column, by=editor, note="Đề nghị đăng trong số ra thứ Sáu.")


def _date(story: Story, moment) -> None:
    """Move a story's publication (and its versions and audit entries) to a week after
    ``moment`` (the dossier's selection), so it was not published before it was selected."""
    if moment is None:
        return
    at = min(moment + datetime.timedelta(days=7), timezone.now() - datetime.timedelta(hours=1))
    Story.objects.filter(pk=story.pk).update(
        published_at=at, first_published_at=at, created_at=at - datetime.timedelta(days=2)
    )
    StoryVersion.objects.filter(story=story).update(created_at=at - datetime.timedelta(days=1))
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(Story), target_id=story.pk
    ).update(at=at)
