"""The story endpoints' part of tests/text/api_cases.py: a story of the province in the
state each endpoint needs (made once per test, before the snapshot of what is stored)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dienhinh.nominations.consent import record_consent
from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing import photos
from dienhinh.publishing.editing import create_story
from dienhinh.publishing.workflow import transition_story
from tests.factories import jpeg_bytes

_STEPS = {
    "draft": [],
    "in_review": ["submit"],
    "scheduled": ["schedule"],
    "published": ["publish"],
    "featured": ["publish", "feature"],
    "taken_down": ["publish", "take_down"],
}


def story(c, state: str = "draft"):
    """A story of the district by the federation's editor in ``state`` (cached on ``c``)."""
    cache = c.__dict__.setdefault("_stories", {})
    if state not in cache:
        made = create_story(
            unit=c.world.district,
            by=c.world.editor,
            headline="Cô giáo dạy giỏi",
            lead="Mở đầu",
            body="<p>Nội dung bài viết.</p>",
        )
        if state == "with_photo":
            photos.add_photo(
                made,
                by=c.world.editor,
                upload=SimpleUploadedFile("a.jpg", jpeg_bytes(), "image/jpeg"),
                alt_text="Ảnh",
                people_consent=PeopleConsent.AGREED,
            )
        for action in _STEPS.get(state, []):
            made.refresh_from_db()
            at = timezone.now() + datetime.timedelta(days=1) if action == "schedule" else None
            reason = "Lý do" if action == "take_down" else ""
            transition_story(made, action=action, by=c.world.editor, at=at, reason=reason)
        made.refresh_from_db()
        cache[state] = made
    return cache[state]


def consented(c):
    """Unit A's draft dossier with its consent recorded (for withdrawing it)."""
    if c.dossiers.draft.consent_recorded_at is None:
        record_consent(c.dossiers.draft, by=c.world.officer_a)
        c.dossiers.draft.refresh_from_db()
    return c.dossiers.draft


def _reason(text: str = "Lý do") -> dict:
    return {"reason": text}


def _story_photo(c):
    return story(c, "with_photo").photos.get()


CASES = {
    ("post", "/api/v1/stories"): (
        "editor",
        lambda c: "/api/v1/stories",
        lambda c: {
            "unit_id": c.world.province.pk,
            "headline": "Tấm gương sáng ở Càng Long",
            "lead": "Dòng một\nDòng hai",
            "body": "<p>Nội dung <strong>bài</strong>.</p>",
            "note": "Bản đầu",
        },
        201,
    ),
    ("patch", "/api/v1/stories/{story_id}"): (
        "editor",
        lambda c: f"/api/v1/stories/{_story_photo(c).story_id}",
        lambda c: {
            "headline": "Tiêu đề đã sửa",
            "lead": "Mở đầu mới",
            "body": "<p>Nội dung mới.</p>",
            "note": "Sửa tiêu đề",
            "photos": [{"id": _story_photo(c).pk, "caption": "Chú thích", "alt_text": "Mô tả"}],
        },
        200,
    ),
    ("post", "/api/v1/stories/{story_id}/photos"): (
        "editor",
        lambda c: f"/api/v1/stories/{story(c).pk}/photos",
        lambda c: {
            "file": SimpleUploadedFile("ảnh.jpg", jpeg_bytes(), "image/jpeg"),
            "caption": "Cô Mai đứng lớp",
            "alt_text": "Cô giáo trên bục giảng",
        },
        201,
    ),
    ("patch", "/api/v1/story-photos/{story_photo_id}"): (
        "editor",
        lambda c: f"/api/v1/story-photos/{_story_photo(c).pk}",
        lambda c: {"caption": "Chú thích mới", "alt_text": "Mô tả mới"},
        200,
    ),
    ("post", "/api/v1/stories/{story_id}/preview-links"): (
        "editor",
        lambda c: f"/api/v1/stories/{story(c).pk}/preview-links",
        lambda c: {"label": "Cô Mai"},
        201,
    ),
    ("delete", "/api/v1/nominations/{nomination_id}/consent"): (
        "officer_a",
        lambda c: f"/api/v1/nominations/{consented(c).pk}/consent",
        lambda c: _reason("Gia đình không đồng ý"),
        200,
    ),
}
# The workflow's endpoints: (path, the state the story must be in).
for _path, _state in (
    ("publish", "draft"),
    ("submit", "draft"),
    ("return", "in_review"),
    ("cancel-schedule", "scheduled"),
    ("unpublish", "published"),
    ("take-down", "published"),
    ("reopen", "taken_down"),
    ("feature", "published"),
    ("unfeature", "featured"),
):
    CASES[("post", f"/api/v1/stories/{{story_id}}/{_path}")] = (
        "editor",
        lambda c, p=_path, s=_state: f"/api/v1/stories/{story(c, s).pk}/{p}",
        lambda c: _reason(),
        200,
    )

QUERIES = {("get", "/api/v1/stories"), ("get", "/api/v1/public/stories")}
MULTIPART = {"/api/v1/stories/{story_id}/photos"}
