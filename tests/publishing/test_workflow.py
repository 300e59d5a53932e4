"""The story workflow: every state × action × persona, review by a second editor, what
publishing needs (with its messages), conflicts, emails and audit entries."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from dienhinh.accounts.models import Role
from dienhinh.core.mail import deliver_due
from dienhinh.core.models import AuditEntry
from dienhinh.nominations.consent import withdraw_consent
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing.editing import set_requires_review
from dienhinh.publishing.enums import StoryAction, StoryState
from dienhinh.publishing.models import Story
from dienhinh.publishing.notifications import send_story_emails
from dienhinh.publishing.workflow import (
    Seen,
    StoryConflict,
    allowed_actions,
    transition_story,
)
from tests.factories import UserFactory, grant

from .conftest import edit

A = StoryAction


def later(days: int = 1) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=days)


def act(story, action, user, **kwargs):
    if action in (A.RETURN, A.TAKE_DOWN):
        kwargs.setdefault("reason", "Ảnh chưa phù hợp")
    if action == A.SCHEDULE:
        kwargs.setdefault("at", later())
    transition_story(story, action=action, by=user, **kwargs)
    story.refresh_from_db()
    return story


@pytest.fixture
def district_editor(world):
    user = UserFactory(email="district_editor@example.vn", full_name="Lý Thị Huyện")
    grant(user, world.district, Role.EDITOR)
    return user


W = {A.SUBMIT, A.RETURN, A.PUBLISH, A.SCHEDULE, A.CANCEL_SCHEDULE, A.UNPUBLISH}
# The district's story, written by the district's editor: what each may do in each state.
# The province's editor and administrator (and the system administrator) are also above the
# district (take down, reopen) and the federation (feature).
BY_STATE = {
    "draft": {"writer": {A.SUBMIT, A.PUBLISH, A.SCHEDULE}, "above": set()},
    "in_review": {"writer": {A.RETURN, A.PUBLISH, A.SCHEDULE}, "above": set()},
    "scheduled": {
        "writer": {A.PUBLISH, A.SCHEDULE, A.CANCEL_SCHEDULE},
        "above": {A.TAKE_DOWN},
    },
    "published": {"writer": {A.UNPUBLISH}, "above": {A.TAKE_DOWN, A.FEATURE}},
    "changed": {
        "writer": {A.SUBMIT, A.PUBLISH, A.SCHEDULE, A.UNPUBLISH},
        "above": {A.TAKE_DOWN, A.FEATURE},
    },
    "unpublished": {"writer": {A.PUBLISH, A.SCHEDULE}, "above": set()},
    "taken_down": {"writer": set(), "above": {A.REOPEN}},
}
ABOVE = ("sysadmin", "fed_admin", "editor")  # a tuple: every xdist worker collects one order
PERSONAS = [*ABOVE, "district_editor", "monitor", "reviewer", "officer_a", "officer_b", "outsider"]


def bring_to(state, story, world, author):
    steps = {
        "draft": [],
        "in_review": [(A.SUBMIT, author)],
        "scheduled": [(A.SCHEDULE, author)],
        "published": [(A.PUBLISH, author)],
        "changed": [(A.PUBLISH, author), ("edit", author)],
        "unpublished": [(A.PUBLISH, author), (A.UNPUBLISH, author)],
        "taken_down": [(A.PUBLISH, author), (A.TAKE_DOWN, world.editor)],
    }[state]
    for action, user in steps:
        if action == "edit":
            edit(story, user, headline="Tiêu đề mới của bài")
        else:
            act(story, action, user)
    return story


@pytest.mark.parametrize("state", list(BY_STATE))
@pytest.mark.parametrize("persona", PERSONAS)
def test_state_action_persona_matrix(world, make_story, district_editor, state, persona):
    story = bring_to(state, make_story(world.district, by=district_editor), world, district_editor)
    expected_state = story.state
    user = district_editor if persona == "district_editor" else world.persona(persona)
    rights = BY_STATE[state]
    expected = set()
    if persona in ABOVE or persona == "district_editor":
        expected |= rights["writer"]
    if persona in ABOVE:
        expected |= rights["above"]
    assert set(allowed_actions(story, user)) == expected
    for action in A.values:
        if action in expected:
            continue
        with pytest.raises((PermissionDenied, ValidationError)) as refusal:
            act(story, action, user)
        assert str(refusal.value)  # a reason the user can read
    story.refresh_from_db()
    assert story.state == expected_state  # refused actions changed nothing

    def seen():
        return (
            story.state,
            story.featured,
            story.review_requested_at,
            story.scheduled_for,
            story.live_version_id,
        )

    for action in sorted(expected)[:1]:
        before = seen()
        act(story, action, user)
        assert seen() != before


# --- Review by a second editor ------------------------------------------------------------


def test_where_the_unit_requires_review_another_editor_publishes(world, make_story, second_editor):
    set_requires_review(world.province, by=world.fed_admin, requires_review=True)
    story = make_story()
    assert A.PUBLISH not in allowed_actions(story, world.editor)
    with pytest.raises(PermissionDenied, match="another editor than the author"):
        act(story, A.PUBLISH, world.editor)
    act(story, A.SUBMIT, world.editor)
    assert story.state == StoryState.IN_REVIEW
    assert set(allowed_actions(story, second_editor)) == {A.RETURN, A.PUBLISH, A.SCHEDULE}
    act(story, A.PUBLISH, second_editor)
    assert story.state == StoryState.PUBLISHED and story.live_version.number == 1

    # A change to the published story goes to review while the old version stays live.
    edit(story, world.editor, headline="Tiêu đề đã sửa")
    act(story, A.SUBMIT, world.editor)
    assert story.state == StoryState.PUBLISHED and story.review_requested_at is not None
    assert Story.objects.public().get().live_version.number == 1
    with pytest.raises(PermissionDenied):
        act(story, A.PUBLISH, world.editor)
    act(story, A.RETURN, second_editor, reason="Tiêu đề chưa rõ")
    assert story.review_requested_at is None and story.state == StoryState.PUBLISHED
    act(story, A.PUBLISH, second_editor)
    assert story.live_version.headline == "Tiêu đề đã sửa"


def test_the_reviewer_who_edits_becomes_the_author_of_that_version(
    world, make_story, second_editor
):
    set_requires_review(world.province, by=world.fed_admin, requires_review=True)
    story = make_story()
    edit(story, second_editor, lead="Phần mở đầu do người duyệt sửa.")
    assert A.PUBLISH not in allowed_actions(story, second_editor)
    act(story, A.PUBLISH, world.editor)  # the first author did not write version 2
    assert story.state == StoryState.PUBLISHED


# --- What publishing needs ----------------------------------------------------------------


def test_publishing_needs_headline_body_descriptions_and_consent(world, make_story, selected):
    story = make_story(body="<p> </p>", dossiers=[selected], photo=True)
    photo = story.photos.get()
    edit(
        story,
        world.editor,
        photos=[
            {
                "photo_id": photo.pk,
                "caption": "Cô Mai",
                "alt_text": "",
                "cover": True,
                "people_consent": PeopleConsent.NOT_RECORDED,
            }
        ],
    )
    withdraw = withdraw_consent(selected, by=world.editor)
    assert withdraw.consent_recorded_at is None
    with pytest.raises(ValidationError) as refusal:
        act(story, A.PUBLISH, world.editor)
    assert refusal.value.messages == [
        "Write the body of the story before publishing.",
        "Photo 1 (Cô Mai) has no description for screen readers: add one.",
        "Photo 1 (Cô Mai): record that the people shown agreed to its publication, or that "
        "nobody in it is recognisable.",
        "Nguyễn Thị Mai has not agreed to be publicised: record the consent on the dossier "
        "before publishing.",
    ]
    story.refresh_from_db()
    assert story.state == StoryState.DRAFT and not Story.objects.public().exists()


def test_a_collective_needs_no_personal_consent(world, make_story, make_nomination):
    from tests.publishing.conftest import select

    collective = select(
        world, make_nomination(subject_kind="collective", collective_name="Tổ Toán")
    )
    story = make_story(dossiers=[collective])
    act(story, A.PUBLISH, world.editor)
    assert story.state == StoryState.PUBLISHED


def test_withdrawing_consent_takes_the_stories_about_the_person_offline(
    world, make_story, selected
):
    story = act(make_story(dossiers=[selected]), A.PUBLISH, world.editor)
    withdraw_consent(selected, by=world.officer_a, reason="Gia đình không đồng ý")
    story.refresh_from_db()
    assert story.state == StoryState.UNPUBLISHED and not Story.objects.public().exists()
    entry = AuditEntry.objects.filter(action="story.unpublish").get()
    assert entry.actor_id == world.officer_a.pk
    assert entry.reason == "The consent of Nguyễn Thị Mai was withdrawn."
    # The story's author hears of it, whoever withdrew the consent.
    assert send_story_emails(entry.pk) == 1
    assert deliver_due() == 1
    assert mail.outbox[-1].to == [world.editor.email]
    assert "The consent of Nguyễn Thị Mai was withdrawn." in mail.outbox[-1].body


# --- Scheduling, conflicts, the version ----------------------------------------------------


def test_scheduling_needs_a_future_minute(world, make_story):
    story = make_story()
    with pytest.raises(ValidationError) as refusal:
        act(story, A.SCHEDULE, world.editor, at=timezone.now() - datetime.timedelta(minutes=1))
    assert refusal.value.message_dict == {"at": ["Choose a moment in the future."]}
    at = timezone.now() + datetime.timedelta(hours=2, seconds=17)
    act(story, A.SCHEDULE, world.editor, at=at)
    assert story.state == StoryState.SCHEDULED
    assert story.scheduled_for == at.replace(second=0, microsecond=0)
    assert story.scheduled_version == story.draft_version


def test_acting_on_a_story_someone_changed_meanwhile_is_a_conflict(world, make_story):
    story = make_story()
    seen = Seen(state=story.state, draft_version_id=story.draft_version_id)
    edit(story, world.fed_admin, headline="Người khác vừa sửa")
    with pytest.raises(StoryConflict, match="Someone else"):
        transition_story(story, action=A.PUBLISH, by=world.editor, seen=seen)
    story.refresh_from_db()
    assert story.state == StoryState.DRAFT


def test_return_and_take_down_need_a_reason(world, make_story):
    story = act(make_story(), A.SUBMIT, world.editor)
    with pytest.raises(ValidationError) as refusal:
        act(story, A.RETURN, world.fed_admin, reason="  ")
    assert refusal.value.message_dict == {"reason": ["Give a reason."]}


# --- Audit and emails ---------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_steps_are_audited_and_the_author_is_emailed_when_someone_else_acts(
    world, make_story, district_editor
):
    story = make_story(world.district, by=district_editor)
    act(story, A.PUBLISH, district_editor)  # the author's own step: nobody to tell
    act(story, A.TAKE_DOWN, world.editor, reason="Ảnh chưa xin phép")
    call_command("db_worker", batch=True, startup_delay=False, verbosity=0)
    assert [m.to for m in mail.outbox] == [[district_editor.email]]
    message = mail.outbox[0]
    # Emails go out in the site's language.
    assert message.subject == f"Bài viết của bạn đã bị gỡ: {story}"
    assert "Ảnh chưa xin phép" in message.body
    assert f"/stories/{story.pk}/" in message.body
    entries = list(
        AuditEntry.objects.filter(target_id=story.pk, action__startswith="story.")
        .order_by("pk")
        .values_list("action", "from_state", "to_state", "channel", "actor_id")
    )
    assert entries == [
        ("story.create", "", "draft", "command", district_editor.pk),
        ("story.publish", "draft", "published", "command", district_editor.pk),
        ("story.take_down", "published", "taken_down", "command", world.editor.pk),
    ]
