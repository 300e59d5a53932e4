"""A story scheduled for a minute becomes public at that minute because the real worker
(``manage.py db_worker``, a child process) runs the delayed task then: not before, and
without anyone calling the task. The worker gets the database as in tests/faults: the
suite's own on PostgreSQL, a copy of the test's on SQLite (tests.faults.processes)."""

import datetime
import time

import pytest
from django.db import connection
from django.utils import timezone

from dienhinh.publishing.models import Story
from dienhinh.publishing.workflow import transition_story
from tests.faults.processes import WorkerDatabase, start_worker

pytestmark = pytest.mark.django_db(transaction=True)

# The same condition as Story.objects.public(), read where the worker writes.
PUBLIC = (
    "SELECT COUNT(*) FROM publishing_story"
    " WHERE id = %s AND state = 'published' AND live_version_id IS NOT NULL"
)
LEAD = 12  # seconds between scheduling and the minute: enough for the worker to start


def next_minute_with_lead() -> datetime.datetime:
    """The next minute at least LEAD seconds away (a schedule is at a whole minute); waits
    until it is at most LEAD + 3 seconds away, so the test lasts about LEAD seconds more."""
    now = timezone.now()
    minute = now.replace(second=0, microsecond=0) + datetime.timedelta(minutes=1)
    if (minute - now).total_seconds() < LEAD:
        minute += datetime.timedelta(minutes=1)
    wait = (minute - now).total_seconds() - LEAD - 3
    if wait > 0:
        time.sleep(wait)
    return minute


def test_the_worker_publishes_the_story_at_its_minute(world, make_story, tmp_path):
    story = make_story()
    at = next_minute_with_lead()
    transition_story(story, action="schedule", by=world.editor, at=at)
    database = WorkerDatabase(tmp_path)
    database.hand_over()
    worker = start_worker(database.environment(), tmp_path)
    try:
        while timezone.now() < at - datetime.timedelta(seconds=1):
            assert database.rows(PUBLIC, (story.pk,)) == [(0,)], "public before its minute"
            time.sleep(0.2)
        deadline = time.monotonic() + 30  # generous: the machine is shared
        while database.rows(PUBLIC, (story.pk,)) != [(1,)]:
            assert worker.process.poll() is None, worker.output()
            assert time.monotonic() < deadline, "not public 30 s after its minute"
            time.sleep(0.2)
        published_at = timezone.now()
    finally:
        worker.stop()
    assert at <= published_at < at + datetime.timedelta(seconds=30)
    if connection.vendor == "postgresql":  # the suite's database is the worker's
        assert list(Story.objects.public().filter(pk=story.pk)) == [story]
