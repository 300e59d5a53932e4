"""Reading counts: the portal's story page counts a person's reading with one append and no
database statement (a line in the server process's file, or a Redis counter where the cache
is Redis; no cookie, also for a page from the portal's cache), robots and prefetches are
left out, the flush moves exactly what was waiting into the daily rows, once, and the
editors see the figures. Each store on each database; several processes at once:
test_readings_processes."""

import datetime
from pathlib import Path

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from dienhinh.publishing import reading_log, reading_redis, readings
from dienhinh.publishing.models import FlushedReadingLog, Story, StoryReadings
from dienhinh.publishing.workflow import transition_story

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


@pytest.fixture(params=["files", "redis"])
def store(request, settings):
    """Where readings wait: the server process's files (one machine), or Redis (where the
    cache is Redis: several servers)."""
    if request.param == "redis":
        settings.READINGS_REDIS_URL = request.getfixturevalue("redis_url")
        return reading_redis
    assert not settings.READINGS_REDIS_URL
    return reading_log


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


def waiting_batches(store) -> int:
    store.claim()
    return len(store.claimed())


def test_a_reading_is_one_append_without_a_statement_or_a_cookie(
    store, published, django_assert_num_queries
):
    request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
    # No statement: no wait for SQLite's write lock, no write per view on PostgreSQL.
    with django_assert_num_queries(0):
        assert readings.count_reading(request, published.pk) is True
    assert readings.store() is store
    assert readings.pending(published.pk) == 1
    response = read(published.pk)
    assert response.status_code == 200 and not response.cookies
    assert read(published.pk).status_code == 200  # the second from the portal's cache
    assert readings.pending(published.pk) == 3
    assert not StoryReadings.objects.exists()


def _break_the_store(settings, store):
    """What takes a reading fails: the folder cannot be made, or Redis is not there."""
    if store is reading_redis:
        kept = settings.READINGS_REDIS_URL
        settings.READINGS_REDIS_URL = "unix:///nonexistent/redis.sock"
    else:
        kept = settings.READINGS_LOG_DIR
        blocker = Path(kept).parent / "not-a-folder"
        blocker.write_bytes(b"")  # the folder cannot be made under a file, even by root
        settings.READINGS_LOG_DIR = blocker / "readings"

    def mend():
        if store is reading_redis:
            settings.READINGS_REDIS_URL = kept
        else:
            settings.READINGS_LOG_DIR = kept

    return mend


def test_a_reading_the_store_cannot_take_is_lost_and_the_page_still_served(
    store, published, settings
):
    """A full disk, or Redis away, costs the reading, not the page."""
    assert read(published.pk).status_code == 200  # the page is now in the portal's cache
    mend = _break_the_store(settings, store)
    try:
        request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
        assert readings.count_reading(request, published.pk) is False
        response = read(published.pk)
        assert response.status_code == 200
        assert "Cô giáo dạy giỏi ở Càng Long" in response.content.decode()
    finally:
        mend()
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


def test_the_flush_moves_what_it_read_and_keeps_what_came_later(store, published):
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
    assert StoryReadings.objects.count() == 1  # the reading of no story was dropped
    assert waiting_batches(store) == 0


def test_a_flush_moves_every_day_and_nothing_when_it_fails(
    store, published, make_story, monkeypatch
):
    other = make_story(headline="Anh công nhân sáng kiến")
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    StoryReadings.objects.create(story=published, day=yesterday, count=4)
    for _ in range(3):
        store.append(published.pk, yesterday)
    for _ in range(5):
        store.append(other.pk, today)

    # A flush that fails keeps the batch it had not committed waiting, counted once later.
    monkeypatch.setattr(readings, "_ADD", "INSERT INTO no_such_table VALUES ()")
    with pytest.raises(DatabaseError), transaction.atomic():
        readings.flush()
    assert readings.pending(published.pk) == 3 and readings.pending(other.pk) == 5
    assert not FlushedReadingLog.objects.exists()
    monkeypatch.undo()

    assert readings.flush() == 8
    daily = set(StoryReadings.objects.values_list("story_id", "day", "count"))
    assert daily == {(published.pk, yesterday, 7), (other.pk, today, 5)}
    assert readings.summary(published)["total"] == 7


def test_a_batch_of_many_stories_and_days_is_added_in_several_statements(
    store, published, make_story, monkeypatch
):
    """A worker down for days leaves one batch with a pair for every story read each day;
    it is added in statements of a bounded number of rows (SQLite takes 32,766 parameters),
    each row once."""
    other = make_story(headline="Anh công nhân sáng kiến")
    today = timezone.localdate()
    days = [today - datetime.timedelta(days=n) for n in range(3)]
    for day in days:
        store.append(published.pk, day)
        store.append(other.pk, day)
        store.append(other.pk, day)
    monkeypatch.setattr(readings, "_ROWS_PER_STATEMENT", 4)  # 6 rows: two statements
    with CaptureQueriesContext(connection) as queries:
        assert readings.flush() == 9
    upserts = [q for q in queries.captured_queries if "ON CONFLICT" in q["sql"]]
    assert len(upserts) == 2
    daily = set(StoryReadings.objects.values_list("story_id", "day", "count"))
    assert daily == {(published.pk, day, 1) for day in days} | {(other.pk, day, 2) for day in days}


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


