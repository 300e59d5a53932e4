"""Reading counts with several real processes: readers counting in four processes while two
flushes run alongside, and two flushes racing over the same batches of readings, in files
and in Redis. Every reading is in the daily counts exactly once, on SQLite (a file copy of
the test database, which the children share) and on PostgreSQL (the suite's test
database)."""

import pytest
from django.test import RequestFactory
from django.utils import timezone

from dienhinh.publishing import reading_log, reading_redis, readings
from dienhinh.publishing.models import StoryReadings
from tests.forked import CONTEXT, finish
from tests.forked import start as start_child

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 Chrome/131.0 Mobile"


def _read(story_ids, times, start):
    start.wait(timeout=60)
    request = RequestFactory().get("/", HTTP_USER_AGENT=PHONE)
    for number in range(times):
        assert readings.count_reading(request, story_ids[number % len(story_ids)])
    return times


def _flush_until(done, start):
    start.wait(timeout=60)
    moved = 0
    while not done.is_set():
        moved += readings.flush()
    return moved


def _flush_once(start=None):
    if start is not None:
        start.wait(timeout=60)
    return readings.flush()


@pytest.fixture(params=["files", "redis"])
def store(request, settings):
    if request.param == "redis":
        settings.READINGS_REDIS_URL = request.getfixturevalue("redis_url")
        return reading_redis
    return reading_log


def _totals():
    waiting = len(list(reading_log.folder().glob("*.log")))
    if readings.store() is reading_redis:
        waiting += len(list(reading_redis.client().scan_iter()))
    return {
        "daily": dict(StoryReadings.objects.values_list("story_id", "count")),
        "pending": waiting,
    }


def test_readers_in_four_processes_and_two_flushes_alongside_count_each_reading_once(
    store, make_story, shared_database
):
    first, second = make_story(), make_story(headline="Anh công nhân sáng kiến")
    shared_database.copy()
    start, done = CONTEXT.Barrier(6), CONTEXT.Event()
    ids = [first.pk, second.pk, 999_999_999]  # the last is no story: dropped by the flush
    readers = [start_child(shared_database, _read, ids, 150, start) for _ in range(4)]
    flushers = [start_child(shared_database, _flush_until, done, start) for _ in range(2)]
    assert finish(readers) == [150] * 4
    done.set()
    moved = sum(finish(flushers)) + finish([start_child(shared_database, _flush_once)])[0]

    assert moved == 400  # 200 readings of each story, each moved by exactly one flush
    totals = finish([start_child(shared_database, _totals)])[0]
    assert totals == {"daily": {first.pk: 200, second.pk: 200}, "pending": 0}


def _append(story_id, times):
    day = timezone.localdate()
    for _ in range(times):
        readings.store().append(story_id, day)
    return times


def test_two_flushes_racing_over_the_same_batches_split_them(store, make_story, shared_database):
    """Readings of three processes. Files: each flush claims what it renames and waits for
    the other's lock on a file both saw, then finds it gone. Redis: both may read the one
    batch, and the unique name recorded with the counts lets one of them add it."""
    story = make_story()
    shared_database.copy()
    assert (
        finish([start_child(shared_database, _append, story.pk, 4_000) for _ in range(3)])
        == [4_000] * 3
    )
    assert readings.pending(story.pk) == 12_000
    start = CONTEXT.Barrier(2)
    moved = finish([start_child(shared_database, _flush_once, start) for _ in range(2)])

    assert sum(moved) == 12_000
    totals = finish([start_child(shared_database, _totals)])[0]
    assert totals == {"daily": {story.pk: 12_000}, "pending": 0}
