"""Reading counts: the portal's story page counts a person's reading with one append (a row
on PostgreSQL, a line in a file on SQLite; no cookie, also for a page from the portal's
cache), robots and prefetches are left out, the flush moves exactly what was pending into
the daily rows, and the editors see the figures.
Several processes at once: test_readings_processes."""

import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from dienhinh.publishing import readings
from dienhinh.publishing.models import PendingReading, Story, StoryReadings
from dienhinh.publishing.workflow import transition_story

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


@pytest.fixture
def published(world, make_story):
    story = make_story(photo=True)
    transition_story(story, action="publish", by=world.editor)
    story.refresh_from_db()
    return story


def read(story_id, agent=PHONE, **headers):
    """A reader opens the story's portal page (``story_id`` of no public story: nothing)."""
    client = Client(HTTP_USER_AGENT=agent, **headers)
    story = Story.objects.filter(pk=story_id).first()
    slug = story.slug if story and story.slug else "x"
    return client.get(reverse("portal:story", args=[story_id, slug]), follow=True)


def test_a_reading_is_one_append_without_a_lookup_or_a_cookie(published, django_assert_num_queries):
    request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
    if connection.vendor == "sqlite":
        # A line in the process's file: no statement, so no wait for SQLite's write lock.
        with django_assert_num_queries(0):
            assert readings.count_reading(request, published.pk) is True
        assert not PendingReading.objects.exists()
    else:
        # In production the page runs outside a transaction: the INSERT alone. Here the
        # test's transaction adds the savepoint that keeps a failed INSERT from spoiling it.
        with django_assert_num_queries(3) as queries:
            assert readings.count_reading(request, published.pk) is True
        statements = [q["sql"].split()[0] for q in queries.captured_queries]
        assert statements == ["SAVEPOINT", "INSERT", "RELEASE"]
    assert readings.pending(published.pk) == 1
    response = read(published.pk)
    assert response.status_code == 200 and not response.cookies
    assert read(published.pk).status_code == 200  # the second from the portal's cache
    assert readings.pending(published.pk) == 3
    assert not StoryReadings.objects.exists()


def _break_the_store():
    """What takes a reading fails: the pending table (PostgreSQL) or the folder (SQLite)."""
    if connection.vendor == "sqlite":
        kept = settings.READINGS_LOG_DIR
        blocker = Path(kept).parent / "not-a-folder"
        blocker.write_bytes(b"")  # the folder cannot be made under a file, even by root
        settings.READINGS_LOG_DIR = blocker / "readings"

        def mend():
            settings.READINGS_LOG_DIR = kept

        return mend
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE {PendingReading._meta.db_table}")
    return lambda: None


def test_a_reading_the_store_cannot_take_is_lost_and_the_page_still_served(published):
    """A locked or missing database, or a full disk, costs the reading, not the page."""
    assert read(published.pk).status_code == 200  # the page is now in the portal's cache
    with transaction.atomic():
        mend = _break_the_store()
        try:
            request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
            assert readings.count_reading(request, published.pk) is False
            response = read(published.pk)
            assert response.status_code == 200
            assert "Cô giáo dạy giỏi ở Càng Long" in response.content.decode()
        finally:
            mend()
        transaction.set_rollback(True)  # the table comes back
    assert readings.pending(published.pk) == 1  # the first reading alone


@pytest.mark.parametrize(
    "agent",
    [
        "",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Mozilla/5.0 (compatible; Zalo-LinkPreview/1.0)",
        "curl/8.5.0",
        "python-requests/2.32",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 HeadlessChrome/131.0",
    ],
)
def test_robots_and_previews_are_not_counted(published, agent):
    assert read(published.pk, agent).status_code == 200
    assert readings.pending(published.pk) == 0


def test_a_prefetch_is_not_counted(published):
    read(published.pk, HTTP_SEC_PURPOSE="prefetch")
    assert readings.pending(published.pk) == 0


