"""The stories API: the same rules as the pages, the one error shape, no N+1."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from dienhinh.nominations.enums import PeopleConsent
from dienhinh.publishing.enums import StoryState
from dienhinh.publishing.models import Story
from tests.api.conftest import assert_error
from tests.factories import jpeg_bytes, pdf_bytes

JSON = "application/json"


def post(client, url, body=None):
    return client.post(url, body or {}, content_type=JSON)


def test_create_read_change_and_publish_a_story(world, api_client, selected, plan):
    client = api_client(world.editor)
    created = post(
        client,
        "/api/v1/stories",
        {
            "unit_id": world.province.pk,
            "headline": "Cô giáo Nguyễn Thị Mai",
            "body": "<p>Dạy giỏi<script>x()</script></p>",
            "field_id": plan.plan_fields.get().shared_id,
            "dossier_ids": [selected.pk],
        },
    )
    assert created.status_code == 201, created.content
    story = created.json()
    assert (story["state"], story["draft_version"], story["live_version"]) == ("draft", 1, None)
    assert story["body"] == "<p>Dạy giỏi</p>"
    assert [d["id"] for d in story["dossiers"]] == [selected.pk]
    assert story["dossiers"][0]["consent_recorded"] is True
    assert "publish" in story["allowed_actions"] and story["problems"] == []
    url = f"/api/v1/stories/{story['id']}"

    published = post(client, f"{url}/publish", {"seen": {"state": "draft", "version": 1}})
    assert published.json()["state"] == "published" and published.json()["live_version"] == 1

    # A change saves version 2; the public keeps version 1 until it is published.
    changed = client.patch(url, {"headline": "Tiêu đề mới", "based_on_version": 1}, JSON)
    assert changed.status_code == 200, changed.content
    body = changed.json()
    assert (body["draft_version"], body["live_version"], body["has_pending_changes"]) == (
        2,
        1,
        True,
    )
    assert Story.objects.public().get().live_version.headline == "Cô giáo Nguyễn Thị Mai"
    stale = client.patch(url, {"headline": "Ghi đè", "based_on_version": 1}, JSON)
    assert_error(stale, 409, "conflict")

    at = (timezone.now() + datetime.timedelta(days=1)).replace(second=0, microsecond=0)
    scheduled = post(client, f"{url}/publish", {"at": at.isoformat()})
    assert scheduled.status_code == 200, scheduled.content
    assert scheduled.json()["scheduled_version"] == 2
    assert datetime.datetime.fromisoformat(scheduled.json()["scheduled_for"]) == at

    unpublished = post(client, f"{url}/unpublish")
    assert unpublished.json()["state"] == StoryState.UNPUBLISHED
    versions = client.get(f"{url}/versions").json()
    assert [v["number"] for v in versions] == [2, 1]


def test_publishing_refusals_name_what_is_missing(world, api_client, make_story):
    story = make_story(body="")
    error = assert_error(
        post(api_client(world.editor), f"/api/v1/stories/{story.pk}/publish"), 400, "invalid"
    )
    assert error["message"] == "Write the body of the story before publishing."


def test_outside_the_scope_a_story_does_not_exist(world, api_client, make_story):
    story = make_story(world.other_district)
    reviewer = api_client(world.reviewer)
    assert_error(reviewer.get(f"/api/v1/stories/{story.pk}"), 404, "not_found")
    assert_error(post(reviewer, f"/api/v1/stories/{story.pk}/publish"), 404, "not_found")
    # The monitor sees the story (any role in scope) but may not publish it.
    monitor = api_client(world.monitor)
    assert monitor.get(f"/api/v1/stories/{story.pk}").json()["allowed_actions"] == []
    assert_error(post(monitor, f"/api/v1/stories/{story.pk}/publish"), 403, "forbidden")
    assert_error(
        monitor.patch(f"/api/v1/stories/{story.pk}", {"headline": "x"}, JSON), 403, "forbidden"
    )
    # A unit the monitor sees but writes no stories for: 403; one of another branch: 404.
    new = {"unit_id": world.province.pk, "headline": "Tin mới"}
    assert_error(post(monitor, "/api/v1/stories", new), 403, "forbidden")
    assert_error(post(reviewer, "/api/v1/stories", new), 404, "not_found")
    # Linking a dossier that is not selected is refused by name.
    created = post(
        api_client(world.editor),
        "/api/v1/stories",
        {"unit_id": world.province.pk, "headline": "Tin", "dossier_ids": [999999]},
    )
    assert assert_error(created, 404, "not_found")["details"][0]["field"] == "dossier_ids"


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_does_not_grow_in_queries(
    world, api_client, make_story, count, django_assert_num_queries
):
    for number in range(count):
        make_story(headline=f"Bài {number}")
    client = api_client(world.editor)
    # the token with its user, the last use of the token, roles, count, rows
    with django_assert_num_queries(5):
        response = client.get("/api/v1/stories", {"state": "draft", "q": "bai"})
    assert response.json()["count"] == count
    assert {item["headline"] for item in response.json()["items"]} == {
        f"Bài {n}" for n in range(count)
    }


def test_photos_through_the_api(world, api_client, make_story, selected):
    story = make_story(dossiers=[selected])
    client = api_client(world.editor)
    upload = client.post(
        f"/api/v1/stories/{story.pk}/photos",
        {
            "file": SimpleUploadedFile("ảnh.jpg", jpeg_bytes(80, 60), "image/jpeg"),
            "caption": "Cô Mai",
            "people_consent": PeopleConsent.AGREED,
        },
    )
    assert upload.status_code == 201, upload.content
    [photo] = upload.json()["photos"]
    assert (photo["people_consent"], photo["cover"], photo["width"]) == ("agreed", True, 80)
    assert "has no description for screen readers" in " ".join(upload.json()["problems"])
    patched = client.patch(
        f"/api/v1/story-photos/{photo['id']}", {"alt_text": "Cô giáo đứng lớp"}, JSON
    )
    assert patched.json()["photos"][0]["alt_text"] == "Cô giáo đứng lớp"
    assert patched.json()["problems"] == []
    imported = post(
        client, f"/api/v1/stories/{story.pk}/photos/import", {"photo_id": selected.photos.get().pk}
    )
    assert imported.status_code == 201 and len(imported.json()["photos"]) == 2
    file = client.get(photo["url"])
    assert file.status_code == 200 and file["Cache-Control"] == "private, no-store"
    not_a_photo = client.post(
        f"/api/v1/stories/{story.pk}/photos",
        {"file": SimpleUploadedFile("x.pdf", pdf_bytes(), "application/pdf")},
    )
    assert_error(not_a_photo, 400, "invalid")
    removed = client.delete(f"/api/v1/story-photos/{photo['id']}")
    assert len(removed.json()["photos"]) == 1


def test_consent_through_the_api(world, api_client, make_nomination):
    dossier = make_nomination()
    officer = api_client(world.officer_a)
    url = f"/api/v1/nominations/{dossier.pk}/consent"
    recorded = officer.post(
        url, {"scan": SimpleUploadedFile("s.pdf", pdf_bytes(), "application/pdf")}
    )
    assert recorded.status_code == 200, recorded.content
    assert recorded.json()["has_scan"] is True
    assert recorded.json()["consent_recorded_by"]["id"] == world.officer_a.pk
    read = officer.get(f"/api/v1/nominations/{dossier.pk}").json()
    assert read["consent_recorded_at"] and read["consent_scan_url"]
    assert officer.get(read["consent_scan_url"]).status_code == 200
    # The sibling unit's officer: no such dossier.
    assert_error(api_client(world.officer_b).post(url), 404, "not_found")
    withdrawn = officer.delete(url, {"reason": "Không đồng ý nữa"}, JSON)
    assert withdrawn.json()["consent_recorded_at"] is None
    assert_error(officer.delete(url), 400, "invalid")


def test_preview_links_and_settings_through_the_api(world, api_client, make_story, client):
    story = make_story()
    editor = api_client(world.editor)
    made = post(editor, f"/api/v1/stories/{story.pk}/preview-links", {"label": "Cô Mai"})
    assert made.status_code == 201
    assert client.get(made.json()["url"]).status_code == 200
    assert editor.delete(f"/api/v1/preview-links/{made.json()['id']}").status_code == 204
    assert client.get(made.json()["url"]).status_code == 410
    settings = f"/api/v1/units/{world.province.pk}/publishing-settings"
    assert editor.put(settings, {"requires_review": True}, JSON).json()["requires_review"]
    assert_error(api_client(world.monitor).put(settings, {"requires_review": False}, JSON), 403)