def test_a_flush_stopped_after_its_commit_never_counts_its_batch_twice(
    store, published, monkeypatch
):
    """A flush that stops between the commit of the counts and the batch's deletion leaves
    the batch's name recorded; the next flush deletes the batch without counting it again."""
    today = timezone.localdate()
    for _ in range(4):
        store.append(published.pk, today)

    def stopped(batch):
        raise OSError("the flush stopped here")

    monkeypatch.setattr(store, "remove", stopped)
    with pytest.raises(OSError):
        readings.flush()
    assert StoryReadings.objects.get(story=published, day=today).count == 4
    assert FlushedReadingLog.objects.count() == 1 and len(store.claimed()) == 1
    monkeypatch.undo()

    store.append(published.pk, today)  # read meanwhile: a new batch
    assert readings.flush() == 1
    assert StoryReadings.objects.get(story=published, day=today).count == 5
    assert not store.claimed() and readings.pending(published.pk) == 0


def test_a_flush_that_read_a_batch_another_one_counted_adds_nothing(published, settings, redis_url):
    """Two flushes read the same Redis batch (the second before the first deleted it): the
    unique name recorded with the counts lets one of them add it. (A file's flushes never
    both read it: the second waits for the first's lock, then finds it gone.)"""
    settings.READINGS_REDIS_URL = redis_url
    store = reading_redis
    today = timezone.localdate()
    for _ in range(3):
        store.append(published.pk, today)
    store.claim()
    (batch,) = store.claimed()
    with store.opened(batch) as first, store.opened(batch) as second:
        assert readings._add_once(store.label(batch), first) == 3
        store.remove(batch)
        assert readings._add_once(store.label(batch), second) == 0
    assert StoryReadings.objects.get(story=published, day=today).count == 3
    assert readings.flush() == 0


def test_the_names_of_counted_batches_are_kept_a_day(store, published):
    old = FlushedReadingLog.objects.create(name="batch:old")
    FlushedReadingLog.objects.filter(pk=old.pk).update(
        flushed_at=timezone.now() - readings.RECORDS_KEPT - datetime.timedelta(minutes=1)
    )
    store.append(published.pk, timezone.localdate())
    assert readings.flush() == 1
    assert not FlushedReadingLog.objects.filter(name="batch:old").exists()
    assert FlushedReadingLog.objects.count() == 1  # this flush's, kept


def test_files_left_from_before_redis_are_still_counted(published, settings, redis_url):
    """A deployment that moves to Redis: the readings already in files are not lost."""
    today = timezone.localdate()
    reading_log.append(published.pk, today)
    settings.READINGS_REDIS_URL = redis_url
    reading_redis.append(published.pk, today)
    assert readings.pending(published.pk) == 2
    assert readings.flush() == 2
    assert StoryReadings.objects.get(story=published, day=today).count == 2


def test_a_damaged_line_in_a_file_of_readings_is_no_reading(published):
    reading_log.append(published.pk, timezone.localdate())
    (path,) = reading_log.folder().glob("*.log")
    with path.open("ab") as file:
        file.write(b"garbage\n12 2026-13-45\n")
    assert readings.pending(published.pk) == 1
    assert readings.flush() == 1


def test_a_damaged_field_in_redis_is_no_reading(published, settings, redis_url):
    settings.READINGS_REDIS_URL = redis_url
    reading_redis.append(published.pk, timezone.localdate())
    reading_redis.client().hset(f"{settings.READINGS_REDIS_PREFIX}active", "garbage", "x")
    assert readings.pending(published.pk) == 1
    assert readings.flush() == 1


def test_the_migration_counts_the_rows_still_waiting_in_the_database(published):
    """Before this version PostgreSQL kept a row per reading (PendingReading): the migration
    that drops the table adds the rows still there to the daily counts."""
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("publishing", "0012_fold_eth"))
    pending = state.apps.get_model("publishing", "PendingReading")
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TABLE {pending._meta.db_table} "
            "(id bigint PRIMARY KEY, story_id bigint NOT NULL, day date NOT NULL)"
        )
    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    StoryReadings.objects.create(story=published, day=yesterday, count=4)
    days = [yesterday] * 3 + [today] * 2
    pending.objects.bulk_create(
        [pending(id=n, story_id=published.pk, day=day) for n, day in enumerate(days, 1)]
        + [pending(id=9, story_id=999_999_999, day=today)]  # no story: dropped
    )
    migration = executor.loader.get_migration("publishing", "0013_readings_out_of_the_database")
    migration.operations[0].code(state.apps, None)
    assert set(StoryReadings.objects.values_list("day", "count")) == {(yesterday, 7), (today, 2)}
