"""Photos and attachments on the edit page: cleaned on upload, refused cleanly, served safely."""

import io
from urllib.parse import quote

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from dienhinh.nominations import editing
from dienhinh.nominations.models import Attachment, Initiative, Photo
from tests.nominations.pages_edit.conftest import docx_bytes, jpeg_with_gps, media_files, pdf_bytes


def edit_url(nomination) -> str:
    return reverse("nominations:edit", args=[nomination.pk])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def test_a_jpeg_with_gps_is_stored_without_exif_and_with_a_thumbnail(world, login, draft):
    client = login(world.officer_a)
    response = client.post(
        reverse("nominations:photo_upload", args=[draft.pk]),
        {
            "image": SimpleUploadedFile("Ảnh hội thi.jpg", jpeg_with_gps(), "image/jpeg"),
            "caption": "Hội thi giáo viên giỏi",
            "alt_text": "Cô Hồng nhận giấy khen",
        },
        follow=True,
    )
    assert "The photo was added." in response.content.decode()
    photo = draft.photos.get(caption="Hội thi giáo viên giỏi")
    assert (photo.content_type, photo.width, photo.height) == ("image/jpeg", 64, 48)
    assert photo.original_name == "Ảnh hội thi.jpg"
    with default_storage.open(photo.image.name) as stored:
        data = stored.read()
    assert b"Canon" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert not image.getexif()
    assert photo.thumbnail and default_storage.exists(photo.thumbnail.name)
    served = client.get(reverse("nominations:photo", args=[photo.pk]))
    assert body(served) == data
    html = response.content.decode()
    assert reverse("nominations:photo_thumbnail", args=[photo.pk]) in html
    assert 'alt="Cô Hồng nhận giấy khen"' in html


