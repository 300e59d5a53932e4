"""Files written by a transaction that then rolls back are deleted (core/files.py), and a
replaced or removed file is deleted only after the commit. Real files in the test's own
MEDIA_ROOT; the rollbacks are real ones: an error raised after the upload was stored, in
the same transaction, as a later step of a request would, or a connection really closed or
killed in the middle of its transaction."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, connections, transaction
from django.db.transaction import TransactionManagementError

from dienhinh.core.models import WorkerBeat
from dienhinh.nominations.consent import record_consent
from dienhinh.nominations.editing.uploads import add_attachment, add_photo
from dienhinh.nominations.models import Attachment, Photo
from tests.factories import jpeg_bytes, pdf_bytes


class LaterFailure(Exception):
    """What a step after the file's write raises."""


def _files() -> set[str]:
    media = Path(settings.MEDIA_ROOT)
    return {str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()}


def _photo():
    return SimpleUploadedFile("anh.jpg", jpeg_bytes(64, 48), content_type="image/jpeg")


def _pdf(name="ho-so.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), content_type="application/pdf")


def test_a_dossier_photo_whose_transaction_fails_leaves_no_file(world, make_nomination):
    dossier = make_nomination(photo=False)
    before, photos = _files(), Photo.objects.count()
    with pytest.raises(LaterFailure), transaction.atomic():
        photo = add_photo(dossier, by=world.officer_a, upload=_photo())
        assert {photo.image.name, photo.thumbnail.name} <= _files()  # written, then
        raise LaterFailure
    assert Photo.objects.count() == photos
    assert _files() == before


def test_a_dossier_attachment_through_the_api_then_a_failure_leaves_no_file(
    world, make_nomination, api_client
):
    dossier = make_nomination(photo=False)
    before = _files()
    client = api_client(world.officer_a)
    with pytest.raises(LaterFailure), transaction.atomic():
        response = client.post(f"/api/v1/nominations/{dossier.pk}/attachments", {"file": _pdf()})
        assert response.status_code == 201, response.content
        assert len(_files()) == len(before) + 1
        raise LaterFailure
    assert not Attachment.objects.filter(nomination=dossier).exists()
    assert _files() == before


def test_only_the_rolled_back_savepoints_files_go(world, make_nomination):
    dossier = make_nomination(photo=False)
    with transaction.atomic():
        kept = add_attachment(dossier, by=world.officer_a, upload=_pdf("giu.pdf"))
        with pytest.raises(LaterFailure), transaction.atomic():
            gone = add_attachment(dossier, by=world.officer_a, upload=_pdf("bo.pdf"))
            raise LaterFailure
    assert default_storage.exists(kept.file.name)
    assert not default_storage.exists(gone.file.name)
    assert list(Attachment.objects.filter(nomination=dossier)) == [kept]


def test_a_file_of_a_released_savepoint_goes_with_the_transaction_around_it(db):
    with pytest.raises(LaterFailure), transaction.atomic():
        with transaction.atomic():
            name = default_storage.save("thu/a.txt", ContentFile(b"a"))
        assert default_storage.exists(name)
        raise LaterFailure
    assert not default_storage.exists(name)


def test_a_file_written_outside_a_transaction_stands_on_its_own(db):
    name = default_storage.save("thu/b.txt", ContentFile(b"b"))
    with pytest.raises(LaterFailure), transaction.atomic():
        raise LaterFailure
    assert default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_committed_file_stays_when_a_later_transaction_rolls_back():
    with transaction.atomic():
        committed = default_storage.save("thu/c.txt", ContentFile(b"c"))
    with pytest.raises(LaterFailure), transaction.atomic():
        rolled_back = default_storage.save("thu/d.txt", ContentFile(b"d"))
        raise LaterFailure
    assert default_storage.exists(committed)
    assert not default_storage.exists(rolled_back)


def test_a_replaced_scan_is_deleted_only_after_the_commit(
    world, make_nomination, django_capture_on_commit_callbacks
):
    dossier = make_nomination()
    record_consent(dossier, by=world.officer_a, scan=_pdf("dong-y.pdf"))
    old = dossier.consent_scan.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        record_consent(dossier, by=world.officer_a, scan=_pdf("dong-y-2.pdf"))
    new = dossier.consent_scan.name
    assert default_storage.exists(old) and default_storage.exists(new)  # not before
    for callback in callbacks:
        callback()
    assert not default_storage.exists(old) and default_storage.exists(new)


def test_a_replaced_scan_survives_when_the_replacement_rolls_back(world, make_nomination):
    dossier = make_nomination()
    record_consent(dossier, by=world.officer_a, scan=_pdf("dong-y.pdf"))
    old, before = dossier.consent_scan.name, _files()
    with pytest.raises(LaterFailure), transaction.atomic():
        record_consent(dossier, by=world.officer_a, scan=_pdf("dong-y-2.pdf"))
        raise LaterFailure
    dossier.refresh_from_db()
    assert dossier.consent_scan.name == old and default_storage.exists(old)
    assert _files() == before


@pytest.mark.django_db(transaction=True)
def test_a_refused_rollback_inside_an_atomic_block_keeps_the_files_that_then_commit():
    with transaction.atomic():
        name = default_storage.save("thu/e.txt", ContentFile(b"e"))
        WorkerBeat.objects.create(worker_id="e", host="h", pid=1)
        with pytest.raises(TransactionManagementError):
            connection.rollback()  # refused: the block goes on, and commits
    assert WorkerBeat.objects.filter(worker_id="e").exists()
    assert default_storage.exists(name)


def _kill_this_connection() -> None:
    """The server ends this connection (as a restart or a network cut would)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    finally:
        other.close()


def _beat_and_file(worker_id: str) -> str:
    WorkerBeat.objects.create(worker_id=worker_id, host="h", pid=1)
    return default_storage.save(f"thu/{worker_id}.txt", ContentFile(b"x"))


@pytest.mark.django_db(transaction=True)
def test_a_connection_closed_in_the_middle_of_a_transaction_leaves_no_file():
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    with transaction.atomic():
        name = _beat_and_file("f")
        connection.close()
    if in_memory:
        # Django never closes an in-memory SQLite database: the transaction went on and
        # committed, so its file stays with its row.
        assert WorkerBeat.objects.filter(worker_id="f").exists()
        assert default_storage.exists(name)
    else:
        assert not WorkerBeat.objects.filter(worker_id="f").exists()  # the server rolled back
        assert not default_storage.exists(name)


@pytest.mark.django_db(transaction=True)
def test_a_connection_killed_by_the_server_in_the_middle_of_a_transaction_leaves_no_file():
    if connection.vendor != "postgresql":
        pytest.skip("a server that ends one connection is PostgreSQL")
    with pytest.raises(DatabaseError), transaction.atomic():
        name = _beat_and_file("g")
        _kill_this_connection()
        WorkerBeat.objects.count()  # the connection is gone: the atomic block's rollback fails
    assert not default_storage.exists(name)
    assert not WorkerBeat.objects.filter(worker_id="g").exists()


@pytest.mark.django_db(transaction=True)
def test_an_unusable_connection_closed_after_its_error_leaves_no_file():
    """What Django does at the end of each request (close_if_unusable_or_obsolete), here
    before the atomic block around the lost connection ends."""
    if connection.vendor != "postgresql":
        pytest.skip("a server that ends one connection is PostgreSQL")
    with transaction.atomic():
        name = _beat_and_file("h")
        _kill_this_connection()
        with pytest.raises(DatabaseError):
            WorkerBeat.objects.count()
        assert default_storage.exists(name)
        connection.close_if_unusable_or_obsolete()
        assert not default_storage.exists(name)
    assert not WorkerBeat.objects.filter(worker_id="h").exists()