def test_the_flush_moves_what_it_read_and_keeps_what_came_later(published, world, make_story):
    for _ in range(3):
        read(published.pk)
    readings.count_reading(RequestFactory().get("/", HTTP_USER_AGENT=PHONE), 999999)
    assert readings.flush() == 3
    today = timezone.localdate()
    assert StoryReadings.objects.get(story=published, day=today).count == 3
    assert readings.pending(published.pk) == 0
    read(published.pk)
    read(published.pk)
    assert readings.flush() == 2
    assert readings.flush() == 0  # nothing new: nothing moved twice
    assert StoryReadings.objects.get(story=published, day=today).count == 5
    assert StoryReadings.objects.count() == 1
    assert not PendingReading.objects.exists()  # the reading of no story was dropped


def test_a_flush_moves_every_day_in_batches_and_nothing_when_it_fails(
    published, make_story, monkeypatch
):
    other = make_story(headline="Anh công nhân sáng kiến")
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    StoryReadings.objects.create(story=published, day=yesterday, count=4)
    PendingReading.objects.bulk_create(
        [PendingReading(story_id=published.pk, day=yesterday) for _ in range(3)]
        + [PendingReading(story_id=other.pk, day=today) for _ in range(5)]
    )
    monkeypatch.setattr(readings, "_BATCH", 2)

    # A flush that fails halfway keeps what it had not committed pending, counted once.
    monkeypatch.setattr(readings, "_ADD", "INSERT INTO no_such_table VALUES ()")
    with pytest.raises(DatabaseError), transaction.atomic():
        readings.flush()
    assert PendingReading.objects.count() == 8
    monkeypatch.undo()
    monkeypatch.setattr(readings, "_BATCH", 2)

    assert readings.flush() == 8
    daily = set(StoryReadings.objects.values_list("story_id", "day", "count"))
    assert daily == {(published.pk, yesterday, 7), (other.pk, today, 5)}
    assert readings.summary(published)["total"] == 7


def test_the_first_reading_of_a_window_queues_one_flush(
    published, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    before = DBTaskResult.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(4):
            read(published.pk)
    queued = DBTaskResult.objects.filter(task_path__endswith="flush_readings_task")
    assert DBTaskResult.objects.count() - before == queued.count() == 1
    assert queued.get().run_after > timezone.now()


def test_editors_see_the_figures_and_the_reports_count_a_period(published, world, login):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    StoryReadings.objects.create(story=published, day=yesterday, count=7)
    StoryReadings.objects.create(
        story=published, day=yesterday - datetime.timedelta(days=30), count=100
    )
    read(published.pk)
    page = login(world.editor).get(reverse("publishing:detail", args=[published.pk]))
    assert b"Read 108 times in all, 8 in the last 7 days, 1 today." in page.content
    assert (
        b"Read 108"
        not in login(world.officer_a).get(reverse("publishing:detail", args=[published.pk])).content
    )
    stories = type(published).objects.filter(pk=published.pk)
    assert readings.readings_between(stories, yesterday, timezone.localdate()) == 7


def test_a_flush_stopped_after_its_commit_never_counts_its_file_twice(published, monkeypatch):
    """Readings in files (SQLite's way, flushed on either database): a flush that stops
    between the commit of the counts and the file's deletion leaves the file's name
    recorded; the next flush deletes the file without counting it again."""
    from dienhinh.publishing import reading_log
    from dienhinh.publishing.models import FlushedReadingLog

    today = timezone.localdate()
    for _ in range(4):
        reading_log.append(published.pk, today)

    def stopped(path):
        raise OSError("the flush stopped here")

    monkeypatch.setattr(reading_log, "remove", stopped)
    with pytest.raises(OSError):
        readings.flush()
    assert StoryReadings.objects.get(story=published, day=today).count == 4
    assert FlushedReadingLog.objects.count() == 1 and len(reading_log.claimed()) == 1
    monkeypatch.undo()

    reading_log.append(published.pk, today)  # read meanwhile: a new file
    assert readings.flush() == 1
    assert StoryReadings.objects.get(story=published, day=today).count == 5
    assert not FlushedReadingLog.objects.exists() and not reading_log.claimed()
    assert readings.pending(published.pk) == 0


def test_a_damaged_line_in_a_file_of_readings_is_no_reading(published):
    from dienhinh.publishing import reading_log

    reading_log.append(published.pk, timezone.localdate())
    (path,) = reading_log.folder().glob("*.log")
    with path.open("ab") as file:
        file.write(b"garbage\n12 2026-13-45\n")
    assert readings.pending(published.pk) == 1
    assert readings.flush() == 1
