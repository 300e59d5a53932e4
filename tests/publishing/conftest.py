"""Fixtures of the publishing tests: a selected dossier with consent, stories by the
federation's editor, a second editor, photos."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from dienhinh.accounts.models import Role
from dienhinh.nominations.consent import record_consent
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.nominations.workflow import transition_nomination
from dienhinh.publishing import photos
from dienhinh.publishing.editing import PhotoItem, create_story, update_story
from tests.factories import UserFactory, grant, jpeg_bytes

BODY = "<p>Cô giáo <strong>Nguyễn Thị Mai</strong> dạy giỏi nhiều năm liền.</p>"


@pytest.fixture
def page_language():
    """The pages and the API answer in English here (the ``login`` and ``api_client``
    clients ask for it)."""
    return "en"


@pytest.fixture(autouse=True)
def english_messages():
    """Domain messages are asserted in English here."""
    with translation.override("en"):
        yield


def select(world, nomination):
    """Walk a draft of unit A to "selected" (Càng Long forwards, the federation selects)."""
    transition_nomination(nomination, action="submit", by=world.officer_a)
    transition_nomination(nomination, action="forward", by=world.reviewer)
    transition_nomination(nomination, action="select", by=world.editor)
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def selected(world, plan, make_nomination):
    """A dossier of unit A about a person in the plan's field, selected by the federation,
    consent recorded."""
    nomination = select(world, make_nomination(field=plan.plan_fields.get()))
    record_consent(nomination, by=world.editor)
    nomination.refresh_from_db()
    return nomination


@pytest.fixture
def second_editor(world):
    user = UserFactory(email="editor2@example.vn", full_name="Trần Thị Duyệt")
    grant(user, world.province, Role.EDITOR)
    return user


def upload(name="anh.jpg", data=None):
    return SimpleUploadedFile(name, data or jpeg_bytes(64, 48), content_type="image/jpeg")


@pytest.fixture
def make_story(world):
    """``make_story(unit=province, by=editor, photo=False, **fields)``: a draft story; with
    ``photo`` one uploaded photo with a description and consent, so it may be published."""

    def _make(unit=None, *, by=None, photo=False, **fields):
        by = by or world.editor
        fields.setdefault("headline", "Cô giáo dạy giỏi ở Càng Long")
        fields.setdefault("lead", "Một tấm gương sáng.")
        fields.setdefault("body", BODY)
        story = create_story(unit=unit or world.province, by=by, **fields)
        if photo:
            photos.add_photo(
                story,
                by=by,
                upload=upload(),
                caption="Cô Mai đứng lớp",
                alt_text="Cô giáo đứng trên bục giảng",
                people_consent=PeopleConsent.AGREED,
            )
        story.refresh_from_db()
        return story

    return _make


def edit(story, by, **changes):
    """Save a new version of ``story`` with ``changes`` (headline, lead, body, photos)."""
    if "photos" in changes and changes["photos"] is not None:
        changes["photos"] = [PhotoItem(**item) for item in changes["photos"]]
    update_story(story, by=by, **changes)
    story.refresh_from_db()
    return story
