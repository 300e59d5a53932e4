"""A story photo removed or erased while its renditions task runs (PostgreSQL, two
connections): the removal and the erasure lock the photo's row before listing its
renditions, and the task writes a rendition only under that lock. So a rendition committed
meanwhile is deleted with its file, and a task that waited for a removal finds no photo and
writes no file. SQLite runs one writer at a time, so neither interleaving exists there."""

import os
import threading
import time

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction

from dienhinh.nominations.erasure import anonymise_subject
from dienhinh.publishing import photos
from dienhinh.publishing.enums import RenditionFormat
from dienhinh.publishing.models import StoryPhoto, StoryRendition
from dienhinh.publishing.renditions import make_renditions

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once are exercised on PostgreSQL")


def _wait_until_another_waits_for_a_lock(timeout: float = 30) -> None:
    """Return once another connection to this database waits for a lock (for a row this
    one holds)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            # Inside a transaction the server keeps its first view of the activity.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                " AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return
        time.sleep(0.02)
    raise AssertionError("no other connection came to wait for the lock")


def _stored_files() -> set[str]:
    return {
        os.path.join(folder, name)
        for folder, _dirs, names in os.walk(settings.MEDIA_ROOT)
        for name in names
    }


def _in_thread(work) -> tuple[threading.Thread, dict]:
    outcome = {}

    def run():
        try:
            outcome["value"] = work()
        except BaseException as error:  # reported by the test, not lost in the thread
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


def _removal(world, story, photo, how):
    if how == "remove":
        return lambda: photos.remove_photo(photo, by=world.editor)
    return lambda: anonymise_subject(
        photo.source_photo.nomination, by=world.sysadmin, reason="Đơn đề nghị xóa dữ liệu"
    )


@pytest.fixture
def copied(world, make_story, selected):
    """A story about the selected dossier with a copy of the dossier's photo."""
    story = make_story(dossiers=[selected])
    return story, photos.import_photo(story, by=world.editor, source=selected.photos.get())


@pytest.mark.parametrize("how", ["remove", "erase"])
def test_a_rendition_committed_while_the_photo_goes_is_deleted_with_its_file(world, copied, how):
    story, photo = copied
    holding = threading.Event()

    def renditions_task_mid_write():
        # What publishing.renditions does for one rendition: the row lock, then the file
        # and its row, committed once the removal waits for the lock.
        with transaction.atomic():
            locked = StoryPhoto.objects.select_for_update().get(pk=photo.pk)
            rendition = StoryRendition(
                photo=locked, format=RenditionFormat.WEBP, width=32, height=24, size=4
            )
            rendition.file.save("late-32.webp", ContentFile(b"RIFF"), save=False)
            rendition.save()
            holding.set()
            _wait_until_another_waits_for_a_lock()
        return rendition.file.name

    task, outcome = _in_thread(renditions_task_mid_write)
    assert holding.wait(30)
    _removal(world, story, photo, how)()
    task.join(30)
    assert "error" not in outcome, outcome
    assert not StoryPhoto.objects.filter(pk=photo.pk).exists()
    assert not StoryRendition.objects.filter(photo_id=photo.pk).exists()
    assert not default_storage.exists(outcome["value"])
    assert not default_storage.exists(photo.image.name)


@pytest.mark.parametrize("how", ["remove", "erase"])
def test_a_renditions_task_that_waited_for_the_removal_writes_no_file(world, copied, how):
    story, photo = copied
    before = _stored_files()
    with transaction.atomic():
        _removal(world, story, photo, how)()
        task, outcome = _in_thread(lambda: make_renditions(photo.pk))
        _wait_until_another_waits_for_a_lock()
        # The task found the photo, made its first rendition in memory and waits for the
        # row: it has written nothing.
        assert _stored_files() == before
    task.join(30)
    assert outcome == {"value": 0}
    assert not StoryRendition.objects.filter(photo_id=photo.pk).exists()
    assert not (_stored_files() - before)