def bomb() -> bytes:
    out = io.BytesIO()
    Image.new("1", (10_000, 5_000)).save(out, "PNG")  # 50 megapixels in a few kilobytes
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "make", "message"),
    [
        ("setup.jpg", lambda: b"MZ\x90\x00\x03" + b"\x00" * 4000, "not a JPEG, PNG, WebP or HEIC"),
        (
            "logo.svg",
            lambda: b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "not a JPEG, PNG, WebP or HEIC",
        ),
        ("big.jpg", lambda: b"\xff\xd8\xff" + b"\x00" * (30 * 1024 * 1024), "at most 10 MB"),
        ("bomb.png", bomb, "at most 40 megapixels"),
        (
            "broken.png",
            lambda: b"\x89PNG\r\n\x1a\n" + b"\x00" * 64,
            "not a JPEG, PNG, WebP or HEIC",
        ),
    ],
)
def test_bad_photos_are_refused_with_a_message_and_nothing_stored(
    world, login, draft, name, make, message
):
    files_before = media_files()
    response = login(world.officer_a).post(
        reverse("nominations:photo_upload", args=[draft.pk]),
        {"image": SimpleUploadedFile(name, make()), "caption": "x"},
        follow=True,
    )
    assert response.redirect_chain[-1][0].startswith(edit_url(draft))
    html = response.content.decode()
    assert "The photo was not added" in html and message in html
    assert Photo.objects.filter(nomination=draft).count() == 1
    assert media_files() == files_before


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hồ sơ.pdf", b"%PDF-1.7\n" + b"garbage" * 100, "damaged"),
        ("tờ trình.pdf", b"MZ\x90\x00" + b"\x00" * 100, "Only PDF and DOCX"),
        ("báo cáo.docx", b"PK\x03\x04" + b"\x00" * 100, "damaged"),
    ],
)
def test_bad_documents_are_refused_with_a_message_and_nothing_stored(
    world, login, draft, name, data, message
):
    files_before = media_files()
    response = login(world.officer_a).post(
        reverse("nominations:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile(name, data), "title": "x"},
        follow=True,
    )
    html = response.content.decode()
    assert "The document was not attached" in html and message in html
    assert Attachment.objects.filter(nomination=draft).count() == 1
    assert media_files() == files_before


def test_an_upload_without_a_file_says_so(world, login, draft):
    response = login(world.officer_a).post(
        reverse("nominations:photo_upload", args=[draft.pk]), {"caption": "x"}, follow=True
    )
    assert "Choose a photo to upload." in response.content.decode()


def test_a_docx_named_pdf_keeps_an_honest_name(world, login, draft):
    login(world.officer_a).post(
        reverse("nominations:attachment_upload", args=[draft.pk]),
        {"file": SimpleUploadedFile("kế hoạch.pdf", docx_bytes()), "title": "Kế hoạch"},
    )
    attachment = draft.attachments.get(title="Kế hoạch")
    assert attachment.original_name == "kế hoạch.docx"
    assert attachment.content_type.endswith("wordprocessingml.document")


def test_served_photo_and_attachment_headers(world, login, draft):
    client = login(world.officer_a)
    photo = draft.photos.get()
    photo.original_name = "Ảnh đẹp.jpg"
    photo.save()
    response = client.get(reverse("nominations:photo", args=[photo.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Content-Disposition"].startswith("inline;")
    assert f"filename*=utf-8''{quote('Ảnh đẹp.jpg')}" in response["Content-Disposition"]
    body(response)

    attachment = draft.attachments.get()
    response = client.get(reverse("nominations:attachment", args=[attachment.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote('Biên bản họp công đoàn.pdf')}" in disposition
    with default_storage.open(attachment.file.name) as stored:
        assert body(response) == stored.read()


def test_the_thumbnail_is_a_webp(world, login, draft):
    client = login(world.officer_a)
    client.post(
        reverse("nominations:photo_upload", args=[draft.pk]),
        {"image": SimpleUploadedFile("a.jpg", jpeg_with_gps())},
    )
    photo = draft.photos.latest("pk")  # the one just uploaded
    response = client.get(reverse("nominations:photo_thumbnail", args=[photo.pk]))
    assert response["Content-Type"] == "image/webp"
    with Image.open(io.BytesIO(body(response))) as thumb:
        assert thumb.format == "WEBP"


def test_a_missing_file_is_not_found(world, login, draft):
    photo = draft.photos.get()
    default_storage.delete(photo.image.name)
    response = login(world.officer_a).get(reverse("nominations:photo", args=[photo.pk]))
    assert response.status_code == 404


def test_deleting_removes_the_rows_and_the_files(
    world, login, draft, django_capture_on_commit_callbacks
):
    client = login(world.officer_a)
    photo = draft.photos.get()
    attachment = draft.attachments.get()
    names = [photo.image.name, attachment.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("nominations:photo_delete", args=[photo.pk]))
        response = client.post(
            reverse("nominations:attachment_delete", args=[attachment.pk]), follow=True
        )
    assert "The document was removed." in response.content.decode()
    assert not draft.photos.exists() and not draft.attachments.exists()
    assert not any(default_storage.exists(name) for name in names)
    assert media_files() == []


def test_the_attachment_list_shows_size_in_vietnamese_format(world, draft):
    from django.test import Client

    draft.attachments.update(size=1_572_864)  # 1.5 MB
    client = Client()
    client.force_login(world.officer_a)  # default language: Vietnamese
    html = client.get(edit_url(draft)).content.decode()
    assert "1,5\xa0MB" in html


def test_limits_on_photos_and_attachments(world, draft):
    for _ in range(editing.MAX_PHOTOS - 1):
        Photo.objects.create(nomination=draft, image="x", content_type="image/png")
    with pytest.raises(ValidationError, match="at most 20 photos"):
        editing.add_photo(
            draft, by=world.officer_a, upload=SimpleUploadedFile("a.jpg", jpeg_with_gps())
        )
    for _ in range(editing.MAX_ATTACHMENTS - 1):
        Attachment.objects.create(nomination=draft, file="x", content_type="application/pdf")
    with pytest.raises(ValidationError, match="at most 10 attachments"):
        editing.add_attachment(
            draft, by=world.officer_a, upload=SimpleUploadedFile("a.pdf", pdf_bytes())
        )


def test_the_edit_page_hides_the_upload_form_at_the_limit(world, login, draft):
    for _ in range(editing.MAX_PHOTOS - 1):
        Photo.objects.create(nomination=draft, image="x", content_type="image/png")
    html = login(world.officer_a).get(edit_url(draft)).content.decode()
    assert "The dossier has the maximum number of photos." in html
    # Rendered hidden: the page's script shows it again once a photo is removed.
    photos = html[html.index('id="new-photos"') : html.index('id="new-attachments"')]
    assert '<div class="dropzone" hidden>' in photos
    assert '<p class="muted uploads-full">' in photos
    assert 'name="new_attachments"' in html and 'enctype="multipart/form-data"' in html


def _fill(nomination, count: int) -> None:
    for number in range(count):
        Initiative.objects.create(nomination=nomination, title=f"Sáng kiến {number}", year=2017)
        Photo.objects.create(
            nomination=nomination, image=ContentFile(b"x", "a.png"), content_type="image/png"
        )
        Attachment.objects.create(
            nomination=nomination,
            file=ContentFile(b"x", "a.pdf"),
            content_type="application/pdf",
            original_name=f"tệp {number}.pdf",
        )


def test_the_edit_page_makes_the_same_queries_for_1_and_3_items(
    world, login, make_nomination, django_assert_num_queries
):
    one = make_nomination(photo=False)
    three = make_nomination(photo=False, full_name="Lý Thị Ba")
    _fill(one, 1)
    _fill(three, 3)
    client = login(world.officer_a)
    client.get(edit_url(one))  # warm up the session and caches
    with CaptureQueriesContext(connection) as first:
        assert client.get(edit_url(one)).status_code == 200
    with django_assert_num_queries(len(first.captured_queries)):
        response = client.get(edit_url(three))
    assert response.content.decode().count("Sáng kiến ") == 3
