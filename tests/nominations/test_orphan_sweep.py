"""What a process killed in the middle of an upload leaves — a file no row names, a
pending upload's row whose file is gone, a temporary file of a large upload — is removed by
manage.py sweep_orphaned_uploads (and the worker, every hour) once older than
UPLOAD_ORPHAN_HOURS; nothing younger, and no file a row names, is touched."""

import datetime
import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from dienhinh.core import periodic
from dienhinh.nominations.models import PendingUpload
from dienhinh.nominations.tasks import sweep_orphaned_uploads
from tests.factories import jpeg_bytes, make_nomination

pytestmark = pytest.mark.django_db

HOURS_AGO_7 = (timezone.now() - datetime.timedelta(hours=7)).timestamp()


def _aged(path: Path) -> Path:
    os.utime(path, (HOURS_AGO_7, HOURS_AGO_7))
    return path


def _file(settings, name: str, *, old: bool) -> Path:
    path = Path(settings.MEDIA_ROOT) / default_storage.save(name, ContentFile(b"part of a photo"))
    return _aged(path) if old else path


def _pending(world, *, hours_ago: int, keep_file: bool) -> PendingUpload:
    item = PendingUpload(kind=PendingUpload.Kind.PHOTO, uploaded_by=world.officer_a)
    item.file.save("upload.jpg", ContentFile(jpeg_bytes()), save=False)
    item.thumbnail.save("thumbnail.webp", ContentFile(b"webp"), save=False)
    item.save()
    at = timezone.now() - datetime.timedelta(hours=hours_ago)
    PendingUpload.objects.filter(pk=item.pk).update(created_at=at)
    if not keep_file:
        default_storage.delete(item.file.name)
    return item


def test_the_sweep_removes_what_a_killed_upload_left_and_nothing_else(
    world, plan, settings, tmp_path
):
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "upload-tmp"
    settings.FILE_UPLOAD_TEMP_DIR.mkdir()
    media = Path(settings.MEDIA_ROOT)
    # A dossier's own files, as old as the orphans: named by rows, kept.
    dossier = make_nomination(plan, world.unit_a, by=world.officer_a, attachment=True)
    kept_files = [
        _aged(media / name)
        for photo in dossier.photos.all()
        for name in (photo.image.name, photo.thumbnail.name)
        if name
    ] + [_aged(media / a.file.name) for a in dossier.attachments.all()]
    # Killed after the file was written, before the row's commit: a pending upload's file
    # and a dossier photo's, with no row.
    orphans = [
        _file(settings, "nominations/pending/0f0f0f", old=True),
        _file(settings, f"nominations/{dossier.pk}/1e1e1e", old=True),
    ]
    writing_now = _file(settings, "nominations/pending/2d2d2d", old=False)
    # Rows whose file is gone; one younger than the orphan age; one whose file is there.
    lost = _pending(world, hours_ago=7, keep_file=False)
    young_lost = _pending(world, hours_ago=1, keep_file=False)
    whole = _pending(world, hours_ago=7, keep_file=True)
    _aged(media / whole.file.name)
    _aged(media / whole.thumbnail.name)
    # Django's temporary files of large uploads being received.
    left_temp = settings.FILE_UPLOAD_TEMP_DIR / "tmpab12.upload.jpg"
    left_temp.write_bytes(b"...")
    _aged(left_temp)
    receiving = settings.FILE_UPLOAD_TEMP_DIR / "tmpcd34.upload.jpg"
    receiving.write_bytes(b"...")

    out = StringIO()
    call_command("sweep_orphaned_uploads", stdout=out)
    assert out.getvalue().strip() == (
        "2 files without a row, 1 pending uploads without a file and 1 temporary upload "
        "files deleted"
    )
    assert not any(path.exists() for path in orphans)
    assert not (media / lost.thumbnail.name).exists()
    assert not left_temp.exists()
    assert set(PendingUpload.objects.values_list("pk", flat=True)) == {young_lost.pk, whole.pk}
    assert all(path.exists() for path in [*kept_files, writing_now, receiving])
    assert (media / whole.file.name).exists() and (media / whole.thumbnail.name).exists()
    call_command("sweep_orphaned_uploads", stdout=out)  # again: nothing more
    assert out.getvalue().strip().endswith("0 temporary upload files deleted")


def test_the_age_is_a_setting(world, settings):
    settings.UPLOAD_ORPHAN_HOURS = 8
    orphan = _file(settings, "nominations/pending/3c3c3c", old=True)  # 7 hours old
    call_command("sweep_orphaned_uploads", verbosity=0)
    assert orphan.exists()
    settings.UPLOAD_ORPHAN_HOURS = 6
    call_command("sweep_orphaned_uploads", verbosity=0)
    assert not orphan.exists()


def test_the_worker_runs_the_sweep_every_hour():
    assert periodic.registered()[sweep_orphaned_uploads.module_path] == datetime.timedelta(hours=1)
