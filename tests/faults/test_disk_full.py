"""The disk full while uploading: MEDIA_ROOT on a real 1 MB tmpfs, filled up. A photo sent
through the dossier page, the dossier form's upload or the API gets a clear translated
error (a message on the page, 507 in the API's error shape) and leaves neither a file nor
a row. Skipped only where tmpfs cannot be mounted (not root)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from dienhinh.nominations.models import PendingUpload, Photo

FULL = "Máy chủ đã hết chỗ lưu tệp này. Chưa có gì được lưu"
ROOM_LEFT = 16 * 1024  # the photo's first bytes fit, the rest does not


@pytest.fixture(scope="module")
def small_disk(tmp_path_factory):
    mount_point = tmp_path_factory.mktemp("small-disk")
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        pytest.skip(f"tmpfs cannot be mounted here: {done.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.fixture
def full_disk(small_disk, settings):
    """MEDIA_ROOT on the small disk, with ROOM_LEFT bytes free."""
    media = small_disk / "media"
    shutil.rmtree(media, ignore_errors=True)
    media.mkdir()
    filler = small_disk / "filler"
    filler.unlink(missing_ok=True)
    stats = os.statvfs(small_disk)
    with filler.open("wb") as out:
        out.write(b"\0" * max(stats.f_bavail * stats.f_frsize - ROOM_LEFT, 0))
    settings.MEDIA_ROOT = media
    return media


def _files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()]


def _photo(name: str = "anh.jpg") -> SimpleUploadedFile:
    """A photo whose cleaned copy is far larger than the room left (noise compresses badly)."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", (400, 300), os.urandom(400 * 300 * 3)).save(buffer, "JPEG", quality=95)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def test_the_api_answers_507_and_keeps_nothing(full_disk, world, make_nomination, api_client):
    nomination = make_nomination(photo=False)
    photos, files = Photo.objects.count(), _files(full_disk)
    response = api_client(world.officer_a).post(
        f"/api/v1/nominations/{nomination.pk}/photos", {"file": _photo()}
    )
    assert response.status_code == 507, response.content
    error = response.json()["error"]
    assert error["code"] == "insufficient_storage" and error["message"].startswith(FULL)
    assert Photo.objects.count() == photos
    assert _files(full_disk) == files


def test_the_dossier_page_says_so_and_keeps_nothing(full_disk, world, make_nomination, login):
    nomination = make_nomination(photo=False)
    photos, files = Photo.objects.count(), _files(full_disk)
    page = login(world.officer_a).post(
        reverse("nominations:photo_upload", args=[nomination.pk]),
        {"image": _photo(), "caption": "", "alt_text": "", "people_consent": ""},
        follow=True,
    )
    assert page.status_code == 200
    assert "Không thêm được ảnh: " + FULL in page.content.decode()
    assert Photo.objects.count() == photos
    assert _files(full_disk) == files


def test_the_dossier_forms_upload_answers_507_and_keeps_nothing(full_disk, world, login):
    response = login(world.officer_a).post(
        reverse("nominations:pending_upload"), {"kind": "photo", "file": _photo()}
    )
    assert response.status_code == 507
    assert response.json()["error"].startswith(FULL)
    assert not PendingUpload.objects.exists()
    assert _files(full_disk) == []


def test_with_room_again_the_same_upload_is_stored(
    full_disk, small_disk, world, make_nomination, api_client
):
    nomination = make_nomination(photo=False)
    files = _files(full_disk)
    (small_disk / "filler").unlink()
    response = api_client(world.officer_a).post(
        f"/api/v1/nominations/{nomination.pk}/photos", {"file": _photo()}
    )
    assert response.status_code == 201, response.content
    assert len(_files(full_disk)) == len(files) + 2  # the photo and its thumbnail
