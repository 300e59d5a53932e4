"""A dossier's files come out of one module (nominations.serving): the page and the API give
the same bytes and headers, the same 404 outside the caller's scope, and never a cache."""

import inspect

import pytest
from django.urls import reverse

from dienhinh.api.routers import nomination_files
from tests.api.conftest import assert_error
from tests.otp import sign_in

pytestmark = pytest.mark.django_db

HEADERS = (
    "Content-Type",
    "Content-Length",
    "Content-Disposition",
    "X-Content-Type-Options",
    "Cache-Control",
    "Content-Security-Policy",
)


def _urls(photo, attachment):
    return [
        (reverse("nominations:photo", args=[photo.pk]), f"/api/v1/photos/{photo.pk}/file"),
        (
            reverse("nominations:photo_thumbnail", args=[photo.pk]),
            f"/api/v1/photos/{photo.pk}/thumbnail",
        ),
        (
            reverse("nominations:attachment", args=[attachment.pk]),
            f"/api/v1/attachments/{attachment.pk}/file",
        ),
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content)


def _page_client(user):
    from django.test import Client

    client = Client()
    sign_in(client, user)
    return client


def test_page_and_api_serve_the_same_bytes_and_headers(world, draft_a, api_client):
    photo, attachment = draft_a.photos.get(), draft_a.attachments.get()
    photo.original_name = "Ảnh lớp học.jpg"
    photo.save()
    page, api = _page_client(world.officer_a), api_client(world.officer_a)
    for page_url, api_url in _urls(photo, attachment):
        from_page, from_api = page.get(page_url), api.get(api_url)
        assert from_page.status_code == from_api.status_code == 200
        for header in HEADERS:
            assert from_page[header] == from_api[header], (page_url, header)
        assert from_page["Cache-Control"] == "private, no-store"
        assert from_page["X-Content-Type-Options"] == "nosniff"
        assert from_page["Content-Security-Policy"] == "default-src 'none'; sandbox"
        assert _body(from_page) == _body(from_api)
    photo_answer = page.get(reverse("nominations:photo", args=[photo.pk]))
    assert photo_answer["Content-Disposition"] == (
        'inline; filename="Anh lop hoc.jpg"; '
        "filename*=utf-8''%E1%BA%A2nh%20l%E1%BB%9Bp%20h%E1%BB%8Dc.jpg"
    )
    document = page.get(reverse("nominations:attachment", args=[attachment.pk]))
    assert document["Content-Disposition"].startswith(
        'attachment; filename="Bao cao thanh tich.pdf"'
    )


@pytest.mark.parametrize("persona", ["officer_b", "reviewer", "outsider"])
def test_outside_the_scope_neither_page_nor_api_has_the_file(world, draft_a, api_client, persona):
    user = getattr(world, persona)
    photo, attachment = draft_a.photos.get(), draft_a.attachments.get()
    page, api = _page_client(user), api_client(user)
    for page_url, api_url in _urls(photo, attachment):
        assert page.get(page_url).status_code == 404
        assert_error(api.get(api_url), 404, "not_found")
    assert page.post(reverse("nominations:photo_delete", args=[photo.pk])).status_code == 404
    assert_error(api.delete(f"/api/v1/photos/{photo.pk}"), 404, "not_found")
    assert_error(api.delete(f"/api/v1/attachments/{attachment.pk}"), 404, "not_found")
    assert draft_a.photos.exists() and draft_a.attachments.exists()


def test_once_submitted_the_reviewer_gets_the_same_file(world, submitted_a, api_client):
    photo = submitted_a.photos.get()
    page = _page_client(world.reviewer).get(reverse("nominations:photo", args=[photo.pk]))
    api = api_client(world.reviewer).get(f"/api/v1/photos/{photo.pk}/file")
    assert page.status_code == api.status_code == 200
    assert _body(page) == _body(api)


def test_a_missing_file_is_a_404_in_both(world, draft_a, api_client):
    from django.core.files.storage import default_storage

    attachment = draft_a.attachments.get()
    default_storage.delete(attachment.file.name)
    page_url = reverse("nominations:attachment", args=[attachment.pk])
    assert _page_client(world.officer_a).get(page_url).status_code == 404
    api = api_client(world.officer_a).get(f"/api/v1/attachments/{attachment.pk}/file")
    assert_error(api, 404, "not_found")


def test_the_api_no_longer_calls_the_page_views():
    source = inspect.getsource(nomination_files)
    assert "nominations.views" not in source
    assert "serving.photo_for" in source and "serving.attachment_for" in source
