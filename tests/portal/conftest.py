"""Fixtures of the portal tests: published stories (with photos and renditions, a field and
a movement) and stories in every state that must never reach the public."""

import datetime

import pytest
from django.conf import settings as django_settings
from django.test import Client
from django.utils import timezone

from dienhinh.nominations.enums import PeopleConsent
from dienhinh.plans.models import Movement, MovementKind, SharedField
from dienhinh.publishing import photos
from dienhinh.publishing.editing import create_story
from dienhinh.publishing.renditions import make_renditions
from dienhinh.publishing.workflow import transition_story
from tests.factories import jpeg_bytes
from tests.publishing.conftest import upload


@pytest.fixture
def reader():
    """An anonymous reader whose browser asks for English."""
    client = Client()
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def shared_field(world):
    return SharedField.objects.create(unit=world.province, name="Dạy tốt", slug="day-tot")


@pytest.fixture
def movement(world):
    return Movement.objects.create(
        name="Giỏi việc nước, đảm việc nhà",
        kind=MovementKind.REGULAR,
        launched_by=world.province,
        starts_on=datetime.date(2017, 1, 1),
    )


@pytest.fixture
def write(world):
    """``write(headline, lead=…, body=…, unit=province, photo=False, **fields)``: a draft
    story by the federation's editor; with ``photo`` one photo (consent given) and its
    renditions."""

    def _write(headline, *, lead="", body="<p>Nội dung.</p>", unit=None, photo=False, **fields):
        story = create_story(
            unit=unit or world.province,
            by=world.editor,
            headline=headline,
            lead=lead,
            body=body,
            **fields,
        )
        if photo:
            added = photos.add_photo(
                story,
                by=world.editor,
                upload=upload(data=jpeg_bytes(1000, 600)),
                caption="Cô Mai đứng lớp",
                alt_text="Cô giáo đứng trên bục giảng",
                people_consent=PeopleConsent.AGREED,
            )
            make_renditions(added.pk)
        story.refresh_from_db()
        return story

    return _write


@pytest.fixture
def publish(world, django_capture_on_commit_callbacks):
    """``publish(story, action="publish")``: a step by the editor, its after-commit hooks run
    (the portal's invalidation among them)."""

    def _publish(story, action="publish", **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            transition_story(story, action=action, by=world.editor, **kwargs)
        story.refresh_from_db()
        return story

    return _publish


@pytest.fixture
def stories(world, write, publish, shared_field, movement):
    """One story in each state: ``published`` (photo, field, movement, at the district),
    ``draft``, ``in_review``, ``scheduled`` (tomorrow), ``unpublished``, ``taken_down``."""
    found = {}
    found["published"] = publish(
        write(
            "Cô giáo Đào Thị Điển hình ở Càng Long",
            lead="Một tấm gương dạy tốt, học tốt của ngành giáo dục.",
            body="<p>Cô Đào dạy giỏi nhiều năm liền ở trường Đức Trí.</p>",
            unit=world.district,
            photo=True,
            field=shared_field,
            movement=movement,
        )
    )
    found["draft"] = write("Bản nháp bí mật về Nguyễn Văn Nháp")
    found["in_review"] = publish(write("Bài chờ duyệt về Lê Văn Duyệt"), action="submit")
    found["scheduled"] = publish(
        write("Bài hẹn giờ về Phạm Văn Hẹn"),
        action="schedule",
        at=timezone.now() + datetime.timedelta(days=1),
    )
    found["unpublished"] = publish(publish(write("Bài đã gỡ về Trần Văn Gỡ")), action="unpublish")
    taken = publish(write("Bài bị gỡ xuống về Hoàng Văn Xuống", unit=world.district))
    found["taken_down"] = publish(taken, action="take_down", reason="Sai sự thật")
    return found


HIDDEN_STATES = ("draft", "in_review", "scheduled", "unpublished", "taken_down")
